package main

func runBackup(a *app, args []string) error { return errNotBuilt }
func runDoctor(a *app, args []string) error { return errNotBuilt }
