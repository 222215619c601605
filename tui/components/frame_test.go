package components

import (
	"strings"
	"testing"
)

func TestFrame(t *testing.T) {
	body := []string{"one", "two", "three", "a line far too long for the window"}
	foot := []string{"keys"}

	got := strings.Split(Frame(body, foot, 10, 5), "\n")
	want := []string{" one", " two", " three", " ", " keys"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("cut to 5 rows: %q, want %q", got, want)
	}

	got = strings.Split(Frame(body[:1], foot, 10, 5), "\n")
	if len(got) != 5 || got[1] != " " || got[4] != " keys" {
		t.Errorf("padded to 5 rows: %q", got)
	}

	got = strings.Split(Frame(body, foot, 10, 0), "\n")
	if len(got) != len(body)+2 || got[3] != " a line fa…" {
		t.Errorf("no height: %q", got)
	}

	// A window shorter than the footer still shows a body row.
	if got = strings.Split(Frame(body, foot, 10, 1), "\n"); len(got) != 3 || got[0] != " one" {
		t.Errorf("one row: %q", got)
	}
}

func TestSpaceBetweenAndWordWrap(t *testing.T) {
	if got := SpaceBetween("left", "right", 15); got != "left      right" {
		t.Errorf("SpaceBetween = %q", got)
	}
	if got := SpaceBetween("a long left part", "right", 10); got != "a long le…" {
		t.Errorf("SpaceBetween without room = %q", got)
	}
	if got := WordWrap("one two three", 7); strings.Join(got, "|") != "one two|three" {
		t.Errorf("WordWrap = %q", got)
	}
	if got := WordWrap("unbreakable", 4); strings.Join(got, "|") != "unbreakable" {
		t.Errorf("WordWrap broke a word: %q", got)
	}
	if WordWrap("", 10) != nil || WordWrap("x", 0) != nil {
		t.Error("WordWrap of nothing is not nil")
	}
}
