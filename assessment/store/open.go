package store

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ggi-tool/ggi/assessment"
)

// ErrNeedsUpgrade is returned by a read-only Open of a file with an older
// schema: upgrading writes, so open it once for writing first.
var ErrNeedsUpgrade = errors.New("database needs upgrading before it can be read")

// Open opens the ggi database at path, creating it (0600) when it does not
// exist and opts.ReadOnly is false. The parent directory must exist.
//
// An existing file is first inspected without the write lock and without
// letting bbolt near it: a file that is empty, not bbolt, bbolt but not
// ours, truncated, damaged or of a newer schema is refused with an error
// wrapping assessment.ErrNotOurs, ErrCorrupt or ErrNewer and is left
// exactly as it was. A file locked by another process gives
// assessment.ErrInUse after opts.Timeout. An older schema is migrated in
// one transaction after a backup has been written next to the file.
func Open(path string, opts Options) (*DB, error) {
	now := opts.Now
	if now == nil {
		now = timeNow
	}
	d := &DB{path: path, readOnly: opts.ReadOnly, now: now, cache: newDecoded()}
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) && !opts.ReadOnly {
		if err := create(path, opts.timeout()); err != nil {
			return nil, err
		}
	}
	if err := inspectHeader(path, false); err != nil {
		return nil, err
	}

	// Look at our own meta bucket read-only first: a read-write open may
	// write to the file, and it must not before we know the file is ours.
	ro, err := bolt.Open(path, 0o600, boltOptions(true, opts.timeout()))
	if err != nil {
		return nil, openError(path, err)
	}
	// Now that no other ggi can be writing, the header once more (it may
	// have moved on while we waited) and the whole page tree.
	if err := inspectHeader(path, true); err != nil {
		_ = ro.Close()
		return nil, err
	}
	version, err := readSchema(ro, path)
	if err != nil {
		_ = ro.Close()
		return nil, err
	}
	if opts.ReadOnly {
		if version < schemaVersion {
			_ = ro.Close()
			return nil, fmt.Errorf("%s uses schema %d, this ggi reads %d: %w", path, version, schemaVersion, ErrNeedsUpgrade)
		}
		d.bolt = ro
		return d, nil
	}
	if err := ro.Close(); err != nil {
		return nil, fmt.Errorf("closing %s: %w", path, err)
	}

	rw, err := bolt.Open(path, 0o600, boltOptions(false, opts.timeout()))
	if err != nil {
		return nil, openError(path, err)
	}
	d.bolt = rw
	// Another ggi may have migrated the file between the two opens.
	version, err = readSchema(rw, path)
	if err == nil && version < schemaVersion {
		err = d.migrate(version)
	}
	if err != nil {
		_ = rw.Close()
		return nil, err
	}
	return d, nil
}

// create makes a new, initialised database at path. It builds the file
// under a temporary name and links it into place, so that path never
// exists half-made: a crash leaves either nothing or a complete ggi file
// (and perhaps a stray temporary, which is harmless).
func create(path string, timeout time.Duration) error {
	dir := filepath.Dir(path)
	suffix, err := randomHex(4)
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, "."+filepath.Base(path)+".new-"+suffix)
	defer func() { _ = os.Remove(tmp) }()
	db, err := bolt.Open(tmp, 0o600, boltOptions(false, timeout))
	if err != nil {
		return fmt.Errorf("cannot create database %s: %w", path, err)
	}
	err = db.Update(initBuckets)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot create database %s: %w", path, err)
	}
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			// Another ggi created it first; open theirs.
			return nil
		}
		// Some file systems have no hard links. Rename would replace a
		// file created since our check, so look once more first.
		if _, serr := os.Lstat(path); serr == nil {
			return nil
		}
		if rerr := os.Rename(tmp, path); rerr != nil {
			return fmt.Errorf("cannot create database %s: %w", path, err)
		}
	}
	return syncDir(dir)
}

// initBuckets lays out an empty database of the current schema.
func initBuckets(tx *bolt.Tx) error {
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return err
	}
	if err := meta.Put(keyApp, []byte(appMarker)); err != nil {
		return err
	}
	if err := meta.Put(keySchema, []byte(strconv.Itoa(schemaVersion))); err != nil {
		return err
	}
	if _, err := tx.CreateBucketIfNotExists(bucketAssessments); err != nil {
		return err
	}
	_, err = tx.CreateBucketIfNotExists(bucketLog)
	return err
}

// readSchema checks the application marker and returns the schema version.
func readSchema(db *bolt.DB, path string) (version int, err error) {
	err = safeView(db, func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			return fmt.Errorf("%s is a bbolt database but has no ggi marker (another program's file?): %w", path, assessment.ErrNotOurs)
		}
		if string(meta.Get(keyApp)) != appMarker {
			return fmt.Errorf("%s is a bbolt database of another program: %w", path, assessment.ErrNotOurs)
		}
		raw := meta.Get(keySchema)
		v, perr := strconv.Atoi(string(raw))
		if perr != nil || v < 0 {
			return fmt.Errorf("%s: unreadable schema version %q: %w", path, raw, assessment.ErrCorrupt)
		}
		if v > schemaVersion {
			return fmt.Errorf("%s has schema %d, this ggi knows up to %d: %w", path, v, schemaVersion, assessment.ErrNewer)
		}
		version = v
		return nil
	})
	if err != nil && !strings.Contains(err.Error(), path) {
		err = fmt.Errorf("reading %s: %w", path, err)
	}
	return version, err
}

// safeView runs fn in a read transaction and turns a panic or a memory
// fault, which is how bbolt reacts to a damaged page, into ErrCorrupt.
func safeView(db *bolt.DB, fn func(*bolt.Tx) error) error {
	return guard(func() error { return db.View(fn) })
}

// safeUpdate is safeView for write transactions; bbolt rolls the
// transaction back when fn panics.
func safeUpdate(db *bolt.DB, fn func(*bolt.Tx) error) error {
	return guard(func() error { return db.Update(fn) })
}

func guard(fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		if r := recover(); r != nil {
			err = fmt.Errorf("unreadable page (%v): %w", r, assessment.ErrCorrupt)
		}
	}()
	return fn()
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("no randomness for an ID: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// syncDir makes a new directory entry durable. Not every file system can
// sync a directory; those that cannot give no stronger promise anyway.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("cannot sync directory %s: %w", dir, err)
	}
	defer func() { _ = f.Close() }()
	if err := f.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
		return fmt.Errorf("cannot sync directory %s: %w", dir, err)
	}
	return nil
}
