package main

func runNew(a *app, args []string) error     { return errNotBuilt }
func runList(a *app, args []string) error    { return errNotBuilt }
func runShow(a *app, args []string) error    { return errNotBuilt }
func runExport(a *app, args []string) error  { return errNotBuilt }
func runImport(a *app, args []string) error  { return errNotBuilt }
func runCompare(a *app, args []string) error { return errNotBuilt }
