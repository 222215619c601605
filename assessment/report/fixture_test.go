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

// hostileVoter is a participant whose name tries to break a table, open a
// script and clear the screen.
const hostileVoter = "Eve |<script>alert(1)</script> \x1b[2J*x*"

// workshopFixture is an assessment run as a workshop: three participants
// voted on some checkpoints of the first activities, the room disagreed
// strongly on some of them and has not agreed an answer on two.
func workshopFixture(t testing.TB) (*assessment.Questionnaire, *assessment.Assessment) {
	t.Helper()
	q := shipped(t)
	created := time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC)
	a := &assessment.Assessment{
		ID: "w4000004", Team: "Workshop team", Organisation: "ACME", Period: "2026-Q4", Facilitator: "Dana",
		Participants:  []string{"alice", "bob", hostileVoter},
		Questionnaire: assessment.QuestionnaireRef{ID: q.ID, Version: q.Version},
		Workshop:      true, CreatedAt: created, UpdatedAt: created.Add(3 * time.Hour),
	}
	answered(q, a, 3, 25)
	const (
		n, p, l, f, na, none = assessment.NotYet, assessment.Partly, assessment.Largely, assessment.Fully,
			assessment.NotApplicable, assessment.Unanswered
	)
	room := func(act, cp int, agreed assessment.Answer, votes ...assessment.Answer) {
		names := []string{"alice", "bob", hostileVoter}
		ca := assessment.CheckpointAnswer{Answer: agreed}
		for i, v := range votes {
			if v != none {
				ca.Votes = append(ca.Votes, assessment.Vote{Participant: names[i], Answer: v})
			}
		}
		act0 := &q.Activities[act]
		a.SetAnswer(act0.ID, act0.Checkpoints[cp].ID, ca)
	}
	room(0, 0, l, p, f, l)     // two steps apart: for discussion
	room(0, 1, l, l, l, l)     // the room agrees
	room(0, 2, p, n, p, p)     // one step apart: a nuance
	room(0, 3, none, f, f)     // Eve did not vote; no answer agreed yet
	room(1, 0, none, na, l, l) // split on whether it applies; not agreed
	room(3, 1, f, n, f, f)     // three steps apart, agreed anyway
	// Bob changed his mind: only his last vote counts.
	ca := a.AnswerOf(q.Activities[3].ID, q.Activities[3].Checkpoints[2].ID)
	if ca == nil {
		ca = &assessment.CheckpointAnswer{}
	}
	votes := []assessment.Vote{
		{Participant: "bob", Answer: n}, {Participant: "alice", Answer: l},
		{Participant: hostileVoter, Answer: l}, {Participant: "bob", Answer: l},
	}
	a.SetAnswer(q.Activities[3].ID, q.Activities[3].Checkpoints[2].ID, assessment.CheckpointAnswer{Answer: l, Note: ca.Note, Votes: votes})
	return q, a
}

func workshopReport(t testing.TB) *report.Report {
	q, a := workshopFixture(t)
	return report.Build(q, a, report.Options{All: []*assessment.Assessment{a}, Today: today})
}

// manyVoters are more participants than the votes tables give a column
// each; two of their names start a spreadsheet formula.
var manyVoters = []string{"@mallory", "dave", "erin", "=frank"}

// workshopFixtureWith is workshopFixture with more participants: each
// votes largely on the first checkpoint, and the last of them alone votes
// on the first checkpoint of the fifth activity.
func workshopFixtureWith(t testing.TB, extra ...string) (*assessment.Questionnaire, *assessment.Assessment) {
	t.Helper()
	q, a := workshopFixture(t)
	a.Participants = append(a.Participants, extra...)
	first := &q.Activities[0]
	ca := *a.AnswerOf(first.ID, first.Checkpoints[0].ID)
	for _, p := range extra {
		ca.Votes = append(ca.Votes, assessment.Vote{Participant: p, Answer: assessment.Largely})
	}
	a.SetAnswer(first.ID, first.Checkpoints[0].ID, ca)
	if len(extra) > 0 {
		fifth := &q.Activities[4]
		a.SetAnswer(fifth.ID, fifth.Checkpoints[0].ID, assessment.CheckpointAnswer{
			Votes: []assessment.Vote{{Participant: extra[len(extra)-1], Answer: assessment.Fully}},
		})
	}
	return q, a
}

func workshopReportWith(t testing.TB, extra ...string) *report.Report {
	q, a := workshopFixtureWith(t, extra...)
	return report.Build(q, a, report.Options{All: []*assessment.Assessment{a}, Today: today})
}
