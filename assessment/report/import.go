package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/ggi-tool/ggi/assessment"
)

// Lookup finds a questionnaire by id and version.
type Lookup func(id, version string) (*assessment.Questionnaire, bool)

// ImportError names where in the file a problem is, as a JSON path such as
// activities[3].checkpoints[1].answer.
type ImportError struct {
	Path string
	Msg  string
}

func (e *ImportError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

func importErr(path, format string, args ...any) error {
	return &ImportError{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// ReadImport reads at most MaxImportSize bytes from r and parses them with
// ParseImport; a larger input is refused without being read in full.
func ReadImport(r io.Reader, lookup Lookup) (*assessment.Assessment, *assessment.Questionnaire, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportSize+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > MaxImportSize {
		return nil, nil, importErr("", "file is larger than %d MiB; this is not a ggi assessment export", MaxImportSize>>20)
	}
	return ParseImport(data, lookup)
}

// rawDocument is Document as read: scores are kept raw because they are
// never trusted, only recomputed.
type rawDocument struct {
	Format        *string                     `json:"format"`
	FormatVersion *int                        `json:"format_version"`
	Questionnaire assessment.QuestionnaireRef `json:"questionnaire"`
	Assessment    *DocAssessment              `json:"assessment"`
	Activities    []DocActivity               `json:"activities"`
	Scores        json.RawMessage             `json:"scores"`
}

// ParseImport checks a JSON export and turns it into a new assessment: the
// ID and timestamps are cleared for the store to assign, and scores in the
// file are ignored. The first problem found is returned, naming its place.
func ParseImport(data []byte, lookup Lookup) (*assessment.Assessment, *assessment.Questionnaire, error) {
	if len(data) > MaxImportSize {
		return nil, nil, importErr("", "file is larger than %d MiB; this is not a ggi assessment export", MaxImportSize>>20)
	}
	// Editors on Windows like to start files with a byte order mark.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	doc, err := decodeStrict(data)
	if err != nil {
		return nil, nil, err
	}
	if path, dup := duplicateKey(data); dup {
		return nil, nil, importErr(path, "this key appears twice in the same object; keep only one")
	}
	if doc.Format == nil || *doc.Format != FormatName {
		got := "missing"
		if doc.Format != nil {
			got = fmt.Sprintf("%q", *doc.Format)
		}
		if hint := otherFileKind(data); hint != "" {
			return nil, nil, importErr("", "%s", hint)
		}
		return nil, nil, importErr("format", "%s, want %q: this is not a ggi assessment export", got, FormatName)
	}
	if doc.FormatVersion == nil || *doc.FormatVersion != FormatVersion {
		if doc.FormatVersion == nil {
			return nil, nil, importErr("format_version", "missing (this ggi reads version %d)", FormatVersion)
		}
		if *doc.FormatVersion > FormatVersion {
			return nil, nil, importErr("format_version", "version %d was written by a newer ggi (this ggi reads version %d); upgrade ggi to import it", *doc.FormatVersion, FormatVersion)
		}
		return nil, nil, importErr("format_version", "version %d is not supported (this ggi reads version %d)", *doc.FormatVersion, FormatVersion)
	}
	ref := doc.Questionnaire
	if ref.ID == "" || ref.Version == "" {
		return nil, nil, importErr("questionnaire", "needs an id and a version")
	}
	var q *assessment.Questionnaire
	if lookup != nil {
		if found, ok := lookup(ref.ID, ref.Version); ok {
			q = found
		}
	}
	if q == nil {
		return nil, nil, importErr("questionnaire", "unknown questionnaire %s version %s (load its file with --questionnaire FILE)", ref.ID, ref.Version)
	}
	if doc.Assessment == nil {
		return nil, nil, importErr("assessment", "missing")
	}
	a, err := importAssessment(q, doc.Assessment)
	if err != nil {
		return nil, nil, err
	}
	if err := importActivities(q, a, doc.Activities); err != nil {
		return nil, nil, err
	}
	return a, q, nil
}

// otherFileKind recognises the other JSON files a user may hand to import
// by mistake, and says what to do with them instead.
func otherFileKind(data []byte) string {
	type activity struct {
		Content *string `json:"content"`
	}
	var probe struct {
		HandbookVersion *string    `json:"handbook_version"`
		ID              *string    `json:"id"`
		Version         *string    `json:"version"`
		Activities      []activity `json:"activities"`
	}
	if json.Unmarshal(data, &probe) != nil {
		return ""
	}
	handbook := slices.ContainsFunc(probe.Activities, func(a activity) bool { return a.Content != nil })
	switch {
	case probe.HandbookVersion != nil || handbook:
		return "this is the handbook's activity file (MyGGIBoard format), not an assessment export; " +
			"to turn it into a questionnaire run 'ggi questionnaire import FILE'"
	case probe.ID != nil && probe.Version != nil && len(probe.Activities) > 0:
		return "this is a questionnaire, not an assessment export; use it with 'ggi --questionnaire FILE'"
	}
	return ""
}

// decodeStrict decodes one JSON object and nothing after it, turning the
// decoder's errors into messages that say where the problem is.
// json.Unmarshal rather than a Decoder: it works on the bytes in place,
// which matters when a roll-up reads a thousand files.
func decodeStrict(data []byte) (*rawDocument, error) {
	var doc rawDocument
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, jsonError(data, err)
	}
	return &doc, nil
}

func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		if len(bytes.TrimSpace(data)) == 0 {
			return importErr("", "the file is empty")
		}
		return importErr("", "not valid JSON at line %d: %s", lineAt(data, syn.Offset), syn.Error())
	case errors.As(err, &typ):
		field := typ.Field
		if p, ok := typePath(data); ok {
			field = p // the same place, with array indices
		}
		if field == "" {
			field = "(top level)"
		}
		return importErr(field, "want a JSON %s, got %s (line %d)", jsonKind(typ.Type.Kind().String()), typ.Value, lineAt(data, typ.Offset))
	}
	var perr *time.ParseError
	if errors.As(err, &perr) {
		return importErr("", "bad timestamp %q: want RFC 3339 such as 2026-10-01T09:00:00Z", perr.Value)
	}
	return importErr("", "not a ggi assessment export: %v", err)
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "string"
	case "int", "int64", "float64":
		return "number"
	case "bool":
		return "true or false"
	case "slice":
		return "array"
	case "struct", "map", "ptr":
		return "object"
	}
	return k
}

func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return 1 + bytes.Count(data[:off], []byte{'\n'})
}

func importAssessment(q *assessment.Questionnaire, d *DocAssessment) (*assessment.Assessment, error) {
	if strings.TrimSpace(d.Team) == "" {
		return nil, importErr("assessment.team", "missing: every assessment names its team")
	}
	if oneLine(d.Team) == "" {
		return nil, importErr("assessment.team", "has only control characters: give the team a name people can read")
	}
	if d.Period != "" && !assessment.ValidPeriod(d.Period) {
		return nil, importErr("assessment.period", "%q is not a period such as 2026-Q4, 2026-H1 or 2026-03", d.Period)
	}
	a := &assessment.Assessment{
		Team: d.Team, Organisation: d.Organisation, Period: d.Period, Facilitator: d.Facilitator,
		Questionnaire: assessment.QuestionnaireRef{ID: q.ID, Version: q.Version},
		FromID:        d.FromID, Workshop: d.Workshop,
	}
	if len(d.Participants) > 0 {
		a.Participants = append([]string(nil), d.Participants...)
	}
	for i, p := range d.Participants {
		if strings.TrimSpace(p) == "" {
			return nil, importErr(fmt.Sprintf("assessment.participants[%d]", i), "empty participant name")
		}
	}
	for _, g := range sortedKeys(d.GoalTargets) {
		if _, ok := q.Goal(g); !ok {
			return nil, importErr("assessment.goal_targets."+g, "unknown goal %q in questionnaire %s %s", g, q.ID, q.Version)
		}
		if v := d.GoalTargets[g]; v < 1 || v > 5 {
			return nil, importErr("assessment.goal_targets."+g, "target level %d is not between 1 and 5", v)
		}
		if a.GoalTargets == nil {
			a.GoalTargets = make(map[string]int)
		}
		a.GoalTargets[g] = d.GoalTargets[g]
	}
	return a, nil
}

func importActivities(q *assessment.Questionnaire, a *assessment.Assessment, acts []DocActivity) error {
	seen := make(map[string]int, len(acts))
	for i := range acts {
		d := &acts[i]
		path := fmt.Sprintf("activities[%d]", i)
		if d.ID == "" {
			return importErr(path+".id", "missing: every activity names its id (is the entry null or empty?)")
		}
		act, ok := q.Activity(d.ID)
		if !ok {
			return importErr(path+".id", "unknown activity %q in questionnaire %s %s", d.ID, q.ID, q.Version)
		}
		if j, dup := seen[d.ID]; dup {
			return importErr(path+".id", "activity %s is listed twice (also activities[%d])", d.ID, j)
		}
		seen[d.ID] = i
		st, err := importActivity(path, act, d)
		if err != nil {
			return err
		}
		if st != nil {
			if a.Activities == nil {
				a.Activities = make(map[string]*assessment.ActivityState)
			}
			a.Activities[act.ID] = st
		}
	}
	return nil
}

func importActivity(path string, act *assessment.Activity, d *DocActivity) (*assessment.ActivityState, error) {
	if !d.Relevance.Valid() {
		return nil, importErr(path+".relevance", "unknown relevance %q (high, medium, low or none)", d.Relevance)
	}
	if !d.Status.Valid() {
		return nil, importErr(path+".status", "unknown status %q (not_selected, not_started, in_progress or done)", d.Status)
	}
	st := &assessment.ActivityState{Relevance: d.Relevance, Status: d.Status, Notes: d.Notes}
	if d.TargetLevel != nil {
		if t := *d.TargetLevel; t < 0 || t > 5 {
			return nil, importErr(path+".target_level", "%d is not a level between 1 and 5", t)
		}
		st.TargetLevel = *d.TargetLevel
	}
	if len(d.Evidence) > 0 {
		st.Evidence = append([]string(nil), d.Evidence...)
	}
	for j, ac := range d.Actions {
		p := fmt.Sprintf("%s.actions[%d]", path, j)
		if strings.TrimSpace(ac.Text) == "" {
			return nil, importErr(p+".text", "an action needs a text")
		}
		if ac.Due != "" {
			if _, err := time.Parse(time.DateOnly, ac.Due); err != nil {
				return nil, importErr(p+".due", "%q is not a date such as 2027-01-31", ac.Due)
			}
		}
		st.Actions = append(st.Actions, assessment.Action(ac))
	}
	if err := importCheckpoints(path, act, d.Checkpoints, st); err != nil {
		return nil, err
	}
	if isDefaultState(st) {
		return nil, nil //nolint:nilnil // nothing recorded: the activity keeps no state, as in a fresh assessment
	}
	return st, nil
}

func importCheckpoints(path string, act *assessment.Activity, cps []DocCheckpoint, st *assessment.ActivityState) error {
	known := make(map[string]bool, len(act.Checkpoints))
	for _, c := range act.Checkpoints {
		known[c.ID] = true
	}
	seen := make(map[string]bool, len(cps))
	for k, dc := range cps {
		p := fmt.Sprintf("%s.checkpoints[%d]", path, k)
		if dc.ID == "" {
			return importErr(p+".id", "missing: every checkpoint answer names its checkpoint (is the entry null or empty?)")
		}
		if !known[dc.ID] {
			return importErr(p+".id", "unknown checkpoint %q for activity %s", dc.ID, act.ID)
		}
		if seen[dc.ID] {
			return importErr(p+".id", "checkpoint %s is listed twice", dc.ID)
		}
		seen[dc.ID] = true
		if !dc.Answer.Valid() {
			return importErr(p+".answer", "unknown answer %q (not_yet, partly, largely, fully or not_applicable)", dc.Answer)
		}
		if !dc.Answer.Answered() && dc.Note == "" && len(dc.Votes) == 0 {
			continue // says nothing: the same as leaving it out
		}
		ca := &assessment.CheckpointAnswer{Answer: dc.Answer, Note: dc.Note, CarriedOver: dc.CarriedOver, UpdatedBy: dc.UpdatedBy}
		if dc.UpdatedAt != nil {
			ca.UpdatedAt = dc.UpdatedAt.UTC()
		}
		for v, vote := range dc.Votes {
			vp := fmt.Sprintf("%s.votes[%d]", p, v)
			if strings.TrimSpace(vote.Participant) == "" {
				return importErr(vp+".participant", "a vote needs the participant's name")
			}
			if !vote.Answer.Answered() {
				return importErr(vp+".answer", "unknown answer %q (not_yet, partly, largely, fully or not_applicable)", vote.Answer)
			}
			ca.Votes = append(ca.Votes, assessment.Vote(vote))
		}
		if st.Checkpoints == nil {
			st.Checkpoints = make(map[string]*assessment.CheckpointAnswer)
		}
		st.Checkpoints[dc.ID] = ca
	}
	return nil
}

// isDefaultState reports whether st says nothing beyond the defaults that
// the export spells out (medium, not started).
func isDefaultState(st *assessment.ActivityState) bool {
	return st.Relevance.Effective() == assessment.RelevanceMedium &&
		st.Status.Effective() == assessment.StatusNotStarted &&
		st.TargetLevel == 0 && st.Notes == "" && len(st.Evidence) == 0 &&
		len(st.Actions) == 0 && len(st.Checkpoints) == 0
}

func sortedKeys(m map[string]int) []string {
	return slices.Sorted(maps.Keys(m))
}

// typePath finds the first value of the wrong JSON type and returns its
// path with array indices (activities[3].actions[0].done), which the
// decoder's own error leaves out.
func typePath(data []byte) (string, bool) {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return "", false
	}
	return mismatch(v, reflect.TypeFor[rawDocument](), "")
}

func mismatch(v any, t reflect.Type, path string) (string, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v == nil || t == reflect.TypeFor[json.RawMessage]() {
		return "", false // null leaves the zero value; raw takes anything
	}
	switch t.Kind() {
	case reflect.Struct:
		return structMismatch(v, t, path)
	case reflect.Slice:
		a, ok := v.([]any)
		if !ok {
			return path, true
		}
		for i, e := range a {
			if p, bad := mismatch(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); bad {
				return p, true
			}
		}
		return "", false
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return path, true
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if p, bad := mismatch(m[k], t.Elem(), joinPath(path, k)); bad {
				return p, true
			}
		}
		return "", false
	}
	return path, !scalarFits(v, t.Kind())
}

func structMismatch(v any, t reflect.Type, path string) (string, bool) {
	if t == reflect.TypeFor[time.Time]() {
		_, ok := v.(string)
		return path, !ok
	}
	m, ok := v.(map[string]any)
	if !ok {
		return path, true
	}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if fv, present := m[name]; present && name != "" && name != "-" {
			if p, bad := mismatch(fv, f.Type, joinPath(path, name)); bad {
				return p, true
			}
		}
	}
	return "", false
}

// scalarFits reports whether a decoded JSON scalar suits a Go kind; kinds
// the export does not use fit anything, so they never mislead.
func scalarFits(v any, k reflect.Kind) bool {
	switch k {
	case reflect.String:
		_, ok := v.(string)
		return ok
	case reflect.Bool:
		_, ok := v.(bool)
		return ok
	case reflect.Int, reflect.Int64:
		f, ok := v.(float64)
		return ok && f == math.Trunc(f)
	case reflect.Float64:
		_, ok := v.(float64)
		return ok
	}
	return true
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
