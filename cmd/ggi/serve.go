package main

func runServe(a *app, args []string) error { return errNotBuilt }
