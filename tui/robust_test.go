package tui

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/tui/internal/testkit"
)

// TestRandomKeysAndSizesNeverPanic walks every screen with a fixed random
// sequence of keys and window sizes, tiny ones included: nothing may panic
// and the frame must never be taller than the window.
func TestRandomKeysAndSizesNeverPanic(t *testing.T) {
	st := testkit.Store()
	q := testkit.Questionnaire(t)
	prev := testkit.NewAssessment(t, st, "Platform", "2026-Q3")
	testkit.Answer(t, st, q, prev.ID, "GGI-A-17", assessment.Largely, assessment.Partly)
	keys := []string{"j", "k", "enter", "esc", "q", "?", "n", "a", "s", "o", "d", "e", "x", "y", "f",
		"0", "1", "2", "3", "u", "backspace", "h", "m", "l", "c", "p", "t", "H", "z", "[", "]", "left", "right", "up", "down", "tab", " ", "A"}
	sizes := [][2]int{{0, 0}, {1, 1}, {20, 5}, {40, 10}, {60, 20}, {100, 30}, {200, 60}, {39, 9}}
	rng := rand.New(rand.NewPCG(1, 2))
	// The in-memory store answers at once; only cursor blinks wait, so a
	// short wait keeps the walk fast.
	r := newRoot(t, options(t, st), 100, 30)
	r.wait = 5 * time.Millisecond
	w, h := 100, 30
	for i := range 1500 {
		if r.quit {
			r = newRoot(t, options(t, st), w, h)
			r.wait = 5 * time.Millisecond
		}
		if i%37 == 0 {
			s := sizes[rng.IntN(len(sizes))]
			w, h = s[0], s[1]
			r.send(tea.WindowSizeMsg{Width: w, Height: h})
		}
		k := keys[rng.IntN(len(keys))]
		if k == "x" && rng.IntN(4) > 0 {
			k = "j" // deleting is rarer than moving
		}
		r.keys(k)
		v := r.m.View()
		if n := strings.Count(v, "\n") + 1; h > 0 && v != "" && n > h {
			t.Fatalf("step %d (%q at %dx%d): %d lines", i, k, w, h, n)
		}
	}
}
