package assessment

import (
	"fmt"
	"testing"
)

// BenchmarkScoreAssessment scores a complete assessment of a
// questionnaire the size of GGI 1.3: 5 goals, 25 activities, 109
// checkpoints.
func BenchmarkScoreAssessment(b *testing.B) {
	q := &Questionnaire{ID: "bench", Version: "1"}
	a := &Assessment{}
	n := 0
	for g := range 5 {
		gid := fmt.Sprint("goal", g)
		q.Goals = append(q.Goals, Goal{ID: gid})
		for i := range 5 {
			act := Activity{ID: fmt.Sprintf("A-%d-%d", g, i), Goal: gid}
			cps := 4
			if g*5+i < 9 {
				cps = 5
			}
			for c := range cps {
				cp := Checkpoint{ID: fmt.Sprintf("%s.%d", act.ID, c)}
				act.Checkpoints = append(act.Checkpoints, cp)
				a.SetAnswer(act.ID, cp.ID, CheckpointAnswer{Answer: Answers()[n%5]})
				n++
			}
			a.EnsureActivity(act.ID).Relevance = Relevances()[i%4]
			q.Activities = append(q.Activities, act)
		}
	}
	if q.CheckpointCount() != 109 {
		b.Fatal(q.CheckpointCount())
	}
	for b.Loop() {
		sc := ScoreAssessment(q, a)
		if !sc.Overall.Valid {
			b.Fatal("no score")
		}
	}
}
