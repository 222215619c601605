package main

import (
	"os"
	"path/filepath"
	"testing"
)

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
