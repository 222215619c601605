package questionnaires

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/ggi-tool/ggi/assessment"
)

var (
	idRe      = regexp.MustCompile(`^[a-z][a-z0-9-]{0,39}$`)
	versionRe = regexp.MustCompile(`^[0-9]+(\.[0-9]+){0,2}$`)
	// Activity and checkpoint IDs are short, printable and stable; they end
	// up in file names, URLs and CSV cells.
	itemIDRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)
)

// validator collects every problem with its field path.
type validator struct{ errs Errors }

func (v *validator) addf(field, format string, args ...any) {
	v.errs = append(v.errs, &Error{Field: field, Msg: fmt.Sprintf(format, args...)})
}

// text checks a required human-readable string.
func (v *validator) text(field, s string) {
	if strings.TrimSpace(s) == "" {
		v.addf(field, "must not be empty")
		return
	}
	v.clean(field, s)
}

// clean rejects characters that would let a questionnaire file rewrite the
// terminal or reorder text: control codes other than newline and tab, and
// bidirectional overrides.
func (v *validator) clean(field, s string) {
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			v.addf(field, "contains a control character (%U)", r)
			return
		}
	}
}

func validate(q *assessment.Questionnaire) Errors {
	v := &validator{}
	if !idRe.MatchString(q.ID) {
		v.addf("id", "must be lowercase letters, digits and dashes, starting with a letter (got %q)", q.ID)
	}
	if !versionRe.MatchString(q.Version) {
		v.addf("version", "must look like 1, 1.3 or 1.3.2 (got %q)", q.Version)
	}
	v.text("title", q.Title)
	v.source(q)
	goals := v.goals(q)
	v.activities(q, goals)
	return v.errs
}

func (v *validator) source(q *assessment.Questionnaire) {
	v.text("source.name", q.Source.Name)
	v.text("source.licence", q.Source.Licence)
	v.text("source.attribution", q.Source.Attribution)
	v.clean("source.url", q.Source.URL)
	v.clean("source.version", q.Source.Version)
}

// goals validates the goals and returns how many activities each has so far
// (filled in by activities).
func (v *validator) goals(q *assessment.Questionnaire) map[string]int {
	if len(q.Goals) == 0 {
		v.addf("goals", "a questionnaire needs at least one goal")
	}
	seen := make(map[string]int, len(q.Goals))
	for i, g := range q.Goals {
		f := fmt.Sprintf("goals[%d]", i)
		if !idRe.MatchString(g.ID) {
			v.addf(f+".id", "must be lowercase letters, digits and dashes (got %q)", g.ID)
		} else if _, dup := seen[g.ID]; dup {
			v.addf(f+".id", "goal %q is defined twice", g.ID)
		}
		seen[g.ID] = 0
		v.text(f+".name", g.Name)
		v.text(f+".description", g.Description)
	}
	return seen
}

func (v *validator) activities(q *assessment.Questionnaire, goals map[string]int) {
	if len(q.Activities) == 0 {
		v.addf("activities", "a questionnaire needs at least one activity")
	}
	actIDs := make(map[string]bool, len(q.Activities))
	cpIDs := make(map[string]bool)
	lastGoal := -1
	goalIndex := make(map[string]int, len(q.Goals))
	for i, g := range q.Goals {
		goalIndex[g.ID] = i
	}
	for i := range q.Activities {
		a := &q.Activities[i]
		f := fmt.Sprintf("activities[%d]", i)
		v.itemID(f+".id", a.ID, "activity", actIDs)
		v.text(f+".title", a.Title)
		v.text(f+".summary", a.Summary)
		v.text(f+".opportunity", a.Opportunity)
		v.clean(f+".link", a.Link)
		for j, r := range a.Roles {
			v.text(fmt.Sprintf("%s.roles[%d]", f, j), r)
		}
		if gi, ok := goalIndex[a.Goal]; !ok {
			v.addf(f+".goal", "unknown goal %q (known: %s)", a.Goal, goalList(q))
		} else {
			goals[a.Goal]++
			if gi < lastGoal {
				v.addf(f+".goal", "activities must be grouped by goal in goal order; %q comes after a later goal", a.Goal)
			}
			lastGoal = max(lastGoal, gi)
		}
		v.checkpoints(f, a, cpIDs)
	}
	for i, g := range q.Goals {
		if goals[g.ID] == 0 && idRe.MatchString(g.ID) {
			v.addf(fmt.Sprintf("goals[%d]", i), "goal %q has no activities", g.ID)
		}
	}
	for i := range q.Activities {
		for j, n := range q.Activities[i].Next {
			if !actIDs[n] {
				v.addf(fmt.Sprintf("activities[%d].next[%d]", i, j), "unknown activity %q", n)
			}
		}
	}
}

func (v *validator) checkpoints(f string, a *assessment.Activity, seen map[string]bool) {
	if len(a.Checkpoints) == 0 {
		v.addf(f+".checkpoints", "activity %s needs at least one checkpoint", a.ID)
	}
	for j, c := range a.Checkpoints {
		cf := fmt.Sprintf("%s.checkpoints[%d]", f, j)
		v.itemID(cf+".id", c.ID, "checkpoint", seen)
		if c.ID != "" && a.ID != "" && !strings.HasPrefix(c.ID, a.ID+".") {
			v.addf(cf+".id", "checkpoint IDs of %s must start with %q (got %q)", a.ID, a.ID+".", c.ID)
		}
		v.text(cf+".text", c.Text)
		v.clean(cf+".help", c.Help)
		switch c.Kind {
		case assessment.KindPlain, assessment.KindAlternative, assessment.KindLevel:
		default:
			v.addf(cf+".kind", "must be %q or %q when set (got %q)", assessment.KindAlternative, assessment.KindLevel, c.Kind)
		}
	}
}

func (v *validator) itemID(field, id, what string, seen map[string]bool) {
	switch {
	case !itemIDRe.MatchString(id):
		v.addf(field, "%s IDs must be 1-40 letters, digits, dots, dashes or underscores (got %q)", what, id)
	case seen[id]:
		v.addf(field, "%s ID %q is used twice", what, id)
	}
	seen[id] = true
}

func goalList(q *assessment.Questionnaire) string {
	ids := make([]string, len(q.Goals))
	for i, g := range q.Goals {
		ids[i] = g.ID
	}
	return strings.Join(ids, ", ")
}
