// Package home is the first screen: the assessments in the store, newest
// first, with keys to start, open, carry forward, export and delete them.
package home

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
	"github.com/ggi-tool/ggi/tui/common"
	"github.com/ggi-tool/ggi/tui/components"
)

// KeyMap is the home screen's keys.
type KeyMap struct {
	Up, Down  key.Binding
	Open      key.Binding
	Answer    key.Binding
	New       key.Binding
	Duplicate key.Binding
	Scorecard key.Binding
	Export    key.Binding
	Delete    key.Binding
	Yes, No   key.Binding
}

// DefaultKeyMap returns the home screen's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:        common.Bind("↑/k", "up", "up", "k"),
		Down:      common.Bind("↓/j", "down", "down", "j"),
		Open:      common.Bind("enter", "open", "enter"),
		Answer:    common.Bind("a", "answer", "a"),
		New:       common.Bind("n", "new", "n"),
		Duplicate: common.Bind("d", "next quarter", "d"),
		Scorecard: common.Bind("s", "scorecard", "s"),
		Export:    common.Bind("e", "export md", "e"),
		Delete:    common.Bind("x", "delete", "x", "delete"),
		Yes:       common.Bind("y", "delete it", "y", "Y"),
		No:        common.Bind("n/esc", "keep it", "n", "N", "esc", "q"),
	}
}

// row is one assessment, formatted once when the list loads.
type row struct {
	a          *assessment.Assessment
	team       string
	period     string
	qref       string
	completion string
	score      string
	level      int
	levelName  string
	changed    string
}

// Model is the home screen.
type Model struct {
	c       *common.Common
	keys    KeyMap
	rows    []row
	all     []*assessment.Assessment
	cursor  int
	loaded  bool
	confirm bool // asking whether to delete the selected assessment
	busy    int
	err     error
	// selectID keeps the cursor on an assessment across a reload.
	selectID string
}

// New returns the home screen; Init loads the list.
func New(c *common.Common) *Model { return &Model{c: c, keys: DefaultKeyMap()} }

// listedMsg carries the assessments and their scores.
type listedMsg struct {
	all  []*assessment.Assessment
	rows []row
	err  error
}

// createdMsg reports a carried-forward assessment.
type createdMsg struct {
	a       *assessment.Assessment
	from    *assessment.Assessment
	carried int
	err     error
}

// deletedMsg reports a deletion.
type deletedMsg struct {
	label string
	err   error
}

// exportedMsg reports an export.
type exportedMsg struct {
	path string
	err  error
}

// Init loads the list.
func (m *Model) Init() tea.Cmd { return m.list() }

func (m *Model) list() tea.Cmd {
	st, qs, loc := m.c.Store, m.c.Questionnaires, m.c.Now().Location()
	return m.c.Serial.Do(func() tea.Msg {
		all, err := st.List()
		if err != nil {
			return listedMsg{err: fmt.Errorf("cannot list assessments: %w", err)}
		}
		rows := make([]row, 0, len(all))
		for _, a := range all {
			rows = append(rows, newRow(qs, a, loc))
		}
		return listedMsg{all: all, rows: rows}
	})
}

func newRow(qs common.QuestionnaireLookup, a *assessment.Assessment, loc *time.Location) row {
	r := row{
		a:       a,
		team:    safe.Line(a.Team),
		period:  safe.Line(a.Period),
		qref:    safe.Line(a.Questionnaire.String()),
		changed: a.UpdatedAt.In(loc).Format("2006-01-02 15:04"),
		score:   "   –",
	}
	q, ok := qs.Get(a.Questionnaire.ID, a.Questionnaire.Version)
	if !ok {
		r.completion = "  ?"
		r.levelName = "unknown questionnaire"
		return r
	}
	sc := assessment.ScoreAssessment(q, a)
	r.completion = components.Percent(sc.Overall.Completion)
	r.score = components.Score(sc.Overall.Value, sc.Overall.Valid)
	r.level = sc.Overall.Level
	if sc.Overall.Valid {
		r.levelName = fmt.Sprintf("L%d %s", sc.Overall.Level, assessment.LevelName(sc.Overall.Level))
	} else {
		r.levelName = "no score yet"
	}
	return r
}

// Update handles the screen's keys and the results of its commands.
func (m *Model) Update(msg tea.Msg) (common.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case listedMsg:
		m.showList(msg)
	case createdMsg:
		return m, m.handleCreated(msg)
	case deletedMsg:
		m.busy--
		if msg.err != nil {
			return m, common.ReportError(msg.err)
		}
		return m, tea.Batch(m.list(), common.ReportStatus("Deleted "+msg.label))
	case exportedMsg:
		if msg.err != nil {
			return m, common.ReportError(msg.err)
		}
		return m, common.ReportStatus("Wrote " + msg.path)
	case tea.KeyMsg:
		if m.confirm {
			return m, m.handleConfirmKey(msg)
		}
		return m, m.handleKey(msg)
	}
	return m, nil
}

func (m *Model) showList(msg listedMsg) {
	m.loaded = true
	m.err = msg.err
	m.rows, m.all = msg.rows, msg.all
	if m.selectID != "" {
		for i, r := range m.rows {
			if r.a.ID == m.selectID {
				m.cursor = i
			}
		}
		m.selectID = ""
	}
	m.cursor = max(0, min(m.cursor, len(m.rows)-1))
}

func (m *Model) handleCreated(msg createdMsg) tea.Cmd {
	m.busy--
	if msg.err != nil {
		return common.ReportError(msg.err)
	}
	m.selectID = msg.a.ID
	text := fmt.Sprintf("Started %s for %s from %s: %d answers carried over, confirm or change them",
		msg.a.Period, msg.a.Team, msg.from.Period, msg.carried)
	return tea.Batch(m.list(), common.ReportStatus(text))
}

func (m *Model) selected() *assessment.Assessment {
	if m.cursor < 0 || m.cursor >= len(m.rows) {
		return nil
	}
	return m.rows[m.cursor].a
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(msg, k.Down):
		m.cursor = max(0, min(len(m.rows)-1, m.cursor+1))
	case key.Matches(msg, k.New):
		return common.Navigate(common.NavigateMsg{To: common.ScreenNew})
	}
	a := m.selected()
	if a == nil {
		return nil
	}
	switch {
	case key.Matches(msg, k.Open):
		return common.Navigate(common.NavigateMsg{To: common.ScreenOverview, AssessmentID: a.ID})
	case key.Matches(msg, k.Answer):
		return common.Navigate(common.NavigateMsg{To: common.ScreenAnswer, AssessmentID: a.ID})
	case key.Matches(msg, k.Scorecard):
		return common.Navigate(common.NavigateMsg{To: common.ScreenScorecard, AssessmentID: a.ID})
	case key.Matches(msg, k.Duplicate):
		m.busy++
		return m.c.Serial.Do(carryForward(m.c.Store, a))
	case key.Matches(msg, k.Export):
		return export(m.c, a, m.all)
	case key.Matches(msg, k.Delete):
		m.confirm = true
	}
	return nil
}

func (m *Model) handleConfirmKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Yes):
		m.confirm = false
		a := m.selected()
		if a == nil {
			return nil
		}
		m.busy++
		return m.c.Serial.Do(deleteAssessment(m.c.Store, a))
	case key.Matches(msg, m.keys.No):
		m.confirm = false
	}
	return nil
}

// carryForward starts the next quarter from a; it captures copies only.
func carryForward(st assessment.Store, prev *assessment.Assessment) func() tea.Msg {
	prev = prev.Clone()
	return func() tea.Msg {
		next := assessment.CarryForward(prev, assessment.NextPeriod(prev.Period))
		if err := st.Create(next); err != nil {
			return createdMsg{err: fmt.Errorf("cannot start the next period: %w", err)}
		}
		n := 0
		for _, s := range next.Activities {
			n += len(s.Checkpoints)
		}
		return createdMsg{a: next, from: prev, carried: n}
	}
}

func deleteAssessment(st assessment.Store, a *assessment.Assessment) func() tea.Msg {
	id, label := a.ID, safe.Line(a.Team)+" "+safe.Line(a.Period)
	return func() tea.Msg {
		if err := st.Delete(id); err != nil {
			return deletedMsg{err: fmt.Errorf("cannot delete %s: %w", label, err)}
		}
		return deletedMsg{label: label}
	}
}

// Capturing is true while the delete confirmation waits for y or n.
func (m *Model) Capturing() bool { return m.confirm }

// Busy is true while a create or delete is in flight.
func (m *Model) Busy() bool { return m.busy > 0 }

// ShortHelp lists the keys that work right now.
func (m *Model) ShortHelp() []key.Binding {
	k := m.keys
	if m.confirm {
		return []key.Binding{k.Yes, k.No}
	}
	if len(m.rows) == 0 {
		return []key.Binding{k.New}
	}
	return []key.Binding{k.Open, k.Answer, k.New, k.Duplicate, k.Scorecard, k.Export, k.Delete}
}

// FullHelp lists every key of the screen.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Open, k.Answer},
		{k.New, k.Duplicate, k.Scorecard, k.Export, k.Delete},
	}
}

// View draws the list, or the empty state.
func (m *Model) View() string {
	st := m.c.Styles
	w := m.c.Width
	if !m.loaded {
		return st.Muted.Render("Loading assessments…")
	}
	if m.err != nil {
		return st.ErrorBar.Render("✗ " + safe.Line(m.err.Error()))
	}
	if len(m.rows) == 0 {
		return m.emptyView()
	}
	var b strings.Builder
	b.WriteString(st.Heading.Render(fmt.Sprintf("Assessments (%d)", len(m.rows))))
	b.WriteString("\n\n")
	b.WriteString(st.Muted.Render(components.PadRight(m.line("  ", "Team", "Period", "Done", "Score", "Level", "Changed", "Questionnaire"), w)))
	b.WriteByte('\n')
	rowsH := m.c.Height - 3
	if m.confirm {
		rowsH -= 3
	}
	first := scrollStart(m.cursor, len(m.rows), rowsH)
	for i := first; i < len(m.rows) && i < first+max(rowsH, 1); i++ {
		r := m.rows[i]
		cur := "  "
		if i == m.cursor {
			cur = "▸ "
		}
		line := m.line(cur, r.team, r.period, r.completion, r.score, r.levelName, r.changed, r.qref)
		if i == m.cursor {
			line = st.Selected.Render(components.PadRight(line, w))
		} else {
			line = st.Text.Render(line)
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	if m.confirm {
		if a := m.selected(); a != nil {
			b.WriteByte('\n')
			b.WriteString(st.Warn.Render(fmt.Sprintf("Delete %s %s and all its answers and history? This cannot be undone.",
				safe.Line(a.Team), safe.Line(a.Period))))
			b.WriteByte('\n')
			b.WriteString(st.Key.Render("y") + st.Muted.Render(" delete   ") + st.Key.Render("n") + st.Muted.Render(" keep"))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// line lays out one row; narrow terminals drop the right-hand columns and
// the team column takes what is left.
func (m *Model) line(cur, team, period, done, score, level, changed, qref string) string {
	w := m.c.Width
	showLevel, showChanged, showQ := w >= 50, w >= 84, w >= 100
	rest := 25
	if showLevel {
		rest += 15
	}
	if showChanged {
		rest += 18
	}
	if showQ {
		rest += 10
	}
	teamW := max(8, min(28, w-rest))
	s := cur + components.PadRight(team, teamW) + "  " + components.PadRight(period, 8) + " " + components.PadRight(done, 5) + " " + components.PadRight(score, 6)
	if showLevel {
		s += " " + components.PadRight(level, 14)
	}
	if showChanged {
		s += " " + components.PadRight(changed, 17)
	}
	if showQ {
		s += " " + qref
	}
	return s
}

func (m *Model) emptyView() string {
	st := m.c.Styles
	w := max(10, m.c.Width)
	lines := []string{
		st.Heading.Render("Welcome to ggi"),
		"",
		strings.Join(components.WordWrap("No assessments yet. Press n to start your first one: name the team and the period, and ggi walks you through the 25 activities of the Good Governance Initiative one checkpoint at a time, saving every answer as you go.", w), "\n"),
		"",
		st.Key.Render("n") + st.Muted.Render("  new assessment      ") + st.Key.Render("?") + st.Muted.Render("  all keys"),
	}
	return strings.Join(lines, "\n")
}

// scrollStart returns the first visible row so the cursor stays in view.
func scrollStart(cursor, n, h int) int {
	if h <= 0 || n <= h {
		return 0
	}
	first := cursor - h/2
	return max(0, min(first, n-h))
}
