package store_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/store"
)

// fullAssessment is the size of a complete GGI 1.3 assessment: 25
// activities, 109 answered checkpoints, each with a short note.
func fullAssessment(team string) *assessment.Assessment {
	a := &assessment.Assessment{Team: team, Period: "2026-Q4", Questionnaire: assessment.QuestionnaireRef{ID: "ggi", Version: "1.3"}}
	n := 0
	for act := range 25 {
		id := fmt.Sprintf("GGI-A-%02d", act+1)
		st := a.EnsureActivity(id)
		st.Relevance = assessment.RelevanceHigh
		st.Status = assessment.StatusInProgress
		st.Notes = "what the room agreed about this activity"
		cps := 4
		if act < 9 {
			cps = 5
		}
		for c := range cps {
			a.SetAnswer(id, fmt.Sprintf("%s.%d", id, c+1), assessment.CheckpointAnswer{Answer: assessment.Answers()[n%5], Note: "evidence in the wiki"})
			n++
		}
	}
	if n != 109 {
		panic(n)
	}
	return a
}

func benchDB(b *testing.B) *store.DB {
	b.Helper()
	db, err := store.Open(filepath.Join(b.TempDir(), "ggi.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = db.Close() })
	return db
}

// BenchmarkSaveAnswer is one answer, one committed and fsynced
// transaction, in a full assessment.
func BenchmarkSaveAnswer(b *testing.B) {
	db := benchDB(b)
	a := fullAssessment("Platform")
	if err := db.Create(a); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ans := assessment.CheckpointAnswer{Answer: assessment.Answers()[i%4]}
		if err := db.SaveAnswer(a.ID, "GGI-A-01", "GGI-A-01.1", ans, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGet(b *testing.B) {
	db := benchDB(b)
	a := fullAssessment("Platform")
	if err := db.Create(a); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := db.Get(a.ID); err != nil {
			b.Fatal(err)
		}
	}
}

func thousand(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "ggi.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 1000 {
		if err := db.Create(fullAssessment(fmt.Sprint("team ", i))); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkList1000 lists 1,000 full assessments from an open store, as
// the home screen does after every change.
func BenchmarkList1000(b *testing.B) {
	db, err := store.Open(thousand(b), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.List(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		all, err := db.List()
		if err != nil || len(all) != 1000 {
			b.Fatal(len(all), err)
		}
	}
}

// BenchmarkList1000Cold opens the file and lists 1,000 full assessments,
// as `ggi list` does.
func BenchmarkList1000Cold(b *testing.B) {
	path := thousand(b)
	for b.Loop() {
		db, err := store.Open(path, store.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		all, err := db.List()
		if err != nil || len(all) != 1000 {
			b.Fatal(len(all), err)
		}
		_ = db.Close()
	}
}

// BenchmarkOpen1000 opens and closes a file of 1,000 full assessments:
// the header and page-tree checks every command pays for.
func BenchmarkOpen1000(b *testing.B) {
	path := thousand(b)
	for b.Loop() {
		db, err := store.Open(path, store.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		_ = db.Close()
	}
}
