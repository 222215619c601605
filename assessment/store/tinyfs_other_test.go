//go:build !linux

package store_test

import "testing"

// tinyFS needs Linux's tmpfs; elsewhere the full-disk test is skipped.
func tinyFS(t *testing.T, _ string) string {
	t.Helper()
	t.Skip("a small file system to fill is only set up on Linux")
	return ""
}
