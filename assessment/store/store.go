// Package store keeps assessments in a single bbolt file. It implements
// assessment.Store: every write is one committed, fsynced transaction that
// also appends to the assessment's change log, so that what the interface
// reports as saved survives a crash and can be undone.
//
// A file is only ever written once it has been recognised as ours: Open
// inspects the raw header and the meta bucket read-only before it takes
// the write lock, and refuses empty, foreign, truncated, damaged and newer
// files without touching a byte of them.
package store

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/ggi-tool/ggi/assessment"
)

// Layout of the file. Schema version 1:
//
//	meta/app          appMarker
//	meta/schema       decimal schema version
//	assessments/<id>  JSON of assessment.Assessment, activities included
//	log/<id>/<seq>    JSON of assessment.Change; seq is 8 bytes big-endian
const (
	appMarker     = "ggi-tool/ggi assessments"
	schemaVersion = 1
)

var (
	bucketMeta        = []byte("meta")
	bucketAssessments = []byte("assessments")
	bucketLog         = []byte("log")
	keyApp            = []byte("app")
	keySchema         = []byte("schema")
)

// defaultTimeout bounds the wait for another ggi's lock: long enough to
// ride out a short command, short enough that a user is told at once.
const defaultTimeout = 2 * time.Second

// Options tune Open.
type Options struct {
	// Timeout is how long to wait for a lock held by another process
	// before giving up with assessment.ErrInUse; 0 means 2s.
	Timeout time.Duration
	// ReadOnly opens the file without the write lock; writes then fail.
	// A missing file is an error rather than created.
	ReadOnly bool
	// Now is the clock for timestamps; nil means time.Now.
	Now func() time.Time
}

// DB is an open ggi database. It is safe for concurrent use; bbolt
// serialises writers.
type DB struct {
	bolt     *bolt.DB
	path     string
	readOnly bool
	now      func() time.Time
	cache    *decoded
}

var _ assessment.Store = (*DB)(nil)

// Path is the file the database lives in.
func (d *DB) Path() string { return d.path }

// Close releases the file and its lock.
func (d *DB) Close() error {
	if err := d.bolt.Close(); err != nil {
		return fmt.Errorf("closing %s: %w", d.path, err)
	}
	return nil
}

// clock returns the current time in UTC without the monotonic reading, so
// that what is stored compares equal to what is read back.
func (d *DB) clock() time.Time { return d.now().UTC().Round(0) }

func (o Options) timeout() time.Duration {
	if o.Timeout <= 0 {
		return defaultTimeout
	}
	return o.Timeout
}

// boltOptions are the only options we open bbolt with. NoSync and its
// relatives stay off: an answer the interface reports saved must be on disk.
func boltOptions(readOnly bool, timeout time.Duration) *bolt.Options {
	return &bolt.Options{
		Timeout:        timeout,
		ReadOnly:       readOnly,
		NoSync:         false,
		NoGrowSync:     false,
		NoFreelistSync: false,
	}
}

// openError maps bbolt's errors to the domain's.
func openError(path string, err error) error {
	switch {
	case err == nil:
		return nil
	case isTimeout(err):
		return fmt.Errorf("%s: %w", path, assessment.ErrInUse)
	case isInvalid(err):
		return fmt.Errorf("%s: not a bbolt database: %w", path, assessment.ErrNotOurs)
	case isChecksum(err):
		return fmt.Errorf("%s: header checksum mismatch: %w", path, assessment.ErrCorrupt)
	}
	return fmt.Errorf("opening %s: %w", path, err)
}

func isTimeout(err error) bool  { return errorsIs(err, berrors.ErrTimeout) }
func isInvalid(err error) bool  { return errorsIs(err, berrors.ErrInvalid, berrors.ErrVersionMismatch) }
func isChecksum(err error) bool { return errorsIs(err, berrors.ErrChecksum) }
