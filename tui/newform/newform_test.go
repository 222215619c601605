package newform

import (
	"os"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/tui/common"
	"github.com/ggi-tool/ggi/tui/internal/memstore"
	"github.com/ggi-tool/ggi/tui/internal/testkit"
)

func TestMain(m *testing.M) {
	testkit.ASCII()
	os.Exit(m.Run())
}

func openScreen(t *testing.T, st *memstore.Store, w, h int) *Model {
	t.Helper()
	m := New(testkit.Common(t, st, w, h))
	drain(t, m, m.Init())
	return m
}

func drain(t *testing.T, m *Model, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	return testkit.Drain(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c }, cmd)
}

func typeKeys(t *testing.T, m *Model, s string) []tea.Msg {
	t.Helper()
	var msgs []tea.Msg
	for _, r := range s {
		k := string(r)
		if r == '\n' {
			k = "enter"
		}
		_, cmd := m.Update(testkit.Key(k))
		msgs = append(msgs, drain(t, m, cmd)...)
	}
	return msgs
}

func TestFormDefaultsAndGolden(t *testing.T) {
	m := openScreen(t, testkit.Store(), 78, 27)
	v := testkit.Plain(m.View())
	for _, want := range []string{"Team", "Organisation", "Period", "> 2026-Q4", "Questionnaire", "ggi 1.3", "Facilitator", "Participants"} {
		if !strings.Contains(v, want) {
			t.Errorf("form lacks %q", want)
		}
	}
	if strings.Contains(v, "Start from") {
		t.Error("nothing to start from in an empty store")
	}
	testkit.Golden(t, "new-80x30", m.View())
}

func TestCreateNavigatesToAnswering(t *testing.T) {
	st := testkit.Store()
	m := openScreen(t, st, 78, 27)
	msgs := typeKeys(t, m, "Web\nACME\n\n\nAna\nBo, Cy ,\n")
	var nav *common.NavigateMsg
	for _, msg := range msgs {
		if n, ok := msg.(common.NavigateMsg); ok {
			nav = &n
		}
	}
	all, _ := st.List()
	if len(all) != 1 {
		t.Fatalf("%d assessments", len(all))
	}
	a := all[0]
	if a.Team != "Web" || a.Organisation != "ACME" || a.Period != "2026-Q4" || a.Facilitator != "Ana" ||
		strings.Join(a.Participants, "|") != "Bo|Cy" || a.Questionnaire.String() != "ggi 1.3" {
		t.Fatalf("stored %+v", a)
	}
	if nav == nil || nav.To != common.ScreenAnswer || nav.AssessmentID != a.ID || !nav.Replace {
		t.Fatalf("navigation %+v", nav)
	}
}

func TestValidation(t *testing.T) {
	m := openScreen(t, testkit.Store(), 78, 27)
	typeKeys(t, m, "\n")
	if !strings.Contains(testkit.Plain(m.View()), "please give a team name") {
		t.Fatalf("empty team accepted:\n%s", testkit.Plain(m.View()))
	}
	if err := validPeriod("2026-Q5"); err == nil {
		t.Error("2026-Q5 accepted")
	}
	if err := validPeriod("2026-H1"); err != nil {
		t.Error(err)
	}
}

func TestStartFromCarriesForward(t *testing.T) {
	st := testkit.Store()
	q := testkit.Questionnaire(t)
	prev := testkit.NewAssessment(t, st, "Web", "2026-Q3")
	testkit.Answer(t, st, q, prev.ID, "GGI-A-17", assessment.Fully)
	m := openScreen(t, st, 78, 40)
	if !strings.Contains(testkit.Plain(m.View()), "Start from") {
		t.Fatalf("no start-from field:\n%s", testkit.Plain(m.View()))
	}
	typeKeys(t, m, "Web\n\n\n\n\n\n")
	_, cmd := m.Update(testkit.Key("down"))
	drain(t, m, cmd)
	typeKeys(t, m, "\n")
	all, _ := st.List()
	var next *assessment.Assessment
	for _, a := range all {
		if a.ID != prev.ID {
			next = a
		}
	}
	if next == nil || next.FromID != prev.ID || !next.Unconfirmed("GGI-A-17", "GGI-A-17.1") || next.Period != "2026-Q4" {
		t.Fatalf("carried forward: %+v", next)
	}
}

func TestEscCancels(t *testing.T) {
	m := openScreen(t, testkit.Store(), 78, 27)
	msgs := typeKeys(t, m, "x")
	_, cmd := m.Update(testkit.Key("esc"))
	msgs = append(msgs, drain(t, m, cmd)...)
	back := false
	for _, msg := range msgs {
		if _, ok := msg.(common.BackMsg); ok {
			back = true
		}
	}
	if !back {
		t.Fatalf("esc sent %v", msgs)
	}
}

// A pasted team name loses what would reach the terminal unsafely before
// the form echoes it; wide characters stay.
func TestPastedNameIsCleaned(t *testing.T) {
	st := testkit.Store()
	m := openScreen(t, st, 78, 27)
	paste := tea.KeyMsg{Type: tea.KeyRunes, Paste: true, Runes: []rune("\x1b]0;pwn\x07Web\u202e 平台🚀\x1b[2J")}
	_, cmd := m.Update(paste)
	drain(t, m, cmd)
	if v := m.View(); strings.Contains(v, "\u202e") || strings.Contains(v, "\x07") || strings.Contains(v, "\x1b") || strings.Contains(v, "pwn") {
		t.Fatalf("the form echoes unsafe text: %q", v)
	}
	typeKeys(t, m, "\n\n\n\n\n\n")
	all, _ := st.List()
	if len(all) != 1 || all[0].Team != "Web 平台🚀" {
		t.Fatalf("stored %+v", all)
	}
}

func TestLongTeamNamesKeepStartFromOnOneLine(t *testing.T) {
	st := testkit.Store()
	testkit.NewAssessment(t, st, strings.Repeat("very long team name ", 10), "2026-Q3")
	m := openScreen(t, st, 98, 40)
	v := testkit.Plain(m.View())
	if !strings.Contains(v, "very long team name very long team name… 2026-Q3 (") {
		t.Fatalf("start-from choice:\n%s", v)
	}
}
