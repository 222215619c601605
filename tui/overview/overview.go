// Package overview is the assessment at a glance: the five goals with their
// activities, each with completion, score, level and status, a filter for
// what is still open, and a jump into answering any activity.
package overview

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
	"github.com/ggi-tool/ggi/tui/common"
	"github.com/ggi-tool/ggi/tui/components"
)

// KeyMap is the overview's keys.
type KeyMap struct {
	Up, Down  key.Binding
	Open      key.Binding
	Resume    key.Binding
	Filter    key.Binding
	Scorecard key.Binding
}

// DefaultKeyMap returns the overview's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:        common.Bind("↑/k", "up", "up", "k"),
		Down:      common.Bind("↓/j", "down", "down", "j"),
		Open:      common.Bind("enter", "answer activity", "enter"),
		Resume:    common.Bind("a", "resume", "a"),
		Filter:    common.Bind("f", "filter", "f"),
		Scorecard: common.Bind("s", "scorecard", "s"),
	}
}

// Filter narrows the list to what still needs the room's attention.
type Filter int

// The filters, in the order f cycles through them.
const (
	FilterAll Filter = iota
	FilterUnanswered
	FilterUnconfirmed
)

func (f Filter) String() string {
	switch f {
	case FilterUnanswered:
		return "not yet answered"
	case FilterUnconfirmed:
		return "unconfirmed (carried over)"
	}
	return "all activities"
}

// line is one row of the list: a goal heading or an activity.
type line struct {
	goal       bool
	activityID string
	text       string
	unanswered int
	unconfirmd int
}

// Model is the overview screen.
type Model struct {
	c      *common.Common
	keys   KeyMap
	id     string
	a      *assessment.Assessment
	q      *assessment.Questionnaire
	loaded bool
	err    error
	filter Filter
	all    []line // every goal and activity, formatted at load
	lines  []line // after the filter
	cursor int    // index in lines; always an activity when there is one
	header string
}

// New returns the overview of one assessment; Init loads it.
func New(c *common.Common, id string) *Model {
	return &Model{c: c, keys: DefaultKeyMap(), id: id}
}

// Init loads the assessment.
func (m *Model) Init() tea.Cmd {
	return m.c.Serial.Do(common.Load(m.c.Store, m.c.Questionnaires, m.id))
}

// Update handles keys and the loaded assessment.
func (m *Model) Update(msg tea.Msg) (common.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.LoadedMsg:
		m.handleLoaded(msg)
	case tea.WindowSizeMsg:
		if m.a != nil {
			m.format()
		}
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	}
	return m, nil
}

func (m *Model) handleLoaded(msg common.LoadedMsg) {
	m.loaded, m.err = true, msg.Err
	if msg.Err != nil {
		return
	}
	m.a, m.q = msg.Assessment, msg.Questionnaire
	m.format()
}

// format scores the assessment once and lays out every row, so View only
// copies strings.
func (m *Model) format() {
	sc := assessment.ScoreAssessment(m.q, m.a)
	m.all = m.all[:0]
	for _, g := range m.q.Goals {
		gs, _ := sc.Goal(g.ID)
		m.all = append(m.all, line{goal: true, text: fmt.Sprintf("%s  %s  %s  %s",
			components.PadRight(safe.Line(g.Name), 12), components.Percent(gs.Completion), components.Score(gs.Value, gs.Valid), levelWords(gs.Score))})
		for _, act := range m.q.ActivitiesOf(g.ID) {
			m.all = append(m.all, m.activityLine(act, sc))
		}
	}
	unconfirmed := 0
	for _, l := range m.all {
		unconfirmed += l.unconfirmd
	}
	m.header = fmt.Sprintf("%s · %s · %s · %.0f%% done · overall %s",
		safe.Line(m.a.Team), safe.Line(m.a.Period), safe.Line(m.a.Questionnaire.String()), sc.Overall.Completion, scoreWords(sc.Overall))
	if unconfirmed > 0 {
		m.header += fmt.Sprintf(" · ↺ %d to confirm", unconfirmed)
	}
	m.applyFilter()
}

// wideOverview is the width from which the status gets its own column.
const wideOverview = 90

func (m *Model) activityLine(act *assessment.Activity, sc assessment.Scorecard) line {
	as, _ := sc.Activity(act.ID)
	st := m.a.Activity(act.ID)
	l := line{activityID: act.ID}
	for _, c := range act.Checkpoints {
		ca := m.a.AnswerOf(act.ID, c.ID)
		switch {
		case ca == nil || !ca.Answer.Answered():
			l.unanswered++
		case ca.CarriedOver:
			l.unconfirmd++
		}
	}
	status := assessment.Status("").Label()
	if st != nil {
		status = st.Status.Label()
	}
	var flags []string
	if as.Relevance == assessment.RelevanceNone {
		flags = append(flags, "not relevant")
	}
	if l.unconfirmd > 0 {
		flags = append(flags, fmt.Sprintf("↺%d to confirm", l.unconfirmd))
	}
	mark := "○"
	switch {
	case l.unanswered == 0 && l.unconfirmd == 0:
		mark = "●"
	case l.unanswered < len(act.Checkpoints):
		mark = "◐"
	}
	// Narrow terminals keep the flags, which need action, over the status.
	w := m.c.Width
	last := strings.Join(flags, " ")
	level, levelW := levelWords(as.Score), 10
	titleW := max(8, min(50, w-2-37-14))
	if w < 70 {
		// Narrow: the level number alone leaves room for the title.
		level, levelW = shortLevel(as.Score), 3
		titleW = max(8, w-2-30-18)
	}
	switch {
	case w >= wideOverview:
		titleW = max(10, min(50, w-2-37-13-16))
		last = fmt.Sprintf("%-12s %s", status, last)
	case last == "":
		last = status
	}
	l.text = fmt.Sprintf("%s %-9s %s %s %s  %s  %s",
		mark, act.ID, components.PadRight(safe.Line(act.Title), titleW),
		components.Percent(as.Completion), components.Score(as.Value, as.Valid),
		components.PadRight(level, levelW), last)
	return l
}

func shortLevel(s assessment.Score) string {
	if !s.Valid {
		return "–"
	}
	return fmt.Sprintf("L%d", s.Level)
}

func scoreWords(s assessment.Score) string {
	if !s.Valid {
		return "no score yet"
	}
	return fmt.Sprintf("%.1f, L%d %s", s.Value, s.Level, assessment.LevelName(s.Level))
}

func levelWords(s assessment.Score) string {
	if !s.Valid {
		return "–"
	}
	return fmt.Sprintf("L%d %s", s.Level, assessment.LevelName(s.Level))
}

func (m *Model) applyFilter() {
	keepID := ""
	if m.cursor < len(m.lines) {
		keepID = m.lines[m.cursor].activityID
	}
	m.lines = m.lines[:0]
	for i := 0; i < len(m.all); i++ {
		l := m.all[i]
		if l.goal {
			// A heading stays only if one of its activities does.
			j := i + 1
			has := false
			for ; j < len(m.all) && !m.all[j].goal; j++ {
				has = has || m.keep(m.all[j])
			}
			if has {
				m.lines = append(m.lines, l)
			}
			continue
		}
		if m.keep(l) {
			m.lines = append(m.lines, l)
		}
	}
	m.cursor = -1
	for i, l := range m.lines {
		if !l.goal && l.activityID == keepID {
			m.cursor = i
		}
	}
	if m.cursor < 0 {
		m.cursor = 0
		m.step(1)
	}
}

func (m *Model) keep(l line) bool {
	switch m.filter {
	case FilterUnanswered:
		return l.unanswered > 0
	case FilterUnconfirmed:
		return l.unconfirmd > 0
	}
	return true
}

// step moves the cursor to the next activity row in direction d, skipping
// goal headings; it stays put when there is none.
func (m *Model) step(d int) {
	for i := m.cursor + d; i >= 0 && i < len(m.lines); i += d {
		if !m.lines[i].goal {
			m.cursor = i
			return
		}
	}
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	if m.a == nil {
		return nil
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		m.step(-1)
	case key.Matches(msg, k.Down):
		m.step(1)
	case key.Matches(msg, k.Filter):
		m.filter = (m.filter + 1) % 3
		m.applyFilter()
	case key.Matches(msg, k.Scorecard):
		return common.Navigate(common.NavigateMsg{To: common.ScreenScorecard, AssessmentID: m.a.ID})
	case key.Matches(msg, k.Resume):
		return common.Navigate(common.NavigateMsg{To: common.ScreenAnswer, AssessmentID: m.a.ID, Unanswered: m.filter != FilterAll})
	case key.Matches(msg, k.Open):
		if m.cursor < len(m.lines) && !m.lines[m.cursor].goal {
			return common.Navigate(common.NavigateMsg{To: common.ScreenAnswer, AssessmentID: m.a.ID,
				ActivityID: m.lines[m.cursor].activityID, Unanswered: m.filter != FilterAll})
		}
	}
	return nil
}

// Capturing is false: the overview has no text fields.
func (m *Model) Capturing() bool { return false }

// Busy is false: the overview only reads.
func (m *Model) Busy() bool { return false }

// ShortHelp lists the main keys.
func (m *Model) ShortHelp() []key.Binding {
	k := m.keys
	return []key.Binding{k.Open, k.Resume, k.Filter, k.Scorecard}
}

// FullHelp lists every key.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{{k.Up, k.Down, k.Open, k.Resume}, {k.Filter, k.Scorecard}}
}

// View draws the header, the filter and the visible part of the list.
func (m *Model) View() string {
	st := m.c.Styles
	w, h := m.c.Width, m.c.Height
	switch {
	case !m.loaded:
		return st.Muted.Render("Opening the assessment…")
	case m.err != nil:
		return st.ErrorBar.Render("✗ " + safe.Line(m.err.Error()))
	}
	var b strings.Builder
	head := components.Wrap(m.header, w)
	if len(head) > 2 {
		head = head[:2]
	}
	for _, l := range head {
		b.WriteString(st.Heading.Render(l))
		b.WriteByte('\n')
	}
	b.WriteString(components.Truncate(st.Muted.Render("showing: "+m.filter.String()+"   ● answered  ◐ started  ○ open  ↺ carried over"), w))
	b.WriteString("\n\n")
	if len(m.lines) == 0 {
		empty := "✓ Every checkpoint has an answer."
		if m.filter == FilterUnconfirmed {
			empty = "✓ No carried-over answer waits for confirmation."
		}
		b.WriteString(st.Good.Render(empty))
		return b.String()
	}
	room := max(1, h-2-len(head))
	first := 0
	if len(m.lines) > room {
		first = max(0, min(m.cursor-room/2, len(m.lines)-room))
	}
	for i := first; i < len(m.lines) && i < first+room; i++ {
		l := m.lines[i]
		switch {
		case l.goal:
			b.WriteString(components.Truncate(st.Title.Render(l.text), w))
		case i == m.cursor:
			b.WriteString(st.Selected.Render(components.PadRight("▸ "+l.text, w)))
		default:
			b.WriteString(components.Truncate(st.Text.Render("  "+l.text), w))
		}
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}
