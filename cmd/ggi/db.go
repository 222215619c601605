package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
	"github.com/ggi-tool/ggi/assessment/store"
)

// openStore opens the database for reading and writing, creating it (0600,
// in a 0700 directory) on first use. Its errors are one line that says
// what to do.
func (a *app) openStore() (*store.DB, error) {
	path, err := a.global.dbPath()
	if err != nil {
		return nil, err
	}
	if err := ensureDBDir(path); err != nil {
		return nil, err
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return nil, storeError(path, err)
	}
	return db, nil
}

// requireDatabase fails with the usual "does not exist" advice when the
// database file is missing, for commands that act on an assessment that
// must already be there and so must not create an empty database.
func (a *app) requireDatabase() error {
	path, err := a.global.dbPath()
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return storeError(path, err)
	}
	return nil
}

// openStoreReadOnly opens an existing database without the write lock, for
// commands that only read; several may run at once. A missing database is
// an error, not created. A file of an older schema is upgraded first
// (which needs the write lock once), so that reading commands work on it.
func (a *app) openStoreReadOnly() (*store.DB, error) {
	path, err := a.global.dbPath()
	if err != nil {
		return nil, err
	}
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if errors.Is(err, store.ErrNeedsUpgrade) {
		var rw *store.DB
		if rw, err = store.Open(path, store.Options{}); err == nil {
			if err = rw.Close(); err == nil {
				db, err = store.Open(path, store.Options{ReadOnly: true})
			}
		}
	}
	if err != nil {
		return nil, storeError(path, err)
	}
	return db, nil
}

// ensureDBDir creates the database's directory, private to the user, when
// it is missing. An existing directory is left as the user set it up.
func ensureDBDir(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create the database directory %s: %s (check --db or GGI_DB)", dir, reason(err))
	}
	return nil
}

// openError is a store.Open failure put into words for people. It still
// unwraps to the store's error, so that callers can tell "in use" from
// "damaged" with errors.Is.
type openError struct {
	msg string
	err error
}

func (e *openError) Error() string { return e.msg }
func (e *openError) Unwrap() error { return e.err }

// storeError turns an error from store.Open into one line that names the
// file and says what to do.
func storeError(path string, err error) error {
	return &openError{msg: storeMessage(path, err).Error(), err: err}
}

func storeMessage(path string, err error) error {
	if st, serr := os.Stat(path); serr == nil && st.IsDir() {
		return fmt.Errorf("database path %s is a directory; point --db or GGI_DB at a file, such as %s", path, filepath.Join(path, "ggi.db"))
	}
	switch {
	case errors.Is(err, assessment.ErrInUse):
		return fmt.Errorf("database %s is in use by another ggi (close it and try again)", path)
	case errors.Is(err, store.ErrNeedsUpgrade):
		return fmt.Errorf("database %s needs upgrading by a ggi that can write to it (%s)", path, reason(err))
	case errors.Is(err, assessment.ErrNewer):
		return fmt.Errorf("database %s was written by a newer ggi (upgrade ggi to use it); it was not changed", path)
	case errors.Is(err, assessment.ErrNotOurs):
		return fmt.Errorf("%s is not a ggi database (%s); it was not changed — check --db or GGI_DB", path, detail(path, err))
	case errors.Is(err, assessment.ErrCorrupt):
		return fmt.Errorf("database %s is damaged (%s); it was not changed — restore a backup%s", path, detail(path, err), doctorHint)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("database %s does not exist (run 'ggi new' to start one, or check --db or GGI_DB)", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("cannot open database %s: permission denied (check the file and its directory)", path)
	}
	return fmt.Errorf("cannot open database %s: %s (check --db or GGI_DB)", path, reason(err))
}

// doctorHint ends the message about a damaged database, except in doctor
// itself.
const doctorHint = " or run 'ggi doctor'"

// detail is the specific reason inside a store error, without the path
// and the sentinel that the caller has already put into words.
func detail(path string, err error) string {
	msg := err.Error()
	for _, s := range []error{assessment.ErrNotOurs, assessment.ErrCorrupt} {
		msg = strings.TrimSuffix(msg, ": "+s.Error())
	}
	msg = strings.TrimPrefix(msg, path+": ")
	return strings.TrimPrefix(msg, path+" ")
}

// reason is the innermost description of a file system error, which is
// what a person can act on.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func runBackup(a *app, args []string) error {
	fl := a.flags("backup", "FILE [--force]")
	force := fl.Bool("force", false, "replace FILE if it exists")
	pos, err := fl.parse(args)
	if err != nil {
		return err
	}
	if err := exactArgs("backup", pos, 1, "the FILE to write the copy to"); err != nil {
		return err
	}
	if pos[0] == "-" {
		return usagef("backup writes a database file, not to standard output; give a FILE name")
	}
	db, err := a.openStoreReadOnly()
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	if st, serr := os.Stat(pos[0]); serr == nil { //nolint:gosec // the file the user named
		if dbst, derr := os.Stat(db.Path()); derr == nil && os.SameFile(st, dbst) {
			return fmt.Errorf("%s is the database itself; give another FILE for the copy", pos[0])
		}
	}
	err = writeFileOutput(pos[0], *force, 0o600, func(w io.Writer) error {
		_, err := db.WriteTo(w)
		return err
	})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "wrote a copy of %s to %s\n", safe.Line(db.Path()), safe.Line(pos[0]))
	return err
}

// problemsError ends doctor with exit status 1 after it printed its
// findings. Only a missing questionnaire is fixed without touching the
// file; anything else calls for a backup.
func problemsError(problems []string) error {
	advice := "restore a backup, or export what still reads"
	if !slices.ContainsFunc(problems, func(p string) bool { return !strings.Contains(p, "--questionnaire FILE") }) {
		advice = "load the questionnaires named there with --questionnaire FILE"
	}
	return fmt.Errorf("the database has %d problem%s (see above): %s", len(problems), plural(len(problems)), advice)
}

func runDoctor(a *app, args []string) error {
	fl := a.flags("doctor", "")
	pos, err := fl.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("doctor takes no arguments")
	}
	path, err := a.global.dbPath()
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "database: %s\n", sanitizeTerminal(path))
	// Straight to the store rather than openStoreReadOnly: doctor looks,
	// it never upgrades.
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		err = storeError(path, err)
	}
	if errors.Is(err, assessment.ErrInUse) || errors.Is(err, fs.ErrNotExist) {
		// Nothing wrong with the file that doctor could tell.
		return err
	}
	if err != nil {
		// The file does not open: that is the one problem, and its
		// message says what to do.
		msg := strings.Replace(err.Error(), doctorHint, "", 1)
		fmt.Fprintf(a.stdout, "problem: %s\n", sanitizeTerminal(msg))
		return &openError{msg: msg, err: err}
	}
	defer func() { _ = db.Close() }()
	fmt.Fprintln(a.stdout, "ok: header, application marker and schema version")
	var known func(assessment.QuestionnaireRef) bool
	if reg, rerr := a.registry(); rerr == nil {
		known = func(q assessment.QuestionnaireRef) bool {
			_, ok := reg.Get(q.ID, q.Version)
			return ok
		}
	}
	r := db.Verify(known)
	for _, c := range r.Checked {
		fmt.Fprintf(a.stdout, "checked: %s\n", sanitizeTerminal(c))
	}
	for _, p := range r.Problems {
		fmt.Fprintf(a.stdout, "problem: %s\n", sanitizeTerminal(p))
	}
	if len(r.Problems) > 0 {
		return problemsError(r.Problems)
	}
	_, err = fmt.Fprintln(a.stdout, "no problems found")
	return err
}
