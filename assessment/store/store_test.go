package store_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/store"
)

// clock is a fake time source that advances a second per reading, so that
// every timestamp is distinct and predictable.
type clock struct{ t time.Time }

func (c *clock) now() time.Time {
	c.t = c.t.Add(time.Second)
	return c.t
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)} }

func openTemp(t *testing.T) (*store.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ggi.db")
	db, err := store.Open(path, store.Options{Now: newClock().now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db, path
}

func newAssessment(t *testing.T, db *store.DB, team string) *assessment.Assessment {
	t.Helper()
	a := &assessment.Assessment{Team: team, Period: "2026-Q4", Questionnaire: assessment.QuestionnaireRef{ID: "ggi", Version: "1.3"}}
	if err := db.Create(a); err != nil {
		t.Fatal(err)
	}
	return a
}

func answer(v assessment.Answer) assessment.CheckpointAnswer {
	return assessment.CheckpointAnswer{Answer: v}
}

func mustSave(t *testing.T, db *store.DB, id, act, cp string, v assessment.Answer) {
	t.Helper()
	if err := db.SaveAnswer(id, act, cp, answer(v), "tester"); err != nil {
		t.Fatal(err)
	}
}

func answerOf(t *testing.T, db *store.DB, id, act, cp string) assessment.Answer {
	t.Helper()
	a, err := db.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if ca := a.AnswerOf(act, cp); ca != nil {
		return ca.Answer
	}
	return assessment.Unanswered
}

func TestCreateAssignsShortHexIDAndTimes(t *testing.T) {
	db, _ := openTemp(t)
	seen := map[string]bool{}
	for range 50 {
		a := newAssessment(t, db, "Platform")
		if !regexp.MustCompile(`^[0-9a-f]{8}$`).MatchString(a.ID) {
			t.Fatalf("ID %q is not 8 lowercase hex characters", a.ID)
		}
		if seen[a.ID] {
			t.Fatalf("ID %s given twice", a.ID)
		}
		seen[a.ID] = true
		if a.CreatedAt.IsZero() || !a.UpdatedAt.Equal(a.CreatedAt) {
			t.Fatalf("times not set: %v %v", a.CreatedAt, a.UpdatedAt)
		}
	}
	dup := &assessment.Assessment{ID: "0000abcd", Team: "x"}
	if err := db.Create(dup); err != nil {
		t.Fatal(err)
	}
	if err := db.Create(&assessment.Assessment{ID: "0000abcd", Team: "y"}); !errors.Is(err, store.ErrExists) {
		t.Fatalf("second create with the same ID: %v, want ErrExists", err)
	}
}

func TestRoundTripAndReopen(t *testing.T) {
	db, path := openTemp(t)
	a := &assessment.Assessment{
		Team: "Platform", Organisation: "Example", Period: "2026-Q4", Facilitator: "Ann",
		Participants:  []string{"Ann", "Bo"},
		Questionnaire: assessment.QuestionnaireRef{ID: "ggi", Version: "1.3"},
		Workshop:      true,
		GoalTargets:   map[string]int{"usage": 3},
		Activities: map[string]*assessment.ActivityState{
			"GGI-A-17": {
				Relevance: assessment.RelevanceHigh, Status: assessment.StatusInProgress, TargetLevel: 4,
				Notes: "notes \u202e with bidi", Evidence: []string{"https://example.org"},
				Actions: []assessment.Action{{Text: "write policy", Owner: "Bo", Due: "2027-01-31"}},
				Checkpoints: map[string]*assessment.CheckpointAnswer{
					"GGI-A-17.1": {Answer: assessment.Largely, Note: "n", Votes: []assessment.Vote{{Participant: "Ann", Answer: assessment.Partly}}},
				},
			},
		},
	}
	if err := db.Create(a); err != nil {
		t.Fatal(err)
	}
	got, err := db.Get(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, a) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, a)
	}
	mustSave(t, db, a.ID, "GGI-A-17", "GGI-A-17.2", assessment.Fully)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if got := answerOf(t, db2, a.ID, "GGI-A-17", "GGI-A-17.2"); got != assessment.Fully {
		t.Fatalf("after reopen: %q", got)
	}
	if got := answerOf(t, db2, a.ID, "GGI-A-17", "GGI-A-17.1"); got != assessment.Largely {
		t.Fatalf("after reopen: %q", got)
	}
	if err := db2.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestListNewestFirst(t *testing.T) {
	db, _ := openTemp(t)
	var ids []string
	for i := range 5 {
		ids = append(ids, newAssessment(t, db, fmt.Sprint("team", i)).ID)
	}
	all, err := db.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 {
		t.Fatalf("%d assessments", len(all))
	}
	for i, a := range all {
		if a.ID != ids[4-i] {
			t.Fatalf("position %d: %s, want %s", i, a.ID, ids[4-i])
		}
	}
}

func TestMissingAssessment(t *testing.T) {
	db, _ := openTemp(t)
	checks := map[string]error{
		"Get":        func() error { _, err := db.Get("deadbeef"); return err }(),
		"Get empty":  func() error { _, err := db.Get(""); return err }(),
		"SaveAnswer": db.SaveAnswer("deadbeef", "a", "c", answer(assessment.Fully), ""),
		"UpdateActivity": db.UpdateActivity("deadbeef", "a", func(*assessment.ActivityState) error {
			return nil
		}, ""),
		"UpdateAssessment": db.UpdateAssessment("deadbeef", func(*assessment.Assessment) error { return nil }, ""),
		"Delete":           db.Delete("deadbeef"),
		"History":          func() error { _, err := db.History("deadbeef"); return err }(),
		"Undo":             func() error { _, err := db.Undo("deadbeef", ""); return err }(),
	}
	for name, err := range checks {
		if !errors.Is(err, assessment.ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", name, err)
		}
	}
}

func TestSaveAnswerLogsOldAndNew(t *testing.T) {
	db, _ := openTemp(t)
	a := newAssessment(t, db, "Platform")
	if err := db.UpdateActivity(a.ID, "GGI-A-17", func(s *assessment.ActivityState) error {
		s.Relevance = assessment.RelevanceHigh
		return nil
	}, "ann"); err != nil {
		t.Fatal(err)
	}
	mustSave(t, db, a.ID, "GGI-A-17", "GGI-A-17.1", assessment.Partly)
	carried := assessment.CheckpointAnswer{Answer: assessment.Fully, Note: "done", CarriedOver: true}
	if err := db.SaveAnswer(a.ID, "GGI-A-17", "GGI-A-17.1", carried, "bo"); err != nil {
		t.Fatal(err)
	}
	got, err := db.Get(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	ca := got.AnswerOf("GGI-A-17", "GGI-A-17.1")
	if ca == nil || ca.Answer != assessment.Fully || ca.Note != "done" || ca.CarriedOver || ca.UpdatedBy != "bo" || ca.UpdatedAt.IsZero() {
		t.Fatalf("stored answer %+v", ca)
	}
	if got.Activity("GGI-A-17").Relevance != assessment.RelevanceHigh {
		t.Fatal("saving an answer lost the activity's relevance")
	}
	if !got.UpdatedAt.After(a.UpdatedAt) {
		t.Fatal("UpdatedAt did not move")
	}
	h, err := db.History(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 3 {
		t.Fatalf("%d changes, want 3", len(h))
	}
	for i, c := range h {
		if c.Seq != uint64(i+1) {
			t.Fatalf("change %d has seq %d", i, c.Seq)
		}
	}
	first, second := h[1], h[2]
	if first.Kind != assessment.ChangeAnswer || first.OldAnswer != nil || first.NewAnswer.Answer != assessment.Partly {
		t.Fatalf("first answer change %+v", first)
	}
	if second.OldAnswer.Answer != assessment.Partly || second.NewAnswer.Answer != assessment.Fully || second.Who != "bo" ||
		second.ActivityID != "GGI-A-17" || second.CheckpointID != "GGI-A-17.1" {
		t.Fatalf("second answer change %+v", second)
	}
	if err := db.SaveAnswer(a.ID, "GGI-A-17", "GGI-A-17.1", answer("maybe"), ""); err == nil {
		t.Fatal("an unknown answer value was accepted")
	}
	if err := db.SaveAnswer(a.ID, "", "GGI-A-17.1", answer(assessment.Fully), ""); err == nil {
		t.Fatal("an answer without an activity was accepted")
	}
}

func TestUpdateActivityKeepsAnswers(t *testing.T) {
	db, _ := openTemp(t)
	a := newAssessment(t, db, "Platform")
	mustSave(t, db, a.ID, "GGI-A-17", "GGI-A-17.1", assessment.Largely)
	err := db.UpdateActivity(a.ID, "GGI-A-17", func(s *assessment.ActivityState) error {
		if len(s.Checkpoints) != 0 {
			t.Error("fn was shown the answers")
		}
		s.Status = assessment.StatusDone
		s.Notes = "ok"
		s.Checkpoints = map[string]*assessment.CheckpointAnswer{"GGI-A-17.1": {Answer: assessment.NotYet}}
		return nil
	}, "ann")
	if err != nil {
		t.Fatal(err)
	}
	if got := answerOf(t, db, a.ID, "GGI-A-17", "GGI-A-17.1"); got != assessment.Largely {
		t.Fatalf("answer became %q", got)
	}
	boom := errors.New("boom")
	if err := db.UpdateActivity(a.ID, "GGI-A-17", func(s *assessment.ActivityState) error {
		s.Notes = "lost"
		return boom
	}, ""); !errors.Is(err, boom) {
		t.Fatalf("fn's error: %v", err)
	}
	if err := db.UpdateActivity(a.ID, "GGI-A-17", func(s *assessment.ActivityState) error {
		s.Relevance = "urgent"
		return nil
	}, ""); err == nil {
		t.Fatal("unknown relevance accepted")
	}
	if err := db.UpdateActivity(a.ID, "GGI-A-17", func(s *assessment.ActivityState) error {
		s.TargetLevel = 6
		return nil
	}, ""); err == nil {
		t.Fatal("target level 6 accepted")
	}
	// A change that changes nothing is not worth an undo step.
	if err := db.UpdateActivity(a.ID, "GGI-A-17", func(*assessment.ActivityState) error { return nil }, ""); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Get(a.ID)
	if got.Activity("GGI-A-17").Notes != "ok" {
		t.Fatal("a failed update was written")
	}
	h, _ := db.History(a.ID)
	if len(h) != 2 || h[1].Kind != assessment.ChangeActivity || h[1].NewActivity.Status != assessment.StatusDone ||
		h[1].OldActivity.Status != "" || len(h[1].NewActivity.Checkpoints) != 0 {
		t.Fatalf("history %+v", h)
	}
}

func TestUpdateAssessmentGuardsIdentity(t *testing.T) {
	db, _ := openTemp(t)
	a := newAssessment(t, db, "Platform")
	mustSave(t, db, a.ID, "GGI-A-17", "GGI-A-17.1", assessment.Largely)
	if err := db.UpdateAssessment(a.ID, func(x *assessment.Assessment) error {
		x.Team = "Platform Engineering"
		x.Participants = append(x.Participants, "Cy")
		return nil
	}, "ann"); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Get(a.ID)
	if got.Team != "Platform Engineering" || len(got.Participants) != 1 {
		t.Fatalf("not updated: %+v", got)
	}
	if got.AnswerOf("GGI-A-17", "GGI-A-17.1") == nil {
		t.Fatal("answers lost")
	}
	for name, fn := range map[string]func(*assessment.Assessment) error{
		"ID":            func(x *assessment.Assessment) error { x.ID = "other"; return nil },
		"questionnaire": func(x *assessment.Assessment) error { x.Questionnaire.Version = "9"; return nil },
		"created":       func(x *assessment.Assessment) error { x.CreatedAt = time.Time{}; return nil },
	} {
		if err := db.UpdateAssessment(a.ID, fn, ""); err == nil {
			t.Errorf("changing the %s was accepted", name)
		}
	}
	h, _ := db.History(a.ID)
	last := h[len(h)-1]
	if last.Kind != assessment.ChangeAssessment || last.OldAssessment.Team != "Platform" || last.NewAssessment.Team != "Platform Engineering" ||
		last.NewAssessment.Activities != nil {
		t.Fatalf("last change %+v", last)
	}
}

func TestUndo(t *testing.T) {
	db, _ := openTemp(t)
	a := newAssessment(t, db, "Platform")
	if _, err := db.Undo(a.ID, ""); !errors.Is(err, assessment.ErrNoChange) {
		t.Fatalf("undo on a fresh assessment: %v", err)
	}
	mustSave(t, db, a.ID, "A", "A.1", assessment.Partly)                             // 1
	mustSave(t, db, a.ID, "A", "A.1", assessment.Largely)                            // 2
	if err := db.UpdateActivity(a.ID, "A", func(s *assessment.ActivityState) error { // 3
		s.Relevance = assessment.RelevanceLow
		return nil
	}, ""); err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateAssessment(a.ID, func(x *assessment.Assessment) error { x.Team = "Renamed"; return nil }, ""); err != nil { // 4
		t.Fatal(err)
	}
	mustSave(t, db, a.ID, "A", "A.2", assessment.Fully) // 5

	steps := []struct {
		seq  uint64
		a1   assessment.Answer
		a2   assessment.Answer
		rel  assessment.Relevance
		team string
	}{
		{5, assessment.Largely, "", assessment.RelevanceLow, "Renamed"},
		{4, assessment.Largely, "", assessment.RelevanceLow, "Platform"},
		{3, assessment.Largely, "", "", "Platform"},
		{2, assessment.Partly, "", "", "Platform"},
		{1, "", "", "", "Platform"},
	}
	for _, s := range steps {
		c, err := db.Undo(a.ID, "ann")
		if err != nil {
			t.Fatal(err)
		}
		if c.Seq != s.seq {
			t.Fatalf("undid change %d, want %d", c.Seq, s.seq)
		}
		got, _ := db.Get(a.ID)
		var rel assessment.Relevance
		if st := got.Activity("A"); st != nil {
			rel = st.Relevance
		}
		if answerOf(t, db, a.ID, "A", "A.1") != s.a1 || answerOf(t, db, a.ID, "A", "A.2") != s.a2 || rel != s.rel || got.Team != s.team {
			t.Fatalf("after undoing %d: A.1=%q A.2=%q relevance=%q team=%q", s.seq, answerOf(t, db, a.ID, "A", "A.1"),
				answerOf(t, db, a.ID, "A", "A.2"), rel, got.Team)
		}
	}
	if _, err := db.Undo(a.ID, ""); !errors.Is(err, assessment.ErrNoChange) {
		t.Fatalf("undo past the beginning: %v", err)
	}
	h, _ := db.History(a.ID)
	if len(h) != 10 {
		t.Fatalf("%d log entries, want 5 changes and 5 undos", len(h))
	}
	if u := h[5]; u.Kind != assessment.ChangeUndo || u.Undoes != 5 || u.Who != "ann" || u.OldAnswer.Answer != assessment.Fully || u.NewAnswer != nil {
		t.Fatalf("first undo entry %+v", u)
	}
	// A new change after undos is the next to go.
	mustSave(t, db, a.ID, "A", "A.3", assessment.NotYet)
	if c, err := db.Undo(a.ID, ""); err != nil || c.Seq != 11 {
		t.Fatalf("undo after new change: %v %+v", err, c)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestDeleteRemovesHistory(t *testing.T) {
	db, _ := openTemp(t)
	a := newAssessment(t, db, "Platform")
	b := newAssessment(t, db, "Other")
	mustSave(t, db, a.ID, "A", "A.1", assessment.Partly)
	if err := db.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Get(a.ID); !errors.Is(err, assessment.ErrNotFound) {
		t.Fatal(err)
	}
	if _, err := db.History(a.ID); !errors.Is(err, assessment.ErrNotFound) {
		t.Fatal(err)
	}
	if _, err := db.Get(b.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestReadOnly(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	if _, err := store.Open(missing, store.Options{ReadOnly: true}); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("read-only open of a missing file: %v", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("read-only open created the file")
	}
	path := filepath.Join(dir, "ggi.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := newAssessment(t, db, "Platform")
	_ = db.Close()
	before := sum(t, path)
	ro, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	// Two readers may share the file.
	ro2, err := store.Open(path, store.Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_ = ro2.Close()
	if _, err := ro.Get(a.ID); err != nil {
		t.Fatal(err)
	}
	if err := ro.SaveAnswer(a.ID, "A", "A.1", answer(assessment.Fully), ""); err == nil {
		t.Fatal("wrote through a read-only store")
	}
	if err := ro.Check(); err != nil {
		t.Fatal(err)
	}
	_ = ro.Close()
	if sum(t, path) != before {
		t.Fatal("read-only use changed the file")
	}
}

func TestNewFilesArePrivate(t *testing.T) {
	db, path := openTemp(t)
	_ = db
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %o", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("stray files next to the database: %v", entries)
	}
}

// What Get and List return belongs to the caller: changing it changes
// nothing stored, nor what the next caller sees.
func TestReturnedAssessmentsAreCopies(t *testing.T) {
	db, _ := openTemp(t)
	a := newAssessment(t, db, "Platform")
	mustSave(t, db, a.ID, "A", "A.1", assessment.Partly)
	for range 2 {
		got, err := db.Get(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		all, err := db.List()
		if err != nil {
			t.Fatal(err)
		}
		if got.AnswerOf("A", "A.1").Answer != assessment.Partly || all[0].AnswerOf("A", "A.1").Answer != assessment.Partly {
			t.Fatal("a caller's change leaked into the store")
		}
		got.Team = "changed"
		got.AnswerOf("A", "A.1").Answer = assessment.Fully
		all[0].Activity("A").Checkpoints["A.1"].Answer = assessment.NotYet
		all[0].Participants = append(all[0].Participants, "x")
	}
	if got, _ := db.Get(a.ID); got.Team != "Platform" {
		t.Fatal("team changed")
	}
	if err := db.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	if all, _ := db.List(); len(all) != 0 {
		t.Fatal("deleted assessment still listed")
	}
}
