package components

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

func TestBarReadsWithoutColour(t *testing.T) {
	s := lipgloss.NewStyle()
	for _, tc := range []struct {
		v     float64
		valid bool
		w     int
		want  string
	}{
		{50, true, 10, "█████░░░░░"},
		{0, true, 4, "░░░░"},
		{100, true, 4, "████"},
		{150, true, 4, "████"},
		{-5, true, 4, "░░░░"},
		{50, false, 4, "····"},
		{50, true, 0, ""},
		{50, true, -3, ""},
	} {
		if got := ansi.Strip(Bar(tc.v, tc.valid, tc.w, s, s)); got != tc.want {
			t.Errorf("Bar(%v, %v, %d) = %q, want %q", tc.v, tc.valid, tc.w, got, tc.want)
		}
	}
}

func TestSparkline(t *testing.T) {
	got := Sparkline([]float64{0, 50, 100, 30}, []bool{true, true, true, false})
	if got != "▁▅█·" {
		t.Fatalf("got %q", got)
	}
}

func TestWrapTruncatePad(t *testing.T) {
	if got := Wrap("one two three", 7); strings.Join(got, "|") != "one two|three" {
		t.Errorf("Wrap = %q", got)
	}
	if Wrap("x", 0) != nil {
		t.Error("Wrap at width 0")
	}
	if got := Truncate("abcdef", 4); got != "abc…" {
		t.Errorf("Truncate = %q", got)
	}
	if Truncate("abc", 0) != "" {
		t.Error("Truncate at width 0")
	}
	if got := PadRight("ab", 4); got != "ab  " {
		t.Errorf("PadRight = %q", got)
	}
	if got := PadRight("abcdef", 4); got != "abc…" {
		t.Errorf("PadRight long = %q", got)
	}
	if Score(0, false) != "   –" || Score(66.666, true) != " 66.7" || Percent(41.2) != " 41%" {
		t.Error("number formats")
	}
}
