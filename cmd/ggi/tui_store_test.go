package main

import (
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/store"
	"github.com/ggi-tool/ggi/questionnaires"
	"github.com/ggi-tool/ggi/tui"
)

func key(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// TestTUIOnTheBboltStore runs the answering screen against the real store:
// answers, clearing, status (started by the first answer), undo, the change
// log and action items must all round-trip through bbolt.
func TestTUIOnTheBboltStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ggi.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := &assessment.Assessment{Team: "Platform", Period: "2026-Q4", Questionnaire: assessment.QuestionnaireRef{ID: "ggi", Version: "1.3"}}
	if err := db.Create(a); err != nil {
		t.Fatal(err)
	}
	reg, err := questionnaires.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	// A renderer of its own: other tests in this package may change the
	// default one's colour profile, and the waits below read plain text.
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m := tui.New(tui.Options{Store: db, Questionnaires: reg, Renderer: r, User: "ana", ExportDir: t.TempDir(), OpenID: a.ID})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(110, 32))
	wait := func(want string) {
		t.Helper()
		// Escape codes are stripped: huh styles its fields with the
		// default renderer, whose profile depends on the environment.
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(ansi.Strip(string(b)), want) },
			teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	step := func(k, want string) {
		t.Helper()
		tm.Send(key(k))
		wait(want)
	}
	wait("GGI-A-17 · checkpoint 1/5")
	// The first answer starts the activity, in the same keypress.
	step("2", "saved GGI-A-17.1: largely · GGI-A-17 now in progress")
	step("k", "checkpoint 1/5")
	step("u", "saved GGI-A-17.1: unanswered")
	step("3", "saved GGI-A-17.1: fully")
	step("p", "saved GGI-A-17: status done")
	step("z", "undone: GGI-A-17 status in progress → done")
	// One frame draws the whole log, so wait for an entry in it.
	step("H", "GGI-A-17.1 unanswered → fully")
	step("esc", "0 not yet")
	step("a", "None yet")
	tm.Send(key("a"))
	wait("Action")
	tm.Type("Publish the SBOM")
	// The form moves focus in a command: wait for it before typing on.
	step("enter", "┃ Owner")
	tm.Type("Bo")
	tm.Send(key("enter"))
	tm.Send(key("enter"))
	wait("saved GGI-A-17: action added")
	tm.Send(key("ctrl+c"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = db.Close() }()
	got, err := db.Get(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	st := got.Activity("GGI-A-17")
	if ca := got.AnswerOf("GGI-A-17", "GGI-A-17.1"); ca == nil || ca.Answer != assessment.Fully || ca.UpdatedBy != "ana" {
		t.Fatalf("GGI-A-17.1 = %+v", ca)
	}
	if st.Status != assessment.StatusInProgress {
		t.Fatalf("undo of the status did not stick: %s", st.Status)
	}
	if len(st.Actions) != 1 || st.Actions[0].Text != "Publish the SBOM" || st.Actions[0].Owner != "Bo" {
		t.Fatalf("actions %+v", st.Actions)
	}
}
