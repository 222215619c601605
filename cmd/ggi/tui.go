package main

import "errors"

// errNotBuilt is returned by commands whose implementation has not landed.
var errNotBuilt = errors.New("this command is not available in this build yet")

// runDefault is what a bare `ggi` does: the interactive home screen.
func (a *app) runDefault() error { return errNotBuilt }

func runOpen(a *app, args []string) error { return errNotBuilt }
