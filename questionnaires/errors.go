package questionnaires

import (
	"fmt"
	"strings"
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
	return b.String()
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
