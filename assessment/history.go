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

// Previous returns the assessment of the same team that comes before a:
// the one it was carried forward from, else the latest of an earlier
// period (another assessment of the same period, such as a re-import, is
// not "last time"), else nil.
func Previous(all []*Assessment, a *Assessment) *Assessment {
	if a.FromID != "" {
		for _, p := range all {
			if p.ID == a.FromID {
				return p
			}
		}
	}
	var prev *Assessment
	for _, p := range TeamHistory(all, a.Team) {
		if p.ID == a.ID || !earlier(p, a) {
			continue
		}
		prev = p // history is in period order, so the last match is the latest
	}
	return prev
}

// earlier reports whether p belongs to a period before a's; without
// periods on both, creation time decides.
func earlier(p, a *Assessment) bool {
	if p.Period != "" && a.Period != "" {
		return p.Period < a.Period
	}
	return p.CreatedAt.Before(a.CreatedAt)
}
