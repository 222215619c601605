package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// These tests drive the real ggi binary in a real terminal (tmux) the way a
// person would: type keys, read the screen.

var buildOnce struct {
	sync.Once
	path string
	err  error
}

// ggiBinary builds the binary once per test run.
func ggiBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ggi-bin-")
		if err != nil {
			buildOnce.err = err
			return
		}
		buildOnce.path = filepath.Join(dir, "ggi")
		out, err := exec.Command("go", "build", "-o", buildOnce.path, ".").CombinedOutput()
		if err != nil {
			buildOnce.err = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if buildOnce.err != nil {
		t.Fatal(buildOnce.err)
	}
	return buildOnce.path
}

// tmuxSession is one detached tmux session running ggi.
type tmuxSession struct {
	t    *testing.T
	name string
	sock string
}

func newTmux(t *testing.T, width, height int, env []string, args ...string) *tmuxSession {
	t.Helper()
	if testing.Short() {
		t.Skip("tmux test skipped in -short mode")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	bin := ggiBinary(t)
	s := &tmuxSession{t: t, name: fmt.Sprintf("ggi%d", time.Now().UnixNano()), sock: filepath.Join(t.TempDir(), "tmux.sock")}
	cmdline := "env " + strings.Join(append(env, bin), " ") + " " + strings.Join(args, " ") + "; echo EXITED:$?; sleep 30"
	s.run("new-session", "-d", "-s", s.name, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), cmdline)
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", s.sock, "kill-server").Run() })
	return s
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", s.sock}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// keys sends tmux key names (e.g. "Enter", "Down", "q") one by one.
func (s *tmuxSession) keys(keys ...string) {
	s.t.Helper()
	for _, k := range keys {
		s.run("send-keys", "-t", s.name, k)
		time.Sleep(30 * time.Millisecond)
	}
}

// typeText sends literal text.
func (s *tmuxSession) typeText(text string) {
	s.t.Helper()
	s.run("send-keys", "-t", s.name, "-l", text)
}

func (s *tmuxSession) screen() string {
	s.t.Helper()
	return s.run("capture-pane", "-p", "-t", s.name)
}

// waitFor polls the screen until it contains want, failing after a while.
func (s *tmuxSession) waitFor(want string) string {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var scr string
	for time.Now().Before(deadline) {
		scr = s.screen()
		if strings.Contains(scr, want) {
			return scr
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("screen never showed %q; last screen:\n%s", want, scr)
	return ""
}
