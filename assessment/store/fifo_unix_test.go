//go:build linux || darwin

package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/store"
)

// A named pipe given as the database is refused at once: opening it to
// read the header would wait for a writer forever.
func TestNamedPipeIsRefusedWithoutWaiting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ggi.db")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	for _, ro := range []bool{true, false} {
		done := make(chan error, 1)
		go func() {
			db, err := store.Open(path, store.Options{ReadOnly: ro})
			if err == nil {
				_ = db.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, assessment.ErrNotOurs) {
				t.Errorf("read-only %v: %v, want a not-ours error", ro, err)
			}
		case <-time.After(5 * time.Second):
			// Unblock the open so the test can end.
			if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
				_ = f.Close()
			}
			t.Fatalf("read-only %v: Open is still waiting on the pipe", ro)
		}
	}
	if st, err := os.Lstat(path); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatal("the pipe was replaced")
	}
}
