package store_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/store"
)

func sum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// populated writes a ggi database big enough to span many pages.
func populated(t *testing.T, path string) {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		a := &assessment.Assessment{Team: fmt.Sprint("team ", i), Participants: []string{strings.Repeat("p", 500)}}
		if err := db.Create(a); err != nil {
			t.Fatal(err)
		}
		mustSave(t, db, a.ID, "A", "A.1", assessment.Fully)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// rawBolt writes a bbolt file with fn, as another program (or an older
// ggi) would.
func rawBolt(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func ourMeta(schema string) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		m, err := tx.CreateBucket([]byte("meta"))
		if err != nil {
			return err
		}
		if err := m.Put([]byte("app"), []byte("ggi-tool/ggi assessments")); err != nil {
			return err
		}
		if err := m.Put([]byte("schema"), []byte(schema)); err != nil {
			return err
		}
		if _, err := tx.CreateBucket([]byte("assessments")); err != nil {
			return err
		}
		_, err = tx.CreateBucket([]byte("log"))
		return err
	}
}

func rewrite(t *testing.T, path string, fn func([]byte) []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, fn(b), 0o600); err != nil {
		t.Fatal(err)
	}
}

// pageSize of the files bbolt writes in these tests.
var pageSize = os.Getpagesize()

func TestBadFilesAreRefusedUntouched(t *testing.T) {
	cases := []struct {
		name string
		make func(t *testing.T, path string)
		want error
	}{
		{"empty", func(t *testing.T, path string) {
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}, assessment.ErrNotOurs},
		{"text", func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte("team,score\nplatform,57.3\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, assessment.ErrNotOurs},
		{"random bytes", func(t *testing.T, path string) {
			b := bytes.Repeat([]byte{0x5a, 0xa5, 0x00, 0xff}, 4*pageSize)
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}, assessment.ErrNotOurs},
		{"foreign bbolt", func(t *testing.T, path string) {
			rawBolt(t, path, func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket([]byte("users"))
				if err != nil {
					return err
				}
				return b.Put([]byte("ann"), []byte("{}"))
			})
		}, assessment.ErrNotOurs},
		{"bbolt with another marker", func(t *testing.T, path string) {
			rawBolt(t, path, func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket([]byte("meta"))
				if err != nil {
					return err
				}
				return b.Put([]byte("app"), []byte("someone else"))
			})
		}, assessment.ErrNotOurs},
		{"newer schema", func(t *testing.T, path string) {
			rawBolt(t, path, ourMeta("2"))
		}, assessment.ErrNewer},
		{"garbled schema", func(t *testing.T, path string) {
			rawBolt(t, path, ourMeta("one"))
		}, assessment.ErrCorrupt},
		{"truncated", func(t *testing.T, path string) {
			populated(t, path)
			rewrite(t, path, func(b []byte) []byte { return b[:3*pageSize] })
		}, assessment.ErrCorrupt},
		{"truncated mid-page", func(t *testing.T, path string) {
			populated(t, path)
			rewrite(t, path, func(b []byte) []byte { return b[:len(b)-pageSize/2] })
		}, assessment.ErrCorrupt},
		{"only the first page", func(t *testing.T, path string) {
			populated(t, path)
			rewrite(t, path, func(b []byte) []byte { return b[:pageSize] })
		}, assessment.ErrCorrupt},
		{"both header pages damaged", func(t *testing.T, path string) {
			populated(t, path)
			rewrite(t, path, func(b []byte) []byte {
				for _, off := range []int{0, pageSize} {
					b[off+16+40] ^= 0xff // the page count, under the checksum
				}
				return b
			})
		}, assessment.ErrCorrupt},
		{"data pages overwritten", func(t *testing.T, path string) {
			populated(t, path)
			rewrite(t, path, func(b []byte) []byte {
				for i := 2 * pageSize; i < len(b); i++ {
					b[i] = 0xee
				}
				return b
			})
		}, assessment.ErrCorrupt},
		{"directory", func(t *testing.T, path string) {
			if err := os.Mkdir(path, 0o700); err != nil {
				t.Fatal(err)
			}
		}, assessment.ErrNotOurs},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ggi.db")
			c.make(t, path)
			var before string
			info, _ := os.Stat(path)
			if !info.IsDir() {
				before = sum(t, path)
			}
			for _, ro := range []bool{false, true} {
				start := time.Now()
				db, err := store.Open(path, store.Options{ReadOnly: ro})
				if err == nil {
					_ = db.Close()
					t.Fatalf("read-only %v: opened", ro)
				}
				if !errors.Is(err, c.want) {
					t.Fatalf("read-only %v: %v, want %v", ro, err, c.want)
				}
				if !strings.Contains(err.Error(), path) {
					t.Errorf("error does not name the file: %v", err)
				}
				if d := time.Since(start); d > time.Second {
					t.Errorf("refusing took %v", d)
				}
			}
			if before != "" && sum(t, path) != before {
				t.Fatal("the refused file was changed")
			}
			entries, _ := os.ReadDir(filepath.Dir(path))
			if len(entries) != 1 {
				t.Fatalf("files left next to it: %v", entries)
			}
		})
	}
}

// One damaged header page is what a torn write of the meta page looks
// like; bbolt falls back to the other, and so must we.
func TestOneDamagedHeaderPageStillOpens(t *testing.T) {
	for _, page := range []int{0, 1} {
		t.Run(fmt.Sprint("page ", page), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ggi.db")
			populated(t, path)
			rewrite(t, path, func(b []byte) []byte {
				b[page*pageSize+16+48] ^= 0xff // the transaction ID
				return b
			})
			db, err := store.Open(path, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			all, err := db.List()
			if err != nil {
				t.Fatal(err)
			}
			if len(all) < 19 {
				t.Fatalf("%d assessments survived", len(all))
			}
		})
	}
}

// A record that does not decode is found by doctor and reported by every
// read that meets it, never a crash.
func TestDamagedRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ggi.db")
	populated(t, path)
	var victim string
	db0, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db0.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("assessments"))
		k, _ := b.Cursor().First()
		victim = string(k)
		if err := b.Put(k, []byte(`{"id":`)); err != nil {
			return err
		}
		if err := tx.Bucket([]byte("log")).Bucket(k).Put([]byte("x"), []byte("{}")); err != nil {
			return err
		}
		_, err := tx.Bucket([]byte("log")).CreateBucket([]byte("orphan"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	_ = db0.Close()

	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Get(victim); !errors.Is(err, assessment.ErrCorrupt) {
		t.Fatalf("Get: %v", err)
	}
	if _, err := db.List(); !errors.Is(err, assessment.ErrCorrupt) {
		t.Fatalf("List: %v", err)
	}
	readable, damaged, err := db.ListReadable()
	if err != nil || len(damaged) != 1 || !errors.Is(damaged[0], assessment.ErrCorrupt) || !strings.Contains(damaged[0].Error(), victim) {
		t.Fatalf("ListReadable: %v, damaged %v", err, damaged)
	}
	if len(readable) == 0 || slices.ContainsFunc(readable, func(a *assessment.Assessment) bool { return a.ID == victim }) {
		t.Fatalf("ListReadable returned %d assessments", len(readable))
	}
	err = db.Check()
	if !errors.Is(err, assessment.ErrCorrupt) {
		t.Fatalf("Check: %v", err)
	}
	r := db.Verify(func(assessment.QuestionnaireRef) bool { return false })
	text := strings.Join(r.Problems, "\n")
	for _, want := range []string{victim + `" does not decode`, `"orphan" belongs to no assessment`, "change stored under 78", "questionnaire"} {
		if !strings.Contains(text, want) {
			t.Errorf("problems do not mention %q:\n%s", want, text)
		}
	}
	if len(r.Checked) < 4 {
		t.Errorf("checked: %v", r.Checked)
	}
}

// Whatever page of the file is damaged, ggi reports it and never crashes:
// either Open refuses the file, or doctor's checks find the damage, or the
// page was not in use and everything still reads.
func TestAnyDamagedPage(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	populated(t, good)
	orig, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	pages := len(orig) / pageSize
	refused, found, harmless := 0, 0, 0
	for p := 2; p < pages; p++ {
		path := filepath.Join(dir, fmt.Sprint(p, ".db"))
		b := bytes.Clone(orig)
		for i := p * pageSize; i < (p+1)*pageSize; i++ {
			b[i] = byte(i*7 + p)
		}
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(path, store.Options{ReadOnly: true})
		if err != nil {
			if !errors.Is(err, assessment.ErrCorrupt) && !errors.Is(err, assessment.ErrNotOurs) {
				t.Fatalf("page %d: %v", p, err)
			}
			refused++
			continue
		}
		if r := db.Verify(nil); len(r.Problems) > 0 {
			found++
		} else if _, err := db.List(); err != nil {
			t.Errorf("page %d: doctor found nothing, but List fails: %v", p, err)
		} else {
			harmless++
		}
		_ = db.Close()
	}
	t.Logf("%d pages: %d refused at open, %d found by doctor, %d unused", pages-2, refused, found, harmless)
}

// Listing many assessments decodes them on several cores; a damaged one
// among them is still an error, and the order is still newest first.
func TestListManyWithDamage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ggi.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	const n = 300
	rawInsert := func(bad string) {
		bdb, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer bdb.Close()
		if err := bdb.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte("assessments"))
			for i := range n {
				id := fmt.Sprintf("%08x", i)
				v := fmt.Sprintf(`{"id":%q,"team":"t","created_at":"2026-01-01T00:%02d:%02dZ"}`, id, i/60, i%60)
				if id == bad {
					v = `{"id":`
				}
				if err := b.Put([]byte(id), []byte(v)); err != nil {
					return err
				}
				if _, err := tx.Bucket([]byte("log")).CreateBucketIfNotExists([]byte(id)); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	rawInsert("")
	db, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.List()
	if err != nil || len(all) != n {
		t.Fatalf("%d listed, %v", len(all), err)
	}
	for i, a := range all {
		if want := fmt.Sprintf("%08x", n-1-i); a.ID != want {
			t.Fatalf("position %d: %s, want %s", i, a.ID, want)
		}
	}
	_ = db.Close()
	rawInsert(fmt.Sprintf("%08x", n-7))
	db, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.List(); !errors.Is(err, assessment.ErrCorrupt) {
		t.Fatalf("List with a damaged record: %v", err)
	}
}

// A page number that points back up the tree, or out of the file, would
// send bbolt round in circles or outside its memory map: Open refuses it.
func TestBranchPointingAstray(t *testing.T) {
	base := filepath.Join(t.TempDir(), "base.db")
	populated(t, base)
	orig, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	ne := binary.NativeEndian
	// Follow the newest meta page's root bucket to the assessments
	// bucket's root, a branch page once there are a few assessments.
	meta := 0
	if ne.Uint64(orig[pageSize+16+48:]) > ne.Uint64(orig[16+48:]) {
		meta = pageSize
	}
	root := int(ne.Uint64(orig[meta+16+16:]))
	branch := -1
	page := orig[root*pageSize:]
	for i := range int(ne.Uint16(page[10:])) {
		e := page[16+16*i:]
		pos, ksize := int(ne.Uint32(e[4:])), int(ne.Uint32(e[8:]))
		if string(e[pos:pos+ksize]) == "assessments" {
			child := int(ne.Uint64(e[pos+ksize:]))
			if ne.Uint16(orig[child*pageSize+8:]) == 0x01 {
				branch = child
			}
		}
	}
	if branch < 0 {
		t.Fatal("the test database has no branch page")
	}
	for name, target := range map[string]uint64{"itself": uint64(branch), "beyond the file": 1 << 40, "a meta page": 1} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ggi.db")
			b := bytes.Clone(orig)
			ne.PutUint64(b[branch*pageSize+16+8:], target) // first element's child
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			before := sum(t, path)
			for _, ro := range []bool{true, false} {
				if _, err := store.Open(path, store.Options{ReadOnly: ro}); !errors.Is(err, assessment.ErrCorrupt) {
					t.Fatalf("read-only %v: %v", ro, err)
				}
			}
			if sum(t, path) != before {
				t.Fatal("file changed")
			}
		})
	}
}
