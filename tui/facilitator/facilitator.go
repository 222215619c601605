// Package facilitator is the workshop screen for the shared display: the
// checkpoint the room is on, everybody's vote with its spread, the agreed
// answer, timers for the activity and the session, and the agenda of what
// is left. It is a standalone Bubble Tea model driven by a workshop.Hub, so
// votes cast over SSH appear here the moment they are saved.
package facilitator

import (
	"errors"
	"slices"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
	"github.com/ggi-tool/ggi/assessment/workshop"
	"github.com/ggi-tool/ggi/tui/theme"
)

// TickInterval is how often the timers advance.
const TickInterval = time.Second

// maxTickGap caps how much time one tick may add, so a laptop waking from
// sleep does not add the nap to the activity's time.
const maxTickGap = 5 * time.Second

// Options configure the screen.
type Options struct {
	Hub           *workshop.Hub
	Questionnaire *assessment.Questionnaire
	Styles        *theme.Styles
	// Title heads the screen, such as "Platform team · 2026-Q4".
	Title string
	// Join lines tell participants how to connect (command, session code).
	Join []string
	// Who is recorded in the change log for votes and answers entered here.
	Who  string
	Keys *KeyMap
}

// StateMsg carries the hub's latest state.
type StateMsg struct{ State workshop.State }

// TickMsg advances the timers; At is when the tick fired.
type TickMsg struct{ At time.Time }

// SavedMsg reports that a vote or agreed answer is on disk.
type SavedMsg struct{ What string }

// SaveFailedMsg reports a vote or answer that could not be saved.
type SaveFailedMsg struct{ Err error }

// Model is the facilitator screen.
type Model struct {
	opts   Options
	keys   KeyMap
	help   help.Model
	styles *theme.Styles

	states      <-chan workshop.State
	unsubscribe func()

	width, height int
	order         []workshop.Position
	state         workshop.State
	cur           int // index of state.Position in order
	selected      int // participant index
	agreeing      bool
	skipped       map[workshop.Position]bool
	showHelp      bool
	confirmQuit   bool
	status        string
	errText       string
	ended         bool

	paused       bool
	lastTick     time.Time
	session      time.Duration
	activityTime map[string]time.Duration

	view viewData
}

// New builds the screen and subscribes it to the hub. Call Close when the
// program has ended to drop the subscription.
func New(o Options) *Model {
	keys := DefaultKeyMap()
	if o.Keys != nil {
		keys = *o.Keys
	}
	h := help.New()
	if s := o.Styles; s != nil {
		h.Styles.ShortKey, h.Styles.FullKey = s.Key, s.Key
		h.Styles.ShortDesc, h.Styles.FullDesc = s.Muted, s.Muted
		h.Styles.ShortSeparator, h.Styles.FullSeparator = s.Faint, s.Faint
		h.Styles.Ellipsis = s.Faint
	}
	m := &Model{
		opts:         o,
		keys:         keys,
		help:         h,
		styles:       o.Styles,
		order:        workshop.Order(o.Questionnaire),
		skipped:      make(map[workshop.Position]bool),
		activityTime: make(map[string]time.Duration),
	}
	m.states, m.unsubscribe = o.Hub.Subscribe()
	m.setState(<-m.states) // Subscribe always holds the current state
	return m
}

// Close ends the hub subscription; safe to call more than once.
func (m *Model) Close() { m.unsubscribe() }

// Init starts listening to the hub and the timers.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(listen(m.states), tick())
}

// listen waits for the hub's next state. It captures only the channel.
func listen(ch <-chan workshop.State) tea.Cmd {
	return func() tea.Msg {
		st, ok := <-ch
		if !ok {
			return StateMsg{State: workshop.State{Closed: true}}
		}
		return StateMsg{State: st}
	}
}

func tick() tea.Cmd {
	return tea.Tick(TickInterval, func(t time.Time) tea.Msg { return TickMsg{At: t} })
}

// Update handles one message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.Width = max(msg.Width-2, 0)
		m.refresh()
		return m, nil
	case StateMsg:
		return m, m.onState(msg.State)
	case TickMsg:
		m.onTick(msg.At)
		return m, tick()
	case SavedMsg:
		m.errText = ""
		m.status = msg.What
		return m, nil
	case SaveFailedMsg:
		m.errText = safe.Line(msg.Err.Error())
		return m, nil
	case tea.KeyMsg:
		return m, m.onKey(msg)
	}
	return m, nil
}

func (m *Model) onState(st workshop.State) tea.Cmd {
	if st.Closed {
		m.ended = true
		m.state.Closed = true
		m.refresh()
		return nil
	}
	if st.Seq < m.state.Seq {
		return listen(m.states) // stale: a newer state is already shown
	}
	m.setState(st)
	return listen(m.states)
}

func (m *Model) setState(st workshop.State) {
	moved := st.Position != m.state.Position
	var justVoted bool
	if ps := st.Participants; !moved && m.selected < len(ps) {
		name := ps[m.selected]
		justVoted = workshop.VoteOf(m.state.Answer.Votes, name) == assessment.Unanswered &&
			workshop.VoteOf(st.Answer.Votes, name) != assessment.Unanswered
	}
	m.state = st
	if i := slices.Index(m.order, st.Position); i >= 0 {
		m.cur = i
	}
	if ans, ok := st.Agreed[st.Position.CheckpointID]; ok && ans.Answered() {
		delete(m.skipped, st.Position)
	}
	switch {
	case moved:
		m.agreeing = false
		m.selected = m.firstWithoutVote(0)
	case justVoted:
		// The selected person voted from their own terminal: move on to
		// someone still to be asked.
		m.selected = m.firstWithoutVote(m.selected + 1)
	}
	m.refresh()
}

func (m *Model) onTick(at time.Time) {
	if !m.lastTick.IsZero() && !m.paused && !m.ended {
		d := min(max(at.Sub(m.lastTick), 0), maxTickGap)
		m.session += d
		m.activityTime[m.state.Position.ActivityID] += d
	}
	m.lastTick = at
	m.refresh()
}

func (m *Model) onKey(msg tea.KeyMsg) tea.Cmd {
	if msg.Paste {
		return nil // a paste is never a string of votes
	}
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 {
		// Keys typed quickly arrive together ("qq", "213"): take them one by
		// one, and save in the order they were typed.
		cmds := make([]tea.Cmd, 0, len(msg.Runes))
		for _, r := range msg.Runes {
			cmds = append(cmds, m.onKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}))
		}
		return tea.Sequence(cmds...)
	}
	if key.Matches(msg, m.keys.ForceQuit) {
		return m.quit()
	}
	if m.ended {
		if key.Matches(msg, m.keys.Quit, m.keys.Cancel) {
			return m.quit()
		}
		return nil
	}
	if m.confirmQuit {
		m.confirmQuit = false
		if key.Matches(msg, m.keys.Quit) {
			return m.quit()
		}
		m.status = ""
		return nil
	}
	if m.showHelp {
		m.showHelp = false
		return nil
	}
	if m.agreeing {
		return m.onAgreeKey(msg)
	}
	if cmd, ok := m.onVoteKey(msg); ok {
		return cmd
	}
	return m.onNavKey(msg)
}

// onVoteKey handles the keys that record what people said.
func (m *Model) onVoteKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, m.keys.NextParticipant):
		m.moveSelection(1)
	case key.Matches(msg, m.keys.PrevParticipant):
		m.moveSelection(-1)
	case key.Matches(msg, m.keys.Vote):
		return m.vote(answerKey(msg.String())), true
	case key.Matches(msg, m.keys.Clear):
		return m.vote(assessment.Unanswered), true
	case key.Matches(msg, m.keys.Agree):
		m.agreeing = true
		m.status = "Agreed answer: press 0-3 or n (esc cancels)"
	case key.Matches(msg, m.keys.Accept):
		return m.accept(), true
	default:
		return nil, false
	}
	m.refresh()
	return nil, true
}

// onNavKey handles moving through the questionnaire and the session.
func (m *Model) onNavKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Next):
		m.gotoIndex(m.cur + 1)
	case key.Matches(msg, m.keys.Prev):
		m.gotoIndex(m.cur - 1)
	case key.Matches(msg, m.keys.NextActivity):
		m.gotoIndex(m.activityStart(1))
	case key.Matches(msg, m.keys.PrevActivity):
		m.gotoIndex(m.activityStart(-1))
	case key.Matches(msg, m.keys.Skip):
		m.skipped[m.state.Position] = true
		m.status = "Skipped " + m.state.Position.CheckpointID + " for now: b comes back to it"
		m.gotoIndex(m.nextOpen(m.cur + 1))
	case key.Matches(msg, m.keys.ComeBack):
		m.comeBack()
	case key.Matches(msg, m.keys.Pause):
		m.paused = !m.paused
		m.status = "Timers running"
		if m.paused {
			m.status = "Timers paused (p resumes)"
		}
	case key.Matches(msg, m.keys.Help):
		m.showHelp = true
	case key.Matches(msg, m.keys.Quit):
		m.confirmQuit = true
		m.status = "End the workshop? Press q again (any other key continues). Every vote is already saved."
	}
	m.refresh()
	return nil
}

func (m *Model) onAgreeKey(msg tea.KeyMsg) tea.Cmd {
	m.agreeing = false
	m.status = ""
	if key.Matches(msg, m.keys.Vote) {
		return m.agree(answerKey(msg.String()))
	}
	m.refresh()
	return nil
}

func (m *Model) quit() tea.Cmd {
	m.ended = true
	return tea.Quit
}

func answerKey(k string) assessment.Answer {
	a, err := assessment.ParseAnswer(k)
	if err != nil {
		return assessment.Unanswered
	}
	return a
}

// vote records the selected participant's vote and moves the selection to
// the next person who has not voted, so a round of the room is one key per
// person.
func (m *Model) vote(ans assessment.Answer) tea.Cmd {
	ps := m.state.Participants
	if len(ps) == 0 {
		return nil
	}
	who := ps[m.selected]
	cmd := saveVote(m.opts.Hub, m.state.Position, who, ans, m.opts.Who)
	if ans != assessment.Unanswered {
		m.selected = m.firstWithoutVoteExcept(m.selected+1, who)
	}
	m.refresh()
	return cmd
}

// accept agrees on the suggested answer and moves to the next checkpoint
// that is still open.
func (m *Model) accept() tea.Cmd {
	ans := m.view.spread.Suggested
	if ans == assessment.Unanswered {
		ans = m.state.Answer.Answer // nothing to suggest: keep what is agreed
	}
	if ans == assessment.Unanswered {
		m.status = "No votes yet: record votes, or press a and the agreed answer"
		m.refresh()
		return nil
	}
	cmd := m.agree(ans)
	m.gotoIndex(m.nextOpen(m.cur + 1))
	return cmd
}

func (m *Model) agree(ans assessment.Answer) tea.Cmd {
	if ans == assessment.Unanswered {
		return nil
	}
	delete(m.skipped, m.state.Position)
	cmd := saveAgreed(m.opts.Hub, m.state.Position, ans, m.opts.Who)
	m.refresh()
	return cmd
}

// saveVote writes through the hub in a command: the hub saves (one
// committed transaction) before it broadcasts. It captures values only.
func saveVote(h *workshop.Hub, p workshop.Position, participant string, ans assessment.Answer, who string) tea.Cmd {
	return func() tea.Msg {
		if err := h.RecordVote(p, participant, ans, who); err != nil {
			return SaveFailedMsg{Err: err}
		}
		if ans == assessment.Unanswered {
			return SavedMsg{What: "Cleared " + participant + "'s vote"}
		}
		return SavedMsg{What: "Saved " + participant + "'s vote: " + ans.Label()}
	}
}

func saveAgreed(h *workshop.Hub, p workshop.Position, ans assessment.Answer, who string) tea.Cmd {
	return func() tea.Msg {
		if err := h.Agree(p, ans, who); err != nil {
			return SaveFailedMsg{Err: err}
		}
		return SavedMsg{What: "Saved agreed answer for " + p.CheckpointID + ": " + ans.Label()}
	}
}

// gotoIndex moves the room to order[i]. The hub only touches memory here,
// so it is called directly; the new position comes back as a state.
func (m *Model) gotoIndex(i int) {
	if i < 0 || i >= len(m.order) || i == m.cur {
		if i >= len(m.order) {
			m.status = "That was the last checkpoint: b returns to skipped ones"
		}
		return
	}
	if err := m.opts.Hub.Goto(m.order[i]); err != nil {
		m.errText = safe.Line(err.Error())
		return
	}
	m.setState(m.opts.Hub.Snapshot())
}

// activityStart is the index of the first checkpoint of the next (dir 1)
// or previous (dir -1) activity; previous from the middle of an activity
// goes to its start first.
func (m *Model) activityStart(dir int) int {
	act := m.order[m.cur].ActivityID
	i := m.cur
	if dir > 0 {
		for i < len(m.order) && m.order[i].ActivityID == act {
			i++
		}
		return i
	}
	for i > 0 && m.order[i-1].ActivityID == act {
		i--
	}
	if i != m.cur {
		return i
	}
	if i == 0 {
		return 0
	}
	prev := m.order[i-1].ActivityID
	for i > 0 && m.order[i-1].ActivityID == prev {
		i--
	}
	return i
}

// nextOpen is the first checkpoint from i on that has no agreed answer and
// is not skipped; past the end it stays past the end.
func (m *Model) nextOpen(i int) int {
	for ; i < len(m.order); i++ {
		p := m.order[i]
		if _, done := m.state.Agreed[p.CheckpointID]; !done && !m.skipped[p] {
			return i
		}
	}
	return i
}

// comeBack goes to the next skipped checkpoint after the current one,
// wrapping round; with none skipped, to the first open one.
func (m *Model) comeBack() {
	n := len(m.order)
	for k := 1; k <= n; k++ {
		i := (m.cur + k) % n
		if m.skipped[m.order[i]] {
			m.gotoIndex(i)
			m.status = "Back to skipped " + m.order[i].CheckpointID
			return
		}
	}
	if i := m.nextOpen(0); i < n {
		m.gotoIndex(i)
		m.status = "Nothing skipped: first open checkpoint"
		return
	}
	m.status = "Nothing skipped and nothing open: every checkpoint has an answer"
}

func (m *Model) moveSelection(d int) {
	n := len(m.state.Participants)
	if n == 0 {
		return
	}
	m.selected = ((m.selected+d)%n + n) % n
}

func (m *Model) firstWithoutVote(from int) int {
	return m.firstWithoutVoteExcept(from, "")
}

// firstWithoutVoteExcept finds the next participant (from index from,
// wrapping) who has not voted on this checkpoint; except has just voted
// but the state does not show it yet. With everyone done, the selection
// simply moves on by one.
func (m *Model) firstWithoutVoteExcept(from int, except string) int {
	ps := m.state.Participants
	n := len(ps)
	if n == 0 {
		return 0
	}
	for k := range n {
		i := (from + k) % n
		if ps[i] != except && workshop.VoteOf(m.state.Answer.Votes, ps[i]) == assessment.Unanswered {
			return i
		}
	}
	return from % n
}

// Ended reports whether the facilitator ended the session or the hub closed.
func (m *Model) Ended() bool { return m.ended }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding { return m.keys.ShortHelp() }

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// Validate checks the options before a program starts.
func (o Options) Validate() error {
	switch {
	case o.Styles == nil:
		return errors.New("facilitator: Options.Styles is required")
	case o.Hub == nil:
		return errors.New("facilitator: Options.Hub is required")
	case o.Questionnaire == nil:
		return errors.New("facilitator: Options.Questionnaire is required")
	}
	return nil
}
