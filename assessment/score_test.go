package assessment

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// testQuestionnaire has three goals: usage with a 3- and a 2-checkpoint
// activity, trust with a 1-checkpoint activity, culture with a
// 4-checkpoint activity.
func testQuestionnaire() *Questionnaire {
	cps := func(act string, n int) []Checkpoint {
		out := make([]Checkpoint, n)
		for i := range out {
			out[i] = Checkpoint{ID: fmt.Sprintf("%s.%d", act, i+1)}
		}
		return out
	}
	return &Questionnaire{
		ID: "test", Version: "1",
		Goals: []Goal{{ID: "usage"}, {ID: "trust"}, {ID: "culture"}},
		Activities: []Activity{
			{ID: "U1", Goal: "usage", Checkpoints: cps("U1", 3)},
			{ID: "U2", Goal: "usage", Checkpoints: cps("U2", 2)},
			{ID: "T1", Goal: "trust", Checkpoints: cps("T1", 1)},
			{ID: "C1", Goal: "culture", Checkpoints: cps("C1", 4)},
		},
	}
}

// answers builds an assessment from "activity.n=value" pairs and
// "activity=relevance" pairs.
func answers(pairs ...string) *Assessment {
	a := &Assessment{}
	for _, p := range pairs {
		var k, v string
		for i := range p {
			if p[i] == '=' {
				k, v = p[:i], p[i+1:]
				break
			}
		}
		isCheckpoint := false
		for i := range k {
			if k[i] == '.' {
				isCheckpoint = true
				a.SetAnswer(k[:i], k, CheckpointAnswer{Answer: Answer(v)})
				break
			}
		}
		if !isCheckpoint {
			a.EnsureActivity(k).Relevance = Relevance(v)
		}
	}
	return a
}

type want struct {
	valid      bool
	value      float64
	level      int
	completion float64
}

func check(t *testing.T, what string, got Score, w want) {
	t.Helper()
	if got.Valid != w.valid || got.Value != w.value || got.Level != w.level || got.Completion != w.completion {
		t.Errorf("%s: got {valid %v, %.4g, level %d, completion %.4g}, want {valid %v, %.4g, level %d, completion %.4g}",
			what, got.Valid, got.Value, got.Level, got.Completion, w.valid, w.value, w.level, w.completion)
	}
}

func TestScoreAssessment(t *testing.T) {
	q := testQuestionnaire()
	null := func(completion float64) want { return want{completion: completion} }
	cases := []struct {
		name     string
		a        *Assessment
		overall  want
		goals    map[string]want
		activity map[string]want
	}{
		{
			name:     "nothing answered",
			a:        &Assessment{},
			overall:  null(0),
			goals:    map[string]want{"usage": null(0), "trust": null(0), "culture": null(0)},
			activity: map[string]want{"U1": null(0), "T1": null(0)},
		},
		{
			name: "everything not applicable",
			a: answers("U1.1=not_applicable", "U1.2=not_applicable", "U1.3=not_applicable", "U2.1=not_applicable",
				"U2.2=not_applicable", "T1.1=not_applicable", "C1.1=not_applicable", "C1.2=not_applicable",
				"C1.3=not_applicable", "C1.4=not_applicable"),
			overall:  null(100),
			goals:    map[string]want{"usage": null(100), "trust": null(100), "culture": null(100)},
			activity: map[string]want{"U1": null(100), "U2": null(100), "T1": null(100)},
		},
		{
			name:     "points 0 to 3 and rounding to one decimal",
			a:        answers("U1.1=not_yet", "U1.2=partly", "U1.3=largely", "T1.1=fully", "C1.1=partly"),
			overall:  want{true, 55.6, 3, 50}, // mean of 33.3.., 100, 33.3..: 55.55.. (unrounded goals)
			goals:    map[string]want{"usage": {true, 33.3, 2, 60}, "trust": {true, 100, 5, 100}, "culture": {true, 33.3, 2, 25}},
			activity: map[string]want{"U1": {true, 33.3, 2, 100}, "U2": null(0), "T1": {true, 100, 5, 100}, "C1": {true, 33.3, 2, 25}},
		},
		{
			name:     "not applicable counts for completion, not for the score",
			a:        answers("U1.1=fully", "U1.2=not_applicable", "U1.3=not_yet"),
			overall:  want{true, 50, 3, 30},
			goals:    map[string]want{"usage": {true, 50, 3, 60}, "trust": null(0), "culture": null(0)},
			activity: map[string]want{"U1": {true, 50, 3, 100}},
		},
		{
			name: "weights: high 3, unset as medium 2",
			a:    answers("U1=high", "U1.1=fully", "U1.2=fully", "U1.3=fully", "U2.1=not_yet", "U2.2=not_yet"),
			// (3*100 + 2*0) / 5 = 60
			overall: want{true, 60, 4, 50},
			goals:   map[string]want{"usage": {true, 60, 4, 100}},
		},
		{
			name:    "weights: medium 2, low 1",
			a:       answers("U1=medium", "U1.1=fully", "U1.2=fully", "U1.3=fully", "U2=low", "U2.1=not_yet", "U2.2=not_yet"),
			overall: want{true, 66.7, 4, 50},
			goals:   map[string]want{"usage": {true, 66.7, 4, 100}},
		},
		{
			name:    "weights: low 1, high 3",
			a:       answers("U1=low", "U1.1=fully", "U1.2=fully", "U1.3=fully", "U2=high", "U2.1=not_yet", "U2.2=not_yet"),
			overall: want{true, 25, 2, 50},
			goals:   map[string]want{"usage": {true, 25, 2, 100}},
		},
		{
			name: "relevance none is excluded from score and completion",
			a:    answers("U2=none", "U2.1=not_yet", "U2.2=not_yet", "U1.1=largely", "U1.2=largely", "U1.3=largely"),
			// usage: only U1 (3 of 3 answered), overall completion 3 of 8
			overall:  want{true, 66.7, 4, 37.5},
			goals:    map[string]want{"usage": {true, 66.7, 4, 100}},
			activity: map[string]want{"U2": null(0), "U1": {true, 66.7, 4, 100}},
		},
		{
			name:     "a goal whose only activity is not selected has no score",
			a:        answers("T1=none", "T1.1=fully", "U1.1=partly"),
			overall:  want{true, 33.3, 2, 1.0 / 9 * 100},
			goals:    map[string]want{"trust": null(0), "usage": {true, 33.3, 2, 20}},
			activity: map[string]want{"T1": null(0)},
		},
		{
			name: "overall is the plain mean of goals, not weighted by activities",
			a: answers("U1.1=fully", "U1.2=fully", "U1.3=fully", "U2.1=fully", "U2.2=fully",
				"C1.1=not_yet", "C1.2=not_yet", "C1.3=not_yet", "C1.4=not_yet"),
			overall: want{true, 50, 3, 90},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc := ScoreAssessment(q, c.a)
			c.overall.completion = Round1(c.overall.completion)
			check(t, "overall", sc.Overall, c.overall)
			for id, w := range c.goals {
				g, ok := sc.Goal(id)
				if !ok {
					t.Fatalf("no goal %s", id)
				}
				check(t, "goal "+id, g.Score, w)
			}
			for id, w := range c.activity {
				a, ok := sc.Activity(id)
				if !ok {
					t.Fatalf("no activity %s", id)
				}
				check(t, "activity "+id, a.Score, w)
			}
			if len(sc.Goals) != 3 || sc.Goals[0].GoalID != "usage" || len(sc.Activities) != 4 || sc.Activities[3].ActivityID != "C1" {
				t.Errorf("scorecard not in questionnaire order: %+v", sc)
			}
		})
	}
}

func TestNoneActivityCounts(t *testing.T) {
	sc := ScoreAssessment(testQuestionnaire(), answers("U2=none", "U2.1=fully"))
	u2, _ := sc.Activity("U2")
	if u2.Answered != 0 || u2.Total != 0 || u2.Relevance != RelevanceNone {
		t.Fatalf("not selected activity counted: %+v", u2)
	}
	u1, _ := sc.Activity("U1")
	if u1.Relevance != RelevanceMedium {
		t.Fatalf("unset relevance reads as %q", u1.Relevance)
	}
	if sc.Total != 8 || sc.Answered != 0 {
		t.Fatalf("overall counts %d/%d", sc.Answered, sc.Total)
	}
}

func TestLevelOf(t *testing.T) {
	for _, c := range []struct {
		score float64
		level int
	}{
		{0, 1}, {19.9, 1}, {20, 2}, {39.9, 2}, {40, 3}, {59.9, 3}, {60, 4}, {79.9, 4}, {80, 5}, {100, 5},
	} {
		if got := LevelOf(c.score); got != c.level {
			t.Errorf("LevelOf(%v) = %d, want %d", c.score, got, c.level)
		}
	}
	for level, name := range map[int]string{0: "", 1: "Ad hoc", 2: "Aware", 3: "Managed", 4: "Engaged", 5: "Leading", 6: "", -1: ""} {
		if got := LevelName(level); got != name {
			t.Errorf("LevelName(%d) = %q, want %q", level, got, name)
		}
	}
}

// The level follows the value as shown: 19.96 is shown as 20.0, so it is
// Aware, never "20.0 Ad hoc".
func TestLevelFollowsShownValue(t *testing.T) {
	for _, c := range []struct {
		raw   float64
		shown float64
		level int
	}{
		{19.94, 19.9, 1}, {19.96, 20, 2}, {39.96, 40, 3}, {59.949, 59.9, 3}, {79.96, 80, 5}, {66.666, 66.7, 4}, {33.333, 33.3, 2},
	} {
		s := newScore(c.raw, true, 1, 1)
		if s.Value != c.shown || s.Level != c.level {
			t.Errorf("score %v: shown %v level %d, want %v level %d", c.raw, s.Value, s.Level, c.shown, c.level)
		}
	}
	if s := newScore(50, false, 1, 3); s.Valid || s.Value != 0 || s.Level != 0 || s.Completion != 33.3 {
		t.Errorf("null score %+v", s)
	}
}

func TestRound1(t *testing.T) {
	for in, out := range map[float64]float64{0: 0, 33.333: 33.3, 66.666: 66.7, 57.25: 57.3, 99.99: 100, 100: 100} {
		if got := Round1(in); got != out {
			t.Errorf("Round1(%v) = %v, want %v", in, got, out)
		}
	}
}

var allAnswers = []Answer{Unanswered, NotYet, Partly, Largely, Fully, NotApplicable, "bogus"}
var allRelevances = []Relevance{RelevanceUnset, RelevanceHigh, RelevanceMedium, RelevanceLow, RelevanceNone}

// fromBytes turns fuzz input into an assessment of testQuestionnaire.
func fromBytes(q *Questionnaire, data []byte) *Assessment {
	a := &Assessment{}
	i := 0
	next := func() int {
		if len(data) == 0 {
			return 0
		}
		b := int(data[i%len(data)])
		i++
		return b
	}
	for _, act := range q.Activities {
		a.EnsureActivity(act.ID).Relevance = allRelevances[next()%len(allRelevances)]
		for _, c := range act.Checkpoints {
			a.SetAnswer(act.ID, c.ID, CheckpointAnswer{Answer: allAnswers[next()%len(allAnswers)]})
		}
	}
	return a
}

func checkBounds(t *testing.T, sc Scorecard) {
	t.Helper()
	scores := []Score{sc.Overall}
	for _, g := range sc.Goals {
		scores = append(scores, g.Score)
		if g.Answered < 0 || g.Answered > g.Total {
			t.Fatalf("goal %s answered %d of %d", g.GoalID, g.Answered, g.Total)
		}
	}
	for _, a := range sc.Activities {
		scores = append(scores, a.Score)
		if a.Answered < 0 || a.Answered > a.Total {
			t.Fatalf("activity %s answered %d of %d", a.ActivityID, a.Answered, a.Total)
		}
	}
	for _, s := range scores {
		if s.Value < 0 || s.Value > 100 || s.Completion < 0 || s.Completion > 100 {
			t.Fatalf("out of range: %+v", s)
		}
		if s.Valid != (s.Level >= 1 && s.Level <= 5) || (s.Valid && s.Level != LevelOf(s.Value)) {
			t.Fatalf("level does not match: %+v", s)
		}
		if !s.Valid && s.Value != 0 {
			t.Fatalf("null score with a value: %+v", s)
		}
	}
}

func FuzzScoreBounds(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{4, 4, 4, 4})
	f.Add([]byte{0, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	q := testQuestionnaire()
	f.Fuzz(func(t *testing.T, data []byte) {
		checkBounds(t, ScoreAssessment(q, fromBytes(q, data)))
	})
}

// TestScoreProperties runs the fuzz property over many random assessments
// in every test run, and checks that scoring is pure.
func TestScoreProperties(t *testing.T) {
	q := testQuestionnaire()
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		data := make([]byte, 16)
		for i := range data {
			data[i] = byte(r.UintN(256))
		}
		a := fromBytes(q, data)
		sc := ScoreAssessment(q, a)
		checkBounds(t, sc)
		again := ScoreAssessment(q, a.Clone())
		if fmt.Sprint(sc) != fmt.Sprint(again) {
			t.Fatal("same input, different scorecard")
		}
	}
}

func TestAnswerAndRelevanceBasics(t *testing.T) {
	for _, a := range Answers() {
		got, err := ParseAnswer(string(a))
		if err != nil || got != a {
			t.Errorf("ParseAnswer(%q) = %q, %v", a, got, err)
		}
		if !a.Valid() || !a.Answered() {
			t.Errorf("%q not valid/answered", a)
		}
	}
	if _, err := ParseAnswer("maybe"); err == nil {
		t.Error("ParseAnswer accepted maybe")
	}
	if Unanswered.Answered() || Answer("bogus").Answered() || Answer("bogus").Valid() {
		t.Error("unanswered or unknown counts as answered")
	}
	if _, ok := NotApplicable.Points(); ok {
		t.Error("not applicable has points")
	}
	for r, w := range map[Relevance]int{RelevanceHigh: 3, RelevanceMedium: 2, RelevanceUnset: 2, RelevanceLow: 1, RelevanceNone: 0} {
		if r.Weight() != w {
			t.Errorf("%q weighs %d, want %d", r, r.Weight(), w)
		}
	}
}
