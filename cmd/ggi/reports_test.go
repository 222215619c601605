package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/report"
	"github.com/ggi-tool/ggi/questionnaires"
)

// cli runs ggi against one private database for the whole test.
type cli struct {
	t  testing.TB
	db string
}

func newCLI(t testing.TB) *cli {
	t.Helper()
	return &cli{t: t, db: filepath.Join(t.TempDir(), "data", "ggi.db")}
}

func (c *cli) run(stdin string, args ...string) (code int, stdout, stderr string) {
	c.t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"--db", c.db}, args...), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// ok runs ggi and fails the test unless it succeeds.
func (c *cli) ok(args ...string) string {
	c.t.Helper()
	code, out, errOut := c.run("", args...)
	if code != exitOK {
		c.t.Fatalf("ggi %v: exit %d, stderr %q", args, code, errOut)
	}
	return out
}

// fails runs ggi and checks for the exit status and a one-line error.
func (c *cli) fails(wantCode int, want string, args ...string) {
	c.t.Helper()
	code, out, errOut := c.run("", args...)
	if code != wantCode || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, want) {
		c.t.Fatalf("ggi %v: exit %d (want %d), stderr %q (want one line with %q), stdout %q", args, code, wantCode, errOut, want, out)
	}
}

func shippedQuestionnaire(t testing.TB) *assessment.Questionnaire {
	t.Helper()
	reg, err := questionnaires.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	q, err := reg.Find(questionnaires.DefaultID)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// answeredExport writes a JSON export of an assessment of team in period
// whose answers follow seed, and returns its path.
func answeredExport(t testing.TB, dir, team, period string, seed int) string {
	t.Helper()
	q := shippedQuestionnaire(t)
	a := &assessment.Assessment{ID: "x", Team: team, Period: period,
		Questionnaire: assessment.QuestionnaireRef{ID: q.ID, Version: q.Version},
		CreatedAt:     time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	scale := assessment.Answers()
	for i := range q.Activities {
		act := &q.Activities[i]
		for j, c := range act.Checkpoints {
			if k := (i*seed + j + seed) % 7; k < len(scale) {
				a.SetAnswer(act.ID, c.ID, assessment.CheckpointAnswer{Answer: scale[k], Note: "note " + team})
			}
		}
	}
	st := a.EnsureActivity(q.Activities[0].ID)
	st.Actions = []assessment.Action{{Text: "Act | now <b>", Owner: "=owner", Due: "2020-01-01"}}
	st.TargetLevel = 5
	var b bytes.Buffer
	if err := report.WriteJSON(&b, q, a); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(period+"-"+team)+".json")
	if len(path) > 200 {
		path = filepath.Join(dir, period+".json")
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

var idLine = regexp.MustCompile(`^[0-9a-f]{8}\n$`)

func TestNewListShowExport(t *testing.T) {
	c := newCLI(t)
	if out := c.ok("list"); !strings.Contains(out, "No assessments yet") {
		t.Errorf("list on a fresh install: %q", out)
	}
	if _, err := os.Stat(c.db); err == nil {
		t.Error("list created the database")
	}
	hostile := "Evil\x1b]0;pwned\x07 | <b>Team</b> \u202eabc"
	id := c.ok("new", "--team", hostile, "--organisation", "ACME", "--period", "2026-Q3", "--participants", "Ann, Bo|b,,", "--facilitator", "Dana")
	if !idLine.MatchString(id) {
		t.Fatalf("new printed %q, want an ID", id)
	}
	id = strings.TrimSpace(id)
	list := c.ok("list")
	if !strings.Contains(list, id) || !strings.Contains(list, "2026-Q3") || !strings.Contains(list, "ggi 1.3") {
		t.Errorf("list:\n%s", list)
	}
	var entries []map[string]any
	if err := json.Unmarshal([]byte(c.ok("list", "--json")), &entries); err != nil || len(entries) != 1 || entries[0]["team"] != hostile {
		t.Fatalf("list --json: %v %v", entries, err)
	}
	for _, args := range [][]string{{"list"}, {"list", "--json"}, {"show", id}, {"export", id, "--format", "markdown"},
		{"export", id, "--format", "csv"}, {"export", id, "--format", "html"}, {"export", id, "--format", "json"}, {"export", id, "--format", "text"}} {
		out := c.ok(args...)
		if strings.ContainsAny(out, "\x1b\x07\u202e") {
			t.Errorf("ggi %v writes terminal controls: %q", args, out)
		}
	}
	show := c.ok("show", id[:3])
	if !strings.Contains(show, "Evil | <b>Team</b> abc") || !strings.Contains(show, "Participants:  Ann, Bo|b") {
		t.Errorf("show:\n%s", show)
	}
}

func TestExportToFileNeverClobbers(t *testing.T) {
	c := newCLI(t)
	id := strings.TrimSpace(c.ok("new", "--team", "T"))
	dir := t.TempDir()
	path := filepath.Join(dir, "card.html")
	c.ok("export", id, "-o", path)
	page, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(page, []byte("<!DOCTYPE html>")) {
		t.Fatalf("export -o card.html should infer html: %q %v", page[:min(40, len(page))], err)
	}
	if err := os.WriteFile(path, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.fails(exitError, "exists (use --force", "export", id, "--format", "markdown", "-o", path)
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Fatalf("export replaced a file without --force: %q", b)
	}
	c.ok("export", id, "--format", "markdown", "-o", path, "--force")
	if b, _ := os.ReadFile(path); !bytes.HasPrefix(b, []byte("# GGI scorecard: T")) {
		t.Fatalf("export --force did not replace the file: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("export left temporary files: %v", entries)
	}
	c.fails(exitUsage, `unknown format "pdf"`, "export", id, "--format", "pdf")
	c.fails(exitUsage, "export needs an assessment ID", "export")
}

func TestImportRoundTrip(t *testing.T) {
	c := newCLI(t)
	src := answeredExport(t, t.TempDir(), "Platform", "2026-Q3", 3)
	id := strings.TrimSpace(c.ok("import", src))
	first := c.ok("export", id, "--format", "json")
	// Re-import what ggi wrote, through stdin this time.
	code, out, errOut := c.run(first, "import", "-")
	if code != exitOK {
		t.Fatalf("import -: %d %q", code, errOut)
	}
	second := c.ok("export", strings.TrimSpace(out), "--format", "json")
	if strip(first) != strip(second) {
		t.Errorf("export → import → export changed more than ids and timestamps:\n%s\n---\n%s", first, second)
	}
	if strings.Contains(first, `"score": 99.9`) || !strings.Contains(first, `"overall": {`) {
		t.Error("export lacks scores")
	}
}

var idsAndTimes = regexp.MustCompile(`"(id|created_at|updated_at)": "[^"]*"`)

// strip blanks the assessment ID and the timestamps, which an import may
// change; activity and checkpoint IDs are kept because they start with GGI.
func strip(s string) string {
	return idsAndTimes.ReplaceAllStringFunc(s, func(m string) string {
		if strings.Contains(m, "GGI-") {
			return m
		}
		key, _, _ := strings.Cut(m, ":")
		return key
	})
}

func TestImportRejectsBadFilesAndWritesNothing(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	src := answeredExport(t, dir, "Platform", "2026-Q3", 3)
	good, _ := os.ReadFile(src)
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := write("team.json", strings.Replace(string(good), `"answer": "partly"`, `"answer": "mostly"`, 1))
	c.fails(exitError, `import `+bad+`: activities[1].checkpoints[1].answer`, "import", bad)
	c.fails(exitError, `answer: unknown answer "mostly"`, "import", bad)
	c.fails(exitError, "format_version: version 2 was written by a newer ggi (this ggi reads version 1); upgrade ggi to import it", "import",
		write("v2.json", strings.Replace(string(good), `"format_version": 1`, `"format_version": 2`, 1)))
	c.fails(exitError, "unknown questionnaire ggi version 0.1", "import",
		write("q.json", strings.Replace(string(good), `"version": "1.3"`, `"version": "0.1"`, 1)))
	c.fails(exitError, "no such file", "import", filepath.Join(dir, "missing.json"))
	c.fails(exitUsage, "import needs the JSON FILE", "import")
	if out := c.ok("list"); !strings.Contains(out, "No assessments yet") {
		t.Errorf("a failed import wrote something:\n%s", out)
	}
}

func TestIDPrefixes(t *testing.T) {
	c := newCLI(t)
	var ids []string
	for range 20 {
		ids = append(ids, strings.TrimSpace(c.ok("new", "--team", "T")))
	}
	// 20 random hex IDs: some share a first character.
	seen := map[byte]string{}
	ambiguous := ""
	for _, id := range ids {
		if _, dup := seen[id[0]]; dup {
			ambiguous = id[:1]
		}
		seen[id[0]] = id
	}
	if ambiguous != "" {
		c.fails(exitError, `ambiguous ID "`+ambiguous+`"`, "show", ambiguous)
	}
	c.fails(exitError, `no assessment "zzzz"`, "show", "zzzz")
	if out := c.ok("show", ids[0][:7]); !strings.Contains(out, ids[0]) {
		t.Errorf("a unique prefix does not resolve:\n%s", out)
	}
}

func TestNewFromCarriesForward(t *testing.T) {
	c := newCLI(t)
	src := answeredExport(t, t.TempDir(), "Platform", "2026-Q3", 3)
	prev := strings.TrimSpace(c.ok("import", src))
	next := strings.TrimSpace(c.ok("new", "--from", prev[:6]))
	lines := strings.Split(c.ok("list"), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[1], next) || !strings.HasPrefix(lines[2], prev) {
		t.Errorf("list is not newest first:\n%s", strings.Join(lines, "\n"))
	}
	out := c.ok("export", next, "--format", "json")
	if !strings.Contains(out, `"carried_over": true`) || !strings.Contains(out, `"from_id": "`+prev+`"`) || !strings.Contains(out, `"period": "2026-Q4"`) {
		t.Errorf("carried-forward export:\n%.600s", out)
	}
	md := c.ok("export", next)
	if !strings.Contains(md, "Compared with:** 2026-Q3") || !strings.Contains(md, "## Trend") {
		t.Errorf("markdown of the next period lacks the comparison or trend:\n%.800s", md)
	}
	cmp := c.ok("compare", prev, next, "--format", "json")
	var cd struct {
		Format  string `json:"format"`
		Overall struct {
			Change *float64 `json:"change"`
		} `json:"overall"`
	}
	if err := json.Unmarshal([]byte(cmp), &cd); err != nil || cd.Format != "ggi-comparison" || cd.Overall.Change == nil || *cd.Overall.Change != 0 {
		t.Errorf("compare of identical answers: %+v %v", cd, err)
	}
	if out := c.ok("compare", prev, next); !strings.Contains(out, "# GGI comparison") || !strings.Contains(out, "| Goal | Before | After | Change") {
		t.Errorf("compare markdown:\n%.500s", out)
	}
	c.fails(exitUsage, "compare needs two assessment IDs", "compare", prev)
}

func TestNewQuestionnaireFlag(t *testing.T) {
	c := newCLI(t)
	id := strings.TrimSpace(c.ok("new", "--team", "T", "--questionnaire", "ggi@1.3", "--period", "2027-Q1"))
	if out := c.ok("list"); !strings.Contains(out, id) || !strings.Contains(out, "2027-Q1") {
		t.Errorf("list:\n%s", out)
	}
	c.ok("new", "--team", "T", "--questionnaire-id", "ggi")
	c.fails(exitUsage, "neither a known questionnaire", "new", "--team", "T", "--questionnaire", "nope")
	c.fails(exitError, `no questionnaire "nope"`, "new", "--team", "T", "--questionnaire-id", "nope")
	c.fails(exitUsage, "--period \"2026-Q5\" is not a period", "new", "--team", "T", "--period", "2026-Q5")
	c.fails(exitUsage, "new needs --team", "new")
	c.fails(exitUsage, "--team needs a name people can read", "new", "--team", "\x1b\u202e\x07 ")
	c.fails(exitError, `--from: no assessment "nope"`, "new", "--from", "nope")
}

// TestNewQuestionnaireFile: a --questionnaire value that is not a known ID
// is a file, loaded as the global flag does, and the new assessment uses it.
func TestNewQuestionnaireFile(t *testing.T) {
	c := newCLI(t)
	data, err := os.ReadFile(filepath.Join("..", "..", "questionnaires", "data", "ggi-1.3.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// The first "id:" and "version:" lines are the questionnaire's own.
	own := strings.Replace(string(data), "id: ggi\n", "id: acme\n", 1)
	own = strings.Replace(own, "version: \"1.3\"\n", "version: \"1.0\"\n", 1)
	path := filepath.Join(t.TempDir(), "acme.yaml")
	if err := os.WriteFile(path, []byte(own), 0o600); err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSpace(c.ok("new", "--team", "T", "--questionnaire", path))
	if out := c.ok("list"); !strings.Contains(out, "acme 1.0") {
		t.Fatalf("list:\n%s", out)
	}
	c.fails(exitError, "questionnaire acme 1.0, which this ggi does not know", "show", id)
	if out := c.ok("--questionnaire", path, "show", id); !strings.Contains(out, "(acme 1.0)") {
		t.Errorf("show with the file loaded:\n%s", out)
	}
}
