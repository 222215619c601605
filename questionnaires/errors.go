package questionnaires

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error is one problem in a questionnaire file, located by file, line and
// field path (such as activities[3].checkpoints[0].text).
type Error struct {
	File  string
	Line  int // 0 when the position is unknown
	Field string
	Msg   string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return oneLine(b.String())
}

// oneLine escapes control and bidirectional formatting characters, which
// can reach a message from a broken file (a field name, an ID), so an error
// is always one printable line.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeRune(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == utf8.RuneError
}

// Errors is every problem found in one file, in the order the checks found
// them (top-level fields, then goals, then activities). Its Error method
// reports the first and counts the rest so a command can print one line;
// callers that want the full list range over it.
type Errors []*Error

func (es Errors) Error() string {
	switch len(es) {
	case 0:
		return "no errors"
	case 1:
		return es[0].Error()
	default:
		return fmt.Sprintf("%s (and %d more problem%s)", es[0].Error(), len(es)-1, plural(len(es)-1))
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
