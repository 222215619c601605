package safe

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestTerminal(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain team", "plain team"},
		{"Über-Team ✓", "Über-Team ✓"},
		{"red\x1b[31mteam\x1b[0m", "redteam"},
		{"title\x1b]0;pwned\x07", "title"},
		{"osc st\x1b]8;;http://x\x1b\\link", "osc stlink"},
		{"c1\u009b31mx", "c1x"},
		{"c1 osc\u009d0;t\u009cok", "c1 oscok"},
		{"clear\x1b[2J screen", "clear screen"},
		{"reset\x1bc done", "reset done"},
		{"open\x1b]0;no end", "open0;no end"},
		{"esc\x1b\x1b[1mtwo", "esctwo"},
		{"esc at end\x1b", "esc at end"},
		{"bidi\u202eevil\u202c", "bidievil"},
		{"iso\u2066late\u2069", "isolate"},
		{"keep\nlines\tand tabs", "keep\nlines\tand tabs"},
		{"cr\rreturn", "crreturn"},
		{"del\x7f", "del"},
		{"bad\xffutf8", "bad\ufffdutf8"},
		{"sep\u2028x", "sepx"},
	}
	for _, c := range cases {
		if got := Terminal(c.in); got != c.want {
			t.Errorf("Terminal(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLine(t *testing.T) {
	if got := Line("a\nb\t\tc\r\nd"); got != "a b c d" {
		t.Errorf("Line = %q", got)
	}
	if got := Line("Team A"); got != "Team A" {
		t.Errorf("Line changed clean text: %q", got)
	}
}

func TestCSVCell(t *testing.T) {
	for _, s := range []string{"=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx"} {
		if got := CSVCell(s); got != "'"+s {
			t.Errorf("CSVCell(%q) = %q", s, got)
		}
	}
	for _, s := range []string{"", "fine", "1-2", "a=b"} {
		if got := CSVCell(s); got != s {
			t.Errorf("CSVCell(%q) changed to %q", s, got)
		}
	}
}

func FuzzTerminal(f *testing.F) {
	for _, s := range []string{"", "x", "\x1b[2J", "\u202e", "a\nb", "\xff\xfe", "\u009b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, out := range map[string]string{"Terminal": Terminal(s), "Line": Line(s)} {
			if !utf8.ValidString(out) {
				t.Fatalf("%s(%q) is not valid UTF-8: %q", name, s, out)
			}
			for _, r := range out {
				if r == '\n' || r == '\t' {
					if name == "Line" {
						t.Fatalf("Line(%q) kept a line break or tab: %q", s, out)
					}
					continue
				}
				if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
					t.Fatalf("%s(%q) kept %U: %q", name, s, r, out)
				}
			}
		}
		if Terminal(Terminal(s)) != Terminal(s) {
			t.Fatalf("Terminal is not idempotent on %q", s)
		}
		if strings.ContainsRune(Line(s), '\x1b') {
			t.Fatalf("escape survived")
		}
	})
}
