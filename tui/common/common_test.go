package common

import (
	"errors"
	"testing"

	"github.com/ggi-tool/ggi/assessment"
)

func TestResolveByPrefix(t *testing.T) {
	all := []*assessment.Assessment{{ID: "abc123"}, {ID: "abd456"}, {ID: "abc"}}
	for _, tc := range []struct {
		ref, want string
		err       error
	}{
		{"abc", "abc", nil}, // an exact ID wins over longer IDs it prefixes
		{"abd", "abd456", nil},
		{"abc1", "abc123", nil},
		{"ab", "", ErrAmbiguous},
		{"zz", "", assessment.ErrNotFound},
		{" ", "", assessment.ErrNotFound},
	} {
		got, err := Resolve(all, tc.ref)
		if tc.err != nil {
			if !errors.Is(err, tc.err) {
				t.Errorf("%q: err %v, want %v", tc.ref, err, tc.err)
			}
			continue
		}
		if err != nil || got.ID != tc.want {
			t.Errorf("%q: %v %v, want %s", tc.ref, got, err, tc.want)
		}
	}
}

func TestScreenNames(t *testing.T) {
	for s := ScreenHome; s <= ScreenScorecard; s++ {
		if s.String() == "?" || s.String() == "" {
			t.Errorf("screen %d has no name", s)
		}
	}
	if ShortID("0123456789") != "01234567" || ShortID("ab") != "ab" {
		t.Error("ShortID")
	}
}

func TestRequired(t *testing.T) {
	v := Required("a team name")
	if err := v("  \t"); err == nil || err.Error() != "please give a team name" {
		t.Errorf("blank: %v", err)
	}
	if err := v(" Platform "); err != nil {
		t.Errorf("filled: %v", err)
	}
}
