package store_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/store"
)

// FuzzOpen feeds damaged files to Open: it must refuse them with one of
// the store's errors and leave them alone, or open them and read them
// without crashing.
func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	good := filepath.Join(dir, "good.db")
	db, err := store.Open(good, store.Options{})
	if err != nil {
		f.Fatal(err)
	}
	a := &assessment.Assessment{Team: "Platform"}
	if err := db.Create(a); err != nil {
		f.Fatal(err)
	}
	if err := db.SaveAnswer(a.ID, "A", "A.1", assessment.CheckpointAnswer{Answer: assessment.Fully}, ""); err != nil {
		f.Fatal(err)
	}
	_ = db.Close()
	seed, err := os.ReadFile(good)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed, 0, byte(0))
	f.Add(seed, 16+40, byte(1))
	f.Add(seed, 2*pageSize+20, byte(0xff))
	f.Add(seed, len(seed)-1, byte(7))
	f.Add(seed[:pageSize], 0, byte(0))
	f.Add([]byte("not a database"), 0, byte(0))
	f.Fuzz(func(t *testing.T, data []byte, at int, xor byte) {
		if len(data) > 1<<20 {
			return
		}
		data = bytes.Clone(data)
		if at >= 0 && at < len(data) {
			data[at] ^= xor
		}
		path := filepath.Join(t.TempDir(), "ggi.db")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, ro := range []bool{true, false} {
			db, err := store.Open(path, store.Options{ReadOnly: ro})
			if err != nil {
				if !errors.Is(err, assessment.ErrCorrupt) && !errors.Is(err, assessment.ErrNotOurs) && !errors.Is(err, assessment.ErrNewer) &&
					!errors.Is(err, store.ErrNeedsUpgrade) {
					t.Fatalf("read-only %v: unexpected error %v", ro, err)
				}
				if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
					t.Fatalf("read-only %v: refused file changed", ro)
				}
				continue
			}
			_, _ = db.List()
			_ = db.Verify(nil)
			_ = db.Close()
		}
	})
}
