package questionnaires

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ggi-tool/ggi/assessment"
)

// handbookDir holds the handbook's machine-readable files beside the
// repository (shared/ggi-handbook). They are facts and test input only.
const handbookDir = "../../shared/ggi-handbook"

func handbookFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(handbookDir, name))
	if err != nil {
		t.Skipf("handbook reference data not available: %v", err)
	}
	return data
}

// The shipped questionnaire's facts, fixed here so the test stands without
// the reference data: goal, activity IDs in handbook order, checkpoint count.
var wantActivities = []struct {
	goal, id    string
	checkpoints int
}{
	{"usage", "GGI-A-17", 5}, {"usage", "GGI-A-18", 4}, {"usage", "GGI-A-19", 7}, {"usage", "GGI-A-20", 4}, {"usage", "GGI-A-42", 5},
	{"trust", "GGI-A-21", 9}, {"trust", "GGI-A-22", 4}, {"trust", "GGI-A-23", 4}, {"trust", "GGI-A-24", 3}, {"trust", "GGI-A-44", 4},
	{"culture", "GGI-A-25", 4}, {"culture", "GGI-A-26", 4}, {"culture", "GGI-A-27", 4}, {"culture", "GGI-A-28", 5}, {"culture", "GGI-A-39", 2},
	{"engagement", "GGI-A-29", 8}, {"engagement", "GGI-A-30", 6}, {"engagement", "GGI-A-31", 4}, {"engagement", "GGI-A-33", 3}, {"engagement", "GGI-A-43", 4},
	{"strategy", "GGI-A-16", 2}, {"strategy", "GGI-A-34", 5}, {"strategy", "GGI-A-35", 3}, {"strategy", "GGI-A-36", 3}, {"strategy", "GGI-A-37", 3},
}

func shipped(t *testing.T) *assessment.Questionnaire {
	t.Helper()
	r, err := Embedded()
	if err != nil {
		t.Fatalf("embedded questionnaires do not load: %v", err)
	}
	q, ok := r.Get("ggi", "1.3")
	if !ok {
		t.Fatal("ggi 1.3 is not embedded")
	}
	return q
}

func TestEveryEmbeddedFileLoads(t *testing.T) {
	names, err := embedded.ReadDir("data")
	if err != nil || len(names) == 0 {
		t.Fatalf("no embedded questionnaires: %v", err)
	}
	r, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if len(r.All()) != len(names) {
		t.Fatalf("%d files embedded, %d questionnaires loaded", len(names), len(r.All()))
	}
	if q, ok := r.Latest(DefaultID); !ok || q.Version != "1.3" {
		t.Fatalf("default questionnaire is not ggi 1.3: %+v", q)
	}
}

func TestShippedQuestionnaireShape(t *testing.T) {
	q := shipped(t)
	goals := []string{"usage", "trust", "culture", "engagement", "strategy"}
	if len(q.Goals) != len(goals) {
		t.Fatalf("%d goals, want 5", len(q.Goals))
	}
	for i, g := range goals {
		if q.Goals[i].ID != g {
			t.Errorf("goal %d is %q, want %q", i, q.Goals[i].ID, g)
		}
	}
	if len(q.Activities) != len(wantActivities) {
		t.Fatalf("%d activities, want %d", len(q.Activities), len(wantActivities))
	}
	for i, w := range wantActivities {
		a := q.Activities[i]
		if a.ID != w.id || a.Goal != w.goal || len(a.Checkpoints) != w.checkpoints {
			t.Errorf("activity %d: %s/%s with %d checkpoints, want %s/%s with %d", i, a.ID, a.Goal, len(a.Checkpoints), w.id, w.goal, w.checkpoints)
		}
		for j, c := range a.Checkpoints {
			if want := a.ID + "." + strconv.Itoa(j+1); c.ID != want {
				t.Errorf("%s checkpoint %d has ID %s, want %s", a.ID, j+1, c.ID, want)
			}
		}
		if !strings.HasSuffix(strings.TrimSpace(a.Opportunity), "?") {
			t.Errorf("%s: opportunity is not a question: %q", a.ID, a.Opportunity)
		}
		if !strings.HasPrefix(a.Link, "https://ospo-alliance.org/ggi/") {
			t.Errorf("%s: link %q does not point at the handbook site", a.ID, a.Link)
		}
	}
	if n := q.CheckpointCount(); n != 109 {
		t.Errorf("%d checkpoints, want 109 (one per handbook verification point)", n)
	}
	if !strings.Contains(q.Source.Attribution, "CC BY 4.0") || q.Source.Licence != "CC-BY-4.0" {
		t.Errorf("attribution missing the licence: %+v", q.Source)
	}
}

// TestShippedMatchesHandbookFacts cross-checks titles, roles, goals, order
// and proposed-next links with the handbook's reference table.
func TestShippedMatchesHandbookFacts(t *testing.T) {
	data := handbookFile(t, "ggi_activities_summary.derived.csv")
	rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	q := shipped(t)
	for i, row := range rows[1:] {
		a := q.Activities[i]
		if a.ID != row[col["id"]] {
			t.Fatalf("activity %d is %s, handbook order has %s", i, a.ID, row[col["id"]])
		}
		if a.Title != row[col["title_v1.3"]] {
			t.Errorf("%s title %q, handbook %q", a.ID, a.Title, row[col["title_v1.3"]])
		}
		if got, want := strings.Join(a.Roles, ";"), row[col["roles"]]; got != want {
			t.Errorf("%s roles %q, handbook %q", a.ID, got, want)
		}
		if got, want := strings.Join(a.Next, ";"), row[col["proposed_next_v1.3"]]; got != want {
			t.Errorf("%s next %q, handbook %q", a.ID, got, want)
		}
		if got, want := strconv.Itoa(len(a.Checkpoints)), row[col["pa_items_v1.3"]]; got != want {
			t.Errorf("%s has %s checkpoints, handbook %s", a.ID, got, want)
		}
	}
}

const minimal = `id: mini
version: "1.0"
title: Minimal
source:
  name: Test
  licence: CC0-1.0
  attribution: Written for tests.
goals:
  - id: usage
    name: Usage
    description: Using things.
activities:
  - id: A-1
    title: First
    goal: usage
    summary: The first activity.
    opportunity: Does it matter?
    checkpoints:
      - id: A-1.1
        text: We do the thing.
`

func TestParseMinimal(t *testing.T) {
	q, err := Parse("mini.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if q.ID != "mini" || len(q.Activities) != 1 || q.Activities[0].Checkpoints[0].Text != "We do the thing." {
		t.Fatalf("decoded %+v", q)
	}
}

func TestParseErrorsNameFileLineAndField(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"unknown field", strings.Replace(minimal, "    summary:", "    sumary: oops\n    summary:", 1), "broken.yaml:16: sumary: unknown field in an activity"}, //nolint:misspell // the typo is the test
		{"empty text", strings.Replace(minimal, "text: We do the thing.", `text: ""`, 1), "broken.yaml:20: activities[0].checkpoints[0].text: must not be empty"},
		{"unknown goal", strings.Replace(minimal, "    goal: usage", "    goal: nope", 1), `broken.yaml:15: activities[0].goal: unknown goal "nope"`},
		{"duplicate checkpoint", minimal + "      - id: A-1.1\n        text: Again.\n", `broken.yaml:21: activities[0].checkpoints[1].id: checkpoint ID "A-1.1" is used twice`},
		{"checkpoint prefix", strings.Replace(minimal, "id: A-1.1", "id: B-1.1", 1), `activities[0].checkpoints[0].id: checkpoint IDs of A-1 must start with "A-1."`},
		{"bad version", strings.Replace(minimal, `version: "1.0"`, "version: one", 1), "broken.yaml:2: version: must look like"},
		{"no goals", strings.Replace(minimal, "goals:\n  - id: usage\n    name: Usage\n    description: Using things.\n", "goals: []\n", 1), "goals: a questionnaire needs at least one goal"},
		{"bad kind", strings.Replace(minimal, "text: We do the thing.", "text: We do the thing.\n        kind: maybe", 1), `kind: must be "alternative" or "level"`},
		{"bidi override", strings.Replace(minimal, "First", "Fi\u202erst", 1), "broken.yaml:14: activities[0].title: contains a control character (U+202E)"},
		{"escape sequence", strings.Replace(minimal, "First", "Fi\x1b[2Jrst", 1), "broken.yaml: control characters are not allowed"},
		{"syntax", "id: [", "broken.yaml:1:"},
		{"not a mapping", "- a\n- b\n", "broken.yaml:1: a questionnaire must be a mapping"},
		{"empty", "", "broken.yaml: file is empty"},
		{"wrong type", strings.Replace(minimal, "    goal: usage\n", "    goal: usage\n    roles: {a: b}\n", 1), "broken.yaml:16: cannot unmarshal"},
		{"two documents", minimal + "---\nid: other\n", "only one YAML document"},
		{"goal without activities", strings.Replace(minimal, "activities:", "  - id: trust\n    name: Trust\n    description: Trusting.\nactivities:", 1), `goals[1]: goal "trust" has no activities`},
		{"unknown next", strings.Replace(minimal, "    checkpoints:", "    next: [A-9]\n    checkpoints:", 1), `activities[0].next[0]: unknown activity "A-9"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("broken.yaml", []byte(tc.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error is not a located Errors: %T", err)
			}
		})
	}
}

func TestLoadFSRejectsMismatchedFileName(t *testing.T) {
	fsys := fstest.MapFS{"d/mini-2.0.yaml": {Data: []byte(minimal)}}
	_, err := LoadFS(fsys, "d")
	if err == nil || !strings.Contains(err.Error(), "want mini-1.0.yaml") {
		t.Fatalf("got %v", err)
	}
	fsys = fstest.MapFS{"d/mini-1.0.yaml": {Data: []byte(minimal)}}
	r, err := LoadFS(fsys, "d")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Find("mini@1.0"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Find("mini@2.0"); err == nil {
		t.Fatal("found a version that does not exist")
	}
}

func TestRegistryRefusesConflictingDefinition(t *testing.T) {
	r, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	same, err := Parse("ggi-1.3.yaml", mustReadEmbedded(t, "data/ggi-1.3.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Add(same); err != nil {
		t.Fatalf("an identical copy of ggi 1.3 was refused: %v", err)
	}
	if n := len(r.All()); n != 1 {
		t.Fatalf("an identical copy was added: %d questionnaires", n)
	}
	same.Activities[0].Checkpoints[0].Text = "Changed."
	if err := r.Add(same); err == nil || !strings.Contains(err.Error(), "already loaded") {
		t.Fatalf("a different ggi 1.3 was accepted: %v", err)
	}
}

func mustReadEmbedded(t *testing.T, name string) []byte {
	t.Helper()
	data, err := embedded.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseReportsEveryProblem(t *testing.T) {
	broken := strings.Replace(minimal, "summary: The first activity.", `summary: ""`, 1)
	broken = strings.Replace(broken, "title: Minimal", `title: ""`, 1)
	broken = strings.Replace(broken, "text: We do the thing.", `text: ""`, 1)
	_, err := Parse("many.yaml", []byte(broken))
	var es Errors
	if !errors.As(err, &es) || len(es) != 3 {
		t.Fatalf("want 3 located errors, got %v", err)
	}
	for i, want := range []string{"many.yaml:3: title", "many.yaml:16: activities[0].summary", "many.yaml:20: activities[0].checkpoints[0].text"} {
		if !strings.HasPrefix(es[i].Error(), want) {
			t.Errorf("error %d is %q, want it to start %q", i, es[i], want)
		}
	}
	if !strings.Contains(err.Error(), "(and 2 more problems)") {
		t.Errorf("summary line %q does not count the rest", err)
	}
}

func TestCompareVersions(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{{"1.3", "1.2", 1}, {"1.10", "1.9", 1}, {"1", "1.0", -1}, {"2", "10", -1}, {"1.3", "1.3", 0}}
	for _, c := range cases {
		if got := CompareVersions(c.a, c.b); got != c.want {
			t.Errorf("CompareVersions(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestImportAllHandbookVersions(t *testing.T) {
	cases := []struct {
		file, version string
		checkpoints   int
	}{
		// GGI-A-37 had no checklist yet: it gets one stand-in checkpoint.
		{"ggi_activities_full.v1.1-era.json", "0", 106},
		{"ggi_activities_full.v1.2.json", "1.2", 110},
		{"ggi_activities_full.v1.3.json", "1.3", 109},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			q, err := ImportMyGGIBoard(c.file, handbookFile(t, c.file))
			if err != nil {
				t.Fatal(err)
			}
			if q.ID != ImportedID || q.Version != c.version {
				t.Errorf("imported as %s %s", q.ID, q.Version)
			}
			if len(q.Goals) != 5 || len(q.Activities) != 25 {
				t.Errorf("%d goals, %d activities", len(q.Goals), len(q.Activities))
			}
			if n := q.CheckpointCount(); n != c.checkpoints {
				t.Errorf("%d checkpoints, want %d (the handbook's checklist items)", n, c.checkpoints)
			}
			a, _ := q.Activity("GGI-A-21")
			if a == nil || a.Summary == "" || a.Opportunity == "" || !strings.HasPrefix(a.Link, "https://") {
				t.Fatalf("GGI-A-21 incomplete: %+v", a)
			}
			if c.version == "1.3" {
				if a.Checkpoints[len(a.Checkpoints)-1].Kind != assessment.KindAlternative {
					t.Errorf("GGI-A-21's 'other ways' items are not marked alternative")
				}
				levels, _ := q.Activity("GGI-A-37")
				for _, cp := range levels.Checkpoints {
					if cp.Kind != assessment.KindLevel {
						t.Errorf("%s (%q) is not marked level", cp.ID, cp.Text)
					}
				}
			}
			for _, act := range q.Activities {
				for _, cp := range act.Checkpoints {
					if strings.Contains(cp.Text, "[ ]") || strings.Contains(cp.Text, "**") {
						t.Errorf("%s keeps markdown: %q", cp.ID, cp.Text)
					}
				}
			}
		})
	}
}

func TestImportRejectsBrokenFiles(t *testing.T) {
	cases := map[string]string{
		`{"activities": [}`:   "not a handbook activity file",
		`{"activities": []}`:  "no activities found",
		`{"activities": "x"}`: "should be",
		`{"goals":[{"name":"Usage Goal"}], "activities": [{"id":"GGI-A-1","name":"x","goal":"Nope Goal","content":""}]}`: `unknown goal "Nope Goal"`,
		`{"goals":[{"name":"Usage Goal"}], "activities": [{"id":"","name":"x","goal":"Usage Goal","content":""}]}`:       "activities[0].id: activity IDs must be",
	}
	for in, want := range cases {
		_, err := ImportMyGGIBoard("f.json", []byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", in, err, want)
		}
	}
}

func TestImportGroupsActivitiesByGoal(t *testing.T) {
	in := `{"goals":[{"name":"Usage Goal"},{"name":"Trust Goal"}], "activities": [
	  {"id":"T-1","name":"t","goal":"Trust Goal","content":"### Progress Assessment\n- [ ] x"},
	  {"id":"U-1","name":"u","goal":"Usage Goal","content":"### Progress Assessment\n- [ ] y\n- [ ] Level 1: z"}]}`
	q, err := ImportMyGGIBoard("mixed.json", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if q.Activities[0].ID != "U-1" || q.Activities[1].ID != "T-1" {
		t.Fatalf("activities not in goal order: %s, %s", q.Activities[0].ID, q.Activities[1].ID)
	}
	if k := q.Activities[0].Checkpoints[1].Kind; k != assessment.KindLevel {
		t.Fatalf("level item has kind %q", k)
	}
}

func TestLoadFileDetectsFormat(t *testing.T) {
	dir := t.TempDir()
	y := filepath.Join(dir, "mine.yaml")
	if err := os.WriteFile(y, []byte(minimal), 0o600); err != nil {
		t.Fatal(err)
	}
	if q, err := LoadFile(y); err != nil || q.ID != "mini" {
		t.Fatalf("yaml: %v", err)
	}
	if _, err := LoadFile(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "cannot read questionnaire") {
		t.Fatalf("missing file: %v", err)
	}
	j := filepath.Join(dir, "board.json")
	if err := os.WriteFile(j, handbookFile(t, "ggi_activities_full.v1.2.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if q, err := LoadFile(j); err != nil || q.ID != ImportedID {
		t.Fatalf("json: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte("id: x\nversion: 1\n"))
	f.Add([]byte("activities: [{checkpoints: [{}]}]"))
	f.Add([]byte(`{"activities":[{"id":"A","content":"### Progress Assessment\n- [ ] x"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		q, err := Parse("fuzz.yaml", data)
		if err == nil && (q == nil || len(q.Activities) == 0 || len(q.Goals) == 0) {
			t.Fatalf("accepted an incomplete questionnaire: %+v", q)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line error: %q", err)
		}
		if looksLikeMyGGIBoard(data) {
			_, _ = ImportMyGGIBoard("fuzz.json", data)
		}
	})
}

func FuzzImportMyGGIBoard(f *testing.F) {
	f.Add([]byte(`{"goals":[{"name":"Usage Goal"}],"activities":[{"id":"GGI-A-1","name":"x","goal":"Usage Goal","content":"### Progress Assessment\n- [ ] x\nOther ways:\n- [ ] Level 1: y\n### Proposed next activities\nGGI-A-2"}]}`))
	f.Add([]byte(`{"activities": []}`))
	f.Add([]byte(`{"handbook_version":"1.3","goals":[],"activities":[{"id":"A"}]}`))
	// Two real activities rather than the whole file: large seeds make the
	// fuzzer spend its time minimising instead of exploring.
	if data, err := os.ReadFile(filepath.Join(handbookDir, "ggi_activities_full.v1.3.json")); err == nil {
		var full map[string]any
		if json.Unmarshal(data, &full) == nil {
			if acts, ok := full["activities"].([]any); ok && len(acts) > 5 {
				full["activities"] = []any{acts[5], acts[len(acts)-1]} // GGI-A-21 and GGI-A-37
				if small, err := json.Marshal(full); err == nil {
					f.Add(small)
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		q, err := ImportMyGGIBoard("fuzz.json", data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error: %q", err)
			}
			return
		}
		if q == nil || len(q.Goals) == 0 || len(q.Activities) == 0 || q.CheckpointCount() == 0 {
			t.Fatalf("accepted an incomplete questionnaire: %+v", q)
		}
		if errs := validate(q); len(errs) > 0 {
			t.Fatalf("import returned an invalid questionnaire: %v", errs)
		}
	})
}

// A questionnaire written as JSON (what 'ggi questionnaire show --format
// json' prints) loads as a questionnaire, not as a handbook file; an
// assessment export and a directory get errors that say what they are.
func TestLoadFileTellsJSONFilesApart(t *testing.T) {
	reg, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := reg.Find(DefaultID)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(shipped)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	q, err := LoadFile(write("q.json", data))
	if err != nil || q.ID != shipped.ID || q.CheckpointCount() != shipped.CheckpointCount() {
		t.Fatalf("questionnaire as JSON: %v", err)
	}
	export := `{"format": "ggi-assessment", "format_version": 1, "questionnaire": {"id": "ggi", "version": "1.3"}, "activities": [{"id": "GGI-A-17", "goal": "usage"}]}`
	_, err = LoadFile(write("export.json", []byte(export)))
	if err == nil || !strings.Contains(err.Error(), "export.json: this is a ggi assessment export, not a questionnaire; to load it as an assessment run 'ggi import FILE'") {
		t.Fatalf("assessment export: %v", err)
	}
	_, err = LoadFile(dir)
	if err == nil || err.Error() != "cannot read questionnaire "+dir+": it is a directory, not a YAML or JSON file" {
		t.Fatalf("directory: %v", err)
	}
	_, err = LoadFile(filepath.Join(dir, "missing.yaml"))
	if !errors.Is(err, os.ErrNotExist) || strings.Count(err.Error(), "missing.yaml") != 1 {
		t.Fatalf("missing file: %v", err)
	}
}
