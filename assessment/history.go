package assessment

import (
	"slices"
	"strings"
)

// SameTeam reports whether two team names name the same team: case and
// surrounding space do not matter.
func SameTeam(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// TeamHistory returns the assessments of one team in period order (oldest
// first; creation time breaks ties and orders assessments without a
// period).
func TeamHistory(all []*Assessment, team string) []*Assessment {
	var out []*Assessment
	for _, a := range all {
		if SameTeam(a.Team, team) {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(x, y *Assessment) int {
		if c := strings.Compare(x.Period, y.Period); c != 0 {
			return c
		}
		return x.CreatedAt.Compare(y.CreatedAt)
	})
	return out
}

// Previous returns the assessment of the same team that comes right before
// a in period order, or nil. An assessment carried forward from another
// prefers that one.
func Previous(all []*Assessment, a *Assessment) *Assessment {
	if a.FromID != "" {
		for _, p := range all {
			if p.ID == a.FromID {
				return p
			}
		}
	}
	h := TeamHistory(all, a.Team)
	for i, p := range h {
		if p.ID == a.ID {
			if i > 0 {
				return h[i-1]
			}
			return nil
		}
	}
	return nil
}
