package main

func runRollup(a *app, args []string) error { return errNotBuilt }
