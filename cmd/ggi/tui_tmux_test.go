package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestTUIAnswersSurviveQuitAndReopen is what a facilitator does: start ggi
// on an empty database, create an assessment with the form, answer with
// single keys, quit, and reopen it with 'ggi open' and a short ID prefix.
func TestTUIAnswersSurviveQuitAndReopen(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ggi.db")
	env := []string{"GGI_DB=" + db, "TERM=xterm-256color"}
	s := newTmux(t, 100, 30, env)
	s.waitFor("No assessments yet")
	s.keys("n")
	s.waitFor("Who is assessing themselves?")
	s.typeText("Platform Team")
	s.keys("Enter")
	s.waitFor("┃ Organisation")
	s.typeText("ACME")
	for _, next := range []string{"┃ Period", "┃ Questionnaire", "┃ Facilitator", "┃ Participants", "GGI-A-17 · checkpoint 1/5"} {
		s.keys("Enter")
		s.waitFor(next)
	}
	for i, k := range []string{"2", "3", "1"} {
		s.keys(k)
		s.waitFor("saved GGI-A-17." + string(rune('1'+i)))
	}
	s.waitFor("GGI-A-17 · checkpoint 4/5")
	s.keys("q", "q", "q")
	s.waitFor("EXITED:0")

	out, err := exec.Command(ggiBinary(t), "--db", db, "list", "--json").Output()
	if err != nil {
		t.Fatalf("ggi list: %v", err)
	}
	var list []struct {
		ID   string `json:"id"`
		Team string `json:"team"`
	}
	if err := json.Unmarshal(out, &list); err != nil || len(list) != 1 || list[0].Team != "Platform Team" {
		t.Fatalf("ggi list --json: %v %s", err, out)
	}

	r := newTmux(t, 100, 30, env, "open", list[0].ID[:6])
	scr := r.waitFor("GGI-A-17 · checkpoint 4/5")
	for _, want := range []string{"✓ 2 largely", "✓ 3 fully", "✓ 1 partly", "ggi │ Platform Team 20", "› Answering"} {
		if !strings.Contains(scr, want) {
			t.Errorf("reopened screen lacks %q:\n%s", want, scr)
		}
	}
	r.keys("C-c")
	r.waitFor("EXITED:0")
}

// TestTUISizes starts ggi in a tiny terminal, grows it and shrinks it: it
// must say when it is too small and never crash.
func TestTUISizes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ggi.db")
	s := newTmux(t, 20, 5, []string{"GGI_DB=" + db, "NO_COLOR=1"})
	s.waitFor("Terminal too small")
	s.run("resize-window", "-t", s.name, "-x", "60", "-y", "20")
	s.waitFor("No assessments yet")
	s.run("resize-window", "-t", s.name, "-x", "200", "-y", "60")
	s.waitFor("No assessments yet")
	s.run("resize-window", "-t", s.name, "-x", "10", "-y", "3")
	s.waitFor("Terminal")
	s.run("resize-window", "-t", s.name, "-x", "80", "-y", "24")
	scr := s.waitFor("No assessments yet")
	if strings.Contains(scr, "EXITED") {
		t.Fatalf("ggi exited:\n%s", scr)
	}
	s.keys("q")
	s.waitFor("EXITED:0")
}
