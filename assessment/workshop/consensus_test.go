package workshop

import (
	"reflect"
	"testing"

	"github.com/ggi-tool/ggi/assessment"
)

const (
	ny = assessment.NotYet
	pa = assessment.Partly
	la = assessment.Largely
	fu = assessment.Fully
	na = assessment.NotApplicable
	un = assessment.Unanswered
)

// votes builds votes for participants p1, p2... in order.
func votes(answers ...assessment.Answer) []assessment.Vote {
	out := make([]assessment.Vote, len(answers))
	for i, a := range answers {
		out[i] = assessment.Vote{Participant: string(rune('a' + i)), Answer: a}
	}
	return out
}

func TestTally(t *testing.T) {
	tests := []struct {
		name  string
		votes []assessment.Vote
		want  Spread
	}{
		{"no votes", nil, Spread{}},
		{"one vote", votes(la), Spread{
			Votes: 1, Scored: 1, Counts: [5]int{0, 0, 1, 0, 0},
			Min: la, Max: la, Median: la, Mode: la, Agreement: 1, Suggested: la,
		}},
		{"unanimous", votes(fu, fu, fu), Spread{
			Votes: 3, Scored: 3, Counts: [5]int{0, 0, 0, 3, 0},
			Min: fu, Max: fu, Median: fu, Mode: fu, Agreement: 1, Suggested: fu,
		}},
		{"neighbours are not a disagreement", votes(pa, la, la), Spread{
			Votes: 3, Scored: 3, Counts: [5]int{0, 1, 2, 0, 0},
			Min: pa, Max: la, Median: la, Mode: la, Agreement: 2.0 / 3, Suggested: la,
		}},
		{"two points apart is strong disagreement", votes(pa, la, fu), Spread{
			Votes: 3, Scored: 3, Counts: [5]int{0, 1, 1, 1, 0},
			Min: pa, Max: fu, Median: la, Mode: pa, Agreement: 1.0 / 3, Disagreement: true, Suggested: la,
		}},
		{"whole scale", votes(ny, fu), Spread{
			Votes: 2, Scored: 2, Counts: [5]int{1, 0, 0, 1, 0},
			Min: ny, Max: fu, Median: ny, Mode: ny, Agreement: 0.5, Disagreement: true, Suggested: ny,
		}},
		{"even count takes the lower middle", votes(pa, pa, la, la), Spread{
			Votes: 4, Scored: 4, Counts: [5]int{0, 2, 2, 0, 0},
			Min: pa, Max: la, Median: pa, Mode: pa, Agreement: 0.5, Suggested: pa,
		}},
		{"n/a against in place is a split", votes(na, la, la), Spread{
			Votes: 3, Scored: 2, Counts: [5]int{0, 0, 2, 0, 1},
			Min: la, Max: la, Median: la, Mode: la, Agreement: 2.0 / 3,
			ApplicabilitySplit: true, Disagreement: true, Suggested: la,
		}},
		{"n/a against not yet is no split", votes(na, ny), Spread{
			Votes: 2, Scored: 1, Counts: [5]int{1, 0, 0, 0, 1},
			Min: ny, Max: ny, Median: ny, Mode: ny, Agreement: 0.5, Suggested: ny,
		}},
		{"n/a majority is suggested", votes(na, na, pa), Spread{
			Votes: 3, Scored: 1, Counts: [5]int{0, 1, 0, 0, 2},
			Min: pa, Max: pa, Median: pa, Mode: na, Agreement: 2.0 / 3,
			ApplicabilitySplit: true, Disagreement: true, Suggested: na,
		}},
		{"all n/a", votes(na, na), Spread{
			Votes: 2, Counts: [5]int{0, 0, 0, 0, 2}, Mode: na, Agreement: 1, Suggested: na,
		}},
		{"invalid and empty votes are ignored", votes("maybe", un, la), Spread{
			Votes: 1, Scored: 1, Counts: [5]int{0, 0, 1, 0, 0},
			Min: la, Max: la, Median: la, Mode: la, Agreement: 1, Suggested: la,
		}},
		{"a participant's last vote counts", []assessment.Vote{
			{Participant: "ann", Answer: ny}, {Participant: "bo", Answer: la}, {Participant: "ann", Answer: fu},
		}, Spread{
			Votes: 2, Scored: 2, Counts: [5]int{0, 0, 1, 1, 0},
			Min: la, Max: fu, Median: la, Mode: la, Agreement: 0.5, Suggested: la,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Tally(tt.votes)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tally()\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestSpreadString(t *testing.T) {
	tests := []struct {
		votes []assessment.Vote
		want  string
	}{
		{nil, "no votes"},
		{votes(la), "1 vote · largely · mode largely (100%)"},
		{votes(pa, la, fu), "3 votes · partly–fully · mode partly (33%) · strong disagreement"},
		{votes(na, na), "2 votes · mode n/a (100%)"},
		{votes(la, na, la), "3 votes · largely · 1 n/a · mode largely (67%) · strong disagreement"},
	}
	for _, tt := range tests {
		if got := Tally(tt.votes).String(); got != tt.want {
			t.Errorf("Tally(%v).String() = %q, want %q", tt.votes, got, tt.want)
		}
	}
}

func TestWithVote(t *testing.T) {
	base := []assessment.Vote{{Participant: "ann", Answer: pa}, {Participant: "bo", Answer: la}}
	tests := []struct {
		name string
		who  string
		ans  assessment.Answer
		want []assessment.Vote
	}{
		{"change keeps the order", "ann", fu, []assessment.Vote{{Participant: "ann", Answer: fu}, {Participant: "bo", Answer: la}}},
		{"new voter goes last", "cy", ny, []assessment.Vote{{Participant: "ann", Answer: pa}, {Participant: "bo", Answer: la}, {Participant: "cy", Answer: ny}}},
		{"unanswered withdraws", "ann", un, []assessment.Vote{{Participant: "bo", Answer: la}}},
		{"withdrawing nothing changes nothing", "cy", un, base},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := append([]assessment.Vote(nil), base...)
			got := WithVote(base, tt.who, tt.ans)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("WithVote = %v, want %v", got, tt.want)
			}
			if !reflect.DeepEqual(base, before) {
				t.Errorf("WithVote modified its input: %v", base)
			}
		})
	}
	if got := WithVote([]assessment.Vote{{Participant: "ann", Answer: pa}}, "ann", un); got != nil {
		t.Errorf("withdrawing the only vote = %v, want nil", got)
	}
	if got := VoteOf(base, "bo"); got != la {
		t.Errorf("VoteOf(bo) = %q", got)
	}
	if got := VoteOf(base, "cy"); got != un {
		t.Errorf("VoteOf(cy) = %q", got)
	}
}

func testQuestionnaire() *assessment.Questionnaire {
	return &assessment.Questionnaire{
		ID: "t", Version: "1",
		Goals: []assessment.Goal{{ID: "usage", Name: "Usage"}, {ID: "trust", Name: "Trust"}},
		Activities: []assessment.Activity{
			// Listed out of goal order on purpose: workshops follow goals.
			{ID: "T-2", Title: "Second", Goal: "trust", Summary: "Trust summary.", Checkpoints: []assessment.Checkpoint{
				{ID: "T-2.1", Text: "Trust one"},
			}},
			{ID: "T-1", Title: "First", Goal: "usage", Summary: "Usage summary.", Checkpoints: []assessment.Checkpoint{
				{ID: "T-1.1", Text: "Usage one"},
				{ID: "T-1.2", Text: "Usage two"},
				{ID: "T-1.3", Text: "Usage three"},
			}},
		},
	}
}

func TestDisputedAndTallies(t *testing.T) {
	q := testQuestionnaire()
	a := &assessment.Assessment{ID: "x", Participants: []string{"a", "b", "c"}, Workshop: true}
	a.SetAnswer("T-2", "T-2.1", assessment.CheckpointAnswer{Answer: pa, Votes: votes(ny, fu)})
	a.SetAnswer("T-1", "T-1.3", assessment.CheckpointAnswer{Answer: la, Votes: votes(pa, la, fu)})
	a.SetAnswer("T-1", "T-1.1", assessment.CheckpointAnswer{Answer: la, Votes: votes(la, la)})
	a.SetAnswer("T-1", "T-1.2", assessment.CheckpointAnswer{Answer: pa}) // no votes
	a.SetAnswer("X-9", "X-9.1", assessment.CheckpointAnswer{Answer: pa, Votes: votes(ny, fu)})

	all := Tallies(q, a)
	var ids []string
	for _, c := range all {
		ids = append(ids, c.CheckpointID)
	}
	if want := []string{"T-1.1", "T-1.3", "T-2.1"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("Tallies order = %v, want %v", ids, want)
	}
	if all[0].Agreed != la || all[0].Spread.Agreement != 1 {
		t.Errorf("T-1.1 tally = %+v", all[0])
	}

	d := Disputed(q, a)
	ids = nil
	for _, c := range d {
		ids = append(ids, c.CheckpointID)
		if !c.Spread.Disagreement {
			t.Errorf("%s listed without disagreement", c.CheckpointID)
		}
	}
	if want := []string{"T-1.3", "T-2.1"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("Disputed = %v, want %v", ids, want)
	}
	if d[1].ActivityID != "T-2" || d[1].Agreed != pa || len(d[1].Votes) != 2 {
		t.Errorf("T-2.1 = %+v", d[1])
	}
	if got := Disputed(q, &assessment.Assessment{}); got != nil {
		t.Errorf("Disputed(empty) = %v", got)
	}
}

func TestOrderFollowsGoals(t *testing.T) {
	got := Order(testQuestionnaire())
	want := []Position{{"T-1", "T-1.1"}, {"T-1", "T-1.2"}, {"T-1", "T-1.3"}, {"T-2", "T-2.1"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Order = %v, want %v", got, want)
	}
}
