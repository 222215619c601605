// Package memstore is an in-memory assessment.Store for the TUI's tests and
// benchmarks: it behaves like the bbolt store (history, undo, deep copies)
// without touching a disk, and can be told to fail to exercise error lines.
package memstore

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/ggi-tool/ggi/assessment"
)

// Store keeps assessments in memory. It is safe for concurrent use because
// the TUI runs every call in a command goroutine.
type Store struct {
	mu      sync.Mutex
	byID    map[string]*assessment.Assessment
	history map[string][]assessment.Change
	next    int
	now     func() time.Time
	// FailWrites makes every write return this error when set.
	failWrites error
}

// New returns an empty store whose clock is now.
func New(now func() time.Time) *Store {
	return &Store{byID: map[string]*assessment.Assessment{}, history: map[string][]assessment.Change{}, now: now}
}

// FailWrites makes every later write fail with err (nil: succeed again).
func (s *Store) FailWrites(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failWrites = err
}

// Create implements assessment.Store.
func (s *Store) Create(a *assessment.Assessment) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failWrites != nil {
		return s.failWrites
	}
	if a.ID == "" {
		s.next++
		a.ID = fmt.Sprintf("a%07d", s.next)
	}
	if _, dup := s.byID[a.ID]; dup {
		return fmt.Errorf("assessment %s exists", a.ID)
	}
	now := s.now()
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now.Add(time.Duration(s.next) * time.Second)
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = a.CreatedAt
	}
	s.byID[a.ID] = a.Clone()
	return nil
}

// Get implements assessment.Store.
func (s *Store) Get(id string) (*assessment.Assessment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.byID[id]
	if !ok {
		return nil, assessment.ErrNotFound
	}
	return a.Clone(), nil
}

// List implements assessment.Store.
func (s *Store) List() ([]*assessment.Assessment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*assessment.Assessment, 0, len(s.byID))
	for _, a := range s.byID {
		out = append(out, a.Clone())
	}
	slices.SortFunc(out, func(x, y *assessment.Assessment) int { return y.CreatedAt.Compare(x.CreatedAt) })
	return out, nil
}

func (s *Store) write(id string) (*assessment.Assessment, error) {
	if s.failWrites != nil {
		return nil, s.failWrites
	}
	a, ok := s.byID[id]
	if !ok {
		return nil, assessment.ErrNotFound
	}
	a.UpdatedAt = s.now()
	return a, nil
}

func (s *Store) log(id string, c assessment.Change) {
	h := s.history[id]
	c.Seq = uint64(len(h) + 1)
	c.At = s.now()
	s.history[id] = append(h, c)
}

// SaveAnswer implements assessment.Store.
func (s *Store) SaveAnswer(id, activityID, checkpointID string, ans assessment.CheckpointAnswer, who string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.write(id)
	if err != nil {
		return err
	}
	var old *assessment.CheckpointAnswer
	if o := a.AnswerOf(activityID, checkpointID); o != nil {
		c := *o
		old = &c
	}
	ans.UpdatedAt, ans.UpdatedBy, ans.CarriedOver = s.now(), who, false
	a.SetAnswer(activityID, checkpointID, ans)
	nw := ans
	s.log(id, assessment.Change{Who: who, Kind: assessment.ChangeAnswer, ActivityID: activityID, CheckpointID: checkpointID, OldAnswer: old, NewAnswer: &nw})
	return nil
}

// UpdateActivity implements assessment.Store.
func (s *Store) UpdateActivity(id, activityID string, fn func(*assessment.ActivityState) error, who string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.write(id)
	if err != nil {
		return err
	}
	st := a.EnsureActivity(activityID)
	old := st.Clone()
	work := st.Clone()
	if err := fn(work); err != nil {
		return err
	}
	o, n := old.Clone(), work.Clone()
	o.Checkpoints, n.Checkpoints = nil, nil
	if reflect.DeepEqual(o, n) {
		// Like the bbolt store: a change that changes nothing is not
		// worth an undo step.
		return nil
	}
	work.Checkpoints = st.Checkpoints
	a.Activities[activityID] = work
	s.log(id, assessment.Change{Who: who, Kind: assessment.ChangeActivity, ActivityID: activityID, OldActivity: o, NewActivity: n})
	return nil
}

// UpdateAssessment implements assessment.Store.
func (s *Store) UpdateAssessment(id string, fn func(*assessment.Assessment) error, who string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.write(id)
	if err != nil {
		return err
	}
	c := a.Clone()
	if err := fn(c); err != nil {
		return err
	}
	c.ID, c.Questionnaire, c.Activities = a.ID, a.Questionnaire, a.Activities
	s.byID[id] = c
	s.log(id, assessment.Change{Who: who, Kind: assessment.ChangeAssessment})
	return nil
}

// Delete implements assessment.Store.
func (s *Store) Delete(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failWrites != nil {
		return s.failWrites
	}
	if _, ok := s.byID[id]; !ok {
		return assessment.ErrNotFound
	}
	delete(s.byID, id)
	delete(s.history, id)
	return nil
}

// History implements assessment.Store.
func (s *Store) History(id string) ([]assessment.Change, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byID[id]; !ok {
		return nil, assessment.ErrNotFound
	}
	return slices.Clone(s.history[id]), nil
}

// Undo implements assessment.Store for answer and activity changes.
func (s *Store) Undo(id, who string) (assessment.Change, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.write(id)
	if err != nil {
		return assessment.Change{}, err
	}
	h := s.history[id]
	undone := map[uint64]bool{}
	for _, c := range h {
		if c.Kind == assessment.ChangeUndo {
			undone[c.Undoes] = true
		}
	}
	for i := len(h) - 1; i >= 0; i-- {
		c := h[i]
		if c.Kind == assessment.ChangeUndo || undone[c.Seq] {
			continue
		}
		switch c.Kind {
		case assessment.ChangeAnswer:
			var prev assessment.CheckpointAnswer
			if c.OldAnswer != nil {
				prev = *c.OldAnswer
			}
			a.SetAnswer(c.ActivityID, c.CheckpointID, prev)
		case assessment.ChangeActivity:
			st := a.EnsureActivity(c.ActivityID)
			o := c.OldActivity.Clone()
			o.Checkpoints = st.Checkpoints
			a.Activities[c.ActivityID] = o
		default:
			return assessment.Change{}, errors.New("memstore: cannot undo this change")
		}
		s.log(id, assessment.Change{Who: who, Kind: assessment.ChangeUndo, Undoes: c.Seq, ActivityID: c.ActivityID, CheckpointID: c.CheckpointID})
		return c, nil
	}
	return assessment.Change{}, assessment.ErrNoChange
}

// Close implements assessment.Store.
func (s *Store) Close() error { return nil }
