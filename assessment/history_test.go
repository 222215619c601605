package assessment

import (
	"reflect"
	"testing"
	"time"
)

func day(d int) time.Time { return time.Date(2026, 1, d, 9, 0, 0, 0, time.UTC) }

func previousAssessment() *Assessment {
	return &Assessment{
		ID: "prev0001", Team: "Platform", Organisation: "Example", Period: "2026-Q4", Facilitator: "Ann",
		Participants: []string{"Ann", "Bo"}, Questionnaire: QuestionnaireRef{ID: "ggi", Version: "1.3"},
		Workshop: true, GoalTargets: map[string]int{"usage": 4},
		CreatedAt: day(1), UpdatedAt: day(2),
		Activities: map[string]*ActivityState{
			"GGI-A-17": {
				Relevance: RelevanceHigh, Status: StatusInProgress, TargetLevel: 4, Notes: "n",
				Evidence: []string{"https://example.org/policy"},
				Actions: []Action{
					{ID: "1", Text: "done already", Done: true},
					{ID: "2", Text: "still open", Owner: "Bo", Due: "2027-01-31"},
				},
				Checkpoints: map[string]*CheckpointAnswer{
					"GGI-A-17.1": {Answer: Largely, Note: "why", Votes: []Vote{{Participant: "Ann", Answer: Fully}}, UpdatedBy: "Ann"},
					"GGI-A-17.2": {Answer: NotApplicable},
				},
			},
			"GGI-A-18": {Actions: []Action{{Text: "all done", Done: true}}},
		},
	}
}

func TestCarryForward(t *testing.T) {
	prev := previousAssessment()
	keep := prev.Clone()
	next := CarryForward(prev, "")

	if next.ID != "" || !next.CreatedAt.IsZero() || !next.UpdatedAt.IsZero() {
		t.Errorf("ID or times carried: %q %v %v", next.ID, next.CreatedAt, next.UpdatedAt)
	}
	if next.FromID != "prev0001" || next.Period != "2027-Q1" || next.Team != "Platform" || next.Organisation != "Example" ||
		next.Facilitator != "Ann" || !next.Workshop || next.Questionnaire != prev.Questionnaire || next.GoalTargets["usage"] != 4 {
		t.Errorf("details not carried: %+v", next)
	}
	st := next.Activity("GGI-A-17")
	if st.Relevance != RelevanceHigh || st.Status != StatusInProgress || st.TargetLevel != 4 || st.Notes != "n" || len(st.Evidence) != 1 {
		t.Errorf("activity state not carried: %+v", st)
	}
	if len(st.Actions) != 1 || st.Actions[0].ID != "2" {
		t.Errorf("actions: %+v, want only the open one", st.Actions)
	}
	if a := next.Activity("GGI-A-18"); a == nil || a.Actions != nil {
		t.Errorf("an activity whose actions are all done: %+v", a)
	}
	for id, want := range map[string]Answer{"GGI-A-17.1": Largely, "GGI-A-17.2": NotApplicable} {
		ca := next.AnswerOf("GGI-A-17", id)
		if ca == nil || ca.Answer != want || !ca.CarriedOver || ca.Votes != nil {
			t.Errorf("%s: %+v", id, ca)
		}
		if !next.Unconfirmed("GGI-A-17", id) {
			t.Errorf("%s not unconfirmed", id)
		}
	}
	if next.AnswerOf("GGI-A-17", "GGI-A-17.1").Note != "why" {
		t.Error("note not carried")
	}
	if next.Unconfirmed("GGI-A-17", "GGI-A-17.9") || next.Unconfirmed("GGI-A-99", "x") {
		t.Error("unanswered checkpoint reads as unconfirmed")
	}

	// The earlier assessment is untouched, and the two share nothing.
	if !reflect.DeepEqual(prev, keep) {
		t.Fatal("CarryForward changed the earlier assessment")
	}
	next.Participants[0] = "Zed"
	next.GoalTargets["usage"] = 1
	next.Activity("GGI-A-17").Evidence[0] = "changed"
	next.Activity("GGI-A-17").Actions[0].Text = "changed"
	next.AnswerOf("GGI-A-17", "GGI-A-17.1").Answer = NotYet
	if !reflect.DeepEqual(prev, keep) {
		t.Fatal("the carried-forward assessment shares memory with the earlier one")
	}
}

func TestCarryForwardPeriod(t *testing.T) {
	prev := previousAssessment()
	if got := CarryForward(prev, "2027-H1").Period; got != "2027-H1" {
		t.Errorf("explicit period: %q", got)
	}
	prev.Period = "2026-03"
	if got := CarryForward(prev, "").Period; got != "2026-03" {
		t.Errorf("a monthly period is kept as is: %q", got)
	}
	empty := CarryForward(&Assessment{ID: "x", Team: "T"}, "")
	if empty.Activities != nil || empty.GoalTargets != nil || empty.FromID != "x" {
		t.Errorf("from an empty assessment: %+v", empty)
	}
}

func TestPeriods(t *testing.T) {
	for in, out := range map[string]string{"2026-Q1": "2026-Q2", "2026-Q4": "2027-Q1", "2026-Q5": "2026-Q5", "2026-H1": "2026-H1", "": "", "26-Q1": "26-Q1"} {
		if got := NextPeriod(in); got != out {
			t.Errorf("NextPeriod(%q) = %q, want %q", in, got, out)
		}
	}
	for in, ok := range map[string]bool{"2026-Q4": true, "2026-H2": true, "2026-12": true, "2026-13": false, "2026-Q0": false, "2026": false} {
		if ValidPeriod(in) != ok {
			t.Errorf("ValidPeriod(%q) = %v", in, !ok)
		}
	}
	if got := PeriodOf(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)); got != "2026-Q4" {
		t.Errorf("PeriodOf: %q", got)
	}
}

func TestTeamHistoryAndPrevious(t *testing.T) {
	q3 := &Assessment{ID: "q3", Team: "Platform", Period: "2026-Q3", CreatedAt: day(5)}
	q4 := &Assessment{ID: "q4", Team: " platform ", Period: "2026-Q4", CreatedAt: day(2)}
	q4b := &Assessment{ID: "q4b", Team: "PLATFORM", Period: "2026-Q4", CreatedAt: day(3)}
	q1 := &Assessment{ID: "q1", Team: "Platform", Period: "2027-Q1", CreatedAt: day(1), FromID: "q3"}
	web := &Assessment{ID: "web", Team: "Web", Period: "2026-Q4", CreatedAt: day(4)}
	all := []*Assessment{q1, web, q4b, q3, q4}

	h := TeamHistory(all, "Platform")
	var ids []string
	for _, a := range h {
		ids = append(ids, a.ID)
	}
	if want := []string{"q3", "q4", "q4b", "q1"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("history %v, want %v", ids, want)
	}
	if len(TeamHistory(all, "nobody")) != 0 {
		t.Fatal("history of an unknown team")
	}

	cases := []struct {
		a    *Assessment
		want *Assessment
	}{
		{q3, nil},
		{q4, q3},
		{q4b, q3},  // q4 is the same period (a re-run or re-import), not "last time"
		{q1, q3},   // carried forward from q3: that one, not q4b
		{web, nil}, // first of its team
		{&Assessment{ID: "gone", Team: "Platform", Period: "2027-Q2", FromID: "deleted"}, q1}, // not stored yet: the latest earlier period
		{&Assessment{ID: "first", Team: "Platform", Period: "2026-Q1"}, nil},                  // nothing earlier
	}
	for _, c := range cases {
		if got := Previous(all, c.a); got != c.want {
			t.Errorf("Previous(%s) = %v, want %v", c.a.ID, got, c.want)
		}
	}
	// A missing FromID falls back to period order.
	orphan := &Assessment{ID: "o", Team: "Web", Period: "2027-Q1", FromID: "deleted", CreatedAt: day(9)}
	if got := Previous(append(all, orphan), orphan); got != web {
		t.Errorf("Previous with a deleted FromID = %v, want web", got)
	}
	if !SameTeam("Platform ", "platform") || SameTeam("Platform", "Platforms") {
		t.Error("SameTeam")
	}
}

func TestSetAnswerAndClone(t *testing.T) {
	a := &Assessment{}
	votes := []Vote{{Participant: "Ann", Answer: Fully}}
	a.SetAnswer("A", "A.1", CheckpointAnswer{Answer: Partly, Votes: votes})
	votes[0].Answer = NotYet
	if a.AnswerOf("A", "A.1").Votes[0].Answer != Fully {
		t.Fatal("SetAnswer kept the caller's slice")
	}
	a.SetAnswer("A", "A.1", CheckpointAnswer{})
	if a.AnswerOf("A", "A.1") != nil {
		t.Fatal("an empty answer was kept")
	}
	a.SetAnswer("A", "A.2", CheckpointAnswer{Note: "only a note"})
	if a.AnswerOf("A", "A.2") == nil {
		t.Fatal("a note without an answer was dropped")
	}
	if (*Assessment)(nil).Clone() != nil || (*ActivityState)(nil).Clone() != nil {
		t.Fatal("Clone of nil")
	}
	if (&Assessment{}).AnswerOf("X", "X.1") != nil {
		t.Fatal("AnswerOf on an empty assessment")
	}
}

func TestActionOverdue(t *testing.T) {
	today := time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		a    Action
		want bool
	}{
		{Action{Due: "2026-11-24"}, true},
		{Action{Due: "2026-11-25"}, false},
		{Action{Due: "2026-11-24", Done: true}, false},
		{Action{}, false},
		{Action{Due: "soon"}, false},
	} {
		if got := c.a.Overdue(today); got != c.want {
			t.Errorf("%+v overdue = %v", c.a, got)
		}
	}
}

// Null entries, which decoding imported JSON can produce, read as absent
// rather than crash.
func TestNullEntries(t *testing.T) {
	a := &Assessment{ID: "x", Activities: map[string]*ActivityState{
		"A": nil,
		"B": {Checkpoints: map[string]*CheckpointAnswer{"B.1": nil, "B.2": {Answer: Fully}}},
	}}
	c := a.Clone()
	if c.Activity("A") != nil || len(c.Activity("B").Checkpoints) != 1 {
		t.Fatalf("clone: %+v", c)
	}
	next := CarryForward(a, "")
	if next.Activity("A") != nil || next.AnswerOf("B", "B.2") == nil || next.AnswerOf("B", "B.1") != nil {
		t.Fatalf("carried: %+v", next)
	}
}
