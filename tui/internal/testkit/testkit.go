// Package testkit gives the screen tests one fixed world: a clock, the
// embedded questionnaire, an in-memory store, plain ASCII styles, and
// golden-file comparison with -update.
package testkit

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/questionnaires"
	"github.com/ggi-tool/ggi/tui/common"
	"github.com/ggi-tool/ggi/tui/internal/memstore"
	"github.com/ggi-tool/ggi/tui/theme"
)

// The -update flag rewrites golden files instead of comparing with them.
// teatest's golden package defines the same flag; share it when present.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// Now is the tests' fixed clock.
func Now() time.Time { return time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC) }

// ASCII makes every renderer plain text, so goldens hold no escape codes.
func ASCII() { lipgloss.SetColorProfile(termenv.Ascii) }

// Registry returns the embedded questionnaires.
func Registry(t testing.TB) *questionnaires.Registry {
	t.Helper()
	r, err := questionnaires.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Questionnaire returns the shipped ggi questionnaire.
func Questionnaire(t testing.TB) *assessment.Questionnaire {
	t.Helper()
	q, ok := Registry(t).Latest("ggi")
	if !ok {
		t.Fatal("no ggi questionnaire")
	}
	return q
}

// Common returns shared context of the given body size over st.
func Common(t testing.TB, st assessment.Store, w, h int) *common.Common {
	t.Helper()
	r := lipgloss.NewRenderer(os.Stdout)
	r.SetColorProfile(termenv.Ascii)
	return &common.Common{
		Width: w, Height: h,
		Styles:         theme.New(r),
		Keys:           common.DefaultGlobalKeys(),
		Store:          st,
		Questionnaires: Registry(t),
		Now:            Now,
		User:           "tester",
		ExportDir:      t.TempDir(),
	}
}

// Store returns an empty in-memory store on the fixed clock.
func Store() *memstore.Store { return memstore.New(Now) }

// NewAssessment stores an assessment for team and period and returns it.
func NewAssessment(t testing.TB, st assessment.Store, team, period string) *assessment.Assessment {
	t.Helper()
	a := &assessment.Assessment{Team: team, Organisation: "Example Org", Period: period,
		Facilitator: "Ana", Participants: []string{"Bo", "Cy"},
		Questionnaire: assessment.QuestionnaireRef{ID: "ggi", Version: "1.3"}}
	if err := st.Create(a); err != nil {
		t.Fatal(err)
	}
	return a
}

// Answer saves answers to the first checkpoints of an activity.
func Answer(t testing.TB, st assessment.Store, q *assessment.Questionnaire, id, activityID string, answers ...assessment.Answer) {
	t.Helper()
	act, ok := q.Activity(activityID)
	if !ok {
		t.Fatalf("no activity %s", activityID)
	}
	for i, a := range answers {
		if err := st.SaveAnswer(id, activityID, act.Checkpoints[i].ID, assessment.CheckpointAnswer{Answer: a}, "tester"); err != nil {
			t.Fatal(err)
		}
	}
}

// Key is a key press as Bubble Tea delivers it.
func Key(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// Drain runs cmd and feeds its messages back through update until nothing
// is left, as the Bubble Tea runtime would; messages a test does not want
// (timers, blinking cursors) are dropped after a short wait. It returns the
// messages seen.
func Drain(t testing.TB, update func(tea.Msg) tea.Cmd, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	return DrainWithin(t, 40*time.Millisecond, update, cmd)
}

// DrainWithin is Drain giving each command at most wait to return.
func DrainWithin(t testing.TB, wait time.Duration, update func(tea.Msg) tea.Cmd, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	var seen []tea.Msg
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0 && steps < 200; steps++ {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg, ok := run(c, wait)
		if !ok {
			continue
		}
		switch msg := msg.(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
			continue
		case nil:
			continue
		}
		if isSequence(msg) {
			queue = append(queue, sequence(msg)...)
			continue
		}
		seen = append(seen, msg)
		queue = append(queue, update(msg))
	}
	return seen
}

// run calls a command, giving up on ones that wait (blink, tick).
func run(c tea.Cmd, wait time.Duration) (tea.Msg, bool) {
	ch := make(chan tea.Msg, 1)
	go func() { ch <- c() }()
	select {
	case m := <-ch:
		return m, true
	case <-time.After(wait):
		return nil, false
	}
}

// Plain strips escape codes and trailing spaces.
func Plain(s string) string {
	lines := strings.Split(ansi.Strip(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// Golden compares got with testdata/name.golden, or writes it with -update.
func Golden(t testing.TB, name, got string) {
	t.Helper()
	got = Plain(got)
	if strings.TrimSpace(got) == "" {
		t.Fatalf("%s: empty view", name)
	}
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.MkdirAll("testdata", 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from %s (run with -update after reviewing):\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}
