package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/ggi-tool/ggi/assessment/atomicfile"
	"github.com/ggi-tool/ggi/assessment/safe"
)

// writeOutput sends a report to stdout, or to path atomically; an existing
// path is only replaced with --force.
func (a *app) writeOutput(path string, force bool, data []byte) error {
	if path == "" || path == "-" {
		_, err := a.stdout.Write(data)
		return err
	}
	if err := a.notTheDatabase(path); err != nil {
		return err
	}
	return writeFileOutput(path, force, 0o644, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// checkOutputFlag refuses an -o target that cannot be written before a
// command does any work; stdout ("" or "-") is always fine.
func (a *app) checkOutputFlag(path string, force bool) error {
	if path == "" || path == "-" {
		return nil
	}
	if err := a.notTheDatabase(path); err != nil {
		return err
	}
	_, err := checkOutput(path, force)
	return err
}

// notTheDatabase refuses to write over the database: with --force, a
// report would otherwise replace every assessment.
func (a *app) notTheDatabase(path string) error {
	db, err := a.global.dbPath()
	if err != nil {
		return nil //nolint:nilerr // no database to protect
	}
	st, err := os.Stat(path) //nolint:gosec // the file the user named
	if err != nil {
		return nil //nolint:nilerr // a file that does not exist is not the database
	}
	if dst, err := os.Stat(db); err == nil && os.SameFile(st, dst) { //nolint:gosec // the database path
		return fmt.Errorf("%s is the ggi database itself; write to another file", path)
	}
	return nil
}

// writeFileOutput writes a file the user named with -o or as backup FILE.
// A regular file is written atomically and never replaced without force.
// A device or a pipe (/dev/stdout, /dev/null, a FIFO) is written straight
// to: renaming a temporary file over it would replace the device node
// itself, and writing to it overwrites no file. The errors name the path
// and what to do, never the temporary file.
func writeFileOutput(path string, force bool, perm fs.FileMode, fill func(io.Writer) error) error {
	special, err := checkOutput(path, force)
	if err != nil {
		return err
	}
	fill = keepWriteError(fill)
	if special {
		return writeSpecial(path, fill)
	}
	err = atomicfile.WriteFunc(path, perm, force, fill)
	if errors.Is(err, fs.ErrExist) {
		return existsError(path)
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %s", path, writeReason(path, err))
	}
	return nil
}

// checkOutput refuses targets that cannot be written before any work is
// done: a directory, a missing parent directory, an existing file without
// force. special reports a device, pipe or socket to write straight to.
func checkOutput(path string, force bool) (special bool, err error) {
	st, err := os.Stat(path) //nolint:gosec // the file the user named
	if err == nil {
		switch {
		case st.IsDir():
			return false, fmt.Errorf("%s is a directory; give a file name, such as %s", path, filepath.Join(path, "ggi-report"))
		case st.Mode()&(fs.ModeDevice|fs.ModeCharDevice|fs.ModeNamedPipe|fs.ModeSocket) != 0:
			return true, nil
		}
	}
	if _, lerr := os.Lstat(path); lerr == nil { //nolint:gosec // the file the user named
		if !force {
			return false, existsError(path)
		}
		return false, nil
	}
	dir := filepath.Dir(path)
	dst, derr := os.Stat(dir) //nolint:gosec // the directory of the file the user named
	switch {
	case errors.Is(derr, fs.ErrNotExist):
		return false, fmt.Errorf("cannot write %s: directory %s does not exist (create it first)", path, dir)
	case derr == nil && !dst.IsDir():
		return false, fmt.Errorf("cannot write %s: %s is not a directory", path, dir)
	}
	return false, nil
}

func existsError(path string) error {
	return fmt.Errorf("%s exists (use --force to replace it)", path)
}

// writeSpecial writes to an existing device or pipe, reporting a failed
// write or close (/dev/full says the disk is full there).
func writeSpecial(path string, fill func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0) //nolint:gosec // writing to the file the user named is the point
	if err != nil {
		return fmt.Errorf("cannot write %s: %s", path, reason(err))
	}
	if err := fill(f); err != nil {
		_ = f.Close()
		return fmt.Errorf("cannot write %s: %s", path, writeReason(path, err))
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %s", path, reason(err))
	}
	return nil
}

// keepWriteError makes fill return the error of the first failed write as
// it was: some writers (bbolt's copy) keep only its text, so that "no space
// left on device" could no longer be told from any other failure.
func keepWriteError(fill func(io.Writer) error) func(io.Writer) error {
	return func(w io.Writer) error {
		ew := &errWriter{w: w}
		err := fill(ew)
		if ew.err != nil {
			return ew.err
		}
		return err
	}
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	n, err := e.w.Write(p)
	if err != nil && e.err == nil {
		e.err = err
	}
	return n, err
}

// writeReason is why writing path failed, in words a person can act on.
func writeReason(path string, err error) string {
	r := reason(err)
	switch {
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("%s (check that you may write to %s)", r, filepath.Dir(path))
	case errors.Is(err, syscall.ENOSPC):
		return r + " (free some space, or write elsewhere)"
	}
	return r
}

// sanitizeTerminal is applied to every text that contains user- or
// file-supplied strings before it reaches a terminal.
func sanitizeTerminal(s string) string { return safe.Terminal(s) }
