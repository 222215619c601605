package report

import (
	"strings"

	"github.com/ggi-tool/ggi/assessment/safe"
)

// MarkdownText escapes user text for one line of CommonMark/GFM: a table
// cell, a list item, a heading. The result renders as exactly the text
// given (control characters dropped, line breaks flattened, ends trimmed)
// and cannot open HTML, links (autolinks and @mentions included), images,
// emphasis, code, maths or a new table cell, nor turn the line into a
// heading, list, quote or rule.
//
// Angle brackets and ampersands become entities rather than backslash
// escapes, so the output never holds a raw "<": even a renderer that
// ignores backslashes cannot be talked into emitting a tag.
func MarkdownText(s string) string {
	s = strings.TrimSpace(safe.Line(s))
	if s == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	if needsLeadEscape(s) {
		b.WriteByte('\\')
		b.WriteByte(s[0])
		s = s[1:]
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\\', '`', '*', '_', '[', ']', '|', '~', '$', '#', '!', '@':
			b.WriteByte('\\')
			b.WriteByte(c)
		case ':', '.':
			// GFM turns bare URLs ("https://…", "www.…") and e-mail
			// addresses into links; an escaped ":" or "." renders the
			// same but no longer starts one.
			if startsAutolink(s, i) {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return escapeOrderedMarker(b.String())
}

// startsAutolink reports whether the ":" or "." at s[i] is the one GFM
// needs to recognise an extended autolink: the "://" after a scheme, or
// the dot of a leading "www.".
func startsAutolink(s string, i int) bool {
	if s[i] == ':' {
		return strings.HasPrefix(s[i+1:], "//")
	}
	if i < 3 || !strings.EqualFold(s[i-3:i], "www") {
		return false
	}
	return i == 3 || !isAlnum(s[i-4])
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// needsLeadEscape reports whether s would start a block (list item, rule,
// setext underline, ordered list) at the start of a line; the characters
// inside the loop of MarkdownText are escaped anywhere already.
func needsLeadEscape(s string) bool {
	switch s[0] {
	case '-', '+', '=', ':':
		return true
	}
	// "1." and "1)" are handled by escapeOrderedMarker.
	return false
}

// MarkdownBlock escapes multi-line user text (notes) for use inside a list
// item whose content starts at column indent: every line is escaped as
// MarkdownText, blank lines are dropped and lines are joined by hard line
// breaks, so a note keeps its line structure without ever leaving the item.
func MarkdownBlock(s string, indent int) string {
	lines := strings.Split(safe.Terminal(s), "\n")
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if e := MarkdownText(l); e != "" {
			out = append(out, e)
		}
	}
	return strings.Join(out, "\\\n"+strings.Repeat(" ", indent))
}

// escapeOrderedMarker neutralises a leading "12. " or "3)", which would
// start an ordered list at the beginning of a line; "1.3" is left alone,
// as a list marker must be followed by a space or end the line.
func escapeOrderedMarker(s string) string {
	i := 0
	for i < len(s) && i < 10 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t') {
		return s[:i] + "\\" + s[i:]
	}
	return s
}

// mdCell is MarkdownText for a table cell, with a dash for empty text so
// that the table never has a blank cell that looks like a mistake.
func mdCell(s string) string {
	if e := MarkdownText(s); e != "" {
		return e
	}
	return Dash
}
