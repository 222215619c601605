// Package scorecard shows an assessment's maturity: per-goal bars with score
// and level, the overall level and completion, the change since the team's
// previous assessment and the trend over its periods, targets against
// current levels, and the weakest relevant activities as next steps.
package scorecard

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
	"github.com/ggi-tool/ggi/tui/common"
	"github.com/ggi-tool/ggi/tui/components"
)

// KeyMap is the scorecard's keys.
type KeyMap struct {
	Up, Down key.Binding
	Answer   key.Binding
	Overview key.Binding
	Targets  key.Binding
}

// DefaultKeyMap returns the scorecard's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       common.Bind("↑/k", "scroll up", "up", "k"),
		Down:     common.Bind("↓/j", "scroll down", "down", "j"),
		Answer:   common.Bind("a", "answer", "a"),
		Overview: common.Bind("o", "overview", "o"),
		Targets:  common.Bind("t", "goal targets", "t"),
	}
}

// goalRow is one goal, computed when the assessment loads.
type goalRow struct {
	name     string
	score    assessment.Score
	delta    string // "" without a previous assessment
	trend    string
	target   int
	gapWords string
}

// step is one next step.
type step struct {
	id, title string
	score     assessment.Score
	then      []string
}

// targetRow is an activity with a target level.
type targetRow struct {
	id, title string
	current   int
	target    int
}

// card is everything the view shows, computed once per load.
type card struct {
	title    string
	overall  assessment.Score
	prevName string
	prevDiff string
	periods  string
	goals    []goalRow
	steps    []step
	targets  []targetRow
}

// Model is the scorecard screen.
type Model struct {
	c      *common.Common
	keys   KeyMap
	id     string
	loaded bool
	err    error
	card   card
	offset int
	lines  []string // rendered at load and resize

	a       *assessment.Assessment
	q       *assessment.Questionnaire
	form    *huh.Form
	targets *targetValues
	busy    bool
}

// New returns the scorecard of one assessment; Init loads it.
func New(c *common.Common, id string) *Model {
	return &Model{c: c, keys: DefaultKeyMap(), id: id}
}

// Init loads the assessment and the others of its team.
func (m *Model) Init() tea.Cmd {
	return m.c.Serial.Do(common.Load(m.c.Store, m.c.Questionnaires, m.id))
}

// Update handles scrolling, navigation and the loaded assessment.
func (m *Model) Update(msg tea.Msg) (common.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.LoadedMsg:
		m.loaded, m.err = true, msg.Err
		if msg.Err == nil {
			m.a, m.q = msg.Assessment, msg.Questionnaire
			m.card = build(m.c.Questionnaires, msg.Questionnaire, msg.Assessment, msg.All)
			m.render()
		}
	case tea.WindowSizeMsg:
		if m.loaded && m.err == nil {
			m.render()
		}
		if m.form != nil {
			m.form = m.form.WithWidth(min(max(20, msg.Width), 80))
		}
	case targetsDoneMsg:
		return m, m.saveTargets()
	case targetsCancelledMsg:
		m.form, m.targets = nil, nil
	case targetsSavedMsg:
		return m, m.handleTargetsSaved(msg)
	case tea.KeyMsg:
		if m.form != nil {
			return m, m.updateForm(msg)
		}
		return m, m.handleKey(msg)
	default:
		if m.form != nil {
			return m, m.updateForm(msg)
		}
	}
	return m, nil
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		m.offset = max(0, m.offset-1)
	case key.Matches(msg, k.Down):
		m.offset = max(0, min(m.offset+1, len(m.lines)-m.c.Height))
	case key.Matches(msg, k.Answer):
		return common.Navigate(common.NavigateMsg{To: common.ScreenAnswer, AssessmentID: m.id, Replace: true})
	case key.Matches(msg, k.Overview):
		return common.Navigate(common.NavigateMsg{To: common.ScreenOverview, AssessmentID: m.id, Replace: true})
	case key.Matches(msg, k.Targets):
		return m.openTargets()
	}
	return nil
}

// build scores the assessment, its predecessor and the team's periods.
func build(qs common.QuestionnaireLookup, q *assessment.Questionnaire, a *assessment.Assessment, all []*assessment.Assessment) card {
	sc := assessment.ScoreAssessment(q, a)
	c := card{
		title:   fmt.Sprintf("%s · %s · %s", safe.Line(a.Team), safe.Line(a.Period), a.Questionnaire),
		overall: sc.Overall,
	}
	var prev *assessment.Scorecard
	if p := assessment.Previous(all, a); p != nil && p.ID != a.ID {
		if pq, ok := qs.Get(p.Questionnaire.ID, p.Questionnaire.Version); ok {
			ps := assessment.ScoreAssessment(pq, p)
			prev = &ps
			c.prevName = safe.Line(p.Period)
			c.prevDiff = delta(ps.Overall, sc.Overall)
		}
	}
	hist := teamCards(qs, all, a)
	if len(hist) > 1 {
		c.periods = fmt.Sprintf("trend %s … %s", safe.Line(hist[0].period), safe.Line(hist[len(hist)-1].period))
	}
	for _, g := range sc.Goals {
		name := g.GoalID
		if qg, ok := q.Goal(g.GoalID); ok {
			name = qg.Name
		}
		row := goalRow{name: safe.Line(name), score: g.Score, target: a.GoalTargets[g.GoalID]}
		if prev != nil {
			if pg, ok := prev.Goal(g.GoalID); ok {
				row.delta = delta(pg.Score, g.Score)
			}
		}
		row.trend = trend(hist, g.GoalID)
		if row.target > 0 {
			row.gapWords = gap(row.target, g.Score)
		}
		c.goals = append(c.goals, row)
	}
	c.steps = nextSteps(q, a, sc)
	c.targets = targets(q, a, sc)
	return c
}

type period struct {
	period string
	card   assessment.Scorecard
}

// teamCards scores the team's assessments up to and including a, oldest
// first, at most eight periods.
func teamCards(qs common.QuestionnaireLookup, all []*assessment.Assessment, a *assessment.Assessment) []period {
	var out []period
	for _, h := range assessment.TeamHistory(all, a.Team) {
		if h.Period > a.Period && h.ID != a.ID {
			continue
		}
		hq, ok := qs.Get(h.Questionnaire.ID, h.Questionnaire.Version)
		if !ok {
			continue
		}
		out = append(out, period{period: h.Period, card: assessment.ScoreAssessment(hq, h)})
	}
	if len(out) > 8 {
		out = out[len(out)-8:]
	}
	return out
}

func trend(hist []period, goalID string) string {
	if len(hist) < 2 {
		return ""
	}
	vals := make([]float64, len(hist))
	valid := make([]bool, len(hist))
	for i, p := range hist {
		if g, ok := p.card.Goal(goalID); ok {
			vals[i], valid[i] = g.Value, g.Valid
		}
	}
	return components.Sparkline(vals, valid)
}

// delta is the change in words and arrows, so it reads without colour.
func delta(before, after assessment.Score) string {
	if !before.Valid || !after.Valid {
		return "new"
	}
	d := assessment.Round1(after.Value - before.Value)
	switch {
	case d > 0:
		return fmt.Sprintf("▲ +%.1f", d)
	case d < 0:
		return fmt.Sprintf("▼ %.1f", d)
	}
	return "= 0.0"
}

func gap(target int, s assessment.Score) string {
	cur := 0
	if s.Valid {
		cur = s.Level
	}
	if cur >= target {
		return "met"
	}
	return fmt.Sprintf("gap %d", target-cur)
}

// nextSteps are the weakest scored, relevant activities, heavier weight
// first among equals, with where the handbook suggests going next.
func nextSteps(q *assessment.Questionnaire, a *assessment.Assessment, sc assessment.Scorecard) []step {
	var out []step
	for _, ns := range assessment.NextSteps(q, a, &sc, 3) {
		act, _ := q.Activity(ns.ActivityID)
		s := step{id: act.ID, title: safe.Line(act.Title), score: ns.Score}
		for _, id := range ns.Then {
			na, _ := q.Activity(id)
			s.then = append(s.then, na.ID+" "+safe.Line(na.Title))
		}
		out = append(out, s)
	}
	return out
}

func targets(q *assessment.Questionnaire, a *assessment.Assessment, sc assessment.Scorecard) []targetRow {
	var out []targetRow
	for i := range q.Activities {
		act := &q.Activities[i]
		st := a.Activity(act.ID)
		if st == nil || st.TargetLevel == 0 {
			continue
		}
		as, _ := sc.Activity(act.ID)
		cur := 0
		if as.Valid {
			cur = as.Level
		}
		out = append(out, targetRow{id: act.ID, title: safe.Line(act.Title), current: cur, target: st.TargetLevel})
	}
	slices.SortStableFunc(out, func(x, y targetRow) int { return cmp.Compare(y.target-y.current, x.target-x.current) })
	return out
}

// Capturing is true while the goal-target form is open.
func (m *Model) Capturing() bool { return m.form != nil }

// Busy is true while goal targets are being written.
func (m *Model) Busy() bool { return m.busy }

// ShortHelp lists the main keys.
func (m *Model) ShortHelp() []key.Binding {
	k := m.keys
	if m.form != nil {
		return []key.Binding{common.Bind("←/→", "level", "left", "right"), common.Bind("enter", "next/save", "enter"), common.Bind("esc", "cancel", "esc")}
	}
	return []key.Binding{k.Down, k.Up, k.Targets, k.Answer, k.Overview}
}

// FullHelp lists every key.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{{k.Up, k.Down}, {k.Targets, k.Answer, k.Overview}}
}

// View shows the lines rendered at load, from the scroll offset.
func (m *Model) View() string {
	st := m.c.Styles
	switch {
	case !m.loaded:
		return st.Muted.Render("Scoring…")
	case m.err != nil:
		return st.ErrorBar.Render("✗ " + safe.Line(m.err.Error()))
	case m.form != nil:
		return components.Truncate(st.Heading.Render("Goal targets")+st.Muted.Render(" · the maturity level each goal should reach"), m.c.Width) + "\n\n" + m.form.View()
	}
	h := max(1, m.c.Height)
	off := max(0, min(m.offset, len(m.lines)-h))
	end := min(len(m.lines), off+h)
	return strings.Join(m.lines[off:end], "\n")
}

// render lays the card out for the current width; it runs on load and
// resize, never per frame.
func (m *Model) render() {
	st := m.c.Styles
	w := m.c.Width
	c := &m.card
	var out []string
	add := func(s string) { out = append(out, components.Truncate(s, w)) }
	add(st.Heading.Render(c.title))
	overall := "Overall: no score yet"
	if c.overall.Valid {
		overall = fmt.Sprintf("Overall %.1f · level %d %s", c.overall.Value, c.overall.Level, assessment.LevelName(c.overall.Level))
	}
	overall += fmt.Sprintf(" · %.0f%% answered", c.overall.Completion)
	if c.prevName != "" {
		overall += fmt.Sprintf(" · %s since %s", c.prevDiff, c.prevName)
	}
	for _, l := range components.Wrap(overall, w) {
		add(st.Level[c.overall.Level].Render(l))
	}
	add("")
	m.renderGoals(add)
	if c.periods != "" {
		add(st.Muted.Render(c.periods))
	}
	add("")
	add(st.Heading.Render("Next steps") + st.Muted.Render(" · the weakest relevant activities"))
	if len(c.steps) == 0 {
		add(st.Muted.Render("  Answer some checkpoints first: next steps come from scored activities."))
	}
	for i, s := range c.steps {
		add(fmt.Sprintf("  %d. %s %s · %.1f L%d %s", i+1, st.Accent.Render(s.id), s.title, s.score.Value, s.score.Level, assessment.LevelName(s.score.Level)))
		if len(s.then) > 0 {
			add(st.Muted.Render("     then: " + strings.Join(s.then, "; ")))
		}
	}
	if len(c.targets) > 0 {
		add("")
		add(st.Heading.Render("Targets") + st.Muted.Render(" · current level against target"))
		for _, t := range c.targets {
			state := "met ✓"
			if t.current < t.target {
				state = fmt.Sprintf("gap %d", t.target-t.current)
			}
			add(fmt.Sprintf("  %s %s · now L%d, target L%d · %s", st.Accent.Render(t.id), t.title, t.current, t.target, state))
		}
	}
	m.lines = out
}

// narrowCard is the width below which each goal takes two lines: the bar,
// score and level first, then completion, change, trend and target.
const narrowCard = 80

func (m *Model) renderGoals(add func(string)) {
	st := m.c.Styles
	w := m.c.Width
	narrow := w < narrowCard
	barW := max(6, min(30, w-70))
	if narrow {
		barW = max(6, min(30, w-34))
		add(st.Muted.Render(fmt.Sprintf("%-12s %s %5s  %s", "Goal", components.PadRight("", barW), "Score", "Level")))
	} else {
		add(st.Muted.Render(fmt.Sprintf("%-12s %s %5s  %-11s %4s  %-8s %-8s %s", "Goal", components.PadRight("", barW), "Score", "Level", "Done", "Change", "Trend", "Target")))
	}
	for _, g := range m.card.goals {
		lvl := "–"
		if g.score.Valid {
			lvl = fmt.Sprintf("L%d %s", g.score.Level, assessment.LevelName(g.score.Level))
		}
		tgt := ""
		if g.target > 0 {
			tgt = fmt.Sprintf("L%d %s", g.target, g.gapWords)
		}
		head := fmt.Sprintf("%s %s %s  %s",
			components.PadRight(g.name, 12), components.Bar(g.score.Value, g.score.Valid, barW, st.BarFull, st.BarEmpty),
			components.Score(g.score.Value, g.score.Valid), st.Level[g.score.Level].Render(components.PadRight(lvl, 11)))
		if !narrow {
			add(fmt.Sprintf("%s %s  %s %s %s", head, components.Percent(g.score.Completion),
				components.PadRight(g.delta, 8), components.PadRight(g.trend, 8), tgt))
			continue
		}
		add(head)
		parts := []string{strings.TrimSpace(components.Percent(g.score.Completion)) + " done"}
		if g.delta != "" {
			parts = append(parts, g.delta)
		}
		if g.trend != "" {
			parts = append(parts, "trend "+g.trend)
		}
		if tgt != "" {
			parts = append(parts, "target "+tgt)
		}
		add(st.Muted.Render("             " + strings.Join(parts, " · ")))
	}
}
