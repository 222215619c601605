package theme

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Under NO_COLOR (the Ascii profile) no style may emit an escape code, so
// every state must already read from its symbols and words.
func TestASCIIProfileEmitsNoEscapes(t *testing.T) {
	r := lipgloss.NewRenderer(&bytes.Buffer{})
	r.SetColorProfile(termenv.Ascii)
	s := New(r)
	for _, st := range []lipgloss.Style{s.Title, s.Selected, s.Good, s.Bad, s.ErrorBar, s.Level[5], s.BarFull} {
		if got := st.Render("x"); strings.Contains(got, "\x1b") {
			t.Errorf("escape code in %q", got)
		}
	}
}

func TestColoursAdaptToBackground(t *testing.T) {
	light := lipgloss.NewRenderer(&bytes.Buffer{})
	light.SetColorProfile(termenv.TrueColor)
	light.SetHasDarkBackground(false)
	dark := lipgloss.NewRenderer(&bytes.Buffer{})
	dark.SetColorProfile(termenv.TrueColor)
	dark.SetHasDarkBackground(true)
	if New(light).Title.Render("x") == New(dark).Title.Render("x") {
		t.Fatal("title colour is the same on light and dark backgrounds")
	}
}
