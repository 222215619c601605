package store_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/store"
)

// txid is the newest transaction ID in a bbolt file's header, read raw so
// that a test can count the transactions an operation committed.
func txid(t *testing.T, path string) uint64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ne := binary.NativeEndian
	return max(ne.Uint64(b[16+48:]), ne.Uint64(b[pageSize+16+48:]))
}

// schema0 writes a file as a ggi before the change log existed did:
// assessments only, no log bucket, UpdatedAt not always set.
func schema0(t *testing.T, path string, records map[string]string) {
	t.Helper()
	rawBolt(t, path, func(tx *bolt.Tx) error {
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
		for k, v := range records {
			if err := b.Put([]byte(k), []byte(v)); err != nil {
				return err
			}
		}
		return nil
	})
}

func schemaOf(t *testing.T, path string) string {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	_ = db.View(func(tx *bolt.Tx) error {
		v = string(tx.Bucket([]byte("meta")).Get([]byte("schema")))
		return nil
	})
	return v
}

func TestMigrateSchema0(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ggi.db")
	schema0(t, path, map[string]string{
		"0a0a0a0a": `{"id":"0a0a0a0a","team":"Platform","questionnaire":{"id":"ggi","version":"1.3"},"created_at":"2026-01-05T10:00:00Z","activities":{"A":{"checkpoints":{"A.1":{"answer":"largely"}}}}}`,
		"0b0b0b0b": `{"id":"0b0b0b0b","team":"Web","questionnaire":{"id":"ggi","version":"1.3"},"created_at":"2026-02-05T10:00:00Z","updated_at":"2026-03-01T10:00:00Z"}`,
	})
	before := txid(t, path)
	now := func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) }
	db, err := store.Open(path, store.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if after := txid(t, path); after != before+1 {
		t.Fatalf("migration took %d transactions, want 1", after-before)
	}
	_ = db.Close()
	if v := schemaOf(t, path); v != "1" {
		t.Fatalf("schema %q after migration", v)
	}
	db, err = store.Open(path, store.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	backup := path + ".schema0-20261125T100000Z.bak"
	if v := schemaOf(t, backup); v != "0" {
		t.Fatalf("backup has schema %q", v)
	}
	if info, err := os.Stat(backup); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("backup: %v %v", info, err)
	}
	a, err := db.Get("0a0a0a0a")
	if err != nil {
		t.Fatal(err)
	}
	if !a.UpdatedAt.Equal(a.CreatedAt) || a.AnswerOf("A", "A.1").Answer != assessment.Largely {
		t.Fatalf("migrated record %+v", a)
	}
	b, _ := db.Get("0b0b0b0b")
	if b.UpdatedAt.Month() != time.March {
		t.Fatal("an UpdatedAt that was set was overwritten")
	}
	mustSave(t, db, a.ID, "A", "A.1", assessment.Fully)
	if h, err := db.History(a.ID); err != nil || len(h) != 1 {
		t.Fatalf("history after migration: %v %v", h, err)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}

// A migration that fails part-way leaves the file exactly as it was.
func TestFailedMigrationChangesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ggi.db")
	schema0(t, path, map[string]string{
		"0a0a0a0a": `{"id":"0a0a0a0a","team":"Platform","created_at":"2026-01-05T10:00:00Z"}`,
		"0b0b0b0b": `{"id":"0b0b0b0b","team":`,
	})
	before := sum(t, path)
	_, err := store.Open(path, store.Options{})
	if !errors.Is(err, assessment.ErrCorrupt) || !strings.Contains(err.Error(), "backup") {
		t.Fatalf("open: %v", err)
	}
	if sum(t, path) != before {
		t.Fatal("a failed migration changed the file")
	}
	// Reading an old file without upgrading it is refused, not guessed at.
	if _, err := store.Open(path, store.Options{ReadOnly: true}); !errors.Is(err, store.ErrNeedsUpgrade) || !strings.Contains(err.Error(), "schema 0") {
		t.Fatalf("read-only open of schema 0: %v", err)
	}
}

func TestBackup(t *testing.T) {
	db, path := openTemp(t)
	a := newAssessment(t, db, "Platform")
	mustSave(t, db, a.ID, "A", "A.1", assessment.Partly)
	dir := t.TempDir()
	out := filepath.Join(dir, "copy.db")
	if err := db.Backup(out); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(out); info.Mode().Perm() != 0o600 {
		t.Fatalf("backup mode %o", info.Mode().Perm())
	}
	mustSave(t, db, a.ID, "A", "A.1", assessment.Fully)

	// Never replaced without asking.
	copySum := sum(t, out)
	if err := db.Backup(out); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("backup over an existing file: %v", err)
	}
	if sum(t, out) != copySum {
		t.Fatal("existing file changed")
	}
	if err := db.Backup(path); err == nil {
		t.Fatal("backed up over the database itself")
	}
	if err := db.Backup(filepath.Join(dir, "no", "such", "dir.db")); err == nil {
		t.Fatal("backup into a missing directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("left behind: %v", entries)
	}

	cp, err := store.Open(out, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := answerOf(t, cp, a.ID, "A", "A.1"); got != assessment.Partly {
		t.Fatalf("backup holds %q", got)
	}
	_ = cp.Close()

	if err := db.BackupOverwrite(out); err != nil {
		t.Fatal(err)
	}
	cp, err = store.Open(out, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if got := answerOf(t, cp, a.ID, "A", "A.1"); got != assessment.Fully {
		t.Fatalf("replaced backup holds %q", got)
	}
}

// A backup taken while answers are being saved is a consistent database.
func TestBackupWhileWriting(t *testing.T) {
	db, _ := openTemp(t)
	a := newAssessment(t, db, "Platform")
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := db.SaveAnswer(a.ID, "A", fmt.Sprint("A.", i), answer(assessment.Largely), ""); err != nil {
				t.Error(err)
				return
			}
		}
	})
	dir := t.TempDir()
	for i := range 5 {
		out := filepath.Join(dir, fmt.Sprint(i, ".db"))
		if err := db.Backup(out); err != nil {
			t.Fatal(err)
		}
		cp, err := store.Open(out, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := cp.Check(); err != nil {
			t.Fatal(err)
		}
		_ = cp.Close()
	}
	close(stop)
	wg.Wait()
}

func TestBackupToFullDevice(t *testing.T) {
	db, _ := openTemp(t)
	newAssessment(t, db, "Platform")
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	// bbolt words the error itself and does not wrap the errno.
	if _, err := db.WriteTo(full); err == nil || !strings.Contains(err.Error(), syscall.ENOSPC.Error()) {
		t.Fatalf("writing to a full device: %v, want ENOSPC", err)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}

// Running out of space fails the save that did not fit and loses nothing
// that was saved before.
func TestDiskFull(t *testing.T) {
	dir := tinyFS(t, "160k")
	path := filepath.Join(dir, "ggi.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := newAssessment(t, db, "Platform")
	note := strings.Repeat("evidence ", 60)
	saved := 0
	var saveErr error
	for i := range 5000 {
		saveErr = db.SaveAnswer(a.ID, "A", fmt.Sprint("A.", i), assessment.CheckpointAnswer{Answer: assessment.Partly, Note: note}, "")
		if saveErr != nil {
			break
		}
		saved++
	}
	if saveErr == nil {
		t.Fatal("never ran out of space")
	}
	if !errors.Is(saveErr, syscall.ENOSPC) {
		t.Logf("save on a full disk: %v", saveErr)
	}
	_ = db.Close()
	db, err = store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("reopening after a full disk: %v", err)
	}
	defer db.Close()
	got, err := db.Get(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(got.Activity("A").Checkpoints); n != saved {
		t.Fatalf("%d answers on disk, %d acknowledged", n, saved)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d answers fitted before: %v", saved, saveErr)
}

func TestCannotCreate(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plain")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The parent "directory" is a file: fails on every system, as root too.
	if _, err := store.Open(filepath.Join(file, "ggi.db"), store.Options{}); !errors.Is(err, syscall.ENOTDIR) {
		t.Fatalf("open under a file: %v", err)
	}
	if b, _ := os.ReadFile(file); string(b) != "x" {
		t.Fatal("the file in the way changed")
	}
	if os.Geteuid() == 0 {
		t.Log("running as root: a read-only directory does not stop root, skipping that part")
		return
	}
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o500); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Open(filepath.Join(ro, "ggi.db"), store.Options{}); !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("open in a read-only directory: %v", err)
	}
	if entries, _ := os.ReadDir(ro); len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
}

// Changes are stored as JSON that names its fields the way the export
// does, so that a person reading a dump can follow it.
func TestHistoryJSONShape(t *testing.T) {
	db, _ := openTemp(t)
	a := newAssessment(t, db, "Platform")
	mustSave(t, db, a.ID, "A", "A.1", assessment.Partly)
	h, _ := db.History(a.ID)
	b, err := json.Marshal(h[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"seq":1`, `"kind":"answer"`, `"checkpoint_id":"A.1"`, `"new_answer":{"answer":"partly"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", b, want)
		}
	}
}
