package store_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/store"
)

func TestSmoke(t *testing.T) {
	p := filepath.Join(t.TempDir(), "ggi.db")
	db, err := store.Open(p, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := &assessment.Assessment{Team: "x", Questionnaire: assessment.QuestionnaireRef{ID: "ggi", Version: "1.3"}}
	if err := db.Create(a); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveAnswer(a.ID, "GGI-A-17", "GGI-A-17.1", assessment.CheckpointAnswer{Answer: assessment.Fully}, "me"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Undo(a.ID, "me"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Undo(a.ID, "me"); !errors.Is(err, assessment.ErrNoChange) {
		t.Fatal(err)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = store.Open(p, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h, _ := db.History(a.ID)
	t.Log(len(h), a.ID)
	db.Close()
}
