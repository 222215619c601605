package assessment

import (
	"cmp"
	"math"
	"slices"
)

// Score is a 0-100 maturity score with its level and the completion of the
// answers behind it. Valid is false when there is nothing to score ("null"
// in JSON).
type Score struct {
	Value      float64 // rounded to one decimal
	Valid      bool
	Level      int     // 1-5; 0 when not valid
	Completion float64 // 0-100, rounded to one decimal
}

// ActivityScore is the score of one activity.
type ActivityScore struct {
	ActivityID string
	GoalID     string
	Relevance  Relevance // effective (unset reads as medium)
	Score
	Answered, Total int // checkpoints answered (n/a counts) and in all
}

// GoalScore is the score of one goal.
type GoalScore struct {
	GoalID string
	Score
	Answered, Total int // over activities whose relevance is not none
}

// Scorecard is every score of an assessment, in questionnaire order.
type Scorecard struct {
	Overall    Score
	Goals      []GoalScore
	Activities []ActivityScore
	Answered   int // checkpoints answered over relevant activities
	Total      int // checkpoints of relevant activities
}

// Goal returns the score of a goal.
func (s *Scorecard) Goal(id string) (GoalScore, bool) {
	for _, g := range s.Goals {
		if g.GoalID == id {
			return g, true
		}
	}
	return GoalScore{}, false
}

// Activity returns the score of an activity.
func (s *Scorecard) Activity(id string) (ActivityScore, bool) {
	for _, a := range s.Activities {
		if a.ActivityID == id {
			return a, true
		}
	}
	return ActivityScore{}, false
}

// Level names, by level 1-5.
var levelNames = [...]string{"", "Ad hoc", "Aware", "Managed", "Engaged", "Leading"}

// LevelName is the name of a maturity level, or "" for 0.
func LevelName(level int) string {
	if level < 0 || level >= len(levelNames) {
		return ""
	}
	return levelNames[level]
}

// LevelOf is the maturity level of a 0-100 score: 1 below 20, 2 below 40,
// 3 below 60, 4 below 80, else 5.
func LevelOf(score float64) int {
	switch {
	case score < 20:
		return 1
	case score < 40:
		return 2
	case score < 60:
		return 3
	case score < 80:
		return 4
	}
	return 5
}

// Round1 rounds to one decimal, as reports and JSON show scores.
func Round1(v float64) float64 { return math.Round(v*10) / 10 }

func newScore(value float64, valid bool, answered, total int) Score {
	s := Score{Completion: percent(answered, total)}
	if valid {
		s.Value = Round1(value)
		s.Valid = true
		// The level follows the shown value, so 19.96 shows as 20.0 and Aware.
		s.Level = LevelOf(s.Value)
	}
	return s
}

func percent(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return Round1(100 * float64(n) / float64(d))
}

// ScoreAssessment computes every score of a against q, the questionnaire
// it was answered under. It is pure: same inputs, same scorecard.
func ScoreAssessment(q *Questionnaire, a *Assessment) Scorecard {
	var sc Scorecard
	sc.Activities = make([]ActivityScore, 0, len(q.Activities))
	type goalAcc struct {
		weighted, weights float64
		answered, total   int
	}
	acc := make(map[string]*goalAcc, len(q.Goals))
	for _, g := range q.Goals {
		acc[g.ID] = &goalAcc{}
	}
	for i := range q.Activities {
		act := &q.Activities[i]
		as, raw := scoreActivity(act, a.Activity(act.ID))
		sc.Activities = append(sc.Activities, as)
		g := acc[act.Goal]
		if g == nil || as.Relevance == RelevanceNone {
			continue
		}
		g.answered += as.Answered
		g.total += as.Total
		if as.Valid && as.Relevance.Weight() > 0 {
			w := float64(as.Relevance.Weight())
			g.weighted += w * raw
			g.weights += w
		}
	}
	var sum float64
	var n int
	for _, g := range q.Goals {
		ga := acc[g.ID]
		valid := ga.weights > 0
		var v float64
		if valid {
			v = ga.weighted / ga.weights
			sum += v
			n++
		}
		sc.Goals = append(sc.Goals, GoalScore{GoalID: g.ID, Score: newScore(v, valid, ga.answered, ga.total), Answered: ga.answered, Total: ga.total})
		sc.Answered += ga.answered
		sc.Total += ga.total
	}
	var overall float64
	if n > 0 {
		overall = sum / float64(n)
	}
	sc.Overall = newScore(overall, n > 0, sc.Answered, sc.Total)
	return sc
}

// scoreActivity scores one activity and also returns the unrounded score,
// so goal scores do not compound rounding.
func scoreActivity(act *Activity, st *ActivityState) (ActivityScore, float64) {
	rel := RelevanceMedium
	if st != nil {
		rel = st.Relevance.Effective()
	}
	as := ActivityScore{ActivityID: act.ID, GoalID: act.Goal, Relevance: rel, Total: len(act.Checkpoints)}
	points, scored := 0, 0
	for _, c := range act.Checkpoints {
		var ans Answer
		if st != nil && st.Checkpoints != nil {
			if ca := st.Checkpoints[c.ID]; ca != nil {
				ans = ca.Answer
			}
		}
		if ans.Answered() {
			as.Answered++
		}
		if p, ok := ans.Points(); ok {
			points += p
			scored++
		}
	}
	var raw float64
	if scored > 0 {
		raw = 100 * float64(points) / float64(3*scored)
	}
	valid := scored > 0 && rel != RelevanceNone
	as.Score = newScore(raw, valid, as.Answered, as.Total)
	if rel == RelevanceNone {
		// Not selected: excluded everywhere, completion included.
		as.Answered, as.Total = 0, 0
		as.Completion = 0
	}
	return as, raw
}

// NextStep is one of the weakest relevant activities, with the follow-up
// activities its questionnaire proposes that the team has not ruled out.
type NextStep struct {
	ActivityScore
	Then []string // activity IDs
}

// NextSteps returns up to n of the weakest activities that are relevant,
// scored and not yet at level 5: lowest score first, the more relevant
// first on a tie, then in questionnaire order.
func NextSteps(q *Questionnaire, a *Assessment, sc *Scorecard, n int) []NextStep {
	var cands []ActivityScore
	for _, as := range sc.Activities {
		if as.Valid && as.Relevance != RelevanceNone && as.Level < 5 {
			cands = append(cands, as)
		}
	}
	slices.SortStableFunc(cands, func(x, y ActivityScore) int {
		return cmp.Or(cmp.Compare(x.Value, y.Value), cmp.Compare(y.Relevance.Weight(), x.Relevance.Weight()))
	})
	out := make([]NextStep, 0, min(n, len(cands)))
	for _, as := range cands[:min(n, len(cands))] {
		step := NextStep{ActivityScore: as}
		if act, ok := q.Activity(as.ActivityID); ok {
			for _, id := range act.Next {
				// The room said an activity is not for them: do not send
				// them there.
				if _, known := q.Activity(id); known && a.Activity(id).EffectiveRelevance() != RelevanceNone {
					step.Then = append(step.Then, id)
				}
			}
		}
		out = append(out, step)
	}
	return out
}
