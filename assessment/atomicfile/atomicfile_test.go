package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteNewAndRefuseOverwrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.md")
	if err := Write(p, []byte("one"), 0o644, false); err != nil {
		t.Fatal(err)
	}
	err := Write(p, []byte("two"), 0o644, false)
	if !errors.Is(err, ErrExists) || !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second write without overwrite: %v, want ErrExists (fs.ErrExist)", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "one" {
		t.Fatalf("existing file changed to %q", b)
	}
	if err := Write(p, []byte("three"), 0o644, true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "three" {
		t.Fatalf("overwrite gave %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o644 {
		t.Fatalf("mode %v", fi.Mode())
	}
}

func TestWriteIntoMissingDirectoryFails(t *testing.T) {
	err := Write(filepath.Join(t.TempDir(), "no", "such", "x"), []byte("x"), 0o644, false)
	if err == nil {
		t.Fatal("write into a missing directory succeeded")
	}
}

func TestWriteRefusesDanglingSymlinkTarget(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "elsewhere"), p); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	if err := Write(p, []byte("x"), 0o644, false); !errors.Is(err, ErrExists) {
		t.Fatalf("write over a symlink: %v", err)
	}
}
