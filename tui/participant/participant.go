// Package participant is what a workshop participant sees in their own
// terminal, usually over SSH: the checkpoint the facilitator has on the
// shared screen and a one-key vote. Participants see how many people have
// voted but not what they voted, so nobody anchors on the first answer.
package participant

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
	"github.com/ggi-tool/ggi/assessment/workshop"
	"github.com/ggi-tool/ggi/tui/components"
	"github.com/ggi-tool/ggi/tui/theme"
)

// Window limits for terminals on the other end of a network connection.
const (
	maxWidth  = 400
	maxHeight = 200
)

// Options configure the screen.
type Options struct {
	Hub           *workshop.Hub
	Questionnaire *assessment.Questionnaire
	Styles        *theme.Styles
	// Name is the participant, spelled as in the assessment.
	Name string
	// Title heads the screen, such as "Platform team · 2026-Q4".
	Title string
}

// StateMsg carries the hub's latest state; the program's owner sends it
// (tea.Program.Send) whenever the hub broadcasts.
type StateMsg struct{ State workshop.State }

// VotedMsg reports that the participant's vote is saved.
type VotedMsg struct {
	Position workshop.Position
	Answer   assessment.Answer
}

// VoteFailedMsg reports a vote that was not recorded.
type VoteFailedMsg struct{ Err error }

// KeyMap is the participant's keyboard.
type KeyMap struct {
	Vote  key.Binding
	Clear key.Binding
	Quit  key.Binding
}

// DefaultKeyMap returns the participant's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Vote:  key.NewBinding(key.WithKeys("0", "1", "2", "3", "n"), key.WithHelp("0-3/n", "vote")),
		Clear: key.NewBinding(key.WithKeys("x", "backspace", "delete"), key.WithHelp("x", "withdraw vote")),
		Quit:  key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "leave")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Vote, k.Clear, k.Quit} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// Model is the participant screen.
type Model struct {
	opts    Options
	keys    KeyMap
	help    help.Model
	width   int
	height  int
	state   workshop.State
	sending bool
	status  string
	errText string
	ended   bool
}

// New builds the screen showing the hub's current state.
func New(o Options) *Model {
	h := help.New()
	if s := o.Styles; s != nil {
		h.Styles.ShortKey, h.Styles.ShortDesc, h.Styles.ShortSeparator = s.Key, s.Muted, s.Faint
	}
	return &Model{opts: o, keys: DefaultKeyMap(), help: h, state: o.Hub.Snapshot()}
}

// Init does nothing: states arrive through StateMsg.
func (m *Model) Init() tea.Cmd { return nil }

// Ended reports whether the workshop closed while this screen was open.
func (m *Model) Ended() bool { return m.ended }

// Update handles one message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		// Sizes come from the participant's SSH client: keep them sane so
		// nobody can make the server draw a million blank lines.
		m.width, m.height = min(max(msg.Width, 0), maxWidth), min(max(msg.Height, 0), maxHeight)
		m.help.Width = m.width
	case StateMsg:
		if msg.State.Closed {
			m.ended = true
			return m, tea.Quit
		}
		if msg.State.Seq >= m.state.Seq {
			if msg.State.Position != m.state.Position {
				m.status, m.errText = "", ""
			}
			m.state = msg.State
		}
	case VotedMsg:
		m.sending = false
		m.errText = ""
		if msg.Answer == assessment.Unanswered {
			m.status = "Vote withdrawn"
		} else {
			m.status = "Saved: " + msg.Answer.Label()
		}
	case VoteFailedMsg:
		m.sending = false
		m.status = ""
		m.errText = safe.Line(msg.Err.Error())
	case tea.KeyMsg:
		return m, m.onKey(msg)
	}
	return m, nil
}

func (m *Model) onKey(msg tea.KeyMsg) tea.Cmd {
	if msg.Paste {
		return nil // a paste is never a vote
	}
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 {
		// Keys typed quickly arrive together ("23"): take them one by one,
		// saved in order, so the last key pressed is the vote that stays.
		cmds := make([]tea.Cmd, 0, len(msg.Runes))
		for _, r := range msg.Runes {
			cmds = append(cmds, m.onKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}))
		}
		return tea.Sequence(cmds...)
	}
	switch {
	case key.Matches(msg, m.keys.Quit):
		return tea.Quit
	case key.Matches(msg, m.keys.Vote):
		ans, err := assessment.ParseAnswer(msg.String())
		if err != nil {
			return nil
		}
		return m.vote(ans)
	case key.Matches(msg, m.keys.Clear):
		return m.vote(assessment.Unanswered)
	}
	return nil
}

func (m *Model) vote(ans assessment.Answer) tea.Cmd {
	m.sending = true
	m.status = "Saving…"
	return castVote(m.opts.Hub, m.state.Position, m.opts.Name, ans)
}

// castVote saves the vote through the hub; it captures values only.
func castVote(h *workshop.Hub, p workshop.Position, name string, ans assessment.Answer) tea.Cmd {
	return func() tea.Msg {
		if err := h.Vote(p, name, ans, name); err != nil {
			return VoteFailedMsg{Err: err}
		}
		return VotedMsg{Position: p, Answer: ans}
	}
}

// View draws the screen. The little it computes (a lookup in the
// questionnaire, a count of votes) is cheap and has no I/O.
func (m *Model) View() string {
	w := m.width
	if w <= 0 {
		w = 80
	}
	if w < 20 {
		return "ggi: window too small"
	}
	inner := w - 2
	textW := min(inner, 90)
	s := m.opts.Styles
	var lines []string
	title := "GGI workshop"
	if t := safe.Line(m.opts.Title); t != "" {
		title += " · " + t
	}
	lines = append(lines, components.SpaceBetween(s.Title.Render(title), s.Muted.Render("you are "+safe.Line(m.opts.Name)), inner), "")
	lines = append(lines, m.checkpointLines(textW)...)
	lines = append(lines, "", m.voteLine())
	lines = append(lines, "", m.scaleLine(), "")
	voted := len(workshop.Latest(m.state.Answer.Votes))
	room := fmt.Sprintf("%d of %d people have voted", voted, len(m.state.Participants))
	if a := m.state.Answer.Answer; a != assessment.Unanswered {
		room += " · agreed: " + a.Label()
	}
	lines = append(lines, s.Muted.Render(room))
	foot := []string{m.statusLine(), m.help.View(m.keys)}
	return components.Frame(lines, foot, inner, m.height)
}

func (m *Model) checkpointLines(width int) []string {
	s := m.opts.Styles
	p := m.state.Position
	act, ok := m.opts.Questionnaire.Activity(p.ActivityID)
	if !ok {
		return []string{s.Muted.Render("Waiting for the facilitator…")}
	}
	goal := ""
	if g, ok := m.opts.Questionnaire.Goal(act.Goal); ok {
		goal = safe.Line(g.Name) + " › "
	}
	lines := []string{s.Heading.Render(goal + safe.Line(act.ID) + "  " + safe.Line(act.Title))}
	for _, l := range components.WordWrap(safe.Line(act.Summary), width) {
		lines = append(lines, s.Muted.Render(l))
	}
	for i, c := range act.Checkpoints {
		if c.ID != p.CheckpointID {
			continue
		}
		lines = append(lines, "", s.Accent.Render(fmt.Sprintf("Checkpoint %d of %d · %s", i+1, len(act.Checkpoints), safe.Line(c.ID))))
		for _, l := range components.WordWrap(safe.Line(c.Text), width) {
			lines = append(lines, s.Heading.Render(l))
		}
		for _, l := range components.WordWrap(safe.Line(c.Help), width) {
			lines = append(lines, s.Muted.Render(l))
		}
	}
	return lines
}

func (m *Model) voteLine() string {
	s := m.opts.Styles
	mine := workshop.VoteOf(m.state.Answer.Votes, m.opts.Name)
	if mine == assessment.Unanswered {
		return s.Heading.Render("Your vote: ") + s.Muted.Render("not cast yet: press 0, 1, 2, 3 or n")
	}
	return s.Heading.Render("Your vote: ") + s.Good.Render("✓ "+components.AnswerDots(mine)+"  "+mine.Label())
}

// scaleLine shows the whole scale with the participant's vote in brackets.
func (m *Model) scaleLine() string {
	s := m.opts.Styles
	mine := workshop.VoteOf(m.state.Answer.Votes, m.opts.Name)
	keys := []string{"0", "1", "2", "3", "n"}
	var parts []string
	for i, a := range assessment.Answers() {
		label := keys[i] + " " + components.AnswerDots(a) + " " + a.Label()
		if a == mine {
			parts = append(parts, s.Selected.Render("["+label+"]"))
			continue
		}
		parts = append(parts, s.Text.Render(" "+label+" "))
	}
	return strings.Join(parts, "  ")
}

func (m *Model) statusLine() string {
	s := m.opts.Styles
	switch {
	case m.errText != "":
		return s.ErrorBar.Render("✗ " + m.errText)
	case m.status != "":
		return s.Status.Render(m.status)
	}
	return ""
}
