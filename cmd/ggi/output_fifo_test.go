//go:build linux || darwin

package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A named pipe given to -o is written to, not replaced by a file, and needs
// no --force: no file is overwritten.
func TestOutputIntoANamedPipe(t *testing.T) {
	c := newCLI(t)
	id := c.newAssessment("Platform")
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo) //nolint:gosec // the test's own pipe
		if err != nil {
			got <- err.Error()
			return
		}
		defer func() { _ = f.Close() }()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	c.ok("export", id, "--format", "markdown", "-o", fifo)
	if s := <-got; !strings.HasPrefix(s, "# GGI scorecard: Platform") {
		t.Fatalf("the pipe read %.80q", s)
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatal("the named pipe was replaced")
	}
}
