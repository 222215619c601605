package home

import (
	"os"
	"path/filepath"
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

func openScreen(t *testing.T, st *memstore.Store, w, h int) (*Model, *[]tea.Msg) {
	t.Helper()
	m := New(testkit.Common(t, st, w, h))
	seen := &[]tea.Msg{}
	*seen = append(*seen, drain(t, m, m.Init())...)
	return m, seen
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

func fixture(t *testing.T) (*memstore.Store, *assessment.Assessment) {
	st := testkit.Store()
	q := testkit.Questionnaire(t)
	old := testkit.NewAssessment(t, st, "Platform", "2026-Q3")
	testkit.Answer(t, st, q, old.ID, "GGI-A-17", assessment.Fully, assessment.Largely, assessment.Partly)
	testkit.NewAssessment(t, st, "Web \x1b[31mteam\x1b[0m", "2026-Q4")
	return st, old
}

func TestEmptyStateSaysWhatToDo(t *testing.T) {
	m, _ := openScreen(t, testkit.Store(), 78, 17)
	v := testkit.Plain(m.View())
	if !strings.Contains(v, "No assessments yet. Press n to start") {
		t.Fatalf("empty state:\n%s", v)
	}
	testkit.Golden(t, "home-empty-80x20", m.View())
	msgs := press(t, m, "n")
	if len(msgs) != 1 || msgs[0].(common.NavigateMsg).To != common.ScreenNew {
		t.Fatalf("n sent %v", msgs)
	}
}

func TestListNewestFirstWithScores(t *testing.T) {
	st, _ := fixture(t)
	m, _ := openScreen(t, st, 118, 17)
	v := testkit.Plain(m.View())
	web := strings.Index(v, "Web team")
	plat := strings.Index(v, "Platform")
	if web < 0 || plat < 0 || web > plat {
		t.Fatalf("not newest first, or the escape code was not removed:\n%s", v)
	}
	if !strings.Contains(v, "66.7  L4 Engaged") {
		t.Fatalf("no score and level:\n%s", v)
	}
	testkit.Golden(t, "home-list-120x20", m.View())
	m60, _ := openScreen(t, st, 58, 17)
	testkit.Golden(t, "home-list-60x20", m60.View())
}

func TestOpenAnswerScorecardKeys(t *testing.T) {
	st, _ := fixture(t)
	m, _ := openScreen(t, st, 100, 20)
	for k, want := range map[string]common.Screen{"enter": common.ScreenOverview, "a": common.ScreenAnswer, "s": common.ScreenScorecard} {
		msgs := press(t, m, k)
		if len(msgs) != 1 || msgs[0].(common.NavigateMsg).To != want {
			t.Errorf("%s sent %v", k, msgs)
		}
	}
}

func TestDuplicateForNextQuarter(t *testing.T) {
	st, old := fixture(t)
	m, _ := openScreen(t, st, 100, 20)
	press(t, m, "j")
	msgs := press(t, m, "d")
	all, _ := st.List()
	if len(all) != 3 {
		t.Fatalf("%d assessments", len(all))
	}
	var next *assessment.Assessment
	for _, a := range all {
		if a.FromID == old.ID {
			next = a
		}
	}
	if next == nil || next.Period != "2026-Q4" || !next.Unconfirmed("GGI-A-17", "GGI-A-17.1") {
		t.Fatalf("carried forward: %+v", next)
	}
	status := ""
	for _, msg := range msgs {
		if s, ok := msg.(common.StatusMsg); ok {
			status = s.Text
		}
	}
	if !strings.Contains(status, "Started 2026-Q4 for Platform from 2026-Q3: 3 answers carried over") {
		t.Fatalf("status %q", status)
	}
	if m.selected().ID != next.ID {
		t.Fatal("cursor not on the new assessment")
	}
}

func TestDeleteAsksFirst(t *testing.T) {
	st, _ := fixture(t)
	m, _ := openScreen(t, st, 100, 20)
	press(t, m, "x")
	if !m.Capturing() || !strings.Contains(testkit.Plain(m.View()), "Delete Web team 2026-Q4 and all its answers and history? This cannot be undone.") {
		t.Fatalf("no confirmation:\n%s", testkit.Plain(m.View()))
	}
	press(t, m, "n")
	if all, _ := st.List(); len(all) != 2 {
		t.Fatal("n deleted")
	}
	press(t, m, "x")
	press(t, m, "y")
	if all, _ := st.List(); len(all) != 1 || all[0].Team != "Platform" {
		t.Fatalf("y did not delete the selected one: %v", all)
	}
}

func TestExportWritesMarkdownNextToWorkingDir(t *testing.T) {
	st, _ := fixture(t)
	c := testkit.Common(t, st, 100, 20)
	c.Export = func(q *assessment.Questionnaire, a *assessment.Assessment, all []*assessment.Assessment) ([]byte, error) {
		return []byte("# " + a.Team + "\n"), nil
	}
	m := New(c)
	drain(t, m, m.Init())
	msgs := press(t, m, "e")
	msgs = append(msgs, press(t, m, "e")...)
	var got []string
	for _, msg := range msgs {
		if s, ok := msg.(common.StatusMsg); ok {
			got = append(got, s.Text)
		}
	}
	want := []string{"Wrote " + filepath.Join(c.ExportDir, "ggi-web-31mteam-0m-2026-q4.md"), "Wrote " + filepath.Join(c.ExportDir, "ggi-web-31mteam-0m-2026-q4-2.md")}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
	if _, err := os.Stat(filepath.Join(c.ExportDir, "ggi-web-31mteam-0m-2026-q4-2.md")); err != nil {
		t.Fatal(err)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{"Platform Team": "platform-team", "../../etc": "etc", "": "team", "Équipe 1": "équipe-1"} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}
