package main

import (
	"github.com/ggi-tool/ggi/assessment/atomicfile"
	"github.com/ggi-tool/ggi/assessment/safe"
)

// writeOutput sends a report to stdout, or to path atomically; an existing
// path is only replaced with --force.
func (a *app) writeOutput(path string, force bool, data []byte) error {
	if path == "" || path == "-" {
		_, err := a.stdout.Write(data)
		return err
	}
	return atomicfile.Write(path, data, 0o644, force)
}

// sanitizeTerminal is applied to every text that contains user- or
// file-supplied strings before it reaches a terminal.
func sanitizeTerminal(s string) string { return safe.Terminal(s) }
