package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/store"
)

func ggi(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// seeded makes a database with one assessment and returns its path.
func seeded(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ggi.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := &assessment.Assessment{Team: "Platform", Questionnaire: assessment.QuestionnaireRef{ID: "ggi", Version: "1.3"}}
	if err := db.Create(a); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveAnswer(a.ID, "GGI-A-17", "GGI-A-17.1", assessment.CheckpointAnswer{Answer: assessment.Fully}, ""); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpenStoreCreatesPrivateFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "ggi")
	path := filepath.Join(dir, "ggi.db")
	a := &app{global: globalOptions{db: path}}
	db, err := a.openStore()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", p, got, want)
		}
	}
}

func TestOpenStoreErrorsAreOneClearLine(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(foreign, []byte("shopping list\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	truncated := seeded(t)
	if err := os.Truncate(truncated, int64(2*os.Getpagesize())); err != nil {
		t.Fatal(err)
	}
	newer := filepath.Join(dir, "newer.db")
	bdb, err := bolt.Open(newer, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error {
		m, err := tx.CreateBucket([]byte("meta"))
		if err != nil {
			return err
		}
		if err := m.Put([]byte("app"), []byte("ggi-tool/ggi assessments")); err != nil {
			return err
		}
		return m.Put([]byte("schema"), []byte("99"))
	}); err != nil {
		t.Fatal(err)
	}
	_ = bdb.Close()

	cases := map[string]string{
		foreign:                               foreign + " is not a ggi database (is not a bbolt database)",
		empty:                                 empty + " is not a ggi database (is an empty file)",
		truncated:                             "database " + truncated + " is damaged (is truncated",
		newer:                                 "database " + newer + " was written by a newer ggi",
		filepath.Join(foreign, "sub", "x.db"): "cannot create the database directory",
	}
	for path, want := range cases {
		a := &app{global: globalOptions{db: path}}
		_, err := a.openStore()
		if err == nil {
			t.Fatalf("%s opened", path)
		}
		msg := err.Error()
		if !strings.Contains(msg, want) || strings.Contains(msg, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", path, msg, want)
		}
	}
}

func TestOpenStoreInUse(t *testing.T) {
	t.Parallel()
	path := seeded(t)
	holder, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	code, _, stderr := ggi(t, "--db", path, "doctor")
	want := "ggi: database " + path + " is in use by another ggi (close it and try again)\n"
	if code != exitError || !strings.Contains(stderr, want) {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

func TestBackupCommand(t *testing.T) {
	path := seeded(t)
	out := filepath.Join(t.TempDir(), "copy.db")
	code, stdout, stderr := ggi(t, "--db", path, "backup", out)
	if code != exitOK || !strings.Contains(stdout, "wrote a copy of "+path+" to "+out) {
		t.Fatalf("exit %d, %q %q", code, stdout, stderr)
	}
	first, _ := os.ReadFile(out)
	code, _, stderr = ggi(t, "--db", path, "backup", out)
	if code != exitError || stderr != "ggi: "+out+" exists (use --force to replace it)\n" {
		t.Fatalf("second backup: exit %d, %q", code, stderr)
	}
	if again, _ := os.ReadFile(out); !bytes.Equal(first, again) {
		t.Fatal("refused backup changed the file")
	}
	if code, _, stderr = ggi(t, "backup", out, "--force", "--db", path); code != exitOK {
		t.Fatalf("backup --force: exit %d, %q", code, stderr)
	}
	if code, _, _ = ggi(t, "--db", path, "backup"); code != exitUsage {
		t.Fatalf("backup without FILE: exit %d", code)
	}
	if code, _, stderr = ggi(t, "--db", out, "doctor"); code != exitOK {
		t.Fatalf("doctor on the backup: exit %d, %q", code, stderr)
	}
}

func TestDoctor(t *testing.T) {
	path := seeded(t)
	code, stdout, stderr := ggi(t, "--db", path, "doctor")
	if code != exitOK {
		t.Fatalf("exit %d, %q %q", code, stdout, stderr)
	}
	for _, want := range []string{"checked: file structure", "checked: assessments: 1 decode", "checked: change logs: 1 entries", "checked: questionnaires:", "no problems found"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, stdout)
		}
	}

	// Damage one record behind ggi's back.
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("assessments"))
		k, _ := b.Cursor().First()
		return b.Put(k, []byte("{not json"))
	}); err != nil {
		t.Fatal(err)
	}
	_ = bdb.Close()
	code, stdout, stderr = ggi(t, "--db", path, "doctor")
	if code != exitError || !strings.Contains(stdout, "problem: assessment") || !strings.Contains(stderr, "the database has 2 problems (see above): restore a backup, or export what still reads") {
		t.Fatalf("damaged: exit %d\n%s\n%s", code, stdout, stderr)
	}

	if err := os.Truncate(path, int64(os.Getpagesize())); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = ggi(t, "--db", path, "doctor")
	if code != exitError || !strings.Contains(stdout, "problem: database "+path+" is damaged") {
		t.Fatalf("truncated: exit %d\n%s", code, stdout)
	}
	if code, _, _ = ggi(t, "--db", path, "doctor", "extra"); code != exitUsage {
		t.Fatalf("doctor with an argument: exit %d", code)
	}
}

// Reading commands work on a file of an older schema: it is upgraded
// (after a backup) on the way.
func TestReadOnlyOpenUpgradesOldSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ggi.db")
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error {
		m, err := tx.CreateBucket([]byte("meta"))
		if err != nil {
			return err
		}
		if err := m.Put([]byte("app"), []byte("ggi-tool/ggi assessments")); err != nil {
			return err
		}
		if err := m.Put([]byte("schema"), []byte("0")); err != nil {
			return err
		}
		b, err := tx.CreateBucket([]byte("assessments"))
		if err != nil {
			return err
		}
		return b.Put([]byte("0a0a0a0a"), []byte(`{"id":"0a0a0a0a","team":"Platform","questionnaire":{"id":"ggi","version":"1.3"},"created_at":"2026-01-05T10:00:00Z"}`))
	}); err != nil {
		t.Fatal(err)
	}
	_ = bdb.Close()

	code, stdout, _ := ggi(t, "--db", path, "doctor")
	if code != exitError || !strings.Contains(stdout, "needs upgrading") {
		t.Fatalf("doctor on schema 0: exit %d\n%s", code, stdout)
	}
	a := &app{global: globalOptions{db: path}}
	db, err := a.openStoreReadOnly()
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.List()
	_ = db.Close()
	if err != nil || len(all) != 1 || all[0].Team != "Platform" {
		t.Fatalf("list after upgrade: %v %v", all, err)
	}
	backups, _ := filepath.Glob(path + ".schema0-*.bak")
	if len(backups) != 1 {
		t.Fatalf("backups: %v", backups)
	}
	if code, stdout, _ = ggi(t, "--db", path, "doctor"); code != exitOK {
		t.Fatalf("doctor after upgrade: exit %d\n%s", code, stdout)
	}
}

func TestOpenNeverCreatesADatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none", "ggi.db")
	code, _, errOut := ggi(t, "--db", db, "open", "1234")
	if code != exitError || !strings.Contains(errOut, "does not exist") || strings.Count(errOut, "\n") != 1 {
		t.Fatalf("open on a missing database: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(db); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("open created %s: %v", db, err)
	}
}
