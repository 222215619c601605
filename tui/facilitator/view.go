package facilitator

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
	"github.com/ggi-tool/ggi/assessment/workshop"
	"github.com/ggi-tool/ggi/tui/components"
)

// Layout limits: text wider than readingWidth is hard to follow from the
// back of a room, and the agenda moves beside the checkpoint only when both
// fit.
const (
	readingWidth = 96
	agendaWidth  = 36
	sideBySide   = readingWidth/2 + agendaWidth + 4
	defaultWidth = 80
)

// viewData is everything View shows, computed in Update.
type viewData struct {
	goal         string
	activityID   string
	activity     string
	summary      string
	checkpointID string
	checkpoint   string
	cpHelp       string
	kind         assessment.CheckpointKind
	cpNum, cpOf  int
	skipped      bool
	spread       workshop.Spread
	votes        []voteRow
	voted        int
	agreed       assessment.Answer
	agenda       []agendaRow
	left         int
	skippedCount int
	sessionClock string
	activityClk  string
}

type voteRow struct {
	num      int
	name     string
	online   bool
	vote     assessment.Answer
	selected bool
}

type agendaRow struct {
	id, title       string
	answered, total int
	skipped         int
	current         bool
}

// refresh recomputes viewData from the model; View only lays it out.
func (m *Model) refresh() {
	v := viewData{}
	p := m.state.Position
	if act, ok := m.opts.Questionnaire.Activity(p.ActivityID); ok {
		v.activityID = safe.Line(act.ID)
		v.activity = safe.Line(act.Title)
		v.summary = safe.Line(act.Summary)
		if g, ok := m.opts.Questionnaire.Goal(act.Goal); ok {
			v.goal = safe.Line(g.Name)
		}
		v.cpOf = len(act.Checkpoints)
		for i, c := range act.Checkpoints {
			if c.ID == p.CheckpointID {
				v.cpNum = i + 1
				v.checkpointID = safe.Line(c.ID)
				v.checkpoint = safe.Line(c.Text)
				v.cpHelp = safe.Line(c.Help)
				v.kind = c.Kind
			}
		}
	}
	v.skipped = m.skipped[p]
	v.spread = workshop.Tally(m.state.Answer.Votes)
	v.agreed = m.state.Answer.Answer
	for i, name := range m.state.Participants {
		row := voteRow{
			num:      i + 1,
			name:     safe.Line(name),
			online:   m.state.IsOnline(name),
			vote:     workshop.VoteOf(m.state.Answer.Votes, name),
			selected: i == m.selected,
		}
		if row.vote != assessment.Unanswered {
			v.voted++
		}
		v.votes = append(v.votes, row)
	}
	m.refreshAgenda(&v)
	v.sessionClock = clock(m.session)
	v.activityClk = clock(m.activityTime[p.ActivityID])
	m.view = v
}

func (m *Model) refreshAgenda(v *viewData) {
	for _, g := range m.opts.Questionnaire.Goals {
		for _, act := range m.opts.Questionnaire.ActivitiesOf(g.ID) {
			row := agendaRow{id: safe.Line(act.ID), title: safe.Line(act.Title), total: len(act.Checkpoints), current: act.ID == m.state.Position.ActivityID}
			for _, c := range act.Checkpoints {
				if _, ok := m.state.Agreed[c.ID]; ok {
					row.answered++
				} else {
					v.left++
				}
				if m.skipped[workshop.Position{ActivityID: act.ID, CheckpointID: c.ID}] {
					row.skipped++
					v.skippedCount++
				}
			}
			v.agenda = append(v.agenda, row)
		}
	}
}

// clock formats a duration as H:MM:SS, or M:SS under an hour.
func clock(d time.Duration) string {
	s := int(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// View draws the screen.
func (m *Model) View() string {
	w := m.width
	if w <= 0 {
		w = defaultWidth
	}
	if w < 20 {
		return "ggi workshop: window too small"
	}
	s := m.styles
	inner := w - 2
	head := m.headerLines(inner)
	if m.showHelp {
		m.help.ShowAll = true
		body := []string{s.Heading.Render("Keys"), m.help.View(m.keys), "", s.Muted.Render("Press any key to return.")}
		m.help.ShowAll = false
		return m.frame(head, body, nil, inner)
	}
	bodyW := inner
	var side []string
	if inner >= sideBySide+20 {
		bodyW = min(readingWidth, inner-agendaWidth-3)
		side = m.agendaLines(agendaWidth)
	}
	var main []string
	main = append(main, m.checkpointLines(bodyW)...)
	main = append(main, m.voteLines(bodyW)...)
	main = append(main, m.consensusLines(bodyW)...)
	if side == nil {
		main = append(main, "", m.agendaLine(bodyW))
	}
	return m.frame(head, main, side, inner)
}

// frame puts the header, the body (with the agenda beside it, if any), the
// status and the footer together and fits them to the window height.
func (m *Model) frame(head, main, side []string, width int) string {
	body := strings.Join(main, "\n")
	if side != nil {
		body = lipgloss.JoinHorizontal(lipgloss.Top, body, "   ", strings.Join(side, "\n"))
	}
	foot := []string{m.statusLine(width)}
	limit := m.help.Width
	m.help.Width = 0 // measure the whole footer
	one := m.help.ShortHelpView(m.keys.ShortHelp())
	m.help.Width = limit
	if ansi.StringWidth(one) <= width {
		foot = append(foot, one)
	} else {
		rec, move := m.keys.footer()
		foot = append(foot, m.help.ShortHelpView(rec), m.help.ShortHelpView(move))
	}
	lines := append(slices.Clone(head), strings.Split(body, "\n")...)
	return components.Frame(lines, foot, width, m.height)
}

func (m *Model) headerLines(width int) []string {
	s := m.styles
	title := "GGI workshop"
	if t := safe.Line(m.opts.Title); t != "" {
		title += " · " + t
	}
	timer := "session " + m.view.sessionClock
	if m.paused {
		timer = "⏸ paused · " + timer
	}
	if m.ended {
		timer = "■ ended · " + timer
	}
	lines := []string{components.SpaceBetween(s.Title.Render(title), s.Muted.Render(timer), width)}
	for _, j := range m.opts.Join {
		lines = append(lines, s.Accent.Render(components.Truncate(safe.Line(j), width)))
	}
	return append(lines, "")
}

func (m *Model) checkpointLines(width int) []string {
	s, v := m.styles, m.view
	var lines []string
	head := s.Heading.Render(v.goal + " › " + v.activityID + "  " + v.activity)
	lines = append(lines, components.SpaceBetween(head, s.Muted.Render("activity "+v.activityClk), width))
	for _, l := range components.WordWrap(v.summary, width) {
		lines = append(lines, s.Muted.Render(l))
	}
	lines = append(lines, "")
	label := fmt.Sprintf("Checkpoint %d of %d · %s", v.cpNum, v.cpOf, v.checkpointID)
	switch v.kind {
	case assessment.KindAlternative:
		label += " · one of several ways"
	case assessment.KindLevel:
		label += " · level"
	}
	if v.skipped {
		label += " · ↷ skipped"
	}
	lines = append(lines, s.Accent.Render(label))
	for _, l := range components.WordWrap(v.checkpoint, width) {
		lines = append(lines, s.Heading.Render(l))
	}
	for _, l := range components.WordWrap(v.cpHelp, width) {
		lines = append(lines, s.Muted.Render(l))
	}
	return append(lines, "")
}

func (m *Model) voteLines(width int) []string {
	s, v := m.styles, m.view
	if len(v.votes) == 0 {
		return []string{s.Muted.Render("No participants: votes need named participants."), ""}
	}
	lines := []string{s.Heading.Render(fmt.Sprintf("Votes · %d of %d", v.voted, len(v.votes)))}
	nameW := 8
	for _, r := range v.votes {
		nameW = max(nameW, min(ansi.StringWidth(r.name), 20))
	}
	for _, r := range v.votes {
		cursor := "  "
		if r.selected {
			cursor = s.Cursor.Render("▸ ")
		}
		presence := s.Faint.Render("○ away  ")
		if r.online {
			presence = s.Good.Render("● online")
		}
		vote := s.Faint.Render(components.AnswerDots(r.vote) + "  waiting")
		if r.vote != assessment.Unanswered {
			vote = s.Text.Render(components.AnswerDots(r.vote) + "  " + r.vote.Label())
		}
		name := components.PadRight(r.name, nameW)
		if r.selected {
			name = s.Selected.Render(name)
		}
		line := fmt.Sprintf("%s%d  %s  %s  %s", cursor, r.num, name, presence, vote)
		lines = append(lines, components.Truncate(line, width))
	}
	return append(lines, "")
}

func (m *Model) consensusLines(width int) []string {
	s, v := m.styles, m.view
	var lines []string
	sp := v.spread
	switch {
	case sp.Votes == 0:
		lines = append(lines, s.Muted.Render("Spread: no votes yet"))
	case sp.Disagreement:
		why := fmt.Sprintf("votes are %d points apart", sp.Range())
		if sp.ApplicabilitySplit && sp.Range() < workshop.StrongSpread {
			why = "some say it does not apply"
		}
		lines = append(lines, s.Text.Render("Spread: "+sp.String()))
		lines = append(lines, s.Bad.Render("⚠ Discuss: "+why+"."))
	default:
		lines = append(lines, s.Text.Render("Spread: "+sp.String()))
	}
	agreed := s.Muted.Render("— not yet agreed")
	if v.agreed != assessment.Unanswered {
		agreed = s.Good.Render("✓ " + components.AnswerDots(v.agreed) + "  " + v.agreed.Label())
	}
	line := "Agreed: " + agreed
	if sp.Suggested != assessment.Unanswered && sp.Suggested != v.agreed {
		line += s.Muted.Render("   suggested " + sp.Suggested.Label() + " (enter accepts)")
	}
	if m.agreeing {
		line = s.Cursor.Render("Agreed answer? 0 not yet · 1 partly · 2 largely · 3 fully · n n/a · esc cancel")
	}
	lines = append(lines, components.Truncate(line, width))
	return lines
}

func (m *Model) agendaLines(width int) []string {
	s, v := m.styles, m.view
	lines := []string{s.Heading.Render(fmt.Sprintf("Agenda · %d left", v.left))}
	for _, r := range v.agenda {
		mark := "·"
		switch {
		case r.current:
			mark = "▸"
		case r.answered == r.total:
			mark = "✓"
		case r.answered > 0:
			mark = "◐"
		}
		count := fmt.Sprintf("%d/%d", r.answered, r.total)
		if r.skipped > 0 {
			count += fmt.Sprintf(" ↷%d", r.skipped)
		}
		text := components.PadRight(mark+" "+r.id+" "+r.title, width-len(count)-1) + " " + count
		switch {
		case r.current:
			text = s.Cursor.Render(text)
		case r.answered == r.total:
			text = s.Muted.Render(text)
		default:
			text = s.Text.Render(text)
		}
		lines = append(lines, text)
	}
	return lines
}

// agendaLine is the agenda squeezed into one line for narrow screens.
func (m *Model) agendaLine(width int) string {
	s, v := m.styles, m.view
	var next []string
	after := false
	for _, r := range v.agenda {
		if r.current {
			after = true
			continue
		}
		if after && r.answered < r.total {
			next = append(next, r.id)
		}
	}
	line := fmt.Sprintf("Agenda: %d checkpoints left", v.left)
	if v.skippedCount > 0 {
		line += fmt.Sprintf(" · %d skipped", v.skippedCount)
	}
	if len(next) > 0 {
		line += " · next " + strings.Join(next, ", ")
	}
	return s.Muted.Render(components.Truncate(line, width))
}

func (m *Model) statusLine(width int) string {
	s := m.styles
	switch {
	case m.errText != "":
		return s.ErrorBar.Render(components.Truncate("✗ "+m.errText, width))
	case m.ended:
		return s.Muted.Render(components.Truncate("The workshop has ended. Every vote is saved.", width))
	case m.status != "":
		return s.Status.Render(components.Truncate(m.status, width))
	}
	return ""
}
