package report_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/report"
	"github.com/ggi-tool/ggi/questionnaires"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// today is the fixed clock of every report test.
var today = time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)

// hostileTeam carries everything a team name should not be able to do: a
// terminal escape, a table break, HTML, emphasis, a heading.
const hostileTeam = "Platform | <Core> & *Ops* \x1b[31m#1"

func shipped(t testing.TB) *assessment.Questionnaire {
	t.Helper()
	reg, err := questionnaires.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	q, err := reg.Find(questionnaires.DefaultID)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// answerFor spreads answers deterministically over the scale; seed varies
// the pattern between periods. Index 5 leaves the checkpoint unanswered.
func answerFor(seed, i, j int) assessment.Answer {
	return [...]assessment.Answer{
		assessment.NotYet, assessment.Partly, assessment.Largely, assessment.Fully,
		assessment.NotApplicable, assessment.Unanswered,
	}[(i*seed+j*3+seed)%6]
}

func answered(q *assessment.Questionnaire, a *assessment.Assessment, seed int, upTo int) {
	for i := range q.Activities {
		if i >= upTo {
			break
		}
		act := &q.Activities[i]
		for j, c := range act.Checkpoints {
			if ans := answerFor(seed, i, j); ans != assessment.Unanswered {
				a.SetAnswer(act.ID, c.ID, assessment.CheckpointAnswer{Answer: ans})
			}
		}
	}
}

// fixture returns the team's three assessments, oldest first; the last is
// the one every golden file reports on.
func fixture(t testing.TB) (*assessment.Questionnaire, []*assessment.Assessment) {
	t.Helper()
	q := shipped(t)
	ref := assessment.QuestionnaireRef{ID: q.ID, Version: q.Version}
	mk := func(id, period string, created time.Time) *assessment.Assessment {
		return &assessment.Assessment{ID: id, Team: hostileTeam, Period: period, Questionnaire: ref, CreatedAt: created, UpdatedAt: created.Add(time.Hour)}
	}
	q2 := mk("a1000001", "2026-Q2", time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC))
	answered(q, q2, 5, 12)
	q3 := mk("a2000002", "2026-Q3", time.Date(2026, 8, 3, 10, 0, 0, 0, time.UTC))
	answered(q, q3, 7, 20)
	cur := assessment.CarryForward(q3, "2026-Q4")
	cur.ID = "a3000003"
	cur.CreatedAt = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	cur.UpdatedAt = time.Date(2026, 11, 20, 16, 45, 0, 0, time.UTC)
	cur.Organisation = "ACME [corp](javascript:alert(1))"
	cur.Facilitator = "# Dana <dana@example.org>"
	cur.Participants = []string{"Ann", "Bo|b", "`rm -rf`", "- Cy"}
	cur.GoalTargets = map[string]int{"usage": 4, "trust": 3}
	cur.Workshop = true
	answered(q, cur, 11, 25)
	first := q.Activities[0]
	cur.SetAnswer(first.ID, first.Checkpoints[0].ID, assessment.CheckpointAnswer{
		Answer: assessment.Largely, Note: "=HYPERLINK(\"http://evil\")\nsecond line | with pipe",
		Votes:     []assessment.Vote{{Participant: "Ann", Answer: assessment.Largely}, {Participant: "Bo|b", Answer: assessment.Partly}},
		UpdatedAt: time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC), UpdatedBy: "Dana",
	})
	cur.SetAnswer(first.ID, first.Checkpoints[1].ID, assessment.CheckpointAnswer{Answer: assessment.Fully, CarriedOver: true})
	st := cur.EnsureActivity(first.ID)
	st.Relevance = assessment.RelevanceHigh
	st.Status = assessment.StatusInProgress
	st.TargetLevel = 5
	st.Notes = "- not a list\n1. not numbered\n<script>alert('x')</script> ![img](http://x/y.png)"
	st.Evidence = []string{"https://wiki.example.org/oss-inventory", "[click](javascript:alert(1))"}
	st.Actions = []assessment.Action{
		{Text: "Publish the inventory | v2", Owner: "Ann", Due: "2026-10-31"},
		{Text: "Review licences", Owner: "Bo|b", Due: "2027-01-31"},
		{Text: "Kick-off meeting", Owner: "Dana", Due: "2026-09-01", Done: true},
	}
	cur.EnsureActivity(q.Activities[1].ID).Relevance = assessment.RelevanceLow
	cur.EnsureActivity(q.Activities[2].ID).Relevance = assessment.RelevanceNone
	cur.EnsureActivity(q.Activities[2].ID).Status = assessment.StatusNotSelected
	cur.EnsureActivity(q.Activities[6].ID).TargetLevel = 5
	cur.EnsureActivity(q.Activities[7].ID).Actions = []assessment.Action{{Text: "=cmd|' /C calc'!A0", Owner: "@mallory", Due: "2026-11-24"}}
	return q, []*assessment.Assessment{q2, q3, cur}
}

func fixtureReport(t testing.TB) *report.Report {
	q, all := fixture(t)
	return report.Build(q, all[2], report.Options{All: all, Today: today})
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if len(bytes.TrimSpace(want)) == 0 {
		t.Fatalf("%s is empty", path)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run go test -update and review the diff)\n--- got:\n%s", path, got)
	}
}
