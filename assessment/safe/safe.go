// Package safe makes user-written text harmless where it is shown: in a
// terminal (no escape sequences, control or bidi characters), in CSV (no
// formula injection). Markdown and HTML escaping live with their writers.
package safe

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Terminal returns s with everything that could move the cursor, change
// colours, rewrite the title or reorder text removed: C0 and C1 controls
// (ESC included), DEL, bidirectional controls and invalid UTF-8. Newlines
// and tabs are kept; use Line to flatten them too.
func Terminal(s string) string {
	if isClean(s, true) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case dangerous(r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Line is Terminal for one-line fields (names, titles, table cells): line
// breaks and tabs become single spaces.
func Line(s string) string {
	if isClean(s, false) {
		return s
	}
	s = Terminal(s)
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == '\t' }), " ")
}

func dangerous(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) ||
		r == '\u2028' || r == '\u2029' // line/paragraph separators break layouts
}

func isClean(s string, multiline bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return isCleanSlow(s, multiline)
		}
		if c < 0x20 || c == 0x7f {
			if !multiline || (c != '\n' && c != '\t') {
				return false
			}
		}
	}
	return true
}

func isCleanSlow(s string, multiline bool) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				return false
			}
		}
		if r == '\n' || r == '\t' {
			if !multiline {
				return false
			}
			continue
		}
		if dangerous(r) {
			return false
		}
	}
	return true
}

// CSVCell neutralises spreadsheet formula injection: a cell that starts with
// = + - @, a tab or a carriage return is prefixed with a single quote, so
// spreadsheet programs show it as text.
func CSVCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
