package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/atomicfile"
)

var errBucketNotFound = berrors.ErrBucketNotFound

// migrations[v] upgrades a file from schema v to v+1, inside the single
// transaction migrate runs them all in.
func migrations() []func(tx *bolt.Tx) error {
	return []func(tx *bolt.Tx) error{
		migrate0to1,
	}
}

// migrate0to1 upgrades files written before the change log existed
// (schema 0): every assessment gets its log bucket, and an UpdatedAt that
// schema 0 did not always set.
func migrate0to1(tx *bolt.Tx) error {
	logs, err := tx.CreateBucketIfNotExists(bucketLog)
	if err != nil {
		return err
	}
	b, err := tx.CreateBucketIfNotExists(bucketAssessments)
	if err != nil {
		return err
	}
	var fixed []*assessment.Assessment
	err = b.ForEach(func(k, v []byte) error {
		a, err := decodeAssessment(k, v)
		if err != nil {
			return err
		}
		if _, err := logs.CreateBucketIfNotExists(k); err != nil {
			return err
		}
		if a.UpdatedAt.IsZero() {
			a.UpdatedAt = a.CreatedAt
			fixed = append(fixed, a)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Written after the walk: bbolt forbids changing a bucket while
	// iterating over it.
	for _, a := range fixed {
		if err := putAssessment(tx, a); err != nil {
			return err
		}
	}
	return nil
}

// migrate upgrades the file from schema from to the current one: first a
// backup next to the file, then every step in one transaction, so that a
// crash leaves either the old file or the fully upgraded one.
func (d *DB) migrate(from int) error {
	steps := migrations()
	if from < 0 || from >= len(steps) || len(steps) != schemaVersion {
		return fmt.Errorf("%s: no way to upgrade schema %d: %w", d.path, from, assessment.ErrCorrupt)
	}
	backup := fmt.Sprintf("%s.schema%d-%s.bak", d.path, from, d.clock().Format("20060102T150405Z"))
	if err := d.Backup(backup); err != nil {
		return fmt.Errorf("not upgrading %s without a backup: %w", d.path, err)
	}
	err := safeUpdate(d.bolt, func(tx *bolt.Tx) error {
		for v := from; v < schemaVersion; v++ {
			if err := steps[v](tx); err != nil {
				return fmt.Errorf("upgrading schema %d to %d: %w", v, v+1, err)
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte(strconv.Itoa(schemaVersion)))
	})
	if err != nil {
		return fmt.Errorf("%s: %w (the file is unchanged; a backup is at %s)", d.path, err, backup)
	}
	return nil
}

// Backup writes a consistent copy of the database to path, taken inside a
// read transaction so that writers may carry on. path appears complete or
// not at all, and an existing path is never replaced: the error then
// wraps fs.ErrExist.
func (d *DB) Backup(path string) error { return d.backup(path, false) }

// BackupOverwrite is Backup that replaces an existing path atomically.
func (d *DB) BackupOverwrite(path string) error { return d.backup(path, true) }

func (d *DB) backup(path string, overwrite bool) error {
	if same, _ := sameFile(path, d.path); same {
		return fmt.Errorf("%s is the database itself", path)
	}
	return atomicfile.WriteFunc(path, 0o600, overwrite, func(w io.Writer) error {
		_, err := d.WriteTo(w)
		return err
	})
}

// WriteTo streams a consistent copy of the database to w.
func (d *DB) WriteTo(w io.Writer) (n int64, err error) {
	err = safeView(d.bolt, func(tx *bolt.Tx) error {
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

func sameFile(a, b string) (bool, error) {
	ia, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	ib, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(ia, ib), nil
}

// Report is what Verify looked at and what it found wrong.
type Report struct {
	Checked  []string // one line per check that ran, for people
	Problems []string // empty when the database is sound
}

// Check verifies the database (see Verify) and returns an error wrapping
// assessment.ErrCorrupt that lists the problems, or nil.
func (d *DB) Check() error {
	r := d.Verify(nil)
	if len(r.Problems) == 0 {
		return nil
	}
	errs := make([]error, 0, len(r.Problems))
	for _, p := range r.Problems {
		errs = append(errs, errors.New(p))
	}
	return fmt.Errorf("%s: %w: %w", d.path, assessment.ErrCorrupt, errors.Join(errs...))
}

// maxProblems keeps a thoroughly broken file from flooding the terminal.
const maxProblems = 50

// Verify checks bbolt's own structure (every page reachable once, no
// overlap with the freelist) and then ours: the marker and schema, every
// assessment decodes under its own ID, every change log belongs to an
// assessment and its entries decode with strictly increasing sequence
// numbers no higher than the bucket's sequence, and every undo points at
// an earlier change. known, when not nil, also checks that each
// assessment's questionnaire is one this ggi has.
func (d *DB) Verify(known func(assessment.QuestionnaireRef) bool) Report {
	var r Report
	problem := func(format string, args ...any) {
		if len(r.Problems) < maxProblems {
			r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
		}
	}
	err := safeView(d.bolt, func(tx *bolt.Tx) error {
		// bbolt's own check runs in a goroutine of its own, where a
		// damaged page number is a crash rather than an error; so first
		// walk a snapshot of this very transaction ourselves.
		var snap bytes.Buffer
		if _, err := tx.WriteTo(&snap); err != nil {
			return err
		}
		ps := int64(tx.DB().Info().PageSize)
		r.Checked = append(r.Checked, fmt.Sprintf("file structure: %d pages of %d bytes, page tree and freelist", tx.Size()/ps, ps))
		if err := checkPages(bytes.NewReader(snap.Bytes()), parseMeta(snap.Bytes())); err != nil {
			problem("%v", err)
			return nil
		}
		n := 0
		for cerr := range tx.Check() {
			n++
			problem("bbolt: %v", cerr)
		}
		if n > 0 {
			// Walking a damaged tree can crash; bbolt's findings suffice.
			return nil
		}
		verifyRecords(tx, &r, problem, known)
		return nil
	})
	if err != nil {
		problem("%v", err)
	}
	return r
}

func verifyRecords(tx *bolt.Tx, r *Report, problem func(string, ...any), known func(assessment.QuestionnaireRef) bool) {
	meta := tx.Bucket(bucketMeta)
	switch {
	case meta == nil:
		problem("meta bucket missing")
	case string(meta.Get(keyApp)) != appMarker:
		problem("application marker is %q", meta.Get(keyApp))
	case string(meta.Get(keySchema)) != strconv.Itoa(schemaVersion):
		problem("schema version is %q, expected %d", meta.Get(keySchema), schemaVersion)
	}
	r.Checked = append(r.Checked, "application marker and schema version")

	ab, lb := tx.Bucket(bucketAssessments), tx.Bucket(bucketLog)
	if ab == nil || lb == nil {
		problem("assessments or log bucket missing")
		return
	}
	ids := make(map[string]bool)
	unknown := 0
	_ = ab.ForEach(func(k, v []byte) error {
		a, err := decodeAssessment(k, v)
		if err != nil {
			problem("%v", err)
			return nil
		}
		ids[a.ID] = true
		if known != nil && !known(a.Questionnaire) {
			unknown++
			name := a.Questionnaire.String()
			if a.Questionnaire.ID == "" {
				name = "(none recorded)"
			}
			problem("assessment %s uses questionnaire %s, which this ggi does not have (load its file with --questionnaire FILE)", a.ID, name)
		}
		return nil
	})
	r.Checked = append(r.Checked, fmt.Sprintf("assessments: %d decode", len(ids)))
	if known != nil {
		r.Checked = append(r.Checked, fmt.Sprintf("questionnaires: %d of %d assessments use one this ggi has", len(ids)-unknown, len(ids)))
	}

	changes := 0
	_ = lb.ForEach(func(k, v []byte) error {
		id := string(k)
		if v != nil {
			problem("log holds a stray value under %q", id)
			return nil
		}
		if !ids[id] {
			problem("change log %q belongs to no assessment", id)
		}
		changes += verifyLog(lb.Bucket(k), id, problem)
		return nil
	})
	for id := range ids {
		if lb.Bucket([]byte(id)) == nil {
			problem("assessment %s has no change log", id)
		}
	}
	r.Checked = append(r.Checked, fmt.Sprintf("change logs: %d entries, sequence numbers in order, undos point back", changes))
}

func verifyLog(b *bolt.Bucket, id string, problem func(string, ...any)) int {
	var last uint64
	kinds := make(map[uint64]assessment.ChangeKind)
	n := 0
	_ = b.ForEach(func(k, v []byte) error {
		n++
		c, err := decodeChange(id, k, v)
		if err != nil {
			problem("%v", err)
			return nil
		}
		if c.Seq <= last {
			problem("change log %s: sequence %d after %d", id, c.Seq, last)
		}
		last = c.Seq
		switch c.Kind {
		case assessment.ChangeAnswer, assessment.ChangeActivity, assessment.ChangeAssessment:
		case assessment.ChangeUndo:
			if k, ok := kinds[c.Undoes]; !ok || k == assessment.ChangeUndo {
				problem("change log %s: undo %d points at %d, which is not an earlier change", id, c.Seq, c.Undoes)
			}
		default:
			problem("change log %s: change %d has unknown kind %q", id, c.Seq, c.Kind)
		}
		kinds[c.Seq] = c.Kind
		return nil
	})
	if last > b.Sequence() {
		problem("change log %s: entry %d beyond the bucket's sequence %d", id, last, b.Sequence())
	}
	return n
}
