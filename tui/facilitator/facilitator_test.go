package facilitator

import (
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/workshop"
	"github.com/ggi-tool/ggi/tui/theme"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

type memSaver struct {
	mu    sync.Mutex
	saves int
}

func (s *memSaver) SaveAnswer(id, activityID, checkpointID string, ans assessment.CheckpointAnswer, who string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saves++
	return nil
}

func testQuestionnaire() *assessment.Questionnaire {
	return &assessment.Questionnaire{
		ID: "t", Version: "1",
		Goals: []assessment.Goal{{ID: "usage", Name: "Usage"}, {ID: "trust", Name: "Trust"}},
		Activities: []assessment.Activity{
			{ID: "T-1", Title: "Inventory", Goal: "usage", Summary: "Know what open source you use.", Checkpoints: []assessment.Checkpoint{
				{ID: "T-1.1", Text: "A list of the components exists."},
				{ID: "T-1.2", Text: "The list is kept current."},
			}},
			{ID: "T-2", Title: "Licences", Goal: "trust", Summary: "Check licences.", Checkpoints: []assessment.Checkpoint{
				{ID: "T-2.1", Text: "Licences are checked before use."},
			}},
		},
	}
}

type fixture struct {
	t   *testing.T
	hub *workshop.Hub
	m   *Model
}

func newFixture(t *testing.T, width int, participants ...string) *fixture {
	t.Helper()
	a := &assessment.Assessment{ID: "A1", Team: "Platform", Participants: participants, Workshop: true}
	h, err := workshop.NewHub(&memSaver{}, testQuestionnaire(), a, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	o := Options{
		Hub: h, Questionnaire: testQuestionnaire(), Styles: theme.New(lipgloss.DefaultRenderer()),
		Title: "Platform · 2026-Q4", Join: []string{"Join: ssh -p 2323 NAME@127.0.0.1 · code 1234"}, Who: "fac",
	}
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	m := New(o)
	t.Cleanup(m.Close)
	f := &fixture{t: t, hub: h, m: m}
	f.send(tea.WindowSizeMsg{Width: width, Height: 40})
	return f
}

// send delivers msg, runs the command it returns (votes and answers are
// plain commands) and feeds the result and the hub's new state back.
func (f *fixture) send(msg tea.Msg) {
	f.t.Helper()
	_, cmd := f.m.Update(msg)
	if cmd != nil {
		if _, isKey := msg.(tea.KeyMsg); isKey {
			if out := cmd(); out != nil {
				if _, quit := out.(tea.QuitMsg); !quit {
					f.m.Update(out)
				}
			}
		}
	}
	f.m.Update(StateMsg{State: f.hub.Snapshot()})
}

func (f *fixture) keys(ks ...string) {
	f.t.Helper()
	for _, k := range ks {
		var msg tea.KeyMsg
		switch k {
		case "tab":
			msg = tea.KeyMsg{Type: tea.KeyTab}
		case "enter":
			msg = tea.KeyMsg{Type: tea.KeyEnter}
		case "esc":
			msg = tea.KeyMsg{Type: tea.KeyEsc}
		case "right":
			msg = tea.KeyMsg{Type: tea.KeyRight}
		default:
			msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
		}
		f.send(msg)
	}
}

func (f *fixture) view() string { return ansi.Strip(f.m.View()) }

func (f *fixture) mustShow(parts ...string) {
	f.t.Helper()
	v := f.view()
	for _, p := range parts {
		if !strings.Contains(v, p) {
			f.t.Errorf("view lacks %q:\n%s", p, v)
		}
	}
}

func TestRecordingTheRoom(t *testing.T) {
	f := newFixture(t, 120, "alice", "bob", "carol")
	f.mustShow("GGI workshop · Platform · 2026-Q4", "Join: ssh -p 2323", "Usage › T-1  Inventory",
		"Checkpoint 1 of 2 · T-1.1", "A list of the components exists.", "Votes · 0 of 3", "▸ 1  alice", "no votes yet", "Agenda · 3 left")

	// One key per person: the selection moves on by itself.
	f.keys("1", "3", "2")
	st := f.hub.Snapshot()
	for name, want := range map[string]assessment.Answer{"alice": assessment.Partly, "bob": assessment.Fully, "carol": assessment.Largely} {
		if got := workshop.VoteOf(st.Answer.Votes, name); got != want {
			t.Errorf("%s voted %q, want %q", name, got, want)
		}
	}
	f.mustShow("Votes · 3 of 3", "●○○  partly", "●●●  fully", "●●○  largely",
		"partly–fully", "⚠ Discuss: votes are 2 points apart", "suggested largely (enter accepts)")

	// Correct bob, then agree on the suggestion: the room moves on.
	f.keys("tab", "2")
	if got := workshop.VoteOf(f.hub.Snapshot().Answer.Votes, "bob"); got != assessment.Largely {
		t.Fatalf("bob's corrected vote = %q (selected %d)", got, f.m.selected)
	}
	f.mustShow("Saved bob's vote: largely")
	f.keys("enter")
	a := f.hub.Assessment()
	if got := a.AnswerOf("T-1", "T-1.1"); got == nil || got.Answer != assessment.Largely || len(got.Votes) != 3 {
		t.Fatalf("agreed answer = %+v", got)
	}
	if f.hub.Snapshot().Position.CheckpointID != "T-1.2" {
		t.Fatalf("enter did not move on: %v", f.hub.Snapshot().Position)
	}
	f.mustShow("Checkpoint 2 of 2 · T-1.2", "Votes · 0 of 3", "Agenda · 2 left", "1/2")

	// An explicit agreed answer without votes, then clear a vote.
	f.keys("a", "n")
	if got := f.hub.Assessment().AnswerOf("T-1", "T-1.2"); got == nil || got.Answer != assessment.NotApplicable {
		t.Errorf("a n: %+v", got)
	}
	f.keys("0", "x")
	f.mustShow("Agreed: ✓ –––  n/a", "1  alice     ○ away    ○○○  not yet")
}

func TestSkipAndComeBack(t *testing.T) {
	f := newFixture(t, 120, "alice")
	f.keys("s")
	f.mustShow("Checkpoint 2 of 2 · T-1.2", "Skipped T-1.1 for now", "Agenda · 3 left", "0/2 ↷1")
	f.keys("right")
	f.mustShow("Trust › T-2  Licences")
	f.keys("b")
	f.mustShow("Checkpoint 1 of 2 · T-1.1 · ↷ skipped", "Back to skipped T-1.1")
	f.keys("]")
	f.mustShow("T-2.1")
	f.keys("[")
	f.mustShow("T-1.1")
}

func TestRemoteVotesAppearLive(t *testing.T) {
	f := newFixture(t, 100, "alice", "bob")
	leave := f.hub.Join("bob")
	pos := f.hub.Snapshot().Position
	if err := f.hub.Vote(pos, "bob", assessment.Fully, "bob"); err != nil {
		t.Fatal(err)
	}
	// The screen's own subscription delivers the news.
	msg := listen(f.m.states)()
	f.m.Update(msg)
	f.mustShow("● online", "●●●  fully", "Votes · 1 of 2")
	leave()
	f.m.Update(listen(f.m.states)())
	if strings.Contains(f.view(), "● online") {
		t.Errorf("bob still online after leaving:\n%s", f.view())
	}
	f.hub.Close()
	f.m.Update(listen(f.m.states)())
	if !f.m.Ended() {
		t.Error("closed hub did not end the screen")
	}
	f.mustShow("The workshop has ended")
}

func TestTimersFollowTicks(t *testing.T) {
	f := newFixture(t, 120, "alice")
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	for i := range 3 {
		f.m.Update(TickMsg{At: t0.Add(time.Duration(i) * time.Second)})
	}
	f.mustShow("session 0:02", "activity 0:02")
	f.keys("p")
	f.m.Update(TickMsg{At: t0.Add(10 * time.Second)})
	f.mustShow("⏸ paused · session 0:02")
	f.keys("p")
	f.m.Update(TickMsg{At: t0.Add(11 * time.Second)})
	f.mustShow("session 0:03")
	f.m.Update(TickMsg{At: t0.Add(time.Hour)}) // a nap adds at most maxTickGap
	f.mustShow("session 0:08")
	f.keys("]")
	f.mustShow("activity 0:00")
	if got := clock(3723 * time.Second); got != "1:02:03" {
		t.Errorf("clock = %q", got)
	}
}

func TestQuitNeedsConfirmation(t *testing.T) {
	f := newFixture(t, 120, "alice")
	_, cmd := f.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	if cmd != nil {
		t.Fatal("first q quit at once")
	}
	f.mustShow("End the workshop? Press q again")
	f.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x")})
	if f.m.Ended() {
		t.Fatal("another key ended the workshop")
	}
	f.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	_, cmd = f.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	if cmd == nil || cmd() != tea.Quit() {
		t.Fatal("q q did not quit")
	}
}

func TestViewSizesAndSafety(t *testing.T) {
	f := newFixture(t, 120, "alice", "evil\x1b]0;owned\x07\u202ename")
	f.m.showHelp = true
	f.mustShow("Keys", "set agreed", "back to skipped", "previous activity", "end now")
	f.keys("z") // any key closes help
	for _, w := range []int{0, 10, 40, 60, 80, 200} {
		f.m.Update(tea.WindowSizeMsg{Width: w, Height: 12})
		v := f.m.View()
		if strings.ContainsAny(v, "\x1b\x07\u202e") {
			t.Errorf("width %d: control characters reached the screen: %q", w, v)
		}
		if w >= 40 {
			for i, l := range strings.Split(v, "\n") {
				if ansi.StringWidth(l) > w {
					t.Errorf("width %d: line %d is %d wide: %q", w, i, ansi.StringWidth(l), l)
				}
			}
			if n := strings.Count(v, "\n") + 1; n > 12 {
				t.Errorf("width %d: %d lines for a 12-line window", w, n)
			}
		}
	}
	f.m.Update(tea.WindowSizeMsg{Width: 80, Height: 40})
	f.mustShow("Agenda: 3 checkpoints left · next T-2", "evilname")
}

func TestSelectionMovesOnWhenSelectedPersonVotesRemotely(t *testing.T) {
	f := newFixture(t, 120, "alice", "bob", "carol")
	if err := f.hub.Vote(f.hub.Snapshot().Position, "alice", assessment.Partly, "alice"); err != nil {
		t.Fatal(err)
	}
	f.m.Update(listen(f.m.states)())
	if f.m.selected != 1 {
		t.Errorf("selected = %d, want bob (1) after alice voted herself", f.m.selected)
	}
}

func TestFooterSaysEveryEverydayKey(t *testing.T) {
	for _, w := range []int{100, 120, 200} {
		f := newFixture(t, w, "alice")
		f.mustShow("tab/↓ next person", "0-3/n their vote", "x clear", "enter accept suggestion", "a 0-3/n set agreed",
			"←/→ checkpoint", "[/] activity", "s skip", "b back to skipped", "p pause", "? keys", "q end workshop")
		if strings.Contains(f.view(), "…\n") || strings.HasSuffix(f.view(), "…") {
			t.Errorf("width %d: footer cut short:\n%s", w, f.view())
		}
	}
}

func TestKeysTypedTogetherCountOneByOne(t *testing.T) {
	f := newFixture(t, 120, "alice", "bob", "carol")
	_, cmd := f.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("213")})
	runSequence(t, f.m, cmd)
	st := f.hub.Snapshot()
	for name, want := range map[string]assessment.Answer{"alice": assessment.Largely, "bob": assessment.Partly, "carol": assessment.Fully} {
		if got := workshop.VoteOf(st.Answer.Votes, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	_, cmd = f.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("qq")})
	if !containsQuit(t, cmd) {
		t.Error(`"qq" typed quickly did not end the workshop`)
	}
	f2 := newFixture(t, 120, "alice")
	if _, cmd := f2.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("3"), Paste: true}); cmd != nil {
		t.Error("a paste was taken as a vote")
	}
}

// runSequence runs the commands of a tea.Sequence in order, feeding each
// result back to the model.
func runSequence(t *testing.T, m *Model, cmd tea.Cmd) {
	t.Helper()
	if cmd == nil {
		return
	}
	msg := cmd()
	v := reflect.ValueOf(msg)
	if v.Kind() == reflect.Slice { // tea's unexported sequenceMsg
		for i := range v.Len() {
			if c, ok := v.Index(i).Interface().(tea.Cmd); ok {
				runSequence(t, m, c)
			}
		}
		return
	}
	m.Update(msg)
}

func containsQuit(t *testing.T, cmd tea.Cmd) bool {
	t.Helper()
	if cmd == nil {
		return false
	}
	msg := cmd()
	if _, ok := msg.(tea.QuitMsg); ok {
		return true
	}
	v := reflect.ValueOf(msg)
	if v.Kind() == reflect.Slice {
		for i := range v.Len() {
			if c, ok := v.Index(i).Interface().(tea.Cmd); ok && containsQuit(t, c) {
				return true
			}
		}
	}
	return false
}
