//go:build !linux

package main

import "testing"

func smallDisk(t *testing.T, _ string) string {
	t.Helper()
	t.Skip("a small tmpfs is Linux-only")
	return ""
}
