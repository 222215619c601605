package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/store"
)

// quarter opens the test's database, lets fn record what the team did in a
// quarter, and closes it again so the next command can open it.
func (c *cli) quarter(fn func(db *store.DB)) {
	c.t.Helper()
	db, err := store.Open(c.db, store.Options{})
	if err != nil {
		c.t.Fatal(err)
	}
	defer func() {
		if err := db.Close(); err != nil {
			c.t.Fatal(err)
		}
	}()
	fn(db)
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func answer(t *testing.T, db *store.DB, id, act, cp string, a assessment.Answer) {
	t.Helper()
	mustDo(t, db.SaveAnswer(id, act, cp, assessment.CheckpointAnswer{Answer: a}, "lead"))
}

// TestThreeQuarters walks a team through three quarterly reviews with the
// real commands and store: carry forward, confirm and change answers,
// actions that roll forward, targets, trend, history and undo.
func TestThreeQuarters(t *testing.T) {
	c := newCLI(t)
	q2 := strings.TrimSpace(c.ok("new", "--team", "Platform", "--period", "2026-Q2", "--participants", "alice,bob"))

	// Q2: a first, modest assessment with a target and two actions.
	c.quarter(func(db *store.DB) {
		answer(t, db, q2, "GGI-A-17", "GGI-A-17.1", assessment.Partly)
		answer(t, db, q2, "GGI-A-17", "GGI-A-17.2", assessment.NotYet)
		answer(t, db, q2, "GGI-A-21", "GGI-A-21.1", assessment.Partly)
		mustDo(t, db.UpdateActivity(q2, "GGI-A-17", func(s *assessment.ActivityState) error {
			s.Relevance = assessment.RelevanceHigh
			s.TargetLevel = 4
			s.Notes = "Start with the build tools."
			s.Actions = []assessment.Action{
				{Text: "List build tools", Owner: "alice", Due: "2026-05-01", Done: true},
				{Text: "Publish the inventory", Owner: "bob", Due: "2026-06-30"},
			}
			return nil
		}, "lead"))
	})

	// Q3: carried forward; one answer confirmed, one improved.
	q3 := strings.TrimSpace(c.ok("new", "--from", q2))
	c.quarter(func(db *store.DB) {
		a, err := db.Get(q3)
		mustDo(t, err)
		if a.Period != "2026-Q3" || a.FromID != q2 {
			t.Fatalf("carried forward into %q from %q", a.Period, a.FromID)
		}
		if !a.Unconfirmed("GGI-A-17", "GGI-A-17.1") || a.AnswerOf("GGI-A-17", "GGI-A-17.1").Answer != assessment.Partly {
			t.Fatalf("answer not carried over: %+v", a.AnswerOf("GGI-A-17", "GGI-A-17.1"))
		}
		st := a.Activity("GGI-A-17")
		if len(st.Actions) != 1 || st.Actions[0].Text != "Publish the inventory" || st.TargetLevel != 4 || st.Relevance != assessment.RelevanceHigh {
			t.Fatalf("state carried forward: %+v", st)
		}
		answer(t, db, q3, "GGI-A-17", "GGI-A-17.1", assessment.Partly) // confirmed as it was
		answer(t, db, q3, "GGI-A-17", "GGI-A-17.2", assessment.Largely)
	})

	// Q4: carried forward again; big progress, then a slip that is undone.
	q4 := strings.TrimSpace(c.ok("new", "--from", q3))
	c.quarter(func(db *store.DB) {
		a, err := db.Get(q4)
		mustDo(t, err)
		if a.Period != "2026-Q4" || a.Unconfirmed("GGI-A-17", "GGI-A-17.1") != true {
			t.Fatalf("Q4 start: period %q", a.Period)
		}
		answer(t, db, q4, "GGI-A-17", "GGI-A-17.1", assessment.Fully)
		answer(t, db, q4, "GGI-A-17", "GGI-A-17.2", assessment.Fully)
		answer(t, db, q4, "GGI-A-21", "GGI-A-21.1", assessment.NotYet) // a slip...
		ch, err := db.Undo(q4, "lead")                                 // ...taken back
		mustDo(t, err)
		if ch.CheckpointID != "GGI-A-21.1" {
			t.Fatalf("undo reverted %+v", ch)
		}
		h, err := db.History(q4)
		mustDo(t, err)
		if len(h) < 4 || h[len(h)-1].Kind != assessment.ChangeUndo || h[0].Who == "" {
			t.Fatalf("history: %+v", h)
		}
		a, err = db.Get(q4)
		mustDo(t, err)
		if got := a.AnswerOf("GGI-A-21", "GGI-A-21.1"); got == nil || got.Answer != assessment.Partly || !got.CarriedOver {
			t.Fatalf("after undo GGI-A-21.1 is %+v, want the carried-over partly", got)
		}
	})

	// The Q4 scorecard tells the story of the three quarters.
	md := c.ok("export", q4, "--format", "markdown")
	for _, want := range []string{"## Trend", "2026-Q2", "2026-Q3", "2026-Q4", "Compared with:** 2026-Q3", "## Roadmap", "Publish the inventory", "overdue"} {
		if !strings.Contains(md, want) {
			t.Errorf("Q4 markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "List build tools") {
		t.Error("a done action rolled forward")
	}

	var doc struct {
		Scores struct {
			Goals []struct {
				ID    string   `json:"id"`
				Score *float64 `json:"score"`
			} `json:"goals"`
		} `json:"scores"`
	}
	usage := func(id string) float64 {
		t.Helper()
		mustDo(t, json.Unmarshal([]byte(c.ok("export", id, "--format", "json")), &doc))
		for _, g := range doc.Scores.Goals {
			if g.ID == "usage" && g.Score != nil {
				return *g.Score
			}
		}
		t.Fatalf("no usage score for %s", id)
		return 0
	}
	// GGI-A-17 is the only answered Usage activity: 1/6, 3/6, 6/6 of the points.
	if s2, s3, s4 := usage(q2), usage(q3), usage(q4); s2 != 16.7 || s3 != 50 || s4 != 100 {
		t.Errorf("usage trend %v, %v, %v; want 16.7, 50, 100", s2, s3, s4)
	}

	cmp := c.ok("compare", q2, q4, "--format", "json")
	if !strings.Contains(cmp, `"change": 83.3`) {
		t.Errorf("compare Q2 to Q4 does not show the +83.3 in Usage:\n%.1500s", cmp)
	}
}
