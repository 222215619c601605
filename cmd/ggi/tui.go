package main

import (
	"errors"
	"fmt"
	"os"
	"os/user"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/term"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/questionnaires"
	"github.com/ggi-tool/ggi/tui"
	"github.com/ggi-tool/ggi/tui/common"
)

// errNotBuilt is returned by commands whose implementation has not landed.
// It lives here because this file once held the TUI stubs; other commands
// still use it.
var errNotBuilt = errors.New("this command is not available in this build yet")

// runDefault is what a bare `ggi` does: the interactive home screen.
func (a *app) runDefault() error { return a.runTUI("") }

// runOpen opens the TUI straight into one assessment, at its first
// unanswered checkpoint. A unique prefix of the ID is enough.
func runOpen(a *app, args []string) error {
	pos, err := a.flags("open", "ID").parse(args)
	if err != nil {
		return err
	}
	if err := exactArgs("open", pos, 1, "an assessment ID (see 'ggi list')"); err != nil {
		return err
	}
	return a.runTUI(pos[0])
}

// runTUI opens the store, resolves openID (when given) and runs the
// full-screen interface, or the line-based one with --accessible.
func (a *app) runTUI(openID string) error {
	in, out, ok := a.terminal()
	if !ok && !a.global.accessible {
		return errors.New("ggi needs a terminal for its interactive screens; use 'ggi list', 'ggi show' or --accessible")
	}
	reg, err := a.registry()
	if err != nil {
		return err
	}
	db, err := a.openStore()
	if err != nil {
		return err
	}
	// Close waits for a write still in flight, so nothing a screen called
	// saved is lost however the program ends.
	defer func() { _ = db.Close() }()
	if openID != "" {
		all, err := db.List()
		if err != nil {
			return fmt.Errorf("cannot list assessments: %w", err)
		}
		found, err := common.Resolve(all, openID)
		if err != nil {
			if errors.Is(err, assessment.ErrNotFound) {
				return fmt.Errorf("no assessment %q (see 'ggi list')", openID)
			}
			return err
		}
		openID = found.ID
	}
	opts := tui.Options{
		Store:          db,
		Questionnaires: reg,
		User:           whoAmI(),
		Export:         exportMarkdown(reg),
		ExportDir:      ".",
		OpenID:         openID,
	}
	if a.global.accessible {
		return tui.RunAccessible(a.stdin, a.stdout, opts)
	}
	p := tea.NewProgram(tui.New(opts), tea.WithAltScreen(), tea.WithInput(in), tea.WithOutput(out))
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return fmt.Errorf("the interface stopped: %w", err)
	}
	return nil
}

// terminal returns the streams as files when both are terminals.
func (a *app) terminal() (in, out *os.File, ok bool) {
	in, inOK := a.stdin.(*os.File)
	out, outOK := a.stdout.(*os.File)
	if !inOK || !outOK || !term.IsTerminal(in.Fd()) || !term.IsTerminal(out.Fd()) {
		return nil, nil, false
	}
	return in, out, true
}

// whoAmI names the person in the change log: the login name, which a team
// recognises in "who changed what".
func whoAmI() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if n := os.Getenv("USER"); n != "" {
		return n
	}
	return "ggi"
}

// exportMarkdown is the TUI's export: nil until the report writer lands.
func exportMarkdown(reg *questionnaires.Registry) common.ExportFunc { return nil }
