package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ggi-tool/ggi/assessment"
)

func timeNow() time.Time { return time.Now() }

func errorsIs(err error, targets ...error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

// ErrExists is returned by Create for an ID that is already taken.
var ErrExists = errors.New("assessment already exists")

// idAttempts bounds the search for a free random ID; with 32 random bits a
// collision is rare, several in a row mean something else is wrong.
const idAttempts = 16

// Create stores a new assessment. An empty ID is assigned (8 lowercase hex
// characters); CreatedAt and UpdatedAt are set when zero. a is updated in
// place.
func (d *DB) Create(a *assessment.Assessment) error {
	if a == nil {
		return errors.New("no assessment to create")
	}
	return d.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAssessments)
		if a.ID == "" {
			for i := 0; ; i++ {
				if i == idAttempts {
					return errors.New("cannot find a free assessment ID")
				}
				id, err := randomHex(4)
				if err != nil {
					return err
				}
				if b.Get([]byte(id)) == nil {
					a.ID = id
					break
				}
			}
		} else if b.Get([]byte(a.ID)) != nil {
			return fmt.Errorf("assessment %s: %w", a.ID, ErrExists)
		}
		now := d.clock()
		if a.CreatedAt.IsZero() {
			a.CreatedAt = now
		}
		if a.UpdatedAt.IsZero() {
			a.UpdatedAt = a.CreatedAt
		}
		if _, err := tx.Bucket(bucketLog).CreateBucketIfNotExists([]byte(a.ID)); err != nil {
			return err
		}
		return putAssessment(tx, a)
	})
}

// Get loads one assessment by its exact ID.
func (d *DB) Get(id string) (*assessment.Assessment, error) {
	var a *assessment.Assessment
	err := d.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketAssessments).Get([]byte(id))
		if id == "" || v == nil {
			return notFound(id)
		}
		var err error
		a, err = d.cache.assessment([]byte(id), v)
		return err
	})
	return a, err
}

// List returns every assessment, newest (CreatedAt) first; equal times are
// ordered by ID so that the order is stable.
func (d *DB) List() ([]*assessment.Assessment, error) {
	var out []*assessment.Assessment
	err := d.view(func(tx *bolt.Tx) error {
		var recs [][2][]byte
		err := tx.Bucket(bucketAssessments).ForEach(func(k, v []byte) error {
			recs = append(recs, [2][]byte{k, v})
			return nil
		})
		if err != nil {
			return err
		}
		// The stored bytes stay valid until the transaction ends, so the
		// decoding can be shared out inside it.
		out = make([]*assessment.Assessment, len(recs))
		return d.decodeAll(recs, out)
	})
	if err != nil {
		return nil, err
	}
	sortNewestFirst(out)
	return out, nil
}

func sortNewestFirst(out []*assessment.Assessment) {
	slices.SortFunc(out, func(x, y *assessment.Assessment) int {
		if c := y.CreatedAt.Compare(x.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
}

// ListReadable is List for a damaged file: it returns every assessment
// that still decodes, in List's order, and one error (wrapping
// assessment.ErrCorrupt) for each that does not, so that what still reads
// can be shown and exported. err is for a failure of the whole read.
func (d *DB) ListReadable() (readable []*assessment.Assessment, damaged []error, err error) {
	err = d.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAssessments).ForEach(func(k, v []byte) error {
			a, derr := d.cache.assessment(k, v)
			if derr != nil {
				damaged = append(damaged, derr)
				return nil
			}
			readable = append(readable, a)
			return nil
		})
	})
	if err != nil {
		return nil, nil, err
	}
	sortNewestFirst(readable)
	return readable, damaged, nil
}

// listBatch is how many records make it worth starting another decoder.
const listBatch = 64

// decodeAll decodes recs into out, on several cores when there are many:
// JSON decoding is nearly all the time a cold List takes.
func (d *DB) decodeAll(recs [][2][]byte, out []*assessment.Assessment) error {
	workers := min(runtime.GOMAXPROCS(0), 1+len(recs)/listBatch, 8)
	var next atomic.Int64
	errs := make([]error, workers)
	work := func(w int) {
		// Each decoder guards itself: a panic in a goroutine of its own
		// would end the program.
		errs[w] = guard(func() error {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(recs) {
					return nil
				}
				a, err := d.cache.assessment(recs[i][0], recs[i][1])
				if err != nil {
					next.Store(int64(len(recs)))
					return err
				}
				out[i] = a
			}
		})
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Go(func() { work(w) })
	}
	work(0)
	wg.Wait()
	return errors.Join(errs...)
}

// SaveAnswer records one checkpoint answer and logs the change, in one
// committed transaction. Saving is a confirmation: the answer is no longer
// marked as carried over. UpdatedAt and UpdatedBy are set here.
func (d *DB) SaveAnswer(id, activityID, checkpointID string, ans assessment.CheckpointAnswer, who string) error {
	if !ans.Answer.Valid() {
		return fmt.Errorf("unknown answer %q", ans.Answer)
	}
	if activityID == "" || checkpointID == "" {
		return errors.New("an answer needs an activity and a checkpoint")
	}
	return d.update(func(tx *bolt.Tx) error {
		a, err := getAssessment(tx, id)
		if err != nil {
			return err
		}
		now := d.clock()
		old := cloneAnswer(a.AnswerOf(activityID, checkpointID))
		ans.CarriedOver = false
		ans.UpdatedAt = now
		ans.UpdatedBy = who
		a.SetAnswer(activityID, checkpointID, ans)
		a.UpdatedAt = now
		if err := putAssessment(tx, a); err != nil {
			return err
		}
		return appendChange(tx, id, &assessment.Change{
			At: now, Who: who, Kind: assessment.ChangeAnswer,
			ActivityID: activityID, CheckpointID: checkpointID,
			OldAnswer: old, NewAnswer: cloneAnswer(a.AnswerOf(activityID, checkpointID)),
		})
	})
}

// UpdateActivity changes an activity's state through fn and logs the
// change. fn sees the state without its checkpoint answers; whatever it
// does to them is ignored. An error from fn aborts without writing; a
// change that alters nothing is not logged.
func (d *DB) UpdateActivity(id, activityID string, fn func(*assessment.ActivityState) error, who string) error {
	if activityID == "" {
		return errors.New("no activity given")
	}
	return d.update(func(tx *bolt.Tx) error {
		a, err := getAssessment(tx, id)
		if err != nil {
			return err
		}
		cur := a.Activity(activityID)
		old := withoutAnswers(cur)
		work := old.Clone()
		if err := fn(work); err != nil {
			return err
		}
		if err := validActivity(work); err != nil {
			return err
		}
		work.Checkpoints = nil
		if reflect.DeepEqual(old, work) {
			return nil
		}
		now := d.clock()
		next := work.Clone()
		if cur != nil {
			next.Checkpoints = cur.Checkpoints
		}
		a.EnsureActivity(activityID)
		a.Activities[activityID] = next
		a.UpdatedAt = now
		if err := putAssessment(tx, a); err != nil {
			return err
		}
		return appendChange(tx, id, &assessment.Change{
			At: now, Who: who, Kind: assessment.ChangeActivity, ActivityID: activityID,
			OldActivity: old, NewActivity: work,
		})
	})
}

// UpdateAssessment changes the assessment's own fields through fn and
// logs the change. fn sees the assessment without its activities. It may
// not change the ID, the questionnaire or the creation time; an error from
// fn aborts without writing, and a change that alters nothing is not
// logged.
func (d *DB) UpdateAssessment(id string, fn func(*assessment.Assessment) error, who string) error {
	return d.update(func(tx *bolt.Tx) error {
		a, err := getAssessment(tx, id)
		if err != nil {
			return err
		}
		old := headerOf(a)
		work := old.Clone()
		if err := fn(work); err != nil {
			return err
		}
		if work.ID != old.ID || work.Questionnaire != old.Questionnaire {
			return errors.New("an assessment's ID and questionnaire cannot be changed")
		}
		if !work.CreatedAt.Equal(old.CreatedAt) {
			return errors.New("an assessment's creation time cannot be changed")
		}
		work.Activities = nil
		work.UpdatedAt = old.UpdatedAt
		if reflect.DeepEqual(old, work) {
			return nil
		}
		now := d.clock()
		next := work.Clone()
		next.Activities = a.Activities
		next.UpdatedAt = now
		if err := putAssessment(tx, next); err != nil {
			return err
		}
		return appendChange(tx, id, &assessment.Change{
			At: now, Who: who, Kind: assessment.ChangeAssessment,
			OldAssessment: old, NewAssessment: work,
		})
	})
}

// Delete removes an assessment and its history.
func (d *DB) Delete(id string) error {
	return d.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAssessments)
		if b.Get([]byte(id)) == nil {
			return notFound(id)
		}
		if err := b.Delete([]byte(id)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketLog).DeleteBucket([]byte(id)); err != nil && !errorsIs(err, errBucketNotFound) {
			return err
		}
		tx.OnCommit(func() { d.cache.forget(id) })
		return nil
	})
}

// History returns the assessment's change log, oldest first.
func (d *DB) History(id string) ([]assessment.Change, error) {
	var out []assessment.Change
	err := d.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketAssessments).Get([]byte(id)) == nil {
			return notFound(id)
		}
		lb := tx.Bucket(bucketLog).Bucket([]byte(id))
		if lb == nil {
			return nil
		}
		return lb.ForEach(func(k, v []byte) error {
			c, err := decodeChange(id, k, v)
			if err != nil {
				return err
			}
			out = append(out, *c)
			return nil
		})
	})
	return out, err
}

// Undo reverts the most recent change that is neither an undo nor already
// undone, logs the undo, and returns the change it reverted.
func (d *DB) Undo(id, who string) (assessment.Change, error) {
	var undone assessment.Change
	err := d.update(func(tx *bolt.Tx) error {
		a, err := getAssessment(tx, id)
		if err != nil {
			return err
		}
		target, err := lastUndoable(tx, id)
		if err != nil {
			return err
		}
		now := d.clock()
		u := &assessment.Change{At: now, Who: who, Kind: assessment.ChangeUndo, Undoes: target.Seq,
			ActivityID: target.ActivityID, CheckpointID: target.CheckpointID}
		switch target.Kind {
		case assessment.ChangeAnswer:
			u.OldAnswer = cloneAnswer(a.AnswerOf(target.ActivityID, target.CheckpointID))
			restoreAnswer(a, target.ActivityID, target.CheckpointID, target.OldAnswer)
			u.NewAnswer = cloneAnswer(a.AnswerOf(target.ActivityID, target.CheckpointID))
		case assessment.ChangeActivity:
			cur := a.Activity(target.ActivityID)
			u.OldActivity = withoutAnswers(cur)
			next := withoutAnswers(target.OldActivity)
			if cur != nil {
				next.Checkpoints = cur.Checkpoints
			}
			a.EnsureActivity(target.ActivityID)
			a.Activities[target.ActivityID] = next
			u.NewActivity = withoutAnswers(next)
		case assessment.ChangeAssessment:
			if target.OldAssessment == nil {
				return fmt.Errorf("change %d of %s has no earlier state to restore: %w", target.Seq, id, assessment.ErrCorrupt)
			}
			u.OldAssessment = headerOf(a)
			next := target.OldAssessment.Clone()
			next.ID, next.Questionnaire, next.CreatedAt = a.ID, a.Questionnaire, a.CreatedAt
			next.Activities = a.Activities
			a = next
			u.NewAssessment = headerOf(a)
		default:
			return fmt.Errorf("change %d of %s has unknown kind %q: %w", target.Seq, id, target.Kind, assessment.ErrCorrupt)
		}
		a.UpdatedAt = now
		if err := putAssessment(tx, a); err != nil {
			return err
		}
		undone = *target
		return appendChange(tx, id, u)
	})
	return undone, err
}

// lastUndoable walks the log backwards to the newest change that is not an
// undo and has not been undone.
func lastUndoable(tx *bolt.Tx, id string) (*assessment.Change, error) {
	lb := tx.Bucket(bucketLog).Bucket([]byte(id))
	if lb == nil {
		return nil, assessment.ErrNoChange
	}
	undone := make(map[uint64]bool)
	c := lb.Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		ch, err := decodeChange(id, k, v)
		if err != nil {
			return nil, err
		}
		if ch.Kind == assessment.ChangeUndo {
			undone[ch.Undoes] = true
			continue
		}
		if !undone[ch.Seq] {
			return ch, nil
		}
	}
	return nil, assessment.ErrNoChange
}

func restoreAnswer(a *assessment.Assessment, activityID, checkpointID string, old *assessment.CheckpointAnswer) {
	if old == nil {
		s := a.EnsureActivity(activityID)
		delete(s.Checkpoints, checkpointID)
		return
	}
	a.SetAnswer(activityID, checkpointID, *old)
}

// view and update run a transaction and turn what bbolt does with a
// damaged page (panic, memory fault) into ErrCorrupt.
func (d *DB) view(fn func(*bolt.Tx) error) error { return safeView(d.bolt, fn) }

func (d *DB) update(fn func(*bolt.Tx) error) error {
	if d.readOnly {
		return fmt.Errorf("%s is open read-only", d.path)
	}
	return safeUpdate(d.bolt, fn)
}

func notFound(id string) error { return fmt.Errorf("%q: %w", id, assessment.ErrNotFound) }

func getAssessment(tx *bolt.Tx, id string) (*assessment.Assessment, error) {
	if id == "" {
		return nil, notFound(id)
	}
	v := tx.Bucket(bucketAssessments).Get([]byte(id))
	if v == nil {
		return nil, notFound(id)
	}
	return decodeAssessment([]byte(id), v)
}

func decodeAssessment(k, v []byte) (*assessment.Assessment, error) {
	var a assessment.Assessment
	if err := json.Unmarshal(v, &a); err != nil {
		return nil, fmt.Errorf("assessment %q does not decode: %w: %w", k, err, assessment.ErrCorrupt)
	}
	if a.ID != string(k) {
		return nil, fmt.Errorf("assessment stored under %q says it is %q: %w", k, a.ID, assessment.ErrCorrupt)
	}
	return &a, nil
}

func putAssessment(tx *bolt.Tx, a *assessment.Assessment) error {
	v, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("encoding assessment %s: %w", a.ID, err)
	}
	return tx.Bucket(bucketAssessments).Put([]byte(a.ID), v)
}

func appendChange(tx *bolt.Tx, id string, c *assessment.Change) error {
	lb, err := tx.Bucket(bucketLog).CreateBucketIfNotExists([]byte(id))
	if err != nil {
		return err
	}
	seq, err := lb.NextSequence()
	if err != nil {
		return err
	}
	c.Seq = seq
	v, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("encoding change: %w", err)
	}
	return lb.Put(seqKey(seq), v)
}

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

func decodeChange(id string, k, v []byte) (*assessment.Change, error) {
	var c assessment.Change
	if err := json.Unmarshal(v, &c); err != nil {
		return nil, fmt.Errorf("change %x of %s does not decode: %w: %w", k, id, err, assessment.ErrCorrupt)
	}
	if !bytes.Equal(k, seqKey(c.Seq)) {
		return nil, fmt.Errorf("change stored under %x of %s says it is %d: %w", k, id, c.Seq, assessment.ErrCorrupt)
	}
	return &c, nil
}

func cloneAnswer(c *assessment.CheckpointAnswer) *assessment.CheckpointAnswer {
	if c == nil {
		return nil
	}
	cp := *c
	cp.Votes = slices.Clone(c.Votes)
	return &cp
}

// withoutAnswers copies an activity's state without its answers; nil reads
// as the default state.
func withoutAnswers(s *assessment.ActivityState) *assessment.ActivityState {
	if s == nil {
		return &assessment.ActivityState{}
	}
	c := *s
	c.Checkpoints = nil
	return c.Clone()
}

// headerOf copies an assessment's own fields without its activities.
func headerOf(a *assessment.Assessment) *assessment.Assessment {
	c := *a
	c.Activities = nil
	return c.Clone()
}

func validActivity(s *assessment.ActivityState) error {
	if !s.Relevance.Valid() {
		return fmt.Errorf("unknown relevance %q", s.Relevance)
	}
	if !s.Status.Valid() {
		return fmt.Errorf("unknown status %q", s.Status)
	}
	if s.TargetLevel < 0 || s.TargetLevel > 5 {
		return fmt.Errorf("target level %d is not between 1 and 5", s.TargetLevel)
	}
	return nil
}
