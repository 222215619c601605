package answer

import (
	"errors"
	"os"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/tui/internal/memstore"
	"github.com/ggi-tool/ggi/tui/internal/testkit"
)

func TestMain(m *testing.M) {
	testkit.ASCII()
	os.Exit(m.Run())
}

func openScreen(t testing.TB, st *memstore.Store, w, h int, s Start) *Model {
	t.Helper()
	m := New(testkit.Common(t, st, w, h), s)
	drain(t, m, m.Init())
	return m
}

func drain(t testing.TB, m *Model, cmd tea.Cmd) {
	t.Helper()
	testkit.Drain(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c }, cmd)
}

func press(t testing.TB, m *Model, keys ...string) {
	t.Helper()
	for _, k := range keys {
		_, cmd := m.Update(testkit.Key(k))
		drain(t, m, cmd)
	}
}

func view(m *Model) string { return testkit.Plain(m.View()) }

func TestOneKeyAnswersSavesAndAdvances(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID})
	if !strings.Contains(view(m), "Usage · GGI-A-17 · checkpoint 1/5 · 0% done") {
		t.Fatalf("does not start at the first checkpoint:\n%s", view(m))
	}
	_, cmd := m.Update(testkit.Key("2"))
	// Until the store answers, the screen must not claim the answer is saved.
	if v := view(m); strings.Contains(v, "saved") || !strings.Contains(v, "… saving") {
		t.Fatalf("before the write returns the view says:\n%s", v)
	}
	if !m.Busy() {
		t.Fatal("not busy while a write is in flight")
	}
	drain(t, m, cmd)
	v := view(m)
	if !strings.Contains(v, "✓ saved GGI-A-17.1: largely") || !strings.Contains(v, "checkpoint 2/5") {
		t.Fatalf("after the write:\n%s", v)
	}
	got, _ := st.Get(a.ID)
	if ca := got.AnswerOf("GGI-A-17", "GGI-A-17.1"); ca == nil || ca.Answer != assessment.Largely || ca.UpdatedBy != "tester" {
		t.Fatalf("store holds %+v", ca)
	}
	press(t, m, "0", "1", "3", "n")
	got, _ = st.Get(a.ID)
	want := []assessment.Answer{assessment.Largely, assessment.NotYet, assessment.Partly, assessment.Fully, assessment.NotApplicable}
	for i, w := range want {
		id := "GGI-A-17." + string(rune('1'+i))
		if ca := got.AnswerOf("GGI-A-17", id); ca == nil || ca.Answer != w {
			t.Errorf("%s = %+v, want %s", id, ca, w)
		}
	}
	if !strings.Contains(view(m), "GGI-A-18 · relevance") {
		t.Fatalf("after the last checkpoint it should ask the next activity's relevance:\n%s", view(m))
	}
}

func TestClearAndMoveKeys(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID})
	press(t, m, "3", "k", "u")
	got, _ := st.Get(a.ID)
	if ca := got.AnswerOf("GGI-A-17", "GGI-A-17.1"); ca != nil && ca.Answer.Answered() {
		t.Fatalf("u did not clear: %+v", ca)
	}
	if !strings.Contains(view(m), "checkpoint 1/5") {
		t.Fatalf("clear must not move on:\n%s", view(m))
	}
	press(t, m, "3", "k", "backspace")
	got, _ = st.Get(a.ID)
	if ca := got.AnswerOf("GGI-A-17", "GGI-A-17.1"); ca != nil && ca.Answer.Answered() {
		t.Fatalf("backspace did not clear: %+v", ca)
	}
	press(t, m, "j", "j", "down")
	if !strings.Contains(view(m), "checkpoint 4/5") {
		t.Fatalf("j/down:\n%s", view(m))
	}
	press(t, m, "]")
	if !strings.Contains(view(m), "GGI-A-18 · relevance") {
		t.Fatalf("]:\n%s", view(m))
	}
	press(t, m, "[", "[")
	if !strings.Contains(view(m), "GGI-A-17 · relevance") {
		t.Fatalf("[:\n%s", view(m))
	}
}

func TestFailedSaveShowsErrorAndRestores(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID})
	st.FailWrites(errors.New("disk full"))
	press(t, m, "3")
	v := view(m)
	if !strings.Contains(v, "✗ not saved GGI-A-17.1: disk full") || strings.Contains(v, "✓ saved") {
		t.Fatalf("error not shown:\n%s", v)
	}
	if ca := m.a.AnswerOf("GGI-A-17", "GGI-A-17.1"); ca != nil && ca.Answer.Answered() {
		t.Fatalf("local answer not restored: %+v", ca)
	}
	if m.sc.Overall.Completion != 0 {
		t.Fatalf("completion %v after a failed save", m.sc.Overall.Completion)
	}
}

func TestResumesAtFirstUnansweredCheckpoint(t *testing.T) {
	st := testkit.Store()
	q := testkit.Questionnaire(t)
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	testkit.Answer(t, st, q, a.ID, "GGI-A-17", assessment.Fully, assessment.Fully, assessment.Partly, assessment.NotYet, assessment.NotApplicable)
	testkit.Answer(t, st, q, a.ID, "GGI-A-18", assessment.Largely)
	m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID})
	if v := view(m); !strings.Contains(v, "Usage · GGI-A-18 · checkpoint 2/4") {
		t.Fatalf("did not resume at GGI-A-18.2:\n%s", v)
	}
	m = openScreen(t, st, 100, 30, Start{AssessmentID: a.ID, ActivityID: "GGI-A-17"})
	if v := view(m); !strings.Contains(v, "GGI-A-17 · checkpoint 1/5") {
		t.Fatalf("a fully answered activity opens at its first checkpoint:\n%s", v)
	}
}

func TestCarriedOverAnswerIsConfirmedBySameKey(t *testing.T) {
	st := testkit.Store()
	q := testkit.Questionnaire(t)
	prev := testkit.NewAssessment(t, st, "Platform", "2026-Q3")
	testkit.Answer(t, st, q, prev.ID, "GGI-A-17", assessment.Largely, assessment.Partly)
	prev, _ = st.Get(prev.ID)
	next := assessment.CarryForward(prev, "2026-Q4")
	if err := st.Create(next); err != nil {
		t.Fatal(err)
	}
	m := openScreen(t, st, 100, 30, Start{AssessmentID: next.ID, Unanswered: true})
	v := view(m)
	if !strings.Contains(v, "↺ carried over from last period: largely · press 2 or enter to confirm") {
		t.Fatalf("carried-over answer not shown as such:\n%s", v)
	}
	press(t, m, "2")
	if v := view(m); !strings.Contains(v, "saved GGI-A-17.1: largely (confirmed)") {
		t.Fatalf("no confirmation:\n%s", v)
	}
	press(t, m, "enter")
	got, _ := st.Get(next.ID)
	for _, id := range []string{"GGI-A-17.1", "GGI-A-17.2"} {
		if got.Unconfirmed("GGI-A-17", id) {
			t.Errorf("%s still unconfirmed", id)
		}
	}
	if ca := got.AnswerOf("GGI-A-17", "GGI-A-17.2"); ca.Answer != assessment.Partly {
		t.Errorf("enter changed the answer: %+v", ca)
	}
}

func TestRelevanceQuestion(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID})
	press(t, m, "k")
	if !strings.Contains(view(m), "Relevant for us?") || !strings.Contains(view(m), "h high  m medium  l low  x not relevant") {
		t.Fatalf("relevance question:\n%s", view(m))
	}
	press(t, m, "2")
	if !strings.Contains(view(m), "press h, m, l or x") {
		t.Fatalf("digits on the relevance question need a hint:\n%s", view(m))
	}
	press(t, m, "h")
	got, _ := st.Get(a.ID)
	if got.Activity("GGI-A-17").Relevance != assessment.RelevanceHigh {
		t.Fatal("relevance not saved")
	}
	if !strings.Contains(view(m), "checkpoint 1/5") {
		t.Fatalf("h should move to the first checkpoint:\n%s", view(m))
	}
	press(t, m, "k", "x")
	if !strings.Contains(view(m), "GGI-A-18 · relevance") {
		t.Fatalf("x skips the activity:\n%s", view(m))
	}
	got, _ = st.Get(a.ID)
	if got.Activity("GGI-A-17").Relevance != assessment.RelevanceNone {
		t.Fatal("none not saved")
	}
}

func TestStatusTargetUndoAndHistory(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID})
	press(t, m, "p", "t", "t", "2")
	got, _ := st.Get(a.ID)
	s := got.Activity("GGI-A-17")
	if s.Status != assessment.StatusInProgress || s.TargetLevel != 2 {
		t.Fatalf("status/target: %+v", s)
	}
	if !strings.Contains(view(m), "status in progress · target L2") {
		t.Fatalf("meta line:\n%s", view(m))
	}
	press(t, m, "H")
	v := view(m)
	for _, want := range []string{"Changes to GGI-A-17, newest first", "GGI-A-17.1 unanswered → largely", "target L1 → L2", "status not started → in progress", "tester"} {
		if !strings.Contains(v, want) {
			t.Errorf("change log lacks %q:\n%s", want, v)
		}
	}
	press(t, m, "esc", "z")
	if v := view(m); !strings.Contains(v, "undone: GGI-A-17.1 unanswered → largely") {
		t.Fatalf("undo not reported:\n%s", v)
	}
	got, _ = st.Get(a.ID)
	if ca := got.AnswerOf("GGI-A-17", "GGI-A-17.1"); ca != nil && ca.Answer.Answered() {
		t.Fatalf("undo did not revert the answer: %+v", ca)
	}
	if m.a.AnswerOf("GGI-A-17", "GGI-A-17.1") != nil {
		t.Fatal("screen did not reload after undo")
	}
}

func TestNoteAndEvidenceForms(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID})
	press(t, m, "c")
	if !m.Capturing() || !strings.Contains(view(m), "Note on GGI-A-17.1") {
		t.Fatalf("note form:\n%s", view(m))
	}
	press(t, m, "S", "B", "O", "M", " ", "x", "q", "enter")
	if m.Capturing() {
		t.Fatalf("form still open:\n%s", view(m))
	}
	got, _ := st.Get(a.ID)
	if ca := got.AnswerOf("GGI-A-17", "GGI-A-17.1"); ca == nil || ca.Note != "SBOM xq" {
		t.Fatalf("note: %+v", ca)
	}
	if !strings.Contains(view(m), "Note: SBOM xq") {
		t.Fatalf("note not shown:\n%s", view(m))
	}
	press(t, m, "e", "h", "t", "t", "p", "enter")
	got, _ = st.Get(a.ID)
	if ev := got.Activity("GGI-A-17").Evidence; len(ev) != 1 || ev[0] != "http" {
		t.Fatalf("evidence: %v", ev)
	}
	press(t, m, "c", "esc")
	if m.Capturing() {
		t.Fatal("esc did not close the form")
	}
}

func TestActionItems(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID})
	press(t, m, "a")
	if !strings.Contains(view(m), "None yet. Press a to add one") {
		t.Fatalf("empty actions:\n%s", view(m))
	}
	press(t, m, "a", "S", "B", "O", "M", "enter", "A", "n", "a", "enter")
	for _, r := range "2026-11-01" {
		press(t, m, string(r))
	}
	press(t, m, "enter")
	v := view(m)
	if !strings.Contains(v, "[ ] SBOM · Ana · due 2026-11-01 · ⚠ OVERDUE") {
		t.Fatalf("action not listed as overdue:\n%s", v)
	}
	press(t, m, "o")
	for range 3 {
		press(t, m, "backspace")
	}
	press(t, m, "B", "o", "enter", "x")
	v = view(m)
	if !strings.Contains(v, "[x] SBOM · Bo · due 2026-11-01") || strings.Contains(v, "OVERDUE") {
		t.Fatalf("reassign/complete:\n%s", v)
	}
	got, _ := st.Get(a.ID)
	if acts := got.Activity("GGI-A-17").Actions; len(acts) != 1 || !acts[0].Done || acts[0].Owner != "Bo" {
		t.Fatalf("stored actions: %+v", acts)
	}
	press(t, m, "esc")
	if m.Capturing() {
		t.Fatal("esc did not close the panel")
	}
}

func TestViewGoldens(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"60x20", 58, 17}, {"100x30", 98, 27}, {"200x60", 198, 57}, {"tiny", 10, 3}} {
		st := testkit.Store()
		q := testkit.Questionnaire(t)
		prev := testkit.NewAssessment(t, st, "Platform", "2026-Q3")
		testkit.Answer(t, st, q, prev.ID, "GGI-A-17", assessment.Largely, assessment.Partly, assessment.Fully)
		prev, _ = st.Get(prev.ID)
		next := assessment.CarryForward(prev, "2026-Q4")
		if err := st.Create(next); err != nil {
			t.Fatal(err)
		}
		// Confirm the first carried answer: the golden shows a confirmed,
		// a carried and an unanswered checkpoint, and the save line.
		m := openScreen(t, st, size.w, size.h, Start{AssessmentID: next.ID, ActivityID: "GGI-A-17"})
		press(t, m, "2")
		testkit.Golden(t, "answer-"+size.name, m.View())
	}
}

func TestUnknownAssessment(t *testing.T) {
	m := openScreen(t, testkit.Store(), 80, 20, Start{AssessmentID: "nope"})
	if v := view(m); !strings.Contains(v, "cannot open assessment nope") {
		t.Fatalf("view:\n%s", v)
	}
	press(t, m, "2", "j") // must not panic
}

// BenchmarkKeypress measures Update plus View for one answer at 200×60, the
// work a keypress costs before the terminal redraws.
func BenchmarkKeypress(b *testing.B) {
	st := testkit.Store()
	a := testkit.NewAssessment(b, st, "Platform", "2026-Q4")
	m := openScreen(b, st, 198, 57, Start{AssessmentID: a.ID})
	keys := []tea.KeyMsg{testkit.Key("2"), testkit.Key("k")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		_, _ = m.Update(keys[i%2])
		_ = m.View()
	}
}

func TestDescribeActionChanges(t *testing.T) {
	a := assessment.Action{Text: "SBOM", Owner: "Ana"}
	b := a
	b.Owner = "Bo"
	c := b
	c.Done = true
	for _, tc := range []struct {
		o, n []assessment.Action
		want string
	}{
		{nil, []assessment.Action{a}, "action added: SBOM"},
		{[]assessment.Action{a}, []assessment.Action{b}, "action reassigned Ana → Bo: SBOM"},
		{[]assessment.Action{b}, []assessment.Action{c}, "action done: SBOM"},
		{[]assessment.Action{c}, []assessment.Action{b}, "action reopened: SBOM"},
		{[]assessment.Action{a}, nil, "action removed"},
		{[]assessment.Action{a}, []assessment.Action{a}, ""},
	} {
		if got := actionChange(tc.o, tc.n); got != tc.want {
			t.Errorf("%v → %v: %q, want %q", tc.o, tc.n, got, tc.want)
		}
	}
}

func TestAnsweringPassesOverSetRelevance(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	if err := st.UpdateActivity(a.ID, "GGI-A-18", func(s *assessment.ActivityState) error {
		s.Relevance = assessment.RelevanceLow
		return nil
	}, "t"); err != nil {
		t.Fatal(err)
	}
	m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID})
	press(t, m, "1", "1", "1", "1", "1")
	if v := view(m); !strings.Contains(v, "GGI-A-18 · checkpoint 1/4") {
		t.Fatalf("should skip the answered relevance question:\n%s", v)
	}
	press(t, m, "k")
	if v := view(m); !strings.Contains(v, "GGI-A-18 · relevance") {
		t.Fatalf("k still stops at it:\n%s", v)
	}
}
