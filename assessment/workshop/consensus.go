// Package workshop is the domain of facilitated workshops: how the
// individual votes of named participants add up to a spread and a suggested
// answer, which checkpoints the room disagreed on, and a live session hub
// that keeps the facilitator's screen and every participant's terminal on
// the same checkpoint. It imports only the standard library and the
// assessment domain; the SSH server and the screens build on it.
package workshop

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ggi-tool/ggi/assessment"
)

// StrongSpread is the distance in points between the lowest and the
// highest vote from which the room is flagged for discussion: two answers
// next to each other on the scale are a nuance, two steps apart ("partly"
// against "fully") mean people see different realities.
const StrongSpread = 2

// Spread summarises the votes on one checkpoint.
type Spread struct {
	// Votes is the number of valid votes, one per participant.
	Votes int
	// Scored is the number of votes on the 0-3 scale (not applicable
	// excluded).
	Scored int
	// Counts holds the number of votes per answer, in the order of
	// assessment.Answers(): not yet, partly, largely, fully, not applicable.
	Counts [5]int
	// Min, Max and Median are taken over the scored votes; Unanswered when
	// there are none.
	Min, Max, Median assessment.Answer
	// Mode is the most frequent answer over all votes, not applicable
	// included; Unanswered when there are no votes.
	Mode assessment.Answer
	// Agreement is the share of votes on the mode, 0-1.
	Agreement float64
	// ApplicabilitySplit is set when someone voted not applicable while
	// someone else sees the practice at least partly in place.
	ApplicabilitySplit bool
	// Disagreement flags the checkpoint for discussion: the scored votes
	// are StrongSpread points or more apart, or the room is split on
	// whether the checkpoint applies at all.
	Disagreement bool
	// Suggested is the answer offered to the facilitator as the default
	// agreed answer.
	Suggested assessment.Answer
}

// Count returns the number of votes for one answer.
func (s Spread) Count(a assessment.Answer) int {
	if i := answerIndex(a); i >= 0 {
		return s.Counts[i]
	}
	return 0
}

// Range is the distance in points between the lowest and highest scored
// vote; 0 with fewer than two scored votes.
func (s Spread) Range() int {
	lo, ok1 := s.Min.Points()
	hi, ok2 := s.Max.Points()
	if !ok1 || !ok2 {
		return 0
	}
	return hi - lo
}

// String is a one-line summary for people, such as
// "3 votes · partly–fully · mode partly (33%) · strong disagreement" or
// "3 votes · largely · 1 n/a · mode largely (67%) · strong disagreement".
func (s Spread) String() string {
	if s.Votes == 0 {
		return "no votes"
	}
	parts := []string{fmt.Sprintf("%d vote%s", s.Votes, plural(s.Votes))}
	switch {
	case s.Scored > 0 && s.Min == s.Max:
		parts = append(parts, s.Min.Label())
	case s.Scored > 0:
		parts = append(parts, s.Min.Label()+"–"+s.Max.Label())
	}
	if na := s.Count(assessment.NotApplicable); na > 0 && s.Scored > 0 {
		parts = append(parts, fmt.Sprintf("%d n/a", na))
	}
	parts = append(parts, fmt.Sprintf("mode %s (%.0f%%)", s.Mode.Label(), 100*s.Agreement))
	if s.Disagreement {
		parts = append(parts, "strong disagreement")
	}
	return strings.Join(parts, " · ")
}

func answerIndex(a assessment.Answer) int {
	return slices.Index(assessment.Answers(), a)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Tally computes the spread of a checkpoint's votes. Votes without a valid
// answer are ignored; when a participant appears more than once, the last
// vote counts, as it is the one they cast most recently.
//
// The suggestion is conservative on purpose: self-assessments drift
// upwards, so the median of an even number of votes is the lower middle
// vote and ties for the mode go to the lower answer. Not applicable is
// suggested only when it has a strict majority of the votes.
func Tally(votes []assessment.Vote) Spread {
	votes = Latest(votes)
	var s Spread
	points := make([]int, 0, len(votes))
	for _, v := range votes {
		i := answerIndex(v.Answer)
		if i < 0 {
			continue
		}
		s.Counts[i]++
		s.Votes++
		if p, ok := v.Answer.Points(); ok {
			points = append(points, p)
		}
	}
	if s.Votes == 0 {
		return s
	}
	s.Scored = len(points)
	answers := assessment.Answers()
	best := -1
	for i, n := range s.Counts { // scale order, so ties keep the lower answer
		if n > 0 && (best < 0 || n > s.Counts[best]) {
			best = i
		}
	}
	s.Mode = answers[best]
	s.Agreement = float64(s.Counts[best]) / float64(s.Votes)
	if s.Scored > 0 {
		slices.Sort(points)
		s.Min = answers[points[0]]
		s.Max = answers[points[len(points)-1]]
		s.Median = answers[points[(len(points)-1)/2]]
	}
	na := s.Count(assessment.NotApplicable)
	hi, _ := s.Max.Points()
	s.ApplicabilitySplit = na > 0 && s.Scored > 0 && hi >= 1
	s.Disagreement = s.Range() >= StrongSpread || s.ApplicabilitySplit
	if 2*na > s.Votes {
		s.Suggested = assessment.NotApplicable
	} else {
		s.Suggested = s.Median
	}
	return s
}

// Latest returns the votes with one entry per participant, the last one
// cast, in the order participants first voted. Names are compared exactly.
func Latest(votes []assessment.Vote) []assessment.Vote {
	out := make([]assessment.Vote, 0, len(votes))
	for _, v := range votes {
		if i := slices.IndexFunc(out, func(o assessment.Vote) bool { return o.Participant == v.Participant }); i >= 0 {
			out[i] = v
			continue
		}
		out = append(out, v)
	}
	return out
}

// WithVote returns a copy of votes with participant's vote set to ans;
// Unanswered removes it. The input is not modified, so a caller can keep
// the old slice until the new one is saved.
func WithVote(votes []assessment.Vote, participant string, ans assessment.Answer) []assessment.Vote {
	out := make([]assessment.Vote, 0, len(votes)+1)
	found := false
	for _, v := range votes {
		if v.Participant != participant {
			out = append(out, v)
			continue
		}
		if !found && ans != assessment.Unanswered {
			out = append(out, assessment.Vote{Participant: participant, Answer: ans})
		}
		found = true
	}
	if !found && ans != assessment.Unanswered {
		out = append(out, assessment.Vote{Participant: participant, Answer: ans})
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// VoteOf returns participant's vote, or Unanswered.
func VoteOf(votes []assessment.Vote, participant string) assessment.Answer {
	ans := assessment.Unanswered
	for _, v := range votes {
		if v.Participant == participant {
			ans = v.Answer
		}
	}
	return ans
}

// CheckpointTally is the outcome of the votes on one checkpoint, for
// reports.
type CheckpointTally struct {
	ActivityID   string
	CheckpointID string
	// Votes are the individual votes, one per participant.
	Votes []assessment.Vote
	// Agreed is the answer the room settled on (Unanswered if none yet).
	Agreed assessment.Answer
	Spread Spread
}

// DisputedCheckpoint is a checkpoint the room disagreed on.
type DisputedCheckpoint = CheckpointTally

// Tallies returns the tally of every checkpoint of a that has votes, in
// questionnaire order (goal order, then activity order, then checkpoint
// order). Checkpoints that q does not define are left out.
func Tallies(q *assessment.Questionnaire, a *assessment.Assessment) []CheckpointTally {
	var out []CheckpointTally
	for _, g := range q.Goals {
		for _, act := range q.ActivitiesOf(g.ID) {
			for _, c := range act.Checkpoints {
				ca := a.AnswerOf(act.ID, c.ID)
				if ca == nil || len(ca.Votes) == 0 {
					continue
				}
				votes := Latest(ca.Votes)
				out = append(out, CheckpointTally{
					ActivityID:   act.ID,
					CheckpointID: c.ID,
					Votes:        votes,
					Agreed:       ca.Answer,
					Spread:       Tally(votes),
				})
			}
		}
	}
	return out
}

// Disputed returns the checkpoints of a whose votes show strong
// disagreement (see Spread.Disagreement), in questionnaire order: the list
// a workshop report shows under "to discuss".
func Disputed(q *assessment.Questionnaire, a *assessment.Assessment) []DisputedCheckpoint {
	var out []DisputedCheckpoint
	for _, t := range Tallies(q, a) {
		if t.Spread.Disagreement {
			out = append(out, t)
		}
	}
	return out
}
