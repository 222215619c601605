// Package overview is the assessment at a glance: the five goals with their
// activities, each with completion, score, level and status, a filter for
// what is still open, and a jump into answering any activity.
package overview

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

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
	var cells []cells
	for _, g := range m.q.Goals {
		gs, _ := sc.Goal(g.ID)
		cells = append(cells, goalCells(g, gs))
		for _, act := range m.q.ActivitiesOf(g.ID) {
			cells = append(cells, m.activityCells(act, sc))
		}
	}
	cols := layout(cells, m.c.Width)
	m.all = m.all[:0]
	unconfirmed := 0
	for _, c := range cells {
		m.all = append(m.all, c.render(cols))
		unconfirmed += c.unconfirmd
	}
	m.header = fmt.Sprintf("%s · %s · %s · %.0f%% done · overall %s",
		safe.Line(m.a.Team), safe.Line(m.a.Period), safe.Line(m.a.Questionnaire.String()), sc.Overall.Completion, scoreWords(sc.Overall))
	if unconfirmed > 0 {
		m.header += fmt.Sprintf(" · ↺ %d to confirm", unconfirmed)
	}
	m.applyFilter()
}

// cells are one row's values before layout: a goal heading or an activity.
type cells struct {
	line
	mark, id, title string
	completion      float64
	score           assessment.Score
	status, flags   string
}

// columns are the widths the rows are laid out in.
type columns struct {
	title      int
	score      bool // the score column shows
	shortLevel bool // "L4" instead of "L4 Engaged"
	status     bool // the status has a column of its own
}

// rowIndent is the cursor ("▸ ") before each activity row, and the mark
// and ID columns after it; a goal heading spans them and the title.
const (
	rowIndent = 2
	markID    = 2 + 9 + 1
	statusW   = 12 // "not selected"
)

// layout gives the title the room the other columns leave, up to the
// longest title: wide terminals show titles in full and the status in a
// column of its own; narrow ones keep the flags, which need action, and the
// level number alone.
func layout(rows []cells, w int) columns {
	longest, flagsW, lastW := 10, 0, 0
	for _, r := range rows {
		if r.goal {
			continue
		}
		longest = max(longest, ansi.StringWidth(r.title))
		flagsW = max(flagsW, ansi.StringWidth(r.flags))
		lastW = max(lastW, ansi.StringWidth(r.status), ansi.StringWidth(r.flags))
	}
	fixed := rowIndent + markID + 1 + 4 + 1 + 5 + 2 + 10 + 2 // title, %, score, level
	// Titles say what an activity is: the status and the flags share a
	// column until titles get 40 cells with both shown.
	if room := w - fixed - statusW - 2 - flagsW; room >= min(longest, 40) {
		return columns{title: min(longest, room), score: true, status: true}
	}
	if room := w - fixed - lastW; room >= 20 {
		return columns{title: min(longest, room), score: true}
	}
	// Narrow: no score, the level number alone.
	fixed = rowIndent + markID + 1 + 4 + 2 + 3 + 2
	return columns{title: max(8, min(longest, w-fixed-lastW)), shortLevel: true}
}

func goalCells(g assessment.Goal, gs assessment.GoalScore) cells {
	return cells{line: line{goal: true}, title: safe.Line(g.Name), completion: gs.Completion, score: gs.Score}
}

func (m *Model) activityCells(act *assessment.Activity, sc assessment.Scorecard) cells {
	as, _ := sc.Activity(act.ID)
	st := m.a.Activity(act.ID)
	c := cells{line: line{activityID: act.ID}, id: act.ID, title: safe.Line(act.Title), completion: as.Completion, score: as.Score}
	for _, cp := range act.Checkpoints {
		ca := m.a.AnswerOf(act.ID, cp.ID)
		switch {
		case ca == nil || !ca.Answer.Answered():
			c.unanswered++
		case ca.CarriedOver:
			c.unconfirmd++
		}
	}
	if as.Relevance == assessment.RelevanceNone {
		// Not selected: nothing to answer or confirm, so no filter lists
		// it and answering passes over it.
		c.unanswered, c.unconfirmd = 0, 0
	}
	c.status = assessment.Status("").Label()
	if st != nil {
		c.status = st.Status.Label()
	}
	var flags []string
	if as.Relevance == assessment.RelevanceNone {
		flags = append(flags, "not relevant")
	}
	if c.unconfirmd > 0 {
		flags = append(flags, fmt.Sprintf("↺%d to confirm", c.unconfirmd))
	}
	c.flags = strings.Join(flags, " ")
	c.mark = "○"
	switch {
	case as.Relevance == assessment.RelevanceNone:
		c.mark = "·"
	case c.unanswered == 0 && c.unconfirmd == 0:
		c.mark = "●"
	case c.unanswered < len(act.Checkpoints):
		c.mark = "◐"
	}
	return c
}

// render lays the row out in cols. A goal heading's name spans the cursor,
// mark, ID and title columns, so its figures sit under its activities'.
func (c cells) render(cols columns) line {
	level, levelW := levelWords(c.score), 10
	if cols.shortLevel {
		level, levelW = shortLevel(c.score), 3
	}
	score := ""
	if cols.score {
		score = " " + components.Score(c.score.Value, c.score.Valid)
	}
	figures := components.Percent(c.completion) + score + "  " + level
	l := c.line
	if c.goal {
		l.text = components.PadRight(c.title, rowIndent+markID+cols.title) + " " + figures
		return l
	}
	last := c.flags
	switch {
	case cols.status:
		last = strings.TrimRight(components.PadRight(c.status, statusW)+"  "+c.flags, " ")
	case last == "":
		last = c.status
	}
	l.text = c.mark + " " + components.PadRight(c.id, 9) + " " + components.PadRight(c.title, cols.title) + " " +
		components.Percent(c.completion) + score + "  " + components.PadRight(level, levelW) + "  " + last
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
	b.WriteString(components.Truncate(st.Muted.Render("showing: "+m.filter.String()+"   ● answered  ◐ started  ○ open  · not relevant  ↺ carried over"), w))
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
