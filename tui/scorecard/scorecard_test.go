package scorecard

import (
	"os"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/tui/internal/memstore"
	"github.com/ggi-tool/ggi/tui/internal/testkit"
)

func TestMain(m *testing.M) {
	testkit.ASCII()
	os.Exit(m.Run())
}

func openScreen(t testing.TB, st *memstore.Store, id string, w, h int) *Model {
	t.Helper()
	m := New(testkit.Common(t, st, w, h), id)
	testkit.Drain(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c }, m.Init())
	return m
}

// fixture: three quarters of one team, improving, with targets.
func fixture(t testing.TB) (*memstore.Store, string) {
	st := testkit.Store()
	q := testkit.Questionnaire(t)
	var last string
	for i, p := range []string{"2026-Q2", "2026-Q3", "2026-Q4"} {
		a := testkit.NewAssessment(t, st, "Platform", p)
		ans := []assessment.Answer{assessment.NotYet, assessment.Partly, assessment.Largely, assessment.Fully}[i:]
		testkit.Answer(t, st, q, a.ID, "GGI-A-17", ans...)
		testkit.Answer(t, st, q, a.ID, "GGI-A-21", ans[:1]...)
		testkit.Answer(t, st, q, a.ID, "GGI-A-26", assessment.Partly)
		last = a.ID
	}
	testkit.NewAssessment(t, st, "Other team", "2026-Q4")
	if err := st.UpdateActivity(last, "GGI-A-17", func(s *assessment.ActivityState) error {
		s.TargetLevel = 5
		s.Relevance = assessment.RelevanceHigh
		return nil
	}, "t"); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateAssessment(last, func(a *assessment.Assessment) error {
		a.GoalTargets = map[string]int{"usage": 4}
		return nil
	}, "t"); err != nil {
		t.Fatal(err)
	}
	return st, last
}

func TestScorecardShowsLevelsChangeTrendTargetsAndNextSteps(t *testing.T) {
	st, id := fixture(t)
	m := openScreen(t, st, id, 118, 40)
	v := testkit.Plain(m.View())
	for _, want := range []string{
		"Platform · 2026-Q4 · ggi 1.3",
		"since 2026-Q3",
		"trend 2026-Q2 … 2026-Q4",
		"L4 met",
		"Next steps",
		"then:",
		"Targets",
		"GGI-A-17 Inventory of open source skills and resources · now L",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("missing %q", want)
		}
	}
	testkit.Golden(t, "scorecard-120x40", m.View())
	testkit.Golden(t, "scorecard-60x20", openScreen(t, st, id, 58, 17).View())
	testkit.Golden(t, "scorecard-200x60", openScreen(t, st, id, 198, 57).View())
}

func TestScrollStaysInRange(t *testing.T) {
	st, id := fixture(t)
	m := openScreen(t, st, id, 58, 5)
	first := m.View()
	for range 50 {
		m.Update(testkit.Key("j"))
	}
	if m.View() == first {
		t.Fatal("j did not scroll")
	}
	for range 60 {
		m.Update(testkit.Key("k"))
	}
	if m.View() != first {
		t.Fatal("k did not scroll back to the top")
	}
}

func TestNoAnswersYet(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "New", "2026-Q4")
	v := testkit.Plain(openScreen(t, st, a.ID, 98, 27).View())
	if !strings.Contains(v, "Overall: no score yet") || !strings.Contains(v, "Answer some checkpoints first") {
		t.Fatalf("view:\n%s", v)
	}
}

// BenchmarkKeypress measures Update plus View for one scroll key at 200×60.
func BenchmarkKeypress(b *testing.B) {
	st, id := fixture(b)
	m := openScreen(b, st, id, 198, 57)
	keys := []tea.KeyMsg{testkit.Key("j"), testkit.Key("k")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		_, _ = m.Update(keys[i%2])
		_ = m.View()
	}
}

func TestSetGoalTargets(t *testing.T) {
	st, id := fixture(t)
	m := openScreen(t, st, id, 98, 27)
	run := func(k string) {
		_, cmd := m.Update(testkit.Key(k))
		testkit.Drain(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c }, cmd)
	}
	run("t")
	if !m.Capturing() || !strings.Contains(testkit.Plain(m.View()), "Target level for Usage") {
		t.Fatalf("form:\n%s", testkit.Plain(m.View()))
	}
	// Usage keeps 4; Trust goes to 5 (left wraps from "no target").
	run("enter")
	run("left")
	for range 4 {
		run("enter")
	}
	if m.Capturing() {
		t.Fatalf("form still open:\n%s", testkit.Plain(m.View()))
	}
	got, _ := st.Get(id)
	if got.GoalTargets["usage"] != 4 || got.GoalTargets["trust"] == 0 {
		t.Fatalf("targets %v", got.GoalTargets)
	}
	if v := testkit.Plain(m.View()); !strings.Contains(v, "L4 met") {
		t.Fatalf("view not reloaded:\n%s", v)
	}
	run("t")
	run("esc")
	if m.Capturing() {
		t.Fatal("esc did not close the form")
	}
}

// Next steps never point at an activity the room found not relevant.
func TestNextStepsSkipNotRelevant(t *testing.T) {
	st := testkit.Store()
	q := testkit.Questionnaire(t)
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	testkit.Answer(t, st, q, a.ID, "GGI-A-17", assessment.Partly, assessment.Partly)
	act, _ := q.Activity("GGI-A-17")
	if len(act.Next) == 0 {
		t.Skip("GGI-A-17 suggests no next activity")
	}
	m := openScreen(t, st, a.ID, 118, 40)
	if v := testkit.Plain(m.View()); !strings.Contains(v, "then: "+act.Next[0]) {
		t.Fatalf("no next step shown:\n%s", v)
	}
	for _, n := range act.Next {
		if err := st.UpdateActivity(a.ID, n, func(s *assessment.ActivityState) error {
			s.Relevance = assessment.RelevanceNone
			return nil
		}, "t"); err != nil {
			t.Fatal(err)
		}
	}
	m = openScreen(t, st, a.ID, 118, 40)
	if v := testkit.Plain(m.View()); strings.Contains(v, "then:") {
		t.Fatalf("next steps point at not relevant activities:\n%s", v)
	}
}

func TestTargetsFormFollowsTheWindow(t *testing.T) {
	st, id := fixture(t)
	m := openScreen(t, st, id, 118, 30)
	m.Update(testkit.Key("t"))
	if !m.Capturing() {
		t.Fatal("t did not open the targets form")
	}
	m.c.Width = 30
	m.Update(tea.WindowSizeMsg{Width: 30, Height: 27})
	for _, l := range strings.Split(m.View(), "\n") {
		if n := ansi.StringWidth(l); n > 30 {
			t.Fatalf("a line of %d cells after shrinking to 30: %q", n, l)
		}
	}
}
