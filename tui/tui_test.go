package tui

import (
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/tui/common"
	"github.com/ggi-tool/ggi/tui/internal/memstore"
	"github.com/ggi-tool/ggi/tui/internal/testkit"
)

func TestMain(m *testing.M) {
	testkit.ASCII()
	os.Exit(m.Run())
}

func options(t testing.TB, st assessment.Store) Options {
	return Options{Store: st, Questionnaires: testkit.Registry(t), Now: testkit.Now, User: "tester", ExportDir: t.TempDir()}
}

// root drives the root model synchronously, running commands as the
// runtime would.
type root struct {
	t    *testing.T
	m    *Model
	quit bool
	wait time.Duration // how long a command may take; 0: testkit's default
}

func newRoot(t *testing.T, o Options, w, h int) *root {
	r := &root{t: t, m: New(o)}
	r.send(tea.WindowSizeMsg{Width: w, Height: h})
	r.run(r.m.Init())
	return r
}

func (r *root) run(cmd tea.Cmd) {
	wait := r.wait
	if wait == 0 {
		wait = 40 * time.Millisecond
	}
	testkit.DrainWithin(r.t, wait, func(msg tea.Msg) tea.Cmd {
		if _, ok := msg.(tea.QuitMsg); ok {
			r.quit = true
			return nil
		}
		_, c := r.m.Update(msg)
		return c
	}, cmd)
}

func (r *root) send(msg tea.Msg) {
	_, cmd := r.m.Update(msg)
	r.run(cmd)
}

func (r *root) keys(keys ...string) {
	for _, k := range keys {
		r.send(testkit.Key(k))
	}
}

func (r *root) view() string { return testkit.Plain(r.m.View()) }

func TestTinyAndZeroSizesNeverPanic(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	for _, to := range []string{"", a.ID} {
		o := options(t, st)
		o.OpenID = to
		r := newRoot(t, o, 0, 0)
		if r.m.View() != "" {
			t.Fatal("0x0 should draw nothing")
		}
		for _, s := range [][2]int{{20, 5}, {1, 1}, {39, 30}, {100, 9}, {40, 10}, {60, 20}, {200, 60}, {3, 100}} {
			r.send(tea.WindowSizeMsg{Width: s[0], Height: s[1]})
			v := r.m.View()
			lines := strings.Split(v, "\n")
			if len(lines) > s[1] {
				t.Errorf("%dx%d: %d lines", s[0], s[1], len(lines))
			}
			r.keys("j", "2", "?", "?")
		}
	}
	r := newRoot(t, options(t, st), 20, 5)
	testkit.Golden(t, "too-small-20x5", r.m.View())
}

func TestHelpFooterAndOverlay(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	o := options(t, st)
	o.OpenID = a.ID
	r := newRoot(t, o, 100, 30)
	if !strings.Contains(r.view(), "0-3 answer • n n/a") {
		t.Fatalf("footer:\n%s", r.view())
	}
	testkit.Golden(t, "answer-root-100x30", r.m.View())
	r.keys("?")
	v := r.view()
	for _, want := range []string{"Keys", "not yet", "H change log", "z undo", "t target level", "q/esc  back", "ctrl+c quit"} {
		if !strings.Contains(v, want) {
			t.Errorf("full help lacks %q", want)
		}
	}
	testkit.Golden(t, "help-100x30", r.m.View())
	r.keys("esc")
	if strings.Contains(r.view(), "H change log") || r.m.Screen() != common.ScreenAnswer {
		t.Fatal("esc should close help first")
	}
}

func TestBackAndQuit(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	o := options(t, st)
	o.OpenID = a.ID
	r := newRoot(t, o, 100, 30)
	if !strings.Contains(r.view(), "ggi │ Platform 2026-Q4 › Answering") {
		t.Fatalf("open should land in answering, naming the team and period:\n%s", r.view())
	}
	r.keys("s")
	if r.m.Screen() != common.ScreenScorecard {
		t.Fatal("s")
	}
	r.keys("a")
	if r.m.Screen() != common.ScreenAnswer || len(r.m.stack) != 3 {
		t.Fatalf("a from the scorecard should return, not stack: %v", r.m.stack)
	}
	r.keys("esc")
	if r.m.Screen() != common.ScreenOverview {
		t.Fatal("esc from answering")
	}
	r.keys("q")
	if r.m.Screen() != common.ScreenHome || r.quit {
		t.Fatal("q from the overview")
	}
	r.keys("q")
	if !r.quit {
		t.Fatal("q on home should quit")
	}
}

func TestCtrlCQuitsFromInsideAForm(t *testing.T) {
	r := newRoot(t, options(t, testkit.Store()), 100, 30)
	r.keys("n", "q", "?")
	if r.m.Screen() != common.ScreenNew || r.quit {
		t.Fatal("q and ? must type into the form, not leave it")
	}
	if !strings.Contains(r.view(), "q?") {
		t.Fatalf("typed text missing:\n%s", r.view())
	}
	r.keys("ctrl+c")
	if !r.quit {
		t.Fatal("ctrl+c did not quit from the form")
	}
}

func TestQuitWaitsForSaves(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	o := options(t, st)
	o.OpenID = a.ID
	r := newRoot(t, o, 100, 30)
	_, save := r.m.Update(testkit.Key("2"))
	_, cmd := r.m.Update(testkit.Key("ctrl+c"))
	if cmd != nil {
		t.Fatal("quit while a save is in flight")
	}
	if !strings.Contains(r.view(), "saving before quitting") {
		t.Fatalf("view:\n%s", r.view())
	}
	r.run(save)
	if !r.quit {
		t.Fatal("did not quit once the save landed")
	}
	r = newRoot(t, o, 100, 30)
	r.m.Update(testkit.Key("3"))
	r.m.Update(testkit.Key("ctrl+c"))
	if _, cmd := r.m.Update(testkit.Key("ctrl+c")); cmd == nil {
		t.Fatal("a second ctrl+c must leave at once")
	}
	got, _ := st.Get(a.ID)
	if got.AnswerOf("GGI-A-17", "GGI-A-17.1") == nil {
		t.Fatal("answer lost")
	}
}

func TestFastTypingCountsEveryKey(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	o := options(t, st)
	o.OpenID = a.ID
	r := newRoot(t, o, 100, 30)
	r.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("231")})
	got, _ := st.Get(a.ID)
	for i, want := range []assessment.Answer{assessment.Largely, assessment.Fully, assessment.Partly} {
		id := "GGI-A-17." + string(rune('1'+i))
		if ca := got.AnswerOf("GGI-A-17", id); ca == nil || ca.Answer != want {
			t.Errorf("%s = %+v", id, ca)
		}
	}
}

func TestOpenUnknownShowsError(t *testing.T) {
	o := options(t, testkit.Store())
	o.OpenID = "missing"
	r := newRoot(t, o, 80, 20)
	if !strings.Contains(r.view(), "cannot open assessment missing") {
		t.Fatalf("view:\n%s", r.view())
	}
}

func waitFor(t *testing.T, tm *teatest.TestModel, want string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(ansi.Strip(string(b)), want) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// TestFlowCreateAnswerScorecard runs the real program loop: create an
// assessment with the form, answer with single keys, read the scorecard.
func TestFlowCreateAnswerScorecard(t *testing.T) {
	st := testkit.Store()
	tm := teatest.NewTestModel(t, New(options(t, st)), teatest.WithInitialTermSize(100, 30))
	waitFor(t, tm, "No assessments yet")
	tm.Send(testkit.Key("n"))
	waitFor(t, tm, "Who is assessing themselves?")
	tm.Type("Platform")
	// The form moves focus in a command: wait for each move before the
	// next key, as a person would see it.
	for _, next := range []string{"┃ Organisation", "┃ Period", "┃ Questionnaire", "┃ Facilitator", "┃ Participants", "GGI-A-17 · checkpoint 1/5"} {
		tm.Send(testkit.Key("enter"))
		waitFor(t, tm, next)
	}
	tm.Send(testkit.Key("2"))
	waitFor(t, tm, "saved GGI-A-17.1: largely")
	tm.Send(testkit.Key("3"))
	waitFor(t, tm, "saved GGI-A-17.2: fully")
	tm.Send(testkit.Key("1"))
	waitFor(t, tm, "saved GGI-A-17.3: partly")
	tm.Send(testkit.Key("s"))
	waitFor(t, tm, "Overall 66.7 · level 4 Engaged")
	tm.Send(testkit.Key("ctrl+c"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	all, _ := st.List()
	if len(all) != 1 || all[0].Team != "Platform" || all[0].Period != "2026-Q4" {
		t.Fatalf("stored %+v", all)
	}
	if ca := all[0].AnswerOf("GGI-A-17", "GGI-A-17.3"); ca == nil || ca.Answer != assessment.Partly {
		t.Fatalf("GGI-A-17.3 = %+v", ca)
	}
}

// TestFlowQuarterlyReview carries last quarter forward from home, confirms
// a carried answer, changes another, undoes it, and reads the change.
func TestFlowQuarterlyReview(t *testing.T) {
	st := testkit.Store()
	q := testkit.Questionnaire(t)
	prev := testkit.NewAssessment(t, st, "Platform", "2026-Q3")
	testkit.Answer(t, st, q, prev.ID, "GGI-A-17", assessment.Largely, assessment.Partly)
	tm := teatest.NewTestModel(t, New(options(t, st)), teatest.WithInitialTermSize(120, 30))
	waitFor(t, tm, "Platform")
	tm.Send(testkit.Key("d"))
	waitFor(t, tm, "2 answers carried over")
	tm.Send(testkit.Key("enter"))
	waitFor(t, tm, "↺2 to confirm")
	tm.Send(testkit.Key("f"))
	waitFor(t, tm, "showing: not yet answered")
	tm.Send(testkit.Key("f"))
	waitFor(t, tm, "showing: unconfirmed")
	tm.Send(testkit.Key("enter"))
	waitFor(t, tm, "carried over from last period: largely")
	tm.Send(testkit.Key("2"))
	waitFor(t, tm, "saved GGI-A-17.1: largely (confirmed)")
	tm.Send(testkit.Key("3"))
	waitFor(t, tm, "saved GGI-A-17.2: fully")
	tm.Send(testkit.Key("z"))
	waitFor(t, tm, "undone: GGI-A-17.2 partly → fully")
	tm.Send(testkit.Key("ctrl+c"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	all, _ := st.List()
	var next *assessment.Assessment
	for _, a := range all {
		if a.FromID == prev.ID {
			next = a
		}
	}
	if next == nil || next.Unconfirmed("GGI-A-17", "GGI-A-17.1") || !next.Unconfirmed("GGI-A-17", "GGI-A-17.2") {
		t.Fatalf("after review: %+v", next)
	}
}

// BenchmarkRootKeypress is the whole frame: root routing, the answering
// screen's Update and the full View at 200×60.
func BenchmarkRootKeypress(b *testing.B) {
	st := memstore.New(testkit.Now)
	a := testkit.NewAssessment(b, st, "Platform", "2026-Q4")
	o := Options{Store: st, Questionnaires: testkit.Registry(b), Now: testkit.Now, OpenID: a.ID}
	m := New(o)
	m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
	msg := m.Init()()
	m.Update(msg)
	keys := []tea.KeyMsg{testkit.Key("2"), testkit.Key("k")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		_, _ = m.Update(keys[i%2])
		_ = m.View()
	}
}

// The header names the team and period being answered, made safe and cut
// to the window, however hostile the name.
func TestHeaderNamesTheAssessment(t *testing.T) {
	st := testkit.Store()
	team := "\x1b]0;pwn\x07\x1b[2JPlat\u202eform 平台チーム 🚀 " + strings.Repeat("very long team name ", 10)
	a := testkit.NewAssessment(t, st, team, "2026-Q3")
	o := options(t, st)
	o.OpenID = a.ID
	for _, w := range []int{40, 60, 100, 200} {
		r := newRoot(t, o, w, 30)
		head := strings.Split(r.m.View(), "\n")[0]
		plain := ansi.Strip(head)
		if strings.ContainsAny(plain, "\x1b\x07\u202e") || strings.Contains(plain, "pwn\x07") {
			t.Errorf("%d: unsafe header %q", w, head)
		}
		if !strings.HasPrefix(plain, " ggi │ Platform") || !strings.HasSuffix(strings.TrimRight(plain, " "), "› Answering") {
			t.Errorf("%d: header %q", w, plain)
		}
		if n := ansi.StringWidth(head); n > w {
			t.Errorf("%d: header is %d cells", w, n)
		}
		r.keys("o")
		if h := testkit.Plain(strings.Split(r.m.View(), "\n")[0]); !strings.HasSuffix(strings.TrimRight(h, " "), "› Overview") {
			t.Errorf("%d: overview header %q", w, h)
		}
		r.keys("esc")
		if h := testkit.Plain(strings.Split(r.m.View(), "\n")[0]); h != " ggi │ Assessments" {
			t.Errorf("%d: list header %q", w, h)
		}
	}
}

// In a narrow window the full help wraps its columns instead of hiding
// the ones that do not fit.
func TestFullHelpListsEveryKeyWhenNarrow(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Platform", "2026-Q4")
	o := options(t, st)
	o.OpenID = a.ID
	r := newRoot(t, o, 60, 24)
	r.keys("?")
	v := r.view()
	for _, want := range []string{"not yet", "next activity", "relevance high", "target level", "evidence", "change log", "undo", "ctrl+c quit"} {
		if !strings.Contains(v, want) {
			t.Errorf("help at 60×24 lacks %q:\n%s", want, v)
		}
	}
	for _, l := range strings.Split(r.m.View(), "\n") {
		if ansi.StringWidth(l) > 60 {
			t.Errorf("line wider than the window: %q", l)
		}
	}
}
