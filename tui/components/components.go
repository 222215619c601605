// Package components holds small pure widgets shared by the screens: text
// bars, progress lines and truncation. They take precomputed values and
// styles and do no I/O.
package components

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Bar draws a horizontal bar for a 0-100 value, width cells wide. The
// filled part uses a solid block and the rest a light shade, so the value
// reads without colour.
func Bar(value float64, valid bool, width int, full, empty lipgloss.Style) string {
	if width <= 0 {
		return ""
	}
	if !valid {
		return empty.Render(strings.Repeat("·", width))
	}
	n := int(math.Round(math.Max(0, math.Min(100, value)) / 100 * float64(width)))
	return full.Render(strings.Repeat("█", n)) + empty.Render(strings.Repeat("░", width-n))
}

// Truncate cuts s to width cells with an ellipsis; ANSI-aware.
func Truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// PadRight pads s with spaces to width cells (ANSI-aware) or truncates it.
func PadRight(s string, width int) string {
	w := ansi.StringWidth(s)
	if w > width {
		return Truncate(s, width)
	}
	return s + strings.Repeat(" ", width-w)
}

// Percent formats a completion percentage without decimals.
func Percent(p float64) string {
	return fmt.Sprintf("%3.0f%%", p)
}

// Score formats a score with one decimal, or a dash when there is none.
func Score(v float64, valid bool) string {
	if !valid {
		return "   –"
	}
	return fmt.Sprintf("%5.1f", v)
}

// Wrap breaks plain text into lines of at most width cells, at spaces where
// it can; it returns nil for a non-positive width.
func Wrap(s string, width int) []string {
	if width <= 0 {
		return nil
	}
	return strings.Split(ansi.Wrap(s, width, ""), "\n")
}

// WordWrap is Wrap that never breaks inside a word (a word longer than
// width keeps its own line, for the caller to cut); it returns nil for
// empty text.
func WordWrap(s string, width int) []string {
	if s == "" || width <= 0 {
		return nil
	}
	return strings.Split(ansi.Wordwrap(s, width, ""), "\n")
}

// SpaceBetween puts left and right on one line of width cells, right
// aligned to the edge; without room for both, left alone, cut to width.
func SpaceBetween(left, right string, width int) string {
	gap := width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 2 {
		return Truncate(left, width)
	}
	return left + strings.Repeat(" ", gap) + right
}

// sparks draw a sparkline from low to high.
const sparks = "▁▂▃▄▅▆▇█"

// Sparkline draws 0-100 values as one block each; a missing value (valid
// false) is a space-like dot, so gaps show without colour.
func Sparkline(values []float64, valid []bool) string {
	runes := []rune(sparks)
	var b strings.Builder
	for i, v := range values {
		if i < len(valid) && !valid[i] {
			b.WriteRune('·')
			continue
		}
		n := int(math.Round(math.Max(0, math.Min(100, v)) / 100 * float64(len(runes)-1)))
		b.WriteRune(runes[n])
	}
	return b.String()
}

// Frame lays out a full screen: body lines cut or padded to the rows left
// above a blank line and the footer, each line cut to width and indented by
// one cell. A height of 0 or less means "as tall as the content".
func Frame(body, foot []string, width, height int) string {
	lines := slices.Clone(body)
	if height > 0 {
		room := max(height-len(foot)-1, 1)
		if len(lines) > room {
			lines = lines[:room]
		}
		for len(lines) < room {
			lines = append(lines, "")
		}
	}
	lines = append(lines, "")
	lines = append(lines, foot...)
	for i, l := range lines {
		lines[i] = " " + Truncate(l, width)
	}
	return strings.Join(lines, "\n")
}
