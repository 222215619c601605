package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ggi-tool/ggi/assessment"
)

// mdWriter collects a Markdown document in memory, so the section writers
// stay free of error plumbing and a failed write never leaves half a report.
type mdWriter struct {
	b strings.Builder
}

func (w *mdWriter) line(parts ...string) {
	for _, p := range parts {
		w.b.WriteString(p)
	}
	w.b.WriteByte('\n')
}

func (w *mdWriter) heading(level int, text string) {
	w.line(strings.Repeat("#", level), " ", text)
	w.line()
}

// table writes a GFM table; cells must be escaped already. align holds one
// of "l", "r" per column.
func (w *mdWriter) table(header []string, align string, rows [][]string) {
	w.line("| ", strings.Join(header, " | "), " |")
	seps := make([]string, len(header))
	for i := range seps {
		seps[i] = "---"
		if i < len(align) && align[i] == 'r' {
			seps[i] = "--:"
		}
	}
	w.line("| ", strings.Join(seps, " | "), " |")
	for _, r := range rows {
		w.line("| ", strings.Join(r, " | "), " |")
	}
	w.line()
}

// WriteMarkdown writes the scorecard as CommonMark with GFM tables, ready to
// paste into a wiki or a pull request.
func WriteMarkdown(out io.Writer, r *Report) error {
	var w mdWriter
	r.mdHeader(&w)
	r.mdOverall(&w)
	r.mdGoals(&w)
	r.mdTrend(&w)
	r.mdActivities(&w)
	r.mdNextSteps(&w)
	r.mdRoadmap(&w)
	r.mdActions(&w)
	r.mdWorkshop(&w)
	r.mdNotes(&w)
	r.mdAttribution(&w)
	_, err := io.WriteString(out, w.b.String())
	return err
}

func (r *Report) mdHeader(w *mdWriter) {
	a := r.A
	w.heading(1, "GGI scorecard: "+MarkdownText(a.Team))
	item := func(label, value string) {
		if value != "" {
			w.line("- **", label, ":** ", value)
		}
	}
	item("Team", MarkdownText(a.Team))
	item("Organisation", MarkdownText(a.Organisation))
	item("Period", MarkdownText(a.Period))
	item("Questionnaire", MarkdownText(r.Q.Title)+" ("+MarkdownText(r.Q.ID)+" "+MarkdownText(r.Q.Version)+")")
	item("Facilitator", MarkdownText(a.Facilitator))
	parts := make([]string, 0, len(a.Participants))
	for _, p := range a.Participants {
		if e := MarkdownText(p); e != "" {
			parts = append(parts, e)
		}
	}
	item("Participants", strings.Join(parts, ", "))
	if r.Previous != nil {
		item("Compared with", MarkdownText(r.Previous.Period)+" (assessment "+MarkdownText(r.Previous.ID)+")")
	}
	item("Assessment ID", MarkdownText(a.ID))
	if !r.Today.IsZero() {
		item("Generated", r.Today.Format("2006-01-02"))
	}
	w.line()
}

func (r *Report) mdOverall(w *mdWriter) {
	w.heading(2, "Overall")
	o := r.Card.Overall
	s := fmt.Sprintf("**Score %s / 100 · level %s · %s complete** (%d of %d checkpoints answered)",
		FormatScore(o), FormatLevel(o), FormatPercent(o.Completion), r.Card.Answered, r.Card.Total)
	if r.PreviousCard != nil {
		s += fmt.Sprintf(". Change since %s: %s", MarkdownText(r.Previous.Period),
			FormatDelta(DeltaOf(r.PreviousCard.Overall, r.Card.Overall, true)))
	}
	w.line(s, ".")
	w.line()
	w.line("Scores run from 0 to 100; levels are 1 Ad hoc, 2 Aware, 3 Managed, 4 Engaged and 5 Leading.")
	w.line()
}

func (r *Report) mdGoals(w *mdWriter) {
	w.heading(2, "Goals")
	rows := make([][]string, 0, len(r.Goals))
	for _, g := range r.Goals {
		rows = append(rows, []string{
			mdCell(g.Name), FormatScore(g.Score), FormatLevel(g.Score), Bar(g.Score),
			FormatPercent(g.Completion), FormatTarget(g.Target), FormatDelta(g.Delta),
		})
	}
	w.table([]string{"Goal", "Score", "Level", "Progress", "Completion", "Target", "Change"}, "lrllrlr", rows)
}

func (r *Report) mdTrend(w *mdWriter) {
	if len(r.Trend.Periods) < 2 {
		return
	}
	w.heading(2, "Trend")
	header := []string{"Goal"}
	align := "l"
	for _, p := range r.Trend.Periods {
		header = append(header, mdCell(p))
		align += "r"
	}
	rows := make([][]string, 0, len(r.Goals))
	for gi, g := range r.Goals {
		row := []string{mdCell(g.Name)}
		for _, s := range r.Trend.Scores[gi] {
			row = append(row, FormatScore(s))
		}
		rows = append(rows, row)
	}
	w.table(header, align, rows)
}

func (r *Report) mdActivities(w *mdWriter) {
	w.heading(2, "Activities")
	rows := make([][]string, 0, len(r.Activities))
	for _, a := range r.Activities {
		rows = append(rows, []string{
			mdActivityID(a.ID, a.Link), mdCell(a.Title), mdCell(r.GoalName(a.GoalID)),
			relevanceLabel(a.Relevance), a.Status.Label(),
			strconv.Itoa(a.Answered) + "/" + strconv.Itoa(a.Total),
			FormatScore(a.Score), FormatLevel(a.Score), FormatTarget(a.Target), FormatDelta(a.Delta),
		})
	}
	w.table([]string{"ID", "Activity", "Goal", "Relevance", "Status", "Answered", "Score", "Level", "Target", "Change"},
		"lllllrrllr", rows)
}

// mdActivityID links an activity to its handbook page when the link is a
// plain https URL; a questionnaire file is user input too, so anything
// else is shown as text rather than trusted as a link target.
func mdActivityID(id, link string) string {
	if safeLink(link) {
		return "[" + mdCell(id) + "](" + link + ")"
	}
	return mdCell(id)
}

func safeLink(link string) bool {
	if !strings.HasPrefix(link, "https://") || len(link) > 500 {
		return false
	}
	for _, c := range link {
		if c <= ' ' || c >= 0x7f || strings.ContainsRune(`<>()[]|\"'`+"`", c) {
			return false
		}
	}
	return true
}

func (r *Report) mdNextSteps(w *mdWriter) {
	w.heading(2, "Next steps")
	if len(r.NextSteps) == 0 {
		w.line("Nothing to suggest yet: no relevant activity below level 5 has a score.")
		w.line()
		return
	}
	w.line("The weakest relevant activities, and where the handbook suggests going after them:")
	w.line()
	for i, s := range r.NextSteps {
		a := s.Activity
		line := fmt.Sprintf("%d. **%s %s**: score %s (level %s), relevance %s",
			i+1, mdCell(a.ID), MarkdownText(a.Title), FormatScore(a.Score), FormatLevel(a.Score), relevanceLabel(a.Relevance))
		if len(s.Then) > 0 {
			then := make([]string, 0, len(s.Then))
			for _, t := range s.Then {
				then = append(then, mdCell(t.ID)+" "+MarkdownText(t.Title))
			}
			line += ". Then: " + strings.Join(then, "; ")
		}
		w.line(line, ".")
	}
	w.line()
}

func (r *Report) mdRoadmap(w *mdWriter) {
	w.heading(2, "Roadmap")
	for _, g := range r.GoalGaps {
		w.line("- **", mdCell(g.Goal.Name), "** is at level ", levelOrNone(g.Goal.Score), ", target ", FormatTarget(g.Goal.Target), " (gap ", strconv.Itoa(g.Gap), ").")
	}
	if len(r.GoalGaps) > 0 {
		w.line()
	}
	if len(r.Roadmap) == 0 {
		w.line("No relevant activity is below its target level (set targets per activity or per goal).")
		w.line()
		return
	}
	rows := make([][]string, 0, len(r.Roadmap))
	for _, it := range r.Roadmap {
		a := it.Activity
		rows = append(rows, []string{
			mdCell(a.ID), mdCell(a.Title), relevanceLabel(a.Relevance), levelOrNone(a.Score), FormatTarget(a.Target), strconv.Itoa(it.Gap),
		})
	}
	w.table([]string{"ID", "Activity", "Relevance", "Level now", "Target", "Gap"}, "lllllr", rows)
}

func (r *Report) mdActions(w *mdWriter) {
	w.heading(2, "Action items")
	if len(r.Actions) == 0 {
		w.line("No action items recorded.")
		w.line()
		return
	}
	open, overdue := r.OpenActions()
	w.line(fmt.Sprintf("%d open, %d overdue.", open, overdue))
	w.line()
	rows := make([][]string, 0, len(r.Actions))
	for _, ac := range r.Actions {
		state := "open"
		switch {
		case ac.Done:
			state = "done"
		case ac.Overdue:
			state = "**⚠ overdue**"
		}
		rows = append(rows, []string{mdCell(ac.ActivityID), mdCell(ac.Text), mdCell(ac.Owner), mdCell(ac.Due), state})
	}
	w.table([]string{"Activity", "Action", "Owner", "Due", "State"}, "lllll", rows)
}

func (r *Report) mdNotes(w *mdWriter) {
	if len(r.Notes) == 0 && len(r.Evidence) == 0 {
		return
	}
	w.heading(2, "Notes")
	for _, n := range r.Notes {
		label := mdCell(n.ActivityID) + " " + MarkdownText(r.ActivityTitle(n.ActivityID))
		if n.CheckpointID != "" {
			label = mdCell(n.CheckpointID)
		}
		w.line("- **", label, "**: ", MarkdownBlock(n.Text, 2))
	}
	for _, e := range r.Evidence {
		if t := MarkdownText(e.Text); t != "" {
			w.line("- **", mdCell(e.ActivityID), " evidence**: ", t)
		}
	}
	w.line()
}

func (r *Report) mdAttribution(w *mdWriter) {
	w.line("---")
	w.line()
	if t := MarkdownText(r.Q.Source.Attribution); t != "" {
		w.line(t)
	} else {
		w.line("Based on the OSPO Alliance Good Governance Initiative Handbook, licensed CC BY 4.0.")
	}
	w.line()
	if l := sourceLinks(r.Q.Source); l != "" {
		w.line(l)
		w.line()
	}
	w.line("Generated by ggi.")
}

// levelOrNone is the level of a score, or "none yet" when unscored.
func levelOrNone(s assessment.Score) string {
	if !s.Valid {
		return "none yet"
	}
	return FormatLevel(s)
}

// ccBy4 is the licence the handbook is published under.
const ccBy4 = "https://creativecommons.org/licenses/by/4.0/"

// sourceLinks links the questionnaire's source and its licence, as CC BY
// asks; only a plain https URL from the questionnaire becomes a link.
func sourceLinks(src assessment.Source) string {
	var parts []string
	if safeLink(src.URL) {
		parts = append(parts, "["+mdCell(cmpOr(src.Name, "Source"))+"]("+src.URL+")")
	}
	if strings.EqualFold(strings.ReplaceAll(src.Licence, " ", "-"), "CC-BY-4.0") {
		parts = append(parts, "licence: [CC BY 4.0]("+ccBy4+")")
	}
	return strings.Join(parts, " · ")
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
