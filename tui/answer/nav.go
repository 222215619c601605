package answer

import "github.com/ggi-tool/ggi/assessment"

// position is one stop of the walk: an activity and either its relevance
// question (item 0) or one of its checkpoints (item 1..n).
type position struct {
	act  int // index in the questionnaire's activities
	item int
}

// walk lists the stops in questionnaire order. With onlyOpen it keeps only
// checkpoints that were unanswered or unconfirmed when the screen opened,
// so the list does not shift under the user while they answer.
func walk(q *assessment.Questionnaire, a *assessment.Assessment, onlyOpen bool) []position {
	var out []position
	for i := range q.Activities {
		act := &q.Activities[i]
		if !onlyOpen {
			out = append(out, position{act: i})
		}
		st := a.Activity(act.ID)
		if onlyOpen && st != nil && st.Relevance == assessment.RelevanceNone {
			continue
		}
		for j, c := range act.Checkpoints {
			if onlyOpen && !open(a, act.ID, c.ID) {
				continue
			}
			out = append(out, position{act: i, item: j + 1})
		}
	}
	return out
}

func open(a *assessment.Assessment, actID, cpID string) bool {
	ca := a.AnswerOf(actID, cpID)
	return ca == nil || !ca.Answer.Answered() || ca.CarriedOver
}

// resume finds where to start: the first unanswered (or unconfirmed)
// checkpoint of the given activity, or of the first relevant activity that
// has one.
func resume(q *assessment.Questionnaire, a *assessment.Assessment, pos []position, activityID string) int {
	first := -1
	for i, p := range pos {
		act := &q.Activities[p.act]
		if activityID != "" && act.ID != activityID {
			continue
		}
		if first < 0 {
			first = i
		}
		if p.item == 0 {
			continue
		}
		if st := a.Activity(act.ID); activityID == "" && st != nil && st.Relevance == assessment.RelevanceNone {
			continue
		}
		// Unconfirmed carried-over answers need the room as much as
		// unanswered ones.
		if open(a, act.ID, act.Checkpoints[p.item-1].ID) {
			return i
		}
	}
	if activityID != "" && first >= 0 {
		// Every checkpoint answered: start at its first checkpoint.
		if first+1 < len(pos) && pos[first].item == 0 && pos[first+1].act == pos[first].act {
			return first + 1
		}
		return first
	}
	return 0
}
