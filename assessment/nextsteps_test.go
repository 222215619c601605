package assessment

import (
	"reflect"
	"testing"
)

func TestNextSteps(t *testing.T) {
	cp := func(id string) []Checkpoint { return []Checkpoint{{ID: id + ".1", Text: "x"}} }
	q := &Questionnaire{
		Goals: []Goal{{ID: "g"}},
		Activities: []Activity{
			{ID: "A1", Goal: "g", Checkpoints: cp("A1"), Next: []string{"A2", "A3", "A9"}},
			{ID: "A2", Goal: "g", Checkpoints: cp("A2")},
			{ID: "A3", Goal: "g", Checkpoints: cp("A3")},
			{ID: "A4", Goal: "g", Checkpoints: cp("A4")},
			{ID: "A5", Goal: "g", Checkpoints: cp("A5")},
			{ID: "A6", Goal: "g", Checkpoints: cp("A6")},
		},
	}
	a := &Assessment{}
	a.SetAnswer("A1", "A1.1", CheckpointAnswer{Answer: Partly}) // 33.3
	a.SetAnswer("A2", "A2.1", CheckpointAnswer{Answer: Partly}) // 33.3, but high relevance: first
	a.SetAnswer("A3", "A3.1", CheckpointAnswer{Answer: NotYet}) // 0, but not relevant
	a.SetAnswer("A4", "A4.1", CheckpointAnswer{Answer: Fully})  // 100: level 5, nothing to do
	a.SetAnswer("A5", "A5.1", CheckpointAnswer{Answer: Largely})
	// A6 unanswered: no score, not a next step.
	a.EnsureActivity("A2").Relevance = RelevanceHigh
	a.EnsureActivity("A3").Relevance = RelevanceNone
	sc := ScoreAssessment(q, a)

	var ids []string
	var then [][]string
	for _, s := range NextSteps(q, a, &sc, 5) {
		ids = append(ids, s.ActivityID)
		then = append(then, s.Then)
	}
	if want := []string{"A2", "A1", "A5"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("next steps %v, want %v", ids, want)
	}
	// A1's follow-ups: A2 yes, A3 ruled out by the team, A9 unknown.
	if want := [][]string{nil, {"A2"}, nil}; !reflect.DeepEqual(then, want) {
		t.Errorf("follow-ups %v, want %v", then, want)
	}
	if got := NextSteps(q, a, &sc, 1); len(got) != 1 || got[0].ActivityID != "A2" {
		t.Errorf("capped at one: %+v", got)
	}
	if got := NextSteps(q, &Assessment{}, &Scorecard{}, 3); len(got) != 0 {
		t.Errorf("nothing answered: %+v", got)
	}
}
