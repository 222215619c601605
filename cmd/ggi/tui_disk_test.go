package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestTUISecondGGISaysInUse: with one ggi open on a file, a second one
// must say so within a couple of seconds, never hang.
func TestTUISecondGGISaysInUse(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ggi.db")
	s := newTmux(t, 80, 24, []string{"GGI_DB=" + db})
	s.waitFor("No assessments yet")
	cmd := exec.Command(ggiBinary(t))
	cmd.Env = append(os.Environ(), "GGI_DB="+db)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	if err == nil || !strings.Contains(stderr.String(), "is in use by another ggi") || took > 3500*time.Millisecond {
		t.Fatalf("second ggi: %v after %v: %s", err, took, stderr.String())
	}
	s.keys("q")
	s.waitFor("EXITED:0")
}

// TestTUIFullDisk fills the disk under the database while a room answers:
// the screen must say the answer was not saved, go back to it, and lose
// nothing saved before.
func TestTUIFullDisk(t *testing.T) {
	dir := smallDisk(t, "256k")
	db := filepath.Join(dir, "ggi.db")
	bin := ggiBinary(t)
	out, err := exec.Command(bin, "--db", db, "new", "--team", "Platform", "--period", "2026-Q3").Output()
	if err != nil {
		t.Fatalf("ggi new: %v", err)
	}
	id := strings.TrimSpace(string(out))
	s := newTmux(t, 100, 30, []string{"GGI_DB=" + db}, "open", id)
	s.waitFor("GGI-A-17 · checkpoint 1/5")
	s.keys("2")
	s.waitFor("saved GGI-A-17.1: largely")
	fill(t, filepath.Join(dir, "filler"))
	// bbolt first fills the pages it has; answer on until it needs more.
	var scr string
	for range 80 {
		s.keys("2")
		time.Sleep(60 * time.Millisecond)
		if scr = s.screen(); strings.Contains(scr, "no space left on device") {
			break
		}
		if strings.Contains(scr, "this is the relevance question") {
			s.keys("m")
		}
	}
	m := regexp.MustCompile(`✗ not saved (GGI-A-\d+)\.(\d+): `).FindStringSubmatch(scr)
	if m == nil {
		t.Fatalf("the full disk never showed:\n%s", scr)
	}
	// The screen is back on the checkpoint that was not saved.
	if !strings.Contains(scr, m[1]+" · checkpoint "+m[2]+"/") {
		t.Fatalf("not back on %s.%s:\n%s", m[1], m[2], scr)
	}
	s.keys("C-c")
	s.waitFor("EXITED:0")
	if err := os.Remove(filepath.Join(dir, "filler")); err != nil {
		t.Fatal(err)
	}
	js, err := exec.Command(bin, "--db", db, "export", id, "--format", "json").Output()
	if err != nil {
		t.Fatalf("export after the full disk: %v", err)
	}
	if !strings.Contains(string(js), `"id": "GGI-A-17.1",`) || strings.Contains(string(js), `"id": "`+m[1]+"."+m[2]+`"`) {
		t.Fatalf("what survived:\n%s", js)
	}
	if out, err := exec.Command(bin, "--db", db, "doctor").CombinedOutput(); err != nil {
		t.Fatalf("doctor: %v\n%s", err, out)
	}
}

// fill writes to path until the disk is full.
func fill(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	block := make([]byte, 4096)
	for {
		if _, err := f.Write(block); err != nil {
			return
		}
	}
}
