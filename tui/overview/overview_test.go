package overview

import (
	"os"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/tui/common"
	"github.com/ggi-tool/ggi/tui/internal/memstore"
	"github.com/ggi-tool/ggi/tui/internal/testkit"
)

func TestMain(m *testing.M) {
	testkit.ASCII()
	os.Exit(m.Run())
}

func openScreen(t *testing.T, st *memstore.Store, id string, w, h int) *Model {
	t.Helper()
	m := New(testkit.Common(t, st, w, h), id)
	drain(t, m, m.Init())
	return m
}

func drain(t *testing.T, m *Model, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	return testkit.Drain(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c }, cmd)
}

func press(t *testing.T, m *Model, k string) []tea.Msg {
	t.Helper()
	_, cmd := m.Update(testkit.Key(k))
	return drain(t, m, cmd)
}

// fixture: last quarter answered GGI-A-17 in part; this quarter carried it
// forward, confirmed one answer and answered GGI-A-18 fully.
func fixture(t *testing.T) (*memstore.Store, string) {
	st := testkit.Store()
	q := testkit.Questionnaire(t)
	prev := testkit.NewAssessment(t, st, "Platform", "2026-Q3")
	testkit.Answer(t, st, q, prev.ID, "GGI-A-17", assessment.Fully, assessment.Largely, assessment.Partly)
	prev, _ = st.Get(prev.ID)
	next := assessment.CarryForward(prev, "2026-Q4")
	if err := st.Create(next); err != nil {
		t.Fatal(err)
	}
	testkit.Answer(t, st, q, next.ID, "GGI-A-17", assessment.Fully)
	testkit.Answer(t, st, q, next.ID, "GGI-A-18", assessment.Fully, assessment.Fully, assessment.Fully, assessment.NotApplicable)
	return st, next.ID
}

func TestGoalsAndActivitiesAtAGlance(t *testing.T) {
	st, id := fixture(t)
	m := openScreen(t, st, id, 118, 40)
	v := testkit.Plain(m.View())
	for _, want := range []string{"Usage", "Trust", "Culture", "Engagement", "Strategy", "GGI-A-17", "GGI-A-37", "↺2 to confirm", "● GGI-A-18", "L5 Leading"} {
		if !strings.Contains(v, want) {
			t.Errorf("missing %q", want)
		}
	}
	testkit.Golden(t, "overview-120x40", m.View())
	testkit.Golden(t, "overview-60x20", openScreen(t, st, id, 58, 17).View())
}

func TestFiltersAndJump(t *testing.T) {
	st, id := fixture(t)
	m := openScreen(t, st, id, 118, 40)
	press(t, m, "f")
	v := testkit.Plain(m.View())
	if !strings.Contains(v, "showing: not yet answered") || strings.Contains(v, "GGI-A-18") || !strings.Contains(v, "GGI-A-17") {
		t.Fatalf("unanswered filter:\n%s", v)
	}
	press(t, m, "f")
	v = testkit.Plain(m.View())
	if !strings.Contains(v, "showing: unconfirmed") || !strings.Contains(v, "GGI-A-17") || strings.Contains(v, "GGI-A-19") || strings.Contains(v, "Trust") {
		t.Fatalf("unconfirmed filter:\n%s", v)
	}
	testkit.Golden(t, "overview-unconfirmed", m.View())
	msgs := press(t, m, "enter")
	n, ok := msgs[0].(common.NavigateMsg)
	if !ok || n.To != common.ScreenAnswer || n.ActivityID != "GGI-A-17" || !n.Unanswered {
		t.Fatalf("enter sent %+v", msgs)
	}
	press(t, m, "f")
	press(t, m, "j")
	msgs = press(t, m, "enter")
	if n := msgs[0].(common.NavigateMsg); n.ActivityID != "GGI-A-18" || n.Unanswered {
		t.Fatalf("cursor should stay on GGI-A-17 across filters and move down: %+v", n)
	}
	for range 40 {
		press(t, m, "j")
	}
	msgs = press(t, m, "enter")
	if n := msgs[0].(common.NavigateMsg); n.ActivityID != "GGI-A-37" {
		t.Fatalf("bottom: %+v", n)
	}
}

// At 100 columns titles get the room the figures leave, and goal figures
// sit under their activities'.
func TestTitlesGrowWithTheWidth(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q3")
	testkit.Answer(t, st, testkit.Questionnaire(t), a.ID, "GGI-A-17", assessment.Fully)
	m := openScreen(t, st, a.ID, 98, 40)
	v := testkit.Plain(m.View())
	for _, want := range []string{"Inventory of open source skills and resources", "Manage open source skills and resources", "Open source enabling digital transformation"} {
		if !strings.Contains(v, want) {
			t.Errorf("title %q cut at 100 columns:\n%s", want, v)
		}
	}
	lines := strings.Split(v, "\n")
	var goal, act string
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "Usage"):
			goal = l
		case strings.Contains(l, "GGI-A-17"):
			act = l
		}
	}
	col := func(l string) int { return ansi.StringWidth(l[:max(0, strings.Index(l, "%"))]) }
	if gi, ai := col(goal), col(act); gi == 0 || gi != ai {
		t.Errorf("goal and activity figures not aligned:\n%s\n%s", goal, act)
	}
	if !strings.Contains(act, "in progress") && !strings.Contains(act, "not started") {
		t.Errorf("status missing at 100 columns: %s", act)
	}
	for _, w := range []int{38, 58, 78, 98, 118, 198} {
		m := openScreen(t, st, a.ID, w, 40)
		for _, l := range strings.Split(m.View(), "\n") {
			if n := ansi.StringWidth(l); n > w {
				t.Errorf("width %d: a line of %d cells: %q", w, n, l)
			}
		}
	}
}

// A not-relevant activity is neither open nor waiting for confirmation.
func TestNotRelevantIsNotOpen(t *testing.T) {
	st, id := fixture(t)
	if err := st.UpdateActivity(id, "GGI-A-17", func(s *assessment.ActivityState) error {
		s.Relevance = assessment.RelevanceNone
		return nil
	}, "t"); err != nil {
		t.Fatal(err)
	}
	m := openScreen(t, st, id, 118, 40)
	v := testkit.Plain(m.View())
	if !strings.Contains(v, "· GGI-A-17") || !strings.Contains(v, "not relevant") || strings.Contains(v, "to confirm") {
		t.Fatalf("not relevant activity:\n%s", v)
	}
	press(t, m, "f")
	if v := testkit.Plain(m.View()); strings.Contains(v, "GGI-A-17") {
		t.Fatalf("the unanswered filter lists a not relevant activity:\n%s", v)
	}
}
