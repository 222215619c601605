// Package atomicfile writes output files so that a reader never sees a
// partial file and an existing file is never replaced by accident.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists is returned when the target exists and overwriting was not
// asked for. errors.Is matches it as fs.ErrExist too.
var ErrExists error = existsError{}

type existsError struct{}

func (existsError) Error() string        { return "file exists" }
func (existsError) Is(target error) bool { return target == fs.ErrExist }

// Write writes data to path through a temporary file in the same directory,
// synced before it takes the final name. Without overwrite an existing path
// is an error and is left alone (the final step is a hard link, which fails
// rather than replaces); with overwrite the rename replaces it atomically.
func Write(path string, data []byte, perm fs.FileMode, overwrite bool) error {
	return WriteFunc(path, perm, overwrite, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteFunc is Write for content that is streamed: fill writes it to the
// temporary file, which gets perm before any byte is written.
func WriteFunc(path string, perm fs.FileMode, overwrite bool, fill func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if !overwrite {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%s: %w (use --force to overwrite)", path, ErrExists)
		}
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	tmpName := tmp.Name()
	defer func() {
		if tmp != nil {
			_ = tmp.Close()
		}
		_ = os.Remove(tmpName) // gone already after a rename; harmless
	}()
	if err := tmp.Chmod(perm); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := fill(tmp); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		tmp = nil
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	tmp = nil
	if overwrite {
		err = os.Rename(tmpName, path)
	} else {
		err = os.Link(tmpName, path)
	}
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s: %w (use --force to overwrite)", path, ErrExists)
		}
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil //nolint:nilerr // the file is written; a directory we cannot open cannot be synced either
	}
	defer func() { _ = d.Close() }()
	_ = d.Sync() // not every file system supports syncing a directory
	return nil
}
