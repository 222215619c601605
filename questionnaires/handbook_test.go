package questionnaires

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/ggi-tool/ggi/assessment"
)

// handbookV13 is the current handbook's activity file, decoded.
type handbookV13 struct {
	HandbookVersion string `json:"handbook_version"`
	Goals           []struct {
		Name string `json:"name"`
	} `json:"goals"`
	Activities []struct {
		ID      string   `json:"id"`
		Name    string   `json:"name"`
		Roles   []string `json:"roles"`
		Goal    string   `json:"goal"`
		Content string   `json:"content"`
	} `json:"activities"`
}

func loadHandbookV13(t *testing.T) *handbookV13 {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "ggi-handbook")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("handbook reference data not found at %s (it sits beside the repository); skipping the check against the handbook", dir)
	}
	data, err := os.ReadFile(filepath.Join(dir, "ggi_activities_full.v1.3.json"))
	if err != nil {
		t.Fatalf("handbook reference folder present but v1.3 file unreadable: %v", err)
	}
	var h handbookV13
	if err := json.Unmarshal(data, &h); err != nil {
		t.Fatalf("decoding the handbook v1.3 file: %v", err)
	}
	if h.HandbookVersion != "1.3" || len(h.Activities) != 25 {
		t.Fatalf("unexpected handbook file: version %q, %d activities", h.HandbookVersion, len(h.Activities))
	}
	return &h
}

var (
	hbCheckItemRe = regexp.MustCompile(`(?m)^\s*[-*]\s+\[[ xX]\]\s+(.+?)\s*$`)
	hbLevelRe     = regexp.MustCompile(`^Level \d+\b`)
)

// handbookItems returns the kinds of the verification points in an
// activity's Progress Assessment section, in order.
func handbookItems(content string) []assessment.CheckpointKind {
	pa := sections(content)["progress assessment"]
	var kinds []assessment.CheckpointKind
	alternative := false
	for _, line := range strings.Split(pa, "\n") {
		if strings.Contains(strings.ToLower(line), "other ways") {
			alternative = true
			continue
		}
		m := hbCheckItemRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		switch {
		case alternative:
			kinds = append(kinds, assessment.KindAlternative)
		case hbLevelRe.MatchString(m[1]):
			kinds = append(kinds, assessment.KindLevel)
		default:
			kinds = append(kinds, assessment.KindPlain)
		}
	}
	return kinds
}

// TestShippedFactsMatchHandbookV13 checks that the shipped questionnaire
// takes its facts (IDs, titles, goals, roles, order, one checkpoint per
// verification point, alternatives and levels) from handbook v1.3.
func TestShippedFactsMatchHandbookV13(t *testing.T) {
	h := loadHandbookV13(t)
	q := shipped(t)

	var goalOrder []string
	goalOf := map[string]string{}
	for i, g := range h.Goals {
		id, name := goalKey(g.Name)
		goalOf[g.Name] = id
		goalOrder = append(goalOrder, id)
		if i < len(q.Goals) && (q.Goals[i].ID != id || q.Goals[i].Name != name) {
			t.Errorf("goal %d is %s (%s), handbook has %s (%s)", i+1, q.Goals[i].ID, q.Goals[i].Name, id, name)
		}
	}
	if len(q.Goals) != len(h.Goals) {
		t.Fatalf("%d goals, handbook has %d", len(q.Goals), len(h.Goals))
	}

	// Handbook order within each goal, goals in handbook goal order.
	var want []int
	for _, g := range goalOrder {
		for i, a := range h.Activities {
			if goalOf[a.Goal] == g {
				want = append(want, i)
			}
		}
	}
	if len(q.Activities) != len(want) {
		t.Fatalf("%d activities, handbook has %d", len(q.Activities), len(want))
	}
	for i, hi := range want {
		ha, a := h.Activities[hi], q.Activities[i]
		if a.ID != ha.ID {
			t.Errorf("activity %d is %s, handbook order has %s", i+1, a.ID, ha.ID)
			continue
		}
		if a.Title != ha.Name {
			t.Errorf("%s: title %q, handbook %q", a.ID, a.Title, ha.Name)
		}
		if a.Goal != goalOf[ha.Goal] {
			t.Errorf("%s: goal %q, handbook %q", a.ID, a.Goal, ha.Goal)
		}
		if strings.Join(a.Roles, ";") != strings.Join(ha.Roles, ";") {
			t.Errorf("%s: roles %v, handbook %v", a.ID, a.Roles, ha.Roles)
		}
		kinds := handbookItems(ha.Content)
		if len(a.Checkpoints) != len(kinds) {
			t.Errorf("%s: %d checkpoints, handbook v1.3 has %d verification points", a.ID, len(a.Checkpoints), len(kinds))
			continue
		}
		for j, k := range kinds {
			if a.Checkpoints[j].Kind != k {
				t.Errorf("%s: kind %q, handbook item is %q", a.Checkpoints[j].ID, a.Checkpoints[j].Kind, k)
			}
		}
	}
}

// copyRun is the length of the word run that counts as copied text.
const copyRun = 8

// normWords lower-cases text, drops apostrophes and splits it at every
// other character that is not a letter or a digit.
func normWords(s string) []string {
	s = strings.NewReplacer("'", "", "\u2019", "", "\u2018", "").Replace(strings.ToLower(s))
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func runs(words []string) []string {
	var out []string
	for i := 0; i+copyRun <= len(words); i++ {
		out = append(out, strings.Join(words[i:i+copyRun], " "))
	}
	return out
}

// TestShippedTextIsOurOwn guards the rule that no handbook sentence goes
// into the project: no run of eight consecutive words of any shipped text
// appears in the handbook v1.3 content. Official titles are facts and are
// not checked.
func TestShippedTextIsOurOwn(t *testing.T) {
	h := loadHandbookV13(t)
	handbook := map[string]bool{}
	for _, a := range h.Activities {
		for _, r := range runs(normWords(a.Content)) {
			handbook[r] = true
		}
	}
	q := shipped(t)
	check := func(where, text string) {
		for _, r := range runs(normWords(text)) {
			if handbook[r] {
				t.Errorf("%s repeats the handbook: %q", where, r)
				return
			}
		}
	}
	check("title", q.Title)
	check("source.attribution", q.Source.Attribution)
	for _, g := range q.Goals {
		check("goal "+g.ID, g.Description)
	}
	for _, a := range q.Activities {
		check(a.ID+" summary", a.Summary)
		check(a.ID+" opportunity", a.Opportunity)
		for _, c := range a.Checkpoints {
			check(c.ID, c.Text)
			check(c.ID+" help", c.Help)
		}
	}
}

// TestShippedTextIsWritten catches placeholder text left in the shipped file.
func TestShippedTextIsWritten(t *testing.T) {
	q := shipped(t)
	bad := func(where, s string) {
		if strings.Contains(strings.ToLower(s), "placeholder") {
			t.Errorf("%s is still a placeholder: %q", where, s)
		}
	}
	bad("source.attribution", q.Source.Attribution)
	for _, g := range q.Goals {
		bad("goal "+g.ID, g.Description)
	}
	for _, a := range q.Activities {
		bad(a.ID+" summary", a.Summary)
		bad(a.ID+" opportunity", a.Opportunity)
		for _, c := range a.Checkpoints {
			bad(c.ID, c.Text)
		}
	}
}
