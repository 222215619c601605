package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ggi-tool/ggi/assessment/report"
)

func TestRollup(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	files := []string{
		answeredExport(t, dir, "Platform | <b>", "2026-Q3", 3),
		answeredExport(t, dir, "Platform | <b>", "2026-Q4", 5), // the later period wins
		answeredExport(t, dir, "Data", "2026-Q4", 2),
		answeredExport(t, dir, "Web", "2026-Q4", 4),
	}
	md := c.ok(append([]string{"rollup"}, files...)...)
	for _, want := range []string{"# GGI organisation roll-up", "3 teams", "| **Mean** |", "| **Std dev** |", "Platform \\| &lt;b&gt;", "GGI-A-17",
		"1 more file left out as an older or repeated assessment", "Left out as older assessments of a team shown above: 1 (" + markdownPath(files[0]) + ": Platform \\| &lt;b&gt; 2026-Q3)."} {
		if !strings.Contains(md, want) {
			t.Errorf("rollup markdown lacks %q:\n%s", want, md)
		}
	}
	var doc struct {
		Format string `json:"format"`
		Teams  []struct {
			Team    string `json:"team"`
			Period  string `json:"period"`
			Overall struct {
				Score float64 `json:"score"`
			} `json:"overall"`
		} `json:"teams"`
		Organisation struct {
			Overall struct {
				Teams          int
				Mean, Min, Max float64
				StdDev         float64 `json:"std_dev"`
			} `json:"overall"`
			Goals []json.RawMessage `json:"goals"`
		} `json:"organisation"`
	}
	out := c.ok(append([]string{"rollup", "--format", "json"}, files...)...)
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Format != "ggi-rollup" || len(doc.Teams) != 3 || len(doc.Organisation.Goals) != 5 {
		t.Fatalf("rollup json: %+v", doc)
	}
	o := doc.Organisation.Overall
	var sum, lo, hi float64 = 0, 101, -1
	for _, tm := range doc.Teams {
		s := tm.Overall.Score
		sum += s
		lo, hi = min(lo, s), max(hi, s)
		if tm.Team == "Platform | <b>" && tm.Period != "2026-Q4" {
			t.Errorf("rollup kept the older period of a team")
		}
	}
	if o.Teams != 3 || o.Min != lo || o.Max != hi || fmt.Sprintf("%.1f", sum/3) != fmt.Sprintf("%.1f", o.Mean) || o.StdDev <= 0 {
		t.Errorf("organisation overall %+v, teams sum %.2f min %.1f max %.1f", o, sum, lo, hi)
	}

	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"format":"something-else"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	c.fails(exitError, "rollup "+bad+": format: \"something-else\"", "rollup", files[0], bad)
	c.fails(exitUsage, "rollup needs one or more JSON exports", "rollup")
	c.fails(exitUsage, `unknown format "xml"`, "rollup", "--format", "xml", files[0])
}

// BenchmarkRollup1000 rolls up 1,000 teams' exports, the size of a large
// organisation: files are read, checked and rescored, then summarised.
func BenchmarkRollup1000(b *testing.B) {
	dir := b.TempDir()
	first := answeredExport(b, dir, "Team 0", "2026-Q4", 1)
	data, err := os.ReadFile(first)
	if err != nil {
		b.Fatal(err)
	}
	files := []string{first}
	for i := 1; i < 1000; i++ {
		// Vary answers and names cheaply: same shape, different teams.
		variant := strings.Replace(string(data), `"team": "Team 0"`, fmt.Sprintf(`"team": "Team %d"`, i), 1)
		variant = strings.Replace(variant, `"answer": "`+[]string{"partly", "largely", "fully"}[i%3]+`"`, `"answer": "not_yet"`, i%7)
		p := filepath.Join(dir, fmt.Sprintf("team-%04d.json", i))
		if err := os.WriteFile(p, []byte(variant), 0o600); err != nil {
			b.Fatal(err)
		}
		files = append(files, p)
	}
	c := newCLI(b)
	for _, format := range []string{"markdown", "json"} {
		args := append([]string{"rollup", "--format", format}, files...)
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				if code, _, errOut := c.run("", args...); code != exitOK {
					b.Fatalf("rollup: %d %s", code, errOut)
				}
			}
		})
	}
}

// markdownPath is a file name as the Markdown roll-up escapes it.
func markdownPath(p string) string { return report.MarkdownText(p) }

// The same export given twice is rolled up once, and the end of the report
// says which file was left out and why.
func TestRollupSameFileTwice(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	f := answeredExport(t, dir, "Web", "2026-Q4", 4)
	md := c.ok("rollup", f, f)
	if !strings.Contains(md, "1 team. 1 more file left out") ||
		!strings.Contains(md, "Left out as older assessments of a team shown above: 1 ("+markdownPath(f)+": Web 2026-Q4, the same period as the one shown).") {
		t.Errorf("rollup of one file twice:\n%s", md)
	}
}
