package answer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ggi-tool/ggi/assessment"
)

// historyLine is one change, formatted when the log arrives.
type historyLine struct {
	when, who, what string
	here            bool // touches the current checkpoint
}

func (m *Model) showHistory(msg historyMsg) {
	m.histErr = msg.err
	act, cp := m.here()
	loc := m.today.Location()
	lines := make([]historyLine, 0, len(msg.changes))
	for _, c := range slices.Backward(msg.changes) {
		if c.ActivityID != act.ID {
			continue
		}
		lines = append(lines, historyLine{
			when: c.At.In(loc).Format("2006-01-02 15:04"),
			who:  label(c.Who),
			what: label(describe(c)),
			here: cp != nil && c.CheckpointID == cp.ID,
		})
	}
	m.history = lines
}

// describe says what a change did, in a few words.
func describe(c assessment.Change) string {
	switch c.Kind {
	case assessment.ChangeAnswer:
		return c.CheckpointID + " " + answerChange(c.OldAnswer, c.NewAnswer)
	case assessment.ChangeActivity:
		return c.ActivityID + " " + activityChange(c.OldActivity, c.NewActivity)
	case assessment.ChangeUndo:
		where := c.CheckpointID
		if where == "" {
			where = c.ActivityID
		}
		return strings.TrimSpace(fmt.Sprintf("undid change #%d %s", c.Undoes, where))
	case assessment.ChangeAssessment:
		return "team details changed"
	}
	return string(c.Kind)
}

func answerOf(a *assessment.CheckpointAnswer) assessment.Answer {
	if a == nil {
		return assessment.Unanswered
	}
	return a.Answer
}

func answerChange(o, n *assessment.CheckpointAnswer) string {
	oa, na := answerOf(o), answerOf(n)
	var parts []string
	switch {
	case oa != na:
		parts = append(parts, oa.Label()+" → "+na.Label())
	case o != nil && o.CarriedOver && (n == nil || !n.CarriedOver):
		parts = append(parts, "confirmed "+na.Label())
	}
	if o != nil && n != nil && o.Note != n.Note || o == nil && n != nil && n.Note != "" {
		parts = append(parts, "note changed")
	}
	if len(parts) == 0 {
		return "saved unchanged (" + na.Label() + ")"
	}
	return strings.Join(parts, ", ")
}

func activityChange(o, n *assessment.ActivityState) string {
	if o == nil {
		o = &assessment.ActivityState{}
	}
	if n == nil {
		n = &assessment.ActivityState{}
	}
	var parts []string
	if o.Relevance.Effective() != n.Relevance.Effective() {
		parts = append(parts, fmt.Sprintf("relevance %s → %s", o.Relevance.Effective(), n.Relevance.Effective()))
	}
	if o.Status.Effective() != n.Status.Effective() {
		parts = append(parts, fmt.Sprintf("status %s → %s", o.Status.Label(), n.Status.Label()))
	}
	if o.TargetLevel != n.TargetLevel {
		parts = append(parts, fmt.Sprintf("target %s → %s", target(o.TargetLevel), target(n.TargetLevel)))
	}
	if o.Notes != n.Notes {
		parts = append(parts, "notes changed")
	}
	if len(o.Evidence) != len(n.Evidence) {
		parts = append(parts, fmt.Sprintf("evidence %d → %d", len(o.Evidence), len(n.Evidence)))
	}
	if a := actionChange(o.Actions, n.Actions); a != "" {
		parts = append(parts, a)
	}
	if len(parts) == 0 {
		return "saved unchanged"
	}
	return strings.Join(parts, ", ")
}

func target(t int) string {
	if t == 0 {
		return "none"
	}
	return fmt.Sprintf("L%d", t)
}

// actionChange names what happened to the action list, quoting the item.
func actionChange(o, n []assessment.Action) string {
	switch {
	case slices.Equal(o, n):
		return ""
	case len(n) == len(o)+1:
		return "action added: " + label(n[len(n)-1].Text)
	case len(n) < len(o):
		return "action removed"
	}
	for i := range min(len(o), len(n)) {
		a, b := o[i], n[i]
		switch {
		case a == b:
			continue
		case !a.Done && b.Done:
			return "action done: " + label(b.Text)
		case a.Done && !b.Done:
			return "action reopened: " + label(b.Text)
		case a.Owner != b.Owner && a.Text == b.Text && a.Due == b.Due:
			return fmt.Sprintf("action reassigned %s → %s: %s", label(a.Owner), label(b.Owner), label(b.Text))
		}
		return "action changed: " + label(b.Text)
	}
	return "actions changed"
}
