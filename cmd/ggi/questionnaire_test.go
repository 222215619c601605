package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/questionnaires"
)

func TestQuestionnaireList(t *testing.T) {
	code, out, errOut := runCLI(t, "questionnaire", "list")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "ggi") || !strings.Contains(out, "1.3") || !strings.Contains(out, "109") {
		t.Fatalf("list does not show ggi 1.3 with 109 checkpoints:\n%s", out)
	}
}

func TestQuestionnaireShowJSON(t *testing.T) {
	code, out, errOut := runCLI(t, "questionnaire", "show", "ggi", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var q struct {
		ID         string                `json:"id"`
		Version    string                `json:"version"`
		Goals      []struct{ ID string } `json:"goals"`
		Activities []struct {
			ID          string                      `json:"id"`
			Checkpoints []struct{ ID, Text string } `json:"checkpoints"`
		} `json:"activities"`
	}
	if err := json.Unmarshal([]byte(out), &q); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	n := 0
	for _, a := range q.Activities {
		for _, c := range a.Checkpoints {
			if c.ID == "" || c.Text == "" {
				t.Errorf("%s: checkpoint without ID or text", a.ID)
			}
			n++
		}
	}
	if q.ID != "ggi" || q.Version != "1.3" || len(q.Goals) != 5 || len(q.Activities) != 25 || n != 109 {
		t.Fatalf("show json: %s %s, %d goals, %d activities, %d checkpoints", q.ID, q.Version, len(q.Goals), len(q.Activities), n)
	}
}

func TestQuestionnaireShowText(t *testing.T) {
	code, out, _ := runCLI(t, "questionnaire", "show")
	if code != exitOK || !strings.Contains(out, "GGI-A-17.1") || !strings.Contains(out, "STRATEGY") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

func TestQuestionnaireErrors(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.yaml")
	if err := os.WriteFile(broken, []byte("id: x\nversion: \"1\"\ntitel: typo\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"questionnaire"}, exitUsage, "needs a subcommand"},
		{[]string{"questionnaire", "frob"}, exitUsage, "unknown questionnaire subcommand"},
		{[]string{"questionnaire", "show", "nope"}, exitError, `no questionnaire "nope"`},
		{[]string{"questionnaire", "show", "--format", "xml"}, exitUsage, "unknown format"},
		{[]string{"questionnaire", "validate"}, exitUsage, "needs one FILE"},
		{[]string{"questionnaire", "validate", broken}, exitError, "broken.yaml:3: titel: unknown field in the questionnaire"},
		{[]string{"questionnaire", "validate", filepath.Join(dir, "missing.yaml")}, exitError, "cannot read questionnaire"},
		{[]string{"--questionnaire", broken, "questionnaire", "list"}, exitError, "broken.yaml:3"},
	}
	for _, tc := range cases {
		code, _, errOut := runCLI(t, tc.args...)
		lines := strings.Split(strings.TrimRight(errOut, "\n"), "\n")
		if code != tc.code || !strings.Contains(lines[len(lines)-1], tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

func handbookPath(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "ggi-handbook", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("handbook reference data not available: %v", err)
	}
	return p
}

// TestQuestionnaireImportRoundTrip converts every published handbook file,
// checks the result validates, and uses it with --questionnaire.
func TestQuestionnaireImportRoundTrip(t *testing.T) {
	cases := []struct {
		file, version string
		checkpoints   int
	}{
		{"ggi_activities_full.v1.1-era.json", "0", 106},
		{"ggi_activities_full.v1.2.json", "1.2", 110},
		{"ggi_activities_full.v1.3.json", "1.3", 109},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			src := handbookPath(t, c.file)
			out := filepath.Join(t.TempDir(), "handbook.yaml")
			summary := fmt.Sprintf("%d checkpoints", c.checkpoints)
			code, _, errOut := runCLI(t, "questionnaire", "import", src, "-o", out)
			if code != exitOK || !strings.Contains(errOut, summary) {
				t.Fatalf("import: exit %d, %s", code, errOut)
			}
			written, err := os.ReadFile(out)
			if err != nil || !strings.Contains(string(written), "CC BY 4.0") {
				t.Fatalf("imported file lacks the attribution: %v", err)
			}
			code, stdout, errOut := runCLI(t, "questionnaire", "validate", out)
			want := fmt.Sprintf("ok: questionnaire ggi-handbook version %s, 5 goals, 25 activities, %d checkpoints", c.version, c.checkpoints)
			if code != exitOK || !strings.Contains(stdout, want) {
				t.Fatalf("validate imported: exit %d, %s %s", code, stdout, errOut)
			}
			code, _, errOut = runCLI(t, "questionnaire", "import", src, "-o", out)
			if code != exitError || !strings.Contains(errOut, "exists (use --force to replace it)") {
				t.Fatalf("second import overwrote without --force: exit %d, %s", code, errOut)
			}
			if code, _, errOut = runCLI(t, "questionnaire", "import", src, "-o", out, "--force"); code != exitOK {
				t.Fatalf("import --force: exit %d, %s", code, errOut)
			}
			code, stdout, _ = runCLI(t, "--questionnaire", out, "questionnaire", "list")
			if code != exitOK || !strings.Contains(stdout, "ggi-handbook") || !strings.Contains(stdout, strconv.Itoa(c.checkpoints)) {
				t.Fatalf("--questionnaire not listed: %s", stdout)
			}
			// The handbook's JSON file works directly too.
			code, stdout, errOut = runCLI(t, "--questionnaire", src, "questionnaire", "show", "ggi-handbook@"+c.version, "--format", "json")
			if code != exitOK || !strings.Contains(stdout, `"id": "ggi-handbook"`) {
				t.Fatalf("--questionnaire with the JSON file: exit %d, %s", code, errOut)
			}
		})
	}
}

func TestQuestionnaireImportToStdout(t *testing.T) {
	src := handbookPath(t, "ggi_activities_full.v1.3.json")
	code, stdout, errOut := runCLI(t, "questionnaire", "import", src)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	q, err := questionnaires.Parse("stdout.yaml", []byte(stdout))
	if err != nil {
		t.Fatalf("import output does not load: %v", err)
	}
	if a, ok := q.Activity("GGI-A-21"); !ok || a.Checkpoints[8].Kind != assessment.KindAlternative {
		t.Fatalf("GGI-A-21 alternatives lost: %+v", a)
	}
}

// TestOwnQuestionnaireFile covers a user's own YAML file: validate, then use
// it with --questionnaire.
func TestOwnQuestionnaireFile(t *testing.T) {
	own := filepath.Join(t.TempDir(), "ours.yaml")
	body := `id: ours
version: "2.0"
title: Our checklist
source: {name: Us, licence: CC0-1.0, attribution: Written by us.}
goals:
  - {id: usage, name: Usage, description: Using open source well.}
activities:
  - id: U-1
    title: Know what we use
    goal: usage
    summary: Keep a list.
    opportunity: Do we know?
    checkpoints:
      - {id: U-1.1, text: We keep a list., kind: level}
`
	if err := os.WriteFile(own, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, errOut := runCLI(t, "questionnaire", "validate", own)
	if code != exitOK || !strings.Contains(stdout, "ok: questionnaire ours version 2.0, 1 goals, 1 activities, 1 checkpoints") {
		t.Fatalf("validate: exit %d, %s %s", code, stdout, errOut)
	}
	code, stdout, errOut = runCLI(t, "--questionnaire", own, "questionnaire", "show", "ours", "--format", "json")
	if code != exitOK || !strings.Contains(stdout, `"text": "We keep a list."`) || !strings.Contains(stdout, `"kind": "level"`) {
		t.Fatalf("show: exit %d, %s %s", code, stdout, errOut)
	}
	code, stdout, _ = runCLI(t, "--questionnaire", own, "questionnaire", "show", "ours@2.0", "--format", "yaml")
	if code != exitOK || !strings.Contains(stdout, "id: U-1.1") {
		t.Fatalf("show yaml: exit %d, %s", code, stdout)
	}
	// A file that claims to be the shipped questionnaire but differs is refused.
	clash := filepath.Join(t.TempDir(), "clash.yaml")
	body = strings.Replace(strings.Replace(body, "id: ours", "id: ggi", 1), `version: "2.0"`, `version: "1.3"`, 1)
	if err := os.WriteFile(clash, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCLI(t, "--questionnaire", clash, "questionnaire", "list")
	if code != exitError || !strings.Contains(errOut, "already loaded") {
		t.Fatalf("clashing questionnaire: exit %d, %s", code, errOut)
	}
}
