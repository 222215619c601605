package questionnaires

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ggi-tool/ggi/assessment"
)

// ImportedID is the id given to questionnaires converted from the handbook's
// activity file, so they never collide with ggi's own questionnaire.
const ImportedID = "ggi-handbook"

// myGGIBoardFile is the activity file MyGGIBoard publishes
// (conf/ggi_activities_full.json).
type myGGIBoardFile struct {
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
	Source struct {
		Reference  string `json:"git-reference"`
		Downloaded string `json:"download-timestamp"`
	} `json:"source"`
}

// looksLikeMyGGIBoard tells the handbook's activity file from the other
// JSON objects with activities: a questionnaire written as JSON (it has an
// id and a version, such as 'ggi questionnaire show --format json' prints)
// and a ggi assessment export (it has a format).
func looksLikeMyGGIBoard(data []byte) bool {
	t := bytes.TrimSpace(data)
	if len(t) == 0 || t[0] != '{' || !bytes.Contains(t, []byte(`"activities"`)) {
		return false
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(t, &top) != nil {
		return true // the importer says where the JSON breaks
	}
	_, id := top["id"]
	_, version := top["version"]
	_, format := top["format"]
	return (!id || !version) && !format
}

// isAssessmentExport recognises a ggi assessment export handed over as a
// questionnaire.
func isAssessmentExport(data []byte) bool {
	var top struct {
		Format string `json:"format"`
	}
	t := bytes.TrimSpace(data)
	return len(t) > 0 && t[0] == '{' && json.Unmarshal(t, &top) == nil && top.Format == "ggi-assessment"
}

// ImportMyGGIBoard converts the handbook's machine-readable activity file
// into a questionnaire: one checkpoint per item of each activity's progress
// checklist. The text is the handbook's own, so the result is for the
// user's use and carries the handbook's attribution.
func ImportMyGGIBoard(name string, data []byte) (*assessment.Questionnaire, error) {
	var f myGGIBoardFile
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&f); err != nil {
		return nil, &Error{File: name, Msg: "not a handbook activity file: " + jsonMessage(err)}
	}
	if len(f.Activities) == 0 {
		return nil, &Error{File: name, Field: "activities", Msg: "no activities found"}
	}
	q := &assessment.Questionnaire{
		ID:      ImportedID,
		Version: f.HandbookVersion,
		Title:   "Good Governance Initiative Handbook (imported)",
		Source: assessment.Source{
			Name:        "OSPO Alliance Good Governance Initiative Handbook",
			Version:     f.HandbookVersion,
			URL:         "https://ospo-alliance.org/ggi/",
			Licence:     "CC-BY-4.0",
			Attribution: "Text of the Good Governance Initiative Handbook by the OSPO Alliance, licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); converted by ggi from " + name + ".",
		},
	}
	if q.Version == "" {
		// Files from before the handbook recorded its version.
		q.Version = "0"
		q.Title = fmt.Sprintf("Good Governance Initiative Handbook (imported, version not recorded, downloaded %s)", f.Source.Downloaded)
	}
	goalID := map[string]string{}
	for _, g := range f.Goals {
		id, short := goalKey(g.Name)
		goalID[g.Name] = id
		q.Goals = append(q.Goals, assessment.Goal{ID: id, Name: short, Description: "Activities of the handbook's " + g.Name + "."})
	}
	for i, a := range f.Activities {
		q.Activities = append(q.Activities, convertActivity(a.ID, a.Name, goalID[a.Goal], a.Roles, a.Content))
		if _, ok := goalID[a.Goal]; !ok {
			return nil, &Error{File: name, Field: fmt.Sprintf("activities[%d].goal", i), Msg: fmt.Sprintf("unknown goal %q", a.Goal)}
		}
	}
	// Reports walk goals in order; keep each goal's activities together even
	// if the file lists them mixed.
	slices.SortStableFunc(q.Activities, func(x, y assessment.Activity) int {
		return goalIndex(q, x.Goal) - goalIndex(q, y.Goal)
	})
	dropUnknownNext(q)
	if errs := validate(q); len(errs) > 0 {
		for _, e := range errs {
			e.File = name
		}
		return nil, errs
	}
	return q, nil
}

func jsonMessage(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("%s at byte %d", se.Error(), se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("field %s should be %s, not %s", te.Field, te.Type, te.Value)
	default:
		return err.Error()
	}
}

// goalKey turns "Usage Goal" into ("usage", "Usage").
func goalKey(name string) (id, short string) {
	short = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(name), "Goal"))
	id = strings.ToLower(strings.Join(strings.Fields(short), "-"))
	return id, short
}

var (
	sectionRe   = regexp.MustCompile(`(?m)^###\s+(.+?)\s*$`)
	checkItemRe = regexp.MustCompile(`^\s*[-*]\s+\[[ xX]\]\s+(.+?)\s*$`)
	linkRe      = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	activityRe  = regexp.MustCompile(`GGI-A-\d+`)
	sourceRe    = regexp.MustCompile(`Activity ID: \[[^\]]*\]\((https://[^)\s]+)\)`)
	levelRe     = regexp.MustCompile(`^Level \d+\b`)
)

func convertActivity(id, title, goal string, roles []string, content string) assessment.Activity {
	sec := sections(content)
	a := assessment.Activity{
		ID:          id,
		Title:       strings.TrimSpace(title),
		Goal:        goal,
		Roles:       roles,
		Summary:     firstParagraph(sec["description"]),
		Opportunity: firstParagraph(sec["opportunity assessment"]),
	}
	if a.Summary == "" {
		a.Summary = a.Title
	}
	if a.Opportunity == "" {
		a.Opportunity = "Is this activity relevant for us, and why?"
	}
	if m := sourceRe.FindStringSubmatch(content); m != nil {
		a.Link = m[1]
	}
	for _, n := range activityRe.FindAllString(sec["proposed next activities"], -1) {
		if n != id && !slices.Contains(a.Next, n) {
			a.Next = append(a.Next, n)
		}
	}
	alternative := false
	for _, line := range strings.Split(sec["progress assessment"], "\n") {
		if strings.Contains(strings.ToLower(line), "other ways") {
			alternative = true // items after this heading are alternatives
			continue
		}
		m := checkItemRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		c := assessment.Checkpoint{ID: fmt.Sprintf("%s.%d", id, len(a.Checkpoints)+1), Text: plainText(m[1])}
		switch {
		case alternative:
			c.Kind = assessment.KindAlternative
		case levelRe.MatchString(c.Text):
			c.Kind = assessment.KindLevel // "Level 2: Engagement" and so on
		}
		a.Checkpoints = append(a.Checkpoints, c)
	}
	if len(a.Checkpoints) == 0 {
		// Some early handbook versions list no verification points for an
		// activity; one overall checkpoint keeps it answerable and scored.
		a.Checkpoints = []assessment.Checkpoint{{
			ID:   id + ".1",
			Text: "This activity is in place: " + a.Title + ".",
			Help: "This handbook version lists no verification points for the activity; answer for the activity as a whole.",
		}}
	}
	return a
}

// sections splits activity markdown at its ### headings, keyed by lower-case title.
func sections(md string) map[string]string {
	out := map[string]string{}
	idx := sectionRe.FindAllStringSubmatchIndex(md, -1)
	for i, m := range idx {
		end := len(md)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		out[strings.ToLower(md[m[2]:m[3]])] = md[m[1]:end]
	}
	return out
}

func firstParagraph(s string) string {
	for _, p := range strings.Split(strings.TrimSpace(s), "\n\n") {
		p = strings.TrimSpace(p)
		if p != "" && !strings.HasPrefix(p, "#") {
			return plainText(strings.Join(strings.Fields(p), " "))
		}
	}
	return ""
}

// plainText drops markdown emphasis and link targets.
func plainText(s string) string {
	s = linkRe.ReplaceAllString(s, "$1")
	s = strings.NewReplacer("**", "", "__", "", "`", "").Replace(s)
	return strings.TrimSpace(s)
}

func dropUnknownNext(q *assessment.Questionnaire) {
	known := map[string]bool{}
	for _, a := range q.Activities {
		known[a.ID] = true
	}
	for i := range q.Activities {
		a := &q.Activities[i]
		a.Next = slices.DeleteFunc(a.Next, func(s string) bool { return !known[s] })
	}
}

func goalIndex(q *assessment.Questionnaire, id string) int {
	for i, g := range q.Goals {
		if g.ID == id {
			return i
		}
	}
	return len(q.Goals)
}
