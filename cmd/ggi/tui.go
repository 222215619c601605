package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/user"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/term"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/report"
	"github.com/ggi-tool/ggi/questionnaires"
	"github.com/ggi-tool/ggi/tui"
	"github.com/ggi-tool/ggi/tui/common"
)

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
	if err := a.requireDatabase(); err != nil {
		return err
	}
	return a.runTUI(pos[0])
}

// runTUI opens the store, resolves openID (when given) and runs the
// full-screen interface, or the line-based one with --accessible.
func (a *app) runTUI(openID string) error {
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
		found, err := resolveID(all, openID)
		if err != nil {
			return err
		}
		openID = found.ID
	}
	in, out, ok := a.terminal()
	if !ok && !a.global.accessible {
		return errors.New("ggi needs a terminal for its interactive screens; use 'ggi list', 'ggi show' or --accessible")
	}
	// Exports land in the directory ggi was started from, named in full in
	// the status line so people find them.
	dir, err := os.Getwd()
	if err != nil {
		dir = "."
	}
	opts := tui.Options{
		Store:          db,
		Questionnaires: reg,
		User:           whoAmI(),
		Export:         exportMarkdown(reg),
		ExportDir:      dir,
		OpenID:         openID,
	}
	if a.global.accessible {
		return tui.RunAccessible(a.stdin, a.stdout, opts)
	}
	m := tui.New(opts)
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithInput(in), tea.WithOutput(out))
	_, err = p.Run()
	if !m.WaitForWrites(10 * time.Second) {
		_, _ = fmt.Fprintln(a.stderr, "ggi: a change was still being written when ggi stopped; check it with 'ggi show'")
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
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

// exportMarkdown is the TUI's export: the same Markdown scorecard as
// 'ggi export --format markdown', dated when the key is pressed.
func exportMarkdown(reg *questionnaires.Registry) common.ExportFunc {
	return func(q *assessment.Questionnaire, x *assessment.Assessment, all []*assessment.Assessment) ([]byte, error) {
		r := report.Build(q, x, report.Options{All: all, Lookup: lookupIn(reg), Today: time.Now()})
		var buf bytes.Buffer
		if err := report.WriteMarkdown(&buf, r); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
}
