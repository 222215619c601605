package store_test

import (
	"syscall"
	"testing"
)

// tinyFS mounts a small tmpfs, where the test runs as root in a
// container that allows it; elsewhere the test is skipped.
func tinyFS(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size+",mode=0700"); err != nil {
		t.Skipf("cannot mount a small tmpfs to fill (%v); the full-disk path is covered by the /dev/full test", err)
	}
	t.Cleanup(func() { _ = syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}
