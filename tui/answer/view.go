package answer

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
	"github.com/ggi-tool/ggi/tui/components"
)

// View draws the current activity: progress, the question in full, the
// activity's checkpoints at a glance, the answer keys and the save state.
func (m *Model) View() string {
	st := m.c.Styles
	switch {
	case !m.loaded:
		return st.Muted.Render("Opening the assessment…")
	case m.err != nil:
		return st.ErrorBar.Render("✗ " + safe.Line(m.err.Error()))
	case len(m.pos) == 0:
		return st.Good.Render("✓ Nothing left to answer or confirm here.") + "\n" + st.Muted.Render("Press s for the scorecard or esc to go back.")
	}
	top := m.topLines()
	switch m.mode {
	case modeForm:
		return strings.Join(top, "\n") + "\n\n" + m.form.View()
	case modeActions:
		return strings.Join(append(top, "", m.actionsView()), "\n")
	case modeHistory:
		return strings.Join(append(top, "", m.historyView()), "\n")
	}
	return m.walkView(top)
}

// progress is the one-line "where am I": goal, activity, checkpoint and
// overall completion.
func (m *Model) progress() string {
	act, cp := m.here()
	goal := act.Goal
	if g, ok := m.q.Goal(act.Goal); ok {
		goal = g.Name
	}
	where := "relevance"
	if cp != nil {
		where = fmt.Sprintf("checkpoint %d/%d", m.pos[m.cur].item, len(act.Checkpoints))
	}
	return fmt.Sprintf("%s · %s · %s · %.0f%% done", label(goal), act.ID, where, m.sc.Overall.Completion)
}

func (m *Model) topLines() []string {
	st := m.c.Styles
	w := m.c.Width
	act, _ := m.here()
	prog := m.progress()
	if bw := w - len([]rune(prog)) - 3; bw >= 10 {
		prog += "  " + components.Bar(m.sc.Overall.Completion, true, min(bw, 30), st.BarFull, st.BarEmpty)
	}
	title := st.Title.Render(act.ID) + " " + st.Heading.Render(label(act.Title))
	return []string{components.Truncate(st.Muted.Render(prog), w), components.Truncate(title, w), components.Truncate(st.Muted.Render(m.meta(act)), w)}
}

// meta summarises the activity's state in words, never by colour alone.
func (m *Model) meta(act *assessment.Activity) string {
	s := m.a.Activity(act.ID)
	if s == nil {
		s = &assessment.ActivityState{}
	}
	parts := []string{"relevance " + string(s.Relevance.Effective()), "status " + s.Status.Label()}
	if s.TargetLevel > 0 {
		parts = append(parts, fmt.Sprintf("target L%d", s.TargetLevel))
	}
	if as, ok := m.sc.Activity(act.ID); ok && as.Valid {
		parts = append(parts, fmt.Sprintf("score %.1f L%d %s", as.Value, as.Level, assessment.LevelName(as.Level)))
	}
	if len(s.Evidence) > 0 {
		parts = append(parts, fmt.Sprintf("%d evidence", len(s.Evidence)))
	}
	if open, overdue := m.openActions(s); open > 0 {
		a := fmt.Sprintf("%d open action%s", open, plural(open))
		if overdue > 0 {
			a += fmt.Sprintf(" (%d overdue)", overdue)
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " · ")
}

func (m *Model) openActions(s *assessment.ActivityState) (open, overdue int) {
	for _, a := range s.Actions {
		if a.Done {
			continue
		}
		open++
		if a.Overdue(m.today) {
			overdue++
		}
	}
	return open, overdue
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// walkView lays out the answering view within the screen's height: the
// current question and the answer keys always show; the summary and the
// list of the activity's other checkpoints fill what room is left.
func (m *Model) walkView(top []string) string {
	w, h := m.c.Width, m.c.Height
	bottom := m.bottomLines()
	detail := m.detailLines()
	if h < len(top)+len(detail)+len(bottom)+2 {
		return tightView(h, top, detail, bottom)
	}
	room := h - len(top) - len(bottom) - 2
	if room < len(detail) {
		detail = detail[:max(1, room)]
	}
	room -= len(detail)
	list := m.listLines(max(0, room-1))
	room -= len(list) + 1
	var summary []string
	if room >= 2 {
		act, _ := m.here()
		summary = components.Wrap(label(act.Summary), w)
		if act.Link != "" && len(summary) < room-1 {
			summary = append(summary, m.c.Styles.Muted.Render(components.Truncate("Handbook: "+label(act.Link), w)))
		}
		if len(summary) > room-1 {
			// Say that the summary goes on, rather than stop mid-sentence.
			summary = summary[:room-1]
			summary[len(summary)-1] = components.Truncate(summary[len(summary)-1]+" …", w)
		}
	}
	out := make([]string, 0, h)
	out = append(out, top...)
	out = append(out, summary...)
	if len(list) > 0 {
		out = append(out, "")
		out = append(out, list...)
	}
	out = append(out, "")
	out = append(out, detail...)
	out = append(out, "")
	out = append(out, bottom...)
	return strings.Join(out, "\n")
}

// tightView fits a short window: the meta line, the blank lines, the
// summary and the list give way, so the question itself, the answer keys
// and the save state still show.
func tightView(h int, top, detail, bottom []string) string {
	head := top[:min(2, len(top))]
	keys, save, state := bottom[:1], bottom[len(bottom)-1], bottom[1:len(bottom)-1]
	room := h - len(head) - len(keys) - 1
	detail = detail[:min(len(detail), max(2, room))]
	room -= len(detail)
	state = state[:min(len(state), max(0, room))]
	out := make([]string, 0, h)
	out = append(out, head...)
	out = append(out, detail...)
	out = append(out, keys...)
	out = append(out, state...)
	out = append(out, save)
	return strings.Join(out, "\n")
}

// detailLines show the current question in full.
func (m *Model) detailLines() []string {
	st := m.c.Styles
	w := m.c.Width
	act, cp := m.here()
	var head, text, help string
	if cp == nil {
		head = "Relevant for us?"
		text = act.Opportunity
	} else {
		head = cp.ID + kindNote(cp.Kind)
		text, help = cp.Text, cp.Help
	}
	out := []string{st.Accent.Render("▸ " + head)}
	for _, l := range components.Wrap(label(text), w-2) {
		out = append(out, "  "+st.Heading.Render(l))
	}
	if help != "" {
		for _, l := range components.Wrap(label(help), w-2) {
			out = append(out, "  "+st.Muted.Render(l))
		}
	}
	return out
}

func kindNote(k assessment.CheckpointKind) string {
	switch k {
	case assessment.KindAlternative:
		return " (one of several alternatives)"
	case assessment.KindLevel:
		return " (one level of a ladder)"
	}
	return ""
}

// listLines show the activity's stops, one line each, around the current.
func (m *Model) listLines(room int) []string {
	if room <= 0 {
		return nil
	}
	w := m.c.Width
	act, _ := m.here()
	cur := m.pos[m.cur].item
	s := m.a.Activity(act.ID)
	rel := "medium (default)"
	if s != nil && s.Relevance != "" {
		rel = string(s.Relevance)
	}
	rows := make([]listRow, 0, len(act.Checkpoints)+1)
	rows = append(rows, listRow{id: "relevance", mark: rel, text: "Relevant for us?"})
	// The mark column fits "medium (default)" and plain answers; it widens
	// only for carried-over marks, so text does not shift as the room
	// answers.
	markW := 16
	for i := range act.Checkpoints {
		c := &act.Checkpoints[i]
		mark := "·  –"
		if ca := m.a.AnswerOf(act.ID, c.ID); ca != nil && ca.Answer.Answered() {
			mark = answerMark(ca)
		} else if ca != nil && ca.Note != "" {
			mark = "·  – ✎"
		}
		markW = max(markW, min(24, ansi.StringWidth(mark)))
		rows = append(rows, listRow{id: c.ID, mark: mark, text: label(c.Text)})
	}
	if len(rows) > room {
		first := max(0, min(cur-room/2, len(rows)-room))
		rows, cur = rows[first:first+room], cur-first
	}
	lines := make([]string, len(rows))
	for i, r := range rows {
		lines[i] = components.Truncate(m.listLine(i == cur, r, markW), w)
	}
	return lines
}

// listRow is one stop in the activity's list.
type listRow struct{ id, mark, text string }

func (m *Model) listLine(current bool, r listRow, markW int) string {
	st := m.c.Styles
	cur := "  "
	if current {
		cur = "▸ "
	}
	line := cur + fmt.Sprintf("%-12s", r.id) + " " + components.PadRight(r.mark, markW) + "  " + r.text
	if current {
		return st.Selected.Render(components.PadRight(line, m.c.Width))
	}
	return st.Text.Render(line)
}

// answerMark is an answer in symbols and words: readable without colour.
func answerMark(ca *assessment.CheckpointAnswer) string {
	var mark string
	switch ca.Answer {
	case assessment.NotYet:
		mark = "0 not yet"
	case assessment.Partly:
		mark = "1 partly"
	case assessment.Largely:
		mark = "2 largely"
	case assessment.Fully:
		mark = "3 fully"
	case assessment.NotApplicable:
		mark = "n n/a"
	default:
		mark = ca.Answer.Label()
	}
	if ca.CarriedOver {
		mark = "↺ " + mark + " (carried)"
	} else {
		mark = "✓ " + mark
	}
	if ca.Note != "" {
		mark += " ✎"
	}
	return mark
}

// bottomLines are the answer keys, the carried-over hint, the note and the
// save state.
func (m *Model) bottomLines() []string {
	st := m.c.Styles
	w := m.c.Width
	act, cp := m.here()
	var out []string
	if cp == nil {
		out = append(out, keysLine(st.Key, st.Muted, w, [][2]string{{"h", "high"}, {"m", "medium"}, {"l", "low"}, {"x", "not relevant"}, {"enter", "keep"}}))
		if s := m.a.Activity(act.ID); s != nil && s.Notes != "" {
			out = append(out, components.Truncate(st.Muted.Render("Notes: ")+label(s.Notes), w))
		}
		if s := m.a.Activity(act.ID); s != nil && len(s.Evidence) > 0 {
			links := make([]string, 0, len(s.Evidence))
			for _, e := range s.Evidence {
				links = append(links, label(e))
			}
			out = append(out, components.Truncate(st.Muted.Render("Evidence: ")+strings.Join(links, " · "), w))
		}
	} else {
		out = append(out, keysLine(st.Key, st.Muted, w, [][2]string{{"0", "not yet"}, {"1", "partly"}, {"2", "largely"}, {"3", "fully"}, {"n", "n/a"}, {"u", "clear"}}))
		ca := m.a.AnswerOf(act.ID, cp.ID)
		switch {
		case ca != nil && ca.CarriedOver:
			out = append(out, components.Truncate(st.Warn.Render(fmt.Sprintf("↺ carried over from last period: %s · press %s or enter to confirm", ca.Answer.Label(), keyFor(ca.Answer))), w))
		case ca != nil && ca.Answer.Answered():
			out = append(out, components.Truncate(st.Muted.Render("answered: "+ca.Answer.Label()), w))
		default:
			out = append(out, st.Muted.Render("not answered yet"))
		}
		if ca != nil && ca.Note != "" {
			out = append(out, components.Truncate(st.Muted.Render("Note: ")+label(ca.Note), w))
		}
	}
	out = append(out, m.saveLine())
	return out
}

func keyFor(a assessment.Answer) string {
	switch a {
	case assessment.NotYet:
		return "0"
	case assessment.Partly:
		return "1"
	case assessment.Largely:
		return "2"
	case assessment.Fully:
		return "3"
	case assessment.NotApplicable:
		return "n"
	}
	return "enter"
}

func (m *Model) saveLine() string {
	st := m.c.Styles
	w := m.c.Width
	switch {
	case m.writeErr != "":
		text := m.writeErr
		if m.moreErrs > 0 {
			text += fmt.Sprintf(" (and %d more not saved)", m.moreErrs)
		}
		return components.Truncate(st.ErrorBar.Render("✗ "+safe.Line(text)), w)
	case m.saveErr != "":
		return components.Truncate(st.ErrorBar.Render("✗ "+safe.Line(m.saveErr)), w)
	case m.pending > 0:
		return st.Muted.Render("… saving")
	case m.saved != "":
		return components.Truncate(st.Good.Render("✓ "+safe.Line(m.saved)), w)
	}
	return ""
}

func keysLine(k, d interface{ Render(...string) string }, w int, pairs [][2]string) string {
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteString("  ")
		}
		b.WriteString(k.Render(p[0]))
		b.WriteString(" ")
		b.WriteString(d.Render(p[1]))
	}
	return components.Truncate(b.String(), w)
}

func (m *Model) actionsView() string {
	st := m.c.Styles
	w := m.c.Width
	act, _ := m.here()
	s := m.a.Activity(act.ID)
	var b strings.Builder
	b.WriteString(st.Heading.Render("Action items"))
	b.WriteByte('\n')
	if s == nil || len(s.Actions) == 0 {
		b.WriteString(st.Muted.Render("None yet. Press a to add one: what, who, by when."))
		return b.String()
	}
	for i, a := range s.Actions {
		box := "[ ]"
		if a.Done {
			box = "[x]"
		}
		line := fmt.Sprintf("%s %s", box, label(a.Text))
		if a.Owner != "" {
			line += " · " + label(a.Owner)
		}
		if a.Due != "" {
			line += " · due " + label(a.Due)
		}
		if a.Overdue(m.today) {
			line += " · ⚠ OVERDUE"
		}
		cur := "  "
		if i == m.actCursor {
			cur = "▸ "
		}
		line = components.Truncate(cur+line, w)
		switch {
		case i == m.actCursor:
			line = st.Selected.Render(components.PadRight(line, w))
		case a.Overdue(m.today):
			line = st.Bad.Render(line)
		case a.Done:
			line = st.Muted.Render(line)
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	b.WriteString(m.saveLine())
	return b.String()
}

func (m *Model) historyView() string {
	st := m.c.Styles
	w := m.c.Width
	act, _ := m.here()
	var b strings.Builder
	b.WriteString(st.Heading.Render("Changes to " + act.ID + ", newest first"))
	b.WriteString(st.Muted.Render("  (▸ this checkpoint)"))
	b.WriteByte('\n')
	switch {
	case m.histErr != nil:
		b.WriteString(st.ErrorBar.Render("✗ cannot read the change log: " + safe.Line(m.histErr.Error())))
		return b.String()
	case m.history == nil:
		b.WriteString(st.Muted.Render("Reading the change log…"))
		return b.String()
	case len(m.history) == 0:
		b.WriteString(st.Muted.Render("No changes recorded yet."))
		return b.String()
	}
	room := max(1, m.c.Height-6)
	for i, l := range m.history {
		if i >= room {
			b.WriteString(st.Muted.Render(fmt.Sprintf("… and %d older", len(m.history)-room)))
			break
		}
		cur := "  "
		if l.here {
			cur = "▸ "
		}
		who := l.who
		if who == "" {
			who = "someone"
		}
		b.WriteString(components.Truncate(fmt.Sprintf("%s%s  %-12s %s", cur, l.when, components.Truncate(who, 12), l.what), w))
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}
