// Package theme holds ggi's palette and styles. Colours adapt to light and
// dark terminals and disappear under NO_COLOR; no state is shown by colour
// alone (every coloured mark also has a symbol or a word).
package theme

import "github.com/charmbracelet/lipgloss"

// Palette: calm colours that read on both light and dark backgrounds.
var (
	accent  = lipgloss.AdaptiveColor{Light: "#1F5FA8", Dark: "#7AB8FF"}
	subtle  = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#9A9A9A"}
	faint   = lipgloss.AdaptiveColor{Light: "#B5B5B5", Dark: "#4A4A4A"}
	text    = lipgloss.AdaptiveColor{Light: "#1A1A1A", Dark: "#EDEDED"}
	good    = lipgloss.AdaptiveColor{Light: "#1E7B34", Dark: "#6BD58A"}
	warn    = lipgloss.AdaptiveColor{Light: "#9A5B00", Dark: "#F2B45A"}
	bad     = lipgloss.AdaptiveColor{Light: "#B3261E", Dark: "#FF8A80"}
	selBack = lipgloss.AdaptiveColor{Light: "#DCE8F7", Dark: "#22354D"}
	levels  = [6]lipgloss.AdaptiveColor{
		subtle,
		{Light: "#B3261E", Dark: "#FF8A80"}, // 1 Ad hoc
		{Light: "#9A5B00", Dark: "#F2B45A"}, // 2 Aware
		{Light: "#6B6B00", Dark: "#E0D86B"}, // 3 Managed
		{Light: "#2E7D32", Dark: "#9BE0A0"}, // 4 Engaged
		{Light: "#1E5F9A", Dark: "#7AB8FF"}, // 5 Leading
	}
)

// Styles is built once per renderer and shared by every screen.
type Styles struct {
	App      lipgloss.Style
	Title    lipgloss.Style
	Heading  lipgloss.Style
	Text     lipgloss.Style
	Muted    lipgloss.Style
	Faint    lipgloss.Style
	Accent   lipgloss.Style
	Selected lipgloss.Style
	Cursor   lipgloss.Style
	Good     lipgloss.Style
	Warn     lipgloss.Style
	Bad      lipgloss.Style
	Key      lipgloss.Style
	Box      lipgloss.Style
	Status   lipgloss.Style
	ErrorBar lipgloss.Style
	Level    [6]lipgloss.Style // index 0: no score
	BarFull  lipgloss.Style
	BarEmpty lipgloss.Style
}

// New builds the styles for one renderer (one output).
func New(r *lipgloss.Renderer) *Styles {
	s := &Styles{}
	base := r.NewStyle()
	s.App = base.Padding(0, 1)
	s.Title = base.Bold(true).Foreground(accent)
	s.Heading = base.Bold(true).Foreground(text)
	s.Text = base.Foreground(text)
	s.Muted = base.Foreground(subtle)
	s.Faint = base.Foreground(faint)
	s.Accent = base.Foreground(accent)
	s.Selected = base.Bold(true).Foreground(text).Background(selBack)
	s.Cursor = base.Bold(true).Foreground(accent)
	s.Good = base.Foreground(good)
	s.Warn = base.Foreground(warn)
	s.Bad = base.Foreground(bad)
	s.Key = base.Bold(true).Foreground(accent)
	s.Box = base.Border(lipgloss.RoundedBorder()).BorderForeground(faint).Padding(0, 1)
	s.Status = base.Foreground(good)
	s.ErrorBar = base.Bold(true).Foreground(bad)
	for i, c := range levels {
		s.Level[i] = base.Foreground(c)
	}
	s.BarFull = base.Foreground(accent)
	s.BarEmpty = base.Foreground(faint)
	return s
}
