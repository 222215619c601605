package report

import (
	"strconv"
	"strings"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
)

// Dash stands for "no value" in every human-readable format.
const Dash = "–"

// FormatScore shows a score with one decimal, or a dash.
func FormatScore(s assessment.Score) string {
	if !s.Valid {
		return Dash
	}
	return strconv.FormatFloat(s.Value, 'f', 1, 64)
}

// FormatLevel shows "3 Managed", or a dash.
func FormatLevel(s assessment.Score) string {
	if !s.Valid {
		return Dash
	}
	return strconv.Itoa(s.Level) + " " + assessment.LevelName(s.Level)
}

// FormatPercent shows a completion such as "84.0%".
func FormatPercent(v float64) string {
	return strconv.FormatFloat(v, 'f', 1, 64) + "%"
}

// FormatTarget shows a target level, or a dash.
func FormatTarget(level int) string {
	if level <= 0 {
		return Dash
	}
	return strconv.Itoa(level) + " " + assessment.LevelName(level)
}

// FormatDelta shows a change as "+4.2", "−3.0", "±0.0", "new" or a dash.
func FormatDelta(d Delta) string {
	switch d.Kind {
	case Changed:
		switch {
		case d.Value > 0:
			return "+" + strconv.FormatFloat(d.Value, 'f', 1, 64)
		case d.Value < 0:
			// A real minus sign reads better than a hyphen in tables.
			return "−" + strconv.FormatFloat(-d.Value, 'f', 1, 64)
		}
		return "±0.0"
	case NewScore:
		return "new"
	case Dropped:
		return "no score"
	}
	return Dash
}

// Bar draws a score as ten block characters, which render the same in a
// terminal, a wiki, a pull request and a printed page.
func Bar(s assessment.Score) string {
	full := 0
	if s.Valid {
		full = int(s.Value/10 + 0.5)
	}
	full = min(max(full, 0), 10)
	return strings.Repeat("█", full) + strings.Repeat("░", 10-full)
}

// relevanceLabel is the effective relevance for people.
func relevanceLabel(r assessment.Relevance) string {
	if r == assessment.RelevanceNone {
		return "not selected"
	}
	return string(r.Effective())
}

// oneLine is user text for a one-line slot in any format: control and
// bidi characters dropped (they can reorder what a reader sees even in a
// browser), line breaks flattened.
func oneLine(s string) string { return strings.TrimSpace(safe.Line(s)) }

// multiLine is oneLine for text whose line breaks matter, such as notes.
func multiLine(s string) string { return strings.TrimSpace(safe.Terminal(s)) }
