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
		case r == 0x1b || r == 0x9b || r == 0x9d:
			// A whole escape sequence goes, not only its first byte, so
			// "\x1b[2J" leaves nothing behind rather than a stray "[2J".
			i = skipSequence(s, i, r)
		case dangerous(r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// skipSequence returns where the escape sequence introduced by r (ESC, or
// the C1 CSI or OSC) ends, given i just past r. An unterminated string
// sequence keeps its text: only its introducer is dropped.
func skipSequence(s string, i int, r rune) int {
	kind := byte('[')
	switch r {
	case 0x9d:
		kind = ']'
	case 0x1b:
		if i >= len(s) {
			return i
		}
		kind = s[i]
		i++
	}
	switch kind {
	case '[': // CSI: parameters and intermediates, then one final byte
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
			i++
		}
		if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
			i++
		}
		return i
	case ']', 'P', 'X', '^', '_': // strings, ended by BEL or ST
		for j := i; j < len(s); j++ {
			switch {
			case s[j] == 0x07:
				return j + 1
			case s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\':
				return j + 2
			case s[j] == 0xc2 && j+1 < len(s) && s[j+1] == 0x9c: // U+009C ST
				return j + 2
			}
		}
		return i
	}
	if kind < 0x20 || kind > 0x7e {
		return i - 1 // ESC before something else: leave that for the caller
	}
	return i // a two-byte sequence such as ESC c or ESC 7
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
