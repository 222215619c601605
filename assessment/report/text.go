package report

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// WriteText writes the scorecard for a terminal: plain text, no colour, and
// every user-written string passed through safe.Line, so a hostile team
// name or note cannot move the cursor, recolour or retitle the terminal.
func WriteText(out io.Writer, r *Report) error {
	var b bytes.Buffer
	a := r.A
	fmt.Fprintf(&b, "GGI scorecard: %s\n", oneLine(a.Team))
	meta := []struct{ k, v string }{
		{"Organisation", oneLine(a.Organisation)},
		{"Period", oneLine(a.Period)},
		{"Questionnaire", oneLine(r.Q.Title) + " (" + oneLine(r.Q.ID) + " " + oneLine(r.Q.Version) + ")"},
		{"Facilitator", oneLine(a.Facilitator)},
		{"Participants", oneLine(strings.Join(a.Participants, ", "))},
		{"ID", oneLine(a.ID)},
	}
	if r.Previous != nil {
		meta = append(meta, struct{ k, v string }{"Compared with", oneLine(r.Previous.Period)})
	}
	for _, m := range meta {
		if m.v != "" {
			fmt.Fprintf(&b, "  %-14s %s\n", m.k+":", m.v)
		}
	}
	o := r.Card.Overall
	fmt.Fprintf(&b, "\nOverall  %s  %s / 100  level %s  %s complete (%d of %d checkpoints)",
		Bar(o), FormatScore(o), FormatLevel(o), FormatPercent(o.Completion), r.Card.Answered, r.Card.Total)
	if r.PreviousCard != nil {
		fmt.Fprintf(&b, "  change %s", FormatDelta(DeltaOf(r.PreviousCard.Overall, o, true)))
	}
	b.WriteString("\n\n")

	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "GOAL\tSCORE\tLEVEL\tPROGRESS\tDONE\tTARGET\tCHANGE")
	for _, g := range r.Goals {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", oneLine(g.Name), FormatScore(g.Score), FormatLevel(g.Score),
			Bar(g.Score), FormatPercent(g.Completion), FormatTarget(g.Target), FormatDelta(g.Delta))
	}
	_ = tw.Flush()
	b.WriteString("\n")
	r.textTrend(&b)

	tw = tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tACTIVITY\tRELEVANCE\tSTATUS\tANSWERED\tSCORE\tLEVEL\tTARGET\tCHANGE")
	for _, x := range r.Activities {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", oneLine(x.ID), truncate(oneLine(x.Title), 48),
			relevanceLabel(x.Relevance), x.Status.Label(), strconv.Itoa(x.Answered)+"/"+strconv.Itoa(x.Total),
			FormatScore(x.Score), FormatLevel(x.Score), FormatTarget(x.Target), FormatDelta(x.Delta))
	}
	_ = tw.Flush()
	r.textNextSteps(&b)
	r.textActions(&b)
	r.textWorkshop(&b)
	_, err := out.Write(b.Bytes())
	return err
}

func (r *Report) textTrend(b *bytes.Buffer) {
	if len(r.Trend.Periods) < 2 {
		return
	}
	tw := tabwriter.NewWriter(b, 0, 4, 2, ' ', 0)
	fmt.Fprint(tw, "TREND")
	for _, p := range r.Trend.Periods {
		fmt.Fprintf(tw, "\t%s", oneLine(p))
	}
	fmt.Fprintln(tw)
	for gi, g := range r.Goals {
		fmt.Fprint(tw, oneLine(g.Name))
		for _, s := range r.Trend.Scores[gi] {
			fmt.Fprintf(tw, "\t%s", FormatScore(s))
		}
		fmt.Fprintln(tw)
	}
	_ = tw.Flush()
	b.WriteString("\n")
}

func (r *Report) textNextSteps(b *bytes.Buffer) {
	if len(r.NextSteps) > 0 {
		b.WriteString("\nNext steps\n")
		for i, s := range r.NextSteps {
			fmt.Fprintf(b, "  %d. %s %s: score %s, relevance %s\n", i+1, oneLine(s.Activity.ID), oneLine(s.Activity.Title),
				FormatScore(s.Activity.Score), relevanceLabel(s.Activity.Relevance))
			for _, t := range s.Then {
				fmt.Fprintf(b, "       then %s %s\n", oneLine(t.ID), oneLine(t.Title))
			}
		}
	}
	if len(r.Roadmap) > 0 || len(r.GoalGaps) > 0 {
		b.WriteString("\nRoadmap (below target)\n")
		for _, g := range r.GoalGaps {
			fmt.Fprintf(b, "  goal %s: level %s, target %s, gap %d\n", oneLine(g.Goal.Name), levelOrNone(g.Goal.Score), FormatTarget(g.Goal.Target), g.Gap)
		}
		for _, it := range r.Roadmap {
			fmt.Fprintf(b, "  %s %s: level %s, target %s, gap %d\n", oneLine(it.Activity.ID), oneLine(it.Activity.Title),
				FormatLevel(it.Activity.Score), FormatTarget(it.Activity.Target), it.Gap)
		}
	}
}

func (r *Report) textActions(b *bytes.Buffer) {
	open, overdue := r.OpenActions()
	if open == 0 {
		return
	}
	fmt.Fprintf(b, "\nOpen actions (%d, %d overdue)\n", open, overdue)
	for _, ac := range r.Actions {
		if ac.Done {
			continue
		}
		flag := ""
		if ac.Overdue {
			flag = "OVERDUE "
		}
		fmt.Fprintf(b, "  %s%s: %s", flag, oneLine(ac.ActivityID), oneLine(ac.Text))
		if ac.Owner != "" {
			fmt.Fprintf(b, " (owner %s)", oneLine(ac.Owner))
		}
		if ac.Due != "" {
			fmt.Fprintf(b, " due %s", oneLine(ac.Due))
		}
		b.WriteString("\n")
	}
}

// truncate shortens s to at most n runes, marking the cut.
func truncate(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n-1]) + "…"
}
