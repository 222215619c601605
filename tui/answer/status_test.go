package answer

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/tui/internal/memstore"
	"github.com/ggi-tool/ggi/tui/internal/testkit"
)

func setStatus(t *testing.T, st assessment.Store, id, actID string, s assessment.Status) {
	t.Helper()
	if err := st.UpdateActivity(id, actID, func(x *assessment.ActivityState) error {
		x.Status = s
		return nil
	}, "t"); err != nil {
		t.Fatal(err)
	}
}

func TestFirstAnswerStartsTheActivity(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID})
	if !strings.Contains(view(m), "status not started") {
		t.Fatalf("before:\n%s", view(m))
	}
	press(t, m, "2")
	v := view(m)
	if !strings.Contains(v, "status in progress") || !strings.Contains(v, "✓ saved GGI-A-17.1: largely · GGI-A-17 now in progress") {
		t.Fatalf("after the first answer:\n%s", v)
	}
	got, _ := st.Get(a.ID)
	if s := got.Activity("GGI-A-17").Status; s != assessment.StatusInProgress {
		t.Fatalf("stored status %q", s)
	}
	h, _ := st.History(a.ID)
	if len(h) != 2 || h[0].Kind != assessment.ChangeActivity || h[0].NewActivity.Status != assessment.StatusInProgress || h[1].Kind != assessment.ChangeAnswer {
		t.Fatalf("the change log should hold the status change, then the answer: %+v", h)
	}
	// The second answer changes nothing more and says nothing more.
	press(t, m, "3")
	if v := view(m); strings.Contains(v, "now in progress") {
		t.Fatalf("second answer:\n%s", v)
	}
	if h, _ := st.History(a.ID); len(h) != 3 {
		t.Fatalf("%d changes, want 3", len(h))
	}
	// Undo takes back the answer first, then the status.
	press(t, m, "z")
	got, _ = st.Get(a.ID)
	if got.AnswerOf("GGI-A-17", "GGI-A-17.2") != nil || got.Activity("GGI-A-17").Status != assessment.StatusInProgress {
		t.Fatalf("first undo: %+v", got.Activity("GGI-A-17"))
	}
	press(t, m, "z", "z")
	got, _ = st.Get(a.ID)
	if s := got.Activity("GGI-A-17").Status; s.Effective() != assessment.StatusNotStarted {
		t.Fatalf("third undo left status %q", s)
	}
}

func TestAnswersKeepAStatusSomeoneSet(t *testing.T) {
	for _, s := range []assessment.Status{assessment.StatusDone, assessment.StatusNotSelected, assessment.StatusInProgress} {
		st := testkit.Store()
		a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
		setStatus(t, st, a.ID, "GGI-A-17", s)
		m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID})
		press(t, m, "1")
		got, _ := st.Get(a.ID)
		if g := got.Activity("GGI-A-17").Status; g != s {
			t.Errorf("status %q became %q", s, g)
		}
		if v := view(m); strings.Contains(v, "now in progress") {
			t.Errorf("%s: %s", s, v)
		}
	}
}

func TestClearAndNoteDoNotStartTheActivity(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID})
	press(t, m, "u", "c", "x", "enter")
	got, _ := st.Get(a.ID)
	if s := got.Activity("GGI-A-17"); s != nil && s.Status != "" {
		t.Fatalf("status %q after a clear and a note", s.Status)
	}
	if ca := got.AnswerOf("GGI-A-17", "GGI-A-17.1"); ca == nil || ca.Note != "x" {
		t.Fatalf("note not saved: %+v", ca)
	}
}

func TestLastAnswerSuggestsDone(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID})
	press(t, m, "1", "1", "1", "1")
	if v := view(m); strings.Contains(v, "marks it done") {
		t.Fatalf("hint before the last answer:\n%s", v)
	}
	press(t, m, "n")
	if v := view(m); !strings.Contains(v, "GGI-A-17 all answered: ← then p marks it done") {
		t.Fatalf("no hint after the last answer:\n%s", v)
	}
	press(t, m, "left", "p")
	got, _ := st.Get(a.ID)
	if s := got.Activity("GGI-A-17").Status; s != assessment.StatusDone {
		t.Fatalf("← then p: status %q", s)
	}
	// Changing an answer of a complete activity does not nag again.
	press(t, m, "p", "p", "j", "2")
	if v := view(m); strings.Contains(v, "marks it done") {
		t.Fatalf("hint on a changed answer:\n%s", v)
	}
}

func TestFailedStatusKeepsEverythingAsStored(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID})
	st.FailWrites(errors.New("disk full"))
	press(t, m, "3")
	if v := view(m); !strings.Contains(v, "✗ not saved GGI-A-17.1: disk full") || !strings.Contains(v, "status not started") {
		t.Fatalf("after a failed write:\n%s", v)
	}
}

// slowStore delays the writes of one answer value, so that without ordering
// an earlier write would commit after a later one.
type slowStore struct {
	*memstore.Store
	slow assessment.Answer
}

func (s *slowStore) SaveAnswer(id, actID, cpID string, ans assessment.CheckpointAnswer, who string) error {
	if ans.Answer == s.slow {
		time.Sleep(30 * time.Millisecond)
	}
	return s.Store.SaveAnswer(id, actID, cpID, ans, who)
}

func TestWritesCommitInKeyOrder(t *testing.T) {
	mem := testkit.Store()
	a := testkit.NewAssessment(t, mem, "Platform", "2026-Q4")
	st := &slowStore{Store: mem, slow: assessment.Largely}
	m := New(testkit.Common(t, st, 100, 30), Start{AssessmentID: a.ID})
	drain(t, m, m.Init())
	// Bubble Tea runs each command on its own goroutine, at once.
	var cmds []tea.Cmd
	for _, k := range []string{"2", "k", "3", "z"} {
		_, cmd := m.Update(testkit.Key(k))
		cmds = append(cmds, cmd)
	}
	var wg sync.WaitGroup
	msgs := make([]tea.Msg, len(cmds))
	for i, c := range cmds {
		if c != nil {
			wg.Go(func() { msgs[i] = c() })
		}
	}
	wg.Wait()
	h, _ := mem.History(a.ID)
	var got []string
	for _, c := range h {
		switch c.Kind {
		case assessment.ChangeAnswer:
			got = append(got, string(c.NewAnswer.Answer))
		case assessment.ChangeUndo:
			got = append(got, "undo")
		}
	}
	if strings.Join(got, " ") != "largely fully undo" {
		t.Fatalf("writes committed as %v", got)
	}
	stored, _ := mem.Get(a.ID)
	if ca := stored.AnswerOf("GGI-A-17", "GGI-A-17.1"); ca == nil || ca.Answer != assessment.Largely {
		t.Fatalf("undo should leave the first answer: %+v", ca)
	}
}

func TestSaveLineShowsTheNewestWriteWhateverTheReplyOrder(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID})
	_, first := m.Update(testkit.Key("2"))
	_, second := m.Update(testkit.Key("3"))
	// The runtime may deliver the replies in either order.
	m1, m2 := first(), second()
	m.Update(m2)
	m.Update(m1)
	if v := view(m); !strings.Contains(v, "✓ saved GGI-A-17.2: fully") || m.Busy() {
		t.Fatalf("save line after replies out of order:\n%s", v)
	}
}

func TestNoteFormsNeverEchoUnsafeText(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	// As an import might bring it.
	if err := st.SaveAnswer(a.ID, "GGI-A-17", "GGI-A-17.1", assessment.CheckpointAnswer{Note: "old\u202e \x1b]0;pwn\x07note"}, "t"); err != nil {
		t.Fatal(err)
	}
	m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID, ActivityID: "GGI-A-17"})
	press(t, m, "c")
	if v := m.View(); !strings.Contains(v, "old note") || strings.ContainsAny(v, "\u202e\x07") {
		t.Fatalf("the note form echoes unsafe text: %q", v)
	}
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Paste: true, Runes: []rune(" \x1b[2Jmore\u202e")})
	drain(t, m, cmd)
	if v := m.View(); strings.ContainsAny(v, "\u202e\x07") || strings.Contains(v, "\x1b[2J") {
		t.Fatalf("a pasted note is echoed unsafe: %q", v)
	}
	press(t, m, "enter")
	if v := view(m); !strings.Contains(v, "✓ saved GGI-A-17.1: note") {
		t.Fatalf("a note on an unanswered checkpoint:\n%s", v)
	}
	got, _ := st.Get(a.ID)
	if ca := got.AnswerOf("GGI-A-17", "GGI-A-17.1"); ca == nil || ca.Note != "old note more" {
		t.Fatalf("stored note %+v", ca)
	}
}

// In the smallest window ggi draws (40×10), the question is what shows.
func TestSmallestWindowShowsTheQuestion(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 38, 7, Start{AssessmentID: a.ID})
	press(t, m, "k")
	v := view(m)
	lines := strings.Split(v, "\n")
	if len(lines) > 7 || !strings.Contains(v, "▸ Relevant for us?") || !strings.Contains(v, "  Do we actually know") || !strings.Contains(v, "h high") {
		t.Fatalf("relevance at 38×7 (%d lines):\n%s", len(lines), v)
	}
	press(t, m, "j", "2")
	v = view(m)
	if lines := strings.Split(v, "\n"); len(lines) > 7 || !strings.Contains(v, "  We are deliberately") || !strings.Contains(v, "0 not yet") || !strings.Contains(v, "✓ saved") {
		t.Fatalf("checkpoint at 38×7:\n%s", v)
	}
}

func TestCutSummarySaysItGoesOn(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 78, 21, Start{AssessmentID: a.ID})
	press(t, m, "k")
	v := view(m)
	if !strings.Contains(v, "Take stock of") || !strings.Contains(v, " …\n") {
		t.Fatalf("a cut summary should end with an ellipsis:\n%s", v)
	}
}

// A full disk mid-workshop: the screen goes back to the first answer that
// was not saved and keeps saying so until a write succeeds.
func TestFailedWritesStopTheWalk(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID})
	press(t, m, "2")
	st.FailWrites(errors.New("no space left on device"))
	var cmds []tea.Cmd
	for _, k := range []string{"3", "1"} { // typed before the first reply
		_, cmd := m.Update(testkit.Key(k))
		cmds = append(cmds, cmd)
	}
	for _, c := range cmds {
		drain(t, m, c)
	}
	v := view(m)
	if !strings.Contains(v, "checkpoint 2/5") || !strings.Contains(v, "✗ not saved GGI-A-17.2: no space left on device (and 1 more not saved)") {
		t.Fatalf("after two failed answers:\n%s", v)
	}
	press(t, m, "k", "k", "2") // the relevance hint must not hide the failure
	if v := view(m); !strings.Contains(v, "✗ not saved GGI-A-17.2") {
		t.Fatalf("the failure was hidden:\n%s", v)
	}
	got, _ := st.Get(a.ID)
	if ca := got.AnswerOf("GGI-A-17", "GGI-A-17.1"); ca == nil || ca.Answer != assessment.Largely {
		t.Fatalf("the answer saved before the failure: %+v", ca)
	}
	st.FailWrites(nil)
	press(t, m, "j", "j", "3")
	if v := view(m); !strings.Contains(v, "checkpoint 3/5") {
		t.Fatalf("a saved answer moves on again:\n%s", v)
	}
	if v := view(m); strings.Contains(v, "✗") || !strings.Contains(v, "✓ saved GGI-A-17.2: fully") {
		t.Fatalf("after the disk has room again:\n%s", v)
	}
}

func TestEvidenceShowsOnTheActivity(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 100, 30, Start{AssessmentID: a.ID})
	press(t, m, "e", "w", "i", "k", "i", "enter", "e", "\x1b", "x", "enter", "k")
	if v := view(m); !strings.Contains(v, "Evidence: wiki · x") || strings.Contains(v, "\x1b") {
		t.Fatalf("evidence on the relevance stop:\n%q", v)
	}
}

// At 80×24 a checkpoint still gets a line of the activity's summary.
func TestSummaryLineAt80x24(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 78, 21, Start{AssessmentID: a.ID})
	v := view(m)
	if !strings.Contains(v, "Take stock of") || !strings.Contains(v, " …\n") || len(strings.Split(v, "\n")) > 21 {
		t.Fatalf("no summary at 80×24:\n%s", v)
	}
}

func TestOpenFormFollowsTheWindow(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	m := openScreen(t, st, 118, 30, Start{AssessmentID: a.ID})
	press(t, m, "c")
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Paste: true, Runes: []rune(strings.Repeat("word ", 30))})
	drain(t, m, cmd)
	m.c.Width = 48
	m.Update(tea.WindowSizeMsg{Width: 48, Height: 17})
	for _, l := range strings.Split(m.View(), "\n") {
		if n := ansi.StringWidth(l); n > 48 {
			t.Fatalf("a line of %d cells after shrinking to 48: %q", n, l)
		}
	}
}
