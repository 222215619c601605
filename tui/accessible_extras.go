package tui

import (
	"slices"
	"strings"
	"time"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
)

// prompt asks for one line; stop is true when input ended.
func (s *accessible) prompt(format string, args ...any) (line string, stop bool, err error) {
	s.printf(format, args...)
	line, err = s.readLine()
	if err != nil {
		return "", true, accessibleErr(err)
	}
	return line, false, nil
}

// editText asks for a new text in place of cur: enter keeps it, a dash
// removes it. changed is false when the user kept it.
func (s *accessible) editText(what, cur string) (text string, changed, stop bool, err error) {
	if cur != "" {
		s.printf("Current %s: %s\n", what, safe.Line(cur))
		text, stop, err = s.prompt("Type the new %s, - to remove it, or press enter to keep it: ", what)
	} else {
		text, stop, err = s.prompt("Type the %s, or press enter to cancel: ", what)
	}
	switch {
	case err != nil || stop:
		return "", false, stop, err
	case text == "":
		return cur, false, false, nil
	case text == "-":
		return "", cur != "", false, nil
	}
	return text, text != cur, false, nil
}

// checkpointNote writes the note on one checkpoint, keeping its answer.
func (s *accessible) checkpointNote(a *assessment.Assessment, act *assessment.Activity, cp *assessment.Checkpoint) (stop bool, err error) {
	var next assessment.CheckpointAnswer
	if ca := a.AnswerOf(act.ID, cp.ID); ca != nil {
		next = *ca
		next.Votes = slices.Clone(ca.Votes)
	}
	note, changed, stop, err := s.editText("note on "+cp.ID, next.Note)
	if err != nil || stop || !changed {
		return stop, err
	}
	next.Note = note
	if err := s.o.Store.SaveAnswer(a.ID, act.ID, cp.ID, next, s.o.User); err != nil {
		s.printf("Not saved: %s\n", safe.Line(err.Error()))
		return false, nil
	}
	a.SetAnswer(act.ID, cp.ID, next)
	s.printf("Saved the note on %s.\n", cp.ID)
	return false, nil
}

// activityExtras offers, after an activity's checkpoints, what the room
// records for the activity as a whole: notes, evidence and action items.
func (s *accessible) activityExtras(a *assessment.Assessment, act *assessment.Activity) (stop bool, err error) {
	for {
		st := a.EnsureActivity(act.ID)
		s.printf("End of %s: %s, status %s, %d evidence, %d action%s.\n", act.ID, safe.Line(act.Title),
			st.Status.Label(), len(st.Evidence), len(st.Actions), plural(len(st.Actions)))
		line, stop, err := s.prompt("Type c for notes on the activity, e to add evidence, a to add an action item, d to mark it done, or press enter to go on: ")
		if err != nil || stop {
			return stop, err
		}
		switch strings.ToLower(line) {
		case "":
			return false, nil
		case "q", "quit":
			return true, nil
		case "c", "note", "notes":
			stop, err = s.activityNotes(a, act)
		case "e", "evidence":
			stop, err = s.addEvidence(a, act)
		case "a", "action":
			stop, err = s.addAction(a, act)
		case "d", "done":
			s.updateActivity(a, act.ID, "status done", func(x *assessment.ActivityState) { x.Status = assessment.StatusDone })
		default:
			s.printf("Please type c, e, a, d, enter to go on, or q to stop.\n")
		}
		if err != nil || stop {
			return stop, err
		}
	}
}

// updateActivity writes one change to an activity and reports it.
func (s *accessible) updateActivity(a *assessment.Assessment, actID, what string, change func(*assessment.ActivityState)) {
	if err := s.o.Store.UpdateActivity(a.ID, actID, func(x *assessment.ActivityState) error {
		change(x)
		return nil
	}, s.o.User); err != nil {
		s.printf("Not saved: %s\n", safe.Line(err.Error()))
		return
	}
	change(a.EnsureActivity(actID))
	s.printf("Saved: %s.\n", what)
}

func (s *accessible) activityNotes(a *assessment.Assessment, act *assessment.Activity) (stop bool, err error) {
	notes, changed, stop, err := s.editText("notes on "+act.ID, a.EnsureActivity(act.ID).Notes)
	if err != nil || stop || !changed {
		return stop, err
	}
	s.updateActivity(a, act.ID, "notes", func(x *assessment.ActivityState) { x.Notes = notes })
	return false, nil
}

func (s *accessible) addEvidence(a *assessment.Assessment, act *assessment.Activity) (stop bool, err error) {
	link, stop, err := s.prompt("Evidence for %s, a link or a document reference (enter to cancel): ", act.ID)
	if err != nil || stop || link == "" {
		return stop, err
	}
	s.updateActivity(a, act.ID, "evidence added", func(x *assessment.ActivityState) {
		x.Evidence = append(slices.Clone(x.Evidence), link)
	})
	return false, nil
}

func (s *accessible) addAction(a *assessment.Assessment, act *assessment.Activity) (stop bool, err error) {
	text, stop, err := s.prompt("Action for %s, what needs doing (enter to cancel): ", act.ID)
	if err != nil || stop || text == "" {
		return stop, err
	}
	owner, stop, err := s.prompt("Owner (enter for nobody yet): ")
	if err != nil || stop {
		return stop, err
	}
	var due string
	for {
		due, stop, err = s.prompt("Due date as YYYY-MM-DD (enter for none): ")
		if err != nil || stop {
			return stop, err
		}
		if _, perr := time.Parse(time.DateOnly, due); due == "" || perr == nil {
			break
		}
		s.printf("Please use a date such as 2027-01-31.\n")
	}
	item := assessment.Action{Text: text, Owner: owner, Due: due}
	s.updateActivity(a, act.ID, "action added", func(x *assessment.ActivityState) {
		x.Actions = append(slices.Clone(x.Actions), item)
	})
	return false, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
