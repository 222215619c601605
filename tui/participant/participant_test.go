package participant

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

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

type nopSaver struct{}

func (nopSaver) SaveAnswer(string, string, string, assessment.CheckpointAnswer, string) error {
	return nil
}

func setup(t *testing.T, name string) (*workshop.Hub, *Model) {
	t.Helper()
	q := &assessment.Questionnaire{
		ID: "t", Version: "1",
		Goals: []assessment.Goal{{ID: "usage", Name: "Usage"}},
		Activities: []assessment.Activity{{ID: "T-1", Title: "Inventory", Goal: "usage", Summary: "Know what you use.",
			Checkpoints: []assessment.Checkpoint{{ID: "T-1.1", Text: "A list exists."}, {ID: "T-1.2", Text: "It is current."}}}},
	}
	a := &assessment.Assessment{ID: "A1", Participants: []string{name, "bob"}, Workshop: true}
	h, err := workshop.NewHub(nopSaver{}, q, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	m := New(Options{Hub: h, Questionnaire: q, Styles: theme.New(lipgloss.DefaultRenderer()), Name: name, Title: "Platform"})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 24})
	return h, m
}

func press(t *testing.T, m *Model, k string) tea.Msg {
	t.Helper()
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
	if cmd == nil {
		return nil
	}
	msg := cmd()
	m.Update(msg)
	return msg
}

func TestVoteIsSavedAndShown(t *testing.T) {
	h, m := setup(t, "alice")
	v := ansi.Strip(m.View())
	for _, want := range []string{"you are alice", "Usage › T-1  Inventory", "Checkpoint 1 of 2 · T-1.1", "A list exists.", "not cast yet", "0 of 2 people have voted"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if msg := press(t, m, "2"); msg != (VotedMsg{Position: workshop.Position{ActivityID: "T-1", CheckpointID: "T-1.1"}, Answer: assessment.Largely}) {
		t.Fatalf("vote result = %#v", msg)
	}
	if got := workshop.VoteOf(h.Snapshot().Answer.Votes, "alice"); got != assessment.Largely {
		t.Fatalf("hub has %q", got)
	}
	m.Update(StateMsg{State: h.Snapshot()})
	v = ansi.Strip(m.View())
	for _, want := range []string{"Your vote: ✓ ●●○  largely", "[2 ●●○ largely]", "1 of 2 people have voted", "Saved: largely"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	// Other people's votes are counted, never shown.
	if err := h.Vote(h.Snapshot().Position, "bob", assessment.Fully, "bob"); err != nil {
		t.Fatal(err)
	}
	m.Update(StateMsg{State: h.Snapshot()})
	if v := ansi.Strip(m.View()); strings.Contains(v, "bob") || !strings.Contains(v, "2 of 2") {
		t.Errorf("participant view leaks or miscounts:\n%s", v)
	}
	press(t, m, "x")
	if got := workshop.VoteOf(h.Snapshot().Answer.Votes, "alice"); got != assessment.Unanswered {
		t.Errorf("withdraw left %q", got)
	}
}

func TestVoteAfterFacilitatorMovedIsRefused(t *testing.T) {
	h, m := setup(t, "alice")
	if err := h.Goto(workshop.Position{ActivityID: "T-1", CheckpointID: "T-1.2"}); err != nil {
		t.Fatal(err)
	}
	msg := press(t, m, "3") // the screen still shows T-1.1
	fail, ok := msg.(VoteFailedMsg)
	if !ok || !errors.Is(fail.Err, workshop.ErrMoved) {
		t.Fatalf("got %#v, want ErrMoved", msg)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "moved to another checkpoint") {
		t.Errorf("no explanation:\n%s", v)
	}
	m.Update(StateMsg{State: h.Snapshot()})
	if v := ansi.Strip(m.View()); !strings.Contains(v, "T-1.2") || strings.Contains(v, "moved to another") {
		t.Errorf("new checkpoint not shown or stale error kept:\n%s", v)
	}
}

func TestClosedSessionQuits(t *testing.T) {
	h, m := setup(t, "alice")
	h.Close()
	_, cmd := m.Update(StateMsg{State: h.Snapshot()})
	if cmd == nil || cmd() != tea.Quit() || !m.Ended() {
		t.Fatal("closed session did not end the program")
	}
	if _, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")}); cmd == nil {
		t.Fatal("q does not leave")
	}
}

func TestHostileNameAndSizes(t *testing.T) {
	_, m := setup(t, "eve\x1b[2J\u202e")
	m.Update(tea.WindowSizeMsg{Width: 1 << 30, Height: 1 << 30})
	if v := m.View(); strings.Count(v, "\n") > maxHeight || len(v) > 4*maxWidth*maxHeight {
		t.Errorf("a huge window size from the network is drawn: %d lines", strings.Count(v, "\n"))
	}
	for _, w := range []int{0, 5, 30, 60, 120} {
		m.Update(tea.WindowSizeMsg{Width: w, Height: 8})
		v := m.View()
		if strings.ContainsAny(v, "\x1b\u202e") {
			t.Errorf("width %d: control characters on screen: %q", w, v)
		}
		if w >= 30 {
			for _, l := range strings.Split(v, "\n") {
				if ansi.StringWidth(l) > w {
					t.Errorf("width %d: line too wide: %q", w, l)
				}
			}
		}
	}
}

func TestKeysTypedTogetherLastOneStays(t *testing.T) {
	h, m := setup(t, "alice")
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("231")})
	if cmd == nil {
		t.Fatal("no command for three keys")
	}
	msg := cmd()
	seq := reflect.ValueOf(msg)
	if seq.Kind() != reflect.Slice || seq.Len() != 3 {
		t.Fatalf("want the three votes in sequence, got %#v", msg)
	}
	for i := range seq.Len() {
		m.Update(seq.Index(i).Interface().(tea.Cmd)())
	}
	if got := workshop.VoteOf(h.Snapshot().Answer.Votes, "alice"); got != assessment.Partly {
		t.Errorf("vote = %q, want partly (the last key)", got)
	}
	if _, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("0"), Paste: true}); cmd != nil {
		t.Error("a paste was taken as a vote")
	}
}
