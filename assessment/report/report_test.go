package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/report"
)

func render(t testing.TB, write func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGoldenFiles(t *testing.T) {
	q, all := fixture(t)
	r := fixtureReport(t)
	cur := all[2]
	golden(t, "scorecard.md", render(t, func(b *bytes.Buffer) error { return report.WriteMarkdown(b, r) }))
	golden(t, "scorecard.json", render(t, func(b *bytes.Buffer) error { return report.WriteJSON(b, q, cur) }))
	golden(t, "scorecard.csv", render(t, func(b *bytes.Buffer) error { return report.WriteCSV(b, q, cur, today) }))
	golden(t, "scorecard.html", render(t, func(b *bytes.Buffer) error { return report.WriteHTML(b, r) }))
	golden(t, "scorecard.txt", render(t, func(b *bytes.Buffer) error { return report.WriteText(b, r) }))
	c := report.Compare(report.Side{Q: q, A: all[1]}, report.Side{Q: q, A: cur})
	golden(t, "compare.md", render(t, func(b *bytes.Buffer) error { return report.WriteCompareMarkdown(b, c) }))
	golden(t, "compare.json", render(t, func(b *bytes.Buffer) error { return report.WriteCompareJSON(b, c) }))
	other := cur.Clone()
	other.Team = "Data science"
	answered(q, other, 13, 25)
	ru := report.NewRollup([]report.RollupTeam{
		{Source: "platform-q3.json", Q: q, A: all[1]},
		{Source: "platform-q4.json", Q: q, A: cur},
		{Source: "data.json", Q: q, A: other},
	})
	golden(t, "rollup.md", render(t, func(b *bytes.Buffer) error { return report.WriteRollupMarkdown(b, ru) }))
	golden(t, "rollup.json", render(t, func(b *bytes.Buffer) error { return report.WriteRollupJSON(b, ru) }))
}

func TestWorkshopGoldenFiles(t *testing.T) {
	q, a := workshopFixture(t)
	r := workshopReport(t)
	golden(t, "workshop.md", render(t, func(b *bytes.Buffer) error { return report.WriteMarkdown(b, r) }))
	golden(t, "workshop.json", render(t, func(b *bytes.Buffer) error { return report.WriteJSON(b, q, a) }))
	golden(t, "workshop.csv", render(t, func(b *bytes.Buffer) error { return report.WriteCSV(b, q, a, today) }))
	golden(t, "workshop.html", render(t, func(b *bytes.Buffer) error { return report.WriteHTML(b, r) }))
	golden(t, "workshop.txt", render(t, func(b *bytes.Buffer) error { return report.WriteText(b, r) }))
}

var (
	mdOverallRe   = regexp.MustCompile(`\*\*Score ([0-9.]+) / 100`)
	htmlOverallRe = regexp.MustCompile(`id="overall-score">([0-9.]+)<`)
	textOverallRe = regexp.MustCompile(`Overall\s+[█░]+\s+([0-9.]+) / 100`)
)

// TestFormatsAgree checks that every format tells the same overall score,
// the CSV one recomputed from its rows by the SPEC's rules.
func TestFormatsAgree(t *testing.T) {
	q, all := fixture(t)
	r := fixtureReport(t)
	want := strconv.FormatFloat(r.Card.Overall.Value, 'f', 1, 64)
	md := render(t, func(b *bytes.Buffer) error { return report.WriteMarkdown(b, r) })
	html := render(t, func(b *bytes.Buffer) error { return report.WriteHTML(b, r) })
	txt := render(t, func(b *bytes.Buffer) error { return report.WriteText(b, r) })
	js := render(t, func(b *bytes.Buffer) error { return report.WriteJSON(b, q, all[2]) })
	cs := render(t, func(b *bytes.Buffer) error { return report.WriteCSV(b, q, all[2], today) })
	for name, re := range map[string]struct {
		re  *regexp.Regexp
		doc []byte
	}{"markdown": {mdOverallRe, md}, "html": {htmlOverallRe, html}, "text": {textOverallRe, txt}} {
		m := re.re.FindSubmatch(re.doc)
		if m == nil || string(m[1]) != want {
			t.Errorf("%s overall score %q, want %s", name, m, want)
		}
	}
	var doc struct {
		Scores struct {
			Overall struct{ Score float64 } `json:"overall"`
		} `json:"scores"`
	}
	if err := json.Unmarshal(js, &doc); err != nil {
		t.Fatal(err)
	}
	if got := strconv.FormatFloat(doc.Scores.Overall.Score, 'f', 1, 64); got != want {
		t.Errorf("json overall score %s, want %s", got, want)
	}
	if got := strconv.FormatFloat(overallFromCSV(t, cs), 'f', 1, 64); got != want {
		t.Errorf("csv-derived overall score %s, want %s", got, want)
	}
	if r.Card.Overall.Value <= 0 || r.PreviousCard == nil {
		t.Fatalf("fixture should have a score and a previous assessment: %+v", r.Card.Overall)
	}
}

// overallFromCSV applies the SPEC's scoring rules to the CSV rows alone.
func overallFromCSV(t *testing.T, data []byte) float64 {
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	type acc struct{ points, n int }
	acts := map[string]*acc{}
	var order []string
	goalOf, relOf := map[string]string{}, map[string]string{}
	for _, r := range rows[1:] {
		id := r[col["activity"]]
		if acts[id] == nil {
			acts[id] = &acc{}
			order = append(order, id)
		}
		goalOf[id], relOf[id] = r[col["goal"]], r[col["relevance"]]
		if p := r[col["points"]]; p != "" {
			n, _ := strconv.Atoi(p)
			acts[id].points += n
			acts[id].n++
		}
	}
	weighted, weights := map[string]float64{}, map[string]float64{}
	var goals []string
	for _, id := range order {
		g := goalOf[id]
		if _, seen := weights[g]; !seen {
			goals = append(goals, g)
			weights[g] = 0
		}
		w := float64(assessment.Relevance(relOf[id]).Weight())
		if a := acts[id]; a.n > 0 && w > 0 {
			weighted[g] += w * 100 * float64(a.points) / float64(3*a.n)
			weights[g] += w
		}
	}
	var sum float64
	var n int
	for _, g := range goals {
		if weights[g] > 0 {
			sum += weighted[g] / weights[g]
			n++
		}
	}
	return assessment.Round1(sum / float64(n))
}

func gfm() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.GFM))
}

// TestMarkdownIsValidGFM parses the scorecards as GitHub would: every
// table is a table with a consistent column count, there is no raw HTML
// and the only links are the handbook's.
func TestMarkdownIsValidGFM(t *testing.T) {
	many := workshopReportWith(t, manyVoters...)
	for _, tc := range []struct {
		name     string
		r        *report.Report
		wantCols []int
		must     []string
	}{
		{
			"scorecard", fixtureReport(t),
			// goals, trend (three periods), activities, roadmap, actions, votes (two voters)
			[]int{7, 4, 10, 6, 5, 4},
			[]string{"## Goals", "## Activities", "## Next steps", "## Roadmap", "## Action items", "## Notes", "## Trend", "CC BY 4.0", "⚠ overdue", "████", "## Workshop", "No checkpoint shows strong disagreement."},
		},
		{
			"workshop", workshopReport(t),
			// goals, activities, for discussion (three voters), votes
			[]int{7, 10, 7, 5},
			[]string{"## Workshop", "### For discussion", "### Votes", "| not agreed |", "| Eve \\|&lt;script&gt;alert(1)&lt;/script&gt; \\*x\\* |", "GGI-A-18.1 ⚠"},
		},
		{
			"many voters", many,
			// goals, activities, for discussion and votes with one Votes column
			[]int{7, 10, 5, 3},
			[]string{"| Votes |", "alice: partly, bob: fully, Eve \\|&lt;script&gt;alert(1)&lt;/script&gt; \\*x\\*: largely, \\@mallory: largely"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			md := render(t, func(b *bytes.Buffer) error { return report.WriteMarkdown(b, tc.r) })
			checkGFM(t, md, tc.wantCols)
			for _, must := range tc.must {
				if !bytes.Contains(md, []byte(must)) {
					t.Errorf("markdown lacks %q", must)
				}
			}
		})
	}
}

// checkGFM parses md as GitHub would and checks its tables' column counts.
func checkGFM(t *testing.T, md []byte, wantCols []int) {
	t.Helper()
	doc := gfm().Parser().Parse(text.NewReader(md))
	var tables []int
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *east.Table:
			cols := len(n.Alignments)
			tables = append(tables, cols)
			for row := n.FirstChild(); row != nil; row = row.NextSibling() {
				if row.ChildCount() != cols {
					t.Errorf("table %d: a row has %d cells, want %d", len(tables), row.ChildCount(), cols)
				}
			}
		case *ast.HTMLBlock, *ast.RawHTML, *ast.Image, *ast.AutoLink:
			t.Errorf("markdown holds a %s node: %q", n.Kind(), n.Text(md)) //nolint:staticcheck // Text is fine for a test message
		case *ast.Link:
			if d := string(n.Destination); !strings.HasPrefix(d, "https://ospo-alliance.org/") && d != "https://creativecommons.org/licenses/by/4.0/" {
				t.Errorf("unexpected link to %q", n.Destination)
			}
		case *ast.Heading:
			if n.Level == 1 && n.PreviousSibling() != nil {
				t.Errorf("a second top-level heading: %q", n.Text(md)) //nolint:staticcheck // as above
			}
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != len(wantCols) {
		t.Fatalf("found %d tables %v, want %v", len(tables), tables, wantCols)
	}
	for i := range wantCols {
		if tables[i] != wantCols[i] {
			t.Errorf("table %d has %d columns, want %d", i, tables[i], wantCols[i])
		}
	}
	if bytes.ContainsAny(md, "\x1b<") {
		t.Error("markdown holds an escape character or a raw '<'")
	}
}

func TestMarkdownTextRendersAsGiven(t *testing.T) {
	for _, s := range []string{
		"plain", "a | b", "<b>x</b>", "[x](javascript:y)", "![i](u)", "*em* _em_ `code`", "# head", "- item", "+ item",
		"1. item", "12) item", "> quote", "===", "a\\|b", "&amp; &lt;", "$x$", "~~s~~", "line\nbreak", "<!-- c -->",
		"http://example.org", "see www.example.org.", "mail bob@example.org", "@team", "a\x1b[31mred", "trailing \\",
		"ftp://x.y", "HTTPS://X.Y", "WWW.x.org",
	} {
		checkRendersAsGiven(t, s)
	}
}

// checkRendersAsGiven renders MarkdownText(s) as a table cell and as a
// paragraph and checks the text that comes out is s, made one line.
func checkRendersAsGiven(t *testing.T, s string) {
	t.Helper()
	e := report.MarkdownText(s)
	if strings.Contains(e, "<") {
		t.Fatalf("MarkdownText(%q) = %q holds a raw '<'", s, e)
	}
	want := oneLineText(s)
	md := gfm() // with GFM autolinks: a bare URL must stay text too
	var out bytes.Buffer
	if err := md.Convert([]byte(e), &out); err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(out.String()), "<p>"), "</p>")
	if want == "" {
		got = strings.TrimSpace(out.String())
	}
	if htmlUnescape(got) != want {
		t.Errorf("MarkdownText(%q) = %q renders as %q, want %q", s, e, got, want)
	}
	// In a table cell it must stay one cell.
	table := "| a | b |\n| --- | --- |\n| " + e + " | z |\n"
	doc := gfm().Parser().Parse(text.NewReader([]byte(table)))
	tbl, ok := doc.FirstChild().(*east.Table)
	if !ok {
		t.Fatalf("MarkdownText(%q) = %q breaks the table", s, e)
	}
	if row := tbl.LastChild(); row.ChildCount() != 2 {
		t.Errorf("MarkdownText(%q) = %q gives a row of %d cells", s, e, row.ChildCount())
	}
}

func TestMarkdownBlockStaysInItsListItem(t *testing.T) {
	note := "first\n- second\n\n# third\n    code?\n1. fourth\n<div>"
	md := "- **N**: " + report.MarkdownBlock(note, 2) + "\n"
	doc := gfm().Parser().Parse(text.NewReader([]byte(md)))
	list, ok := doc.FirstChild().(*ast.List)
	if !ok || doc.ChildCount() != 1 || list.ChildCount() != 1 {
		t.Fatalf("a multi-line note escaped its list item:\n%s", md)
	}
}

func TestImportErrorsNameThePlace(t *testing.T) {
	q, all := fixture(t)
	good := render(t, func(b *bytes.Buffer) error { return report.WriteJSON(b, q, all[2]) })
	cases := []struct {
		name, from, to, want string
	}{
		{"answer", `"answer": "largely"`, `"answer": "mostly"`, `activities[0].checkpoints[0].answer: unknown answer "mostly"`},
		{"activity", `"id": "GGI-A-18"`, `"id": "GGI-A-99"`, `activities[1].id: unknown activity "GGI-A-99"`},
		{"duplicate activity", `"id": "GGI-A-18"`, `"id": "GGI-A-17"`, `activities[1].id: activity GGI-A-17 is listed twice`},
		{"checkpoint", `"id": "GGI-A-17.2"`, `"id": "GGI-A-18.1"`, `activities[0].checkpoints[1].id: unknown checkpoint "GGI-A-18.1" for activity GGI-A-17`},
		{"format", `"format": "ggi-assessment"`, `"format": "other"`, `format: "other", want "ggi-assessment"`},
		{"newer version", `"format_version": 1`, `"format_version": 2`, `format_version: version 2 was written by a newer ggi (this ggi reads version 1); upgrade ggi`},
		{"older version", `"format_version": 1`, `"format_version": 0`, `format_version: version 0 is not supported`},
		{"duplicate key", `"format": "ggi-assessment"`, `"format": "ggi-assessment", "format": "ggi-assessment"`, `format: this key appears twice`},
		{"duplicate escaped key", `"team": `, `"te\u0061m": "Other", "team": `, `assessment.team: this key appears twice`},
		{"duplicate nested key", `"answer": "largely"`, `"answer": "largely", "answer": "fully"`, `activities[0].checkpoints[0].answer: this key appears twice`},
		{"control-only team", `"team": "Platform | <Core> & *Ops* \u001b[31m#1"`, `"team": "\u001b\u0007\u202e"`, `assessment.team: has only control characters`},
		{"null activity", `"activities": [`, `"activities": [null, `, `activities[0].id: missing: every activity names its id (is the entry null or empty?)`},
		{"null checkpoint", `"checkpoints": [`, `"checkpoints": [null, `, `activities[0].checkpoints[0].id: missing: every checkpoint answer names its checkpoint`},
		{"handbook file", `"format": "ggi-assessment"`, `"handbook_version": "1.3"`, `handbook's activity file (MyGGIBoard format), not an assessment export; to turn it into a questionnaire run 'ggi questionnaire import FILE'`},
		{"questionnaire", `"version": "1.3"`, `"version": "9.9"`, `questionnaire: unknown questionnaire ggi version 9.9`},
		{"relevance", `"relevance": "high"`, `"relevance": "urgent"`, `activities[0].relevance: unknown relevance "urgent"`},
		{"due", `"due": "2026-10-31"`, `"due": "31/10/2026"`, `activities[0].actions[0].due: "31/10/2026" is not a date`},
		{"type", `"done": true`, `"done": "no"`, `activities[0].actions[2].done: want a JSON true or false, got string`},
		{"vote", `"answer": "partly"
            }`, `"answer": "meh"
            }`, `activities[0].checkpoints[0].votes[1].answer: unknown answer "meh"`},
		{"syntax", `"team": `, `"team" `, `not valid JSON at line 10`},
		{"trailing", "}\n", "}\n{}", `after top-level value`},
	}
	lookup := func(id, v string) (*assessment.Questionnaire, bool) { return q, id == q.ID && v == q.Version }
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bad := strings.Replace(string(good), tc.from, tc.to, 1)
			if bad == string(good) && tc.name != "trailing" {
				t.Fatalf("fixture does not contain %q", tc.from)
			}
			if tc.name == "trailing" {
				bad = string(good) + "{}"
			}
			_, _, err := report.ParseImport([]byte(bad), lookup)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
	big := bytes.Repeat([]byte(" "), report.MaxImportSize+1)
	if _, _, err := report.ReadImport(bytes.NewReader(big), lookup); err == nil || !strings.Contains(err.Error(), "larger than 16 MiB") {
		t.Errorf("oversize import: %v", err)
	}
}

// TestRoundTrip exports, imports and exports again: only the ID and the
// timestamps may differ, and scores in the file are not trusted.
func TestRoundTrip(t *testing.T) {
	q, all := fixture(t)
	lookup := func(id, v string) (*assessment.Questionnaire, bool) { return q, id == q.ID && v == q.Version }
	first := render(t, func(b *bytes.Buffer) error { return report.WriteJSON(b, q, all[2]) })
	tampered := strings.Replace(string(first), `"overall": {
      "score": `, `"overall": {
      "score": 99.9, "was": `, 1)
	a, gotQ, err := report.ParseImport([]byte("\ufeff"+tampered), lookup)
	if err != nil {
		t.Fatal(err)
	}
	if gotQ != q || a.ID != "" || !a.CreatedAt.IsZero() {
		t.Fatalf("import should leave ID and timestamps to the store: %+v", a)
	}
	a.ID, a.CreatedAt, a.UpdatedAt = all[2].ID, all[2].CreatedAt, all[2].UpdatedAt
	second := render(t, func(b *bytes.Buffer) error { return report.WriteJSON(b, q, a) })
	if !bytes.Equal(first, second) {
		t.Errorf("round trip changed the export:\n%s\n---\n%s", first, second)
	}
}

func BenchmarkExport(b *testing.B) {
	q, all := fixture(b)
	cur := all[2]
	opt := report.Options{All: all, Today: today}
	var buf bytes.Buffer
	for _, f := range []struct {
		name  string
		write func() error
	}{
		{"markdown", func() error { return report.WriteMarkdown(&buf, report.Build(q, cur, opt)) }},
		{"json", func() error { return report.WriteJSON(&buf, q, cur) }},
		{"csv", func() error { return report.WriteCSV(&buf, q, cur, today) }},
		{"html", func() error { return report.WriteHTML(&buf, report.Build(q, cur, opt)) }},
		{"text", func() error { return report.WriteText(&buf, report.Build(q, cur, opt)) }},
	} {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				buf.Reset()
				if err := f.write(); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(buf.Len()))
		})
	}
}

func TestHTMLIsSelfContainedAndEscaped(t *testing.T) {
	r := fixtureReport(t)
	page := string(render(t, func(b *bytes.Buffer) error { return report.WriteHTML(b, r) }))
	for _, banned := range []string{"<script", "src=", "<link", "@import", "url(", "<Core>", "javascript:alert(1)\"", "\x1b", "<img"} {
		if strings.Contains(page, banned) {
			t.Errorf("html holds %q", banned)
		}
	}
	for _, must := range []string{"<svg", "@media print", "&lt;Core&gt;", "&lt;script&gt;", "CC BY 4.0", "overdue"} {
		if !strings.Contains(page, must) {
			t.Errorf("html lacks %q", must)
		}
	}
	if n := strings.Count(page, `class="fill `); n != 5 {
		t.Errorf("chart has %d bars, want 5", n)
	}
}

func TestCSVIsSafeForSpreadsheets(t *testing.T) {
	q, all := fixture(t)
	data := render(t, func(b *bytes.Buffer) error { return report.WriteCSV(b, q, all[2], today) })
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var actions []assessment.Action
	for _, st := range all[2].Activities {
		actions = append(actions, st.Actions...)
	}
	if want := q.CheckpointCount() + len(actions) + 1; len(rows) != want || len(actions) == 0 {
		t.Fatalf("%d rows, want %d (header, one per checkpoint, one per action item)", len(rows), want)
	}
	// The action items follow the checkpoints, each with its state as of today.
	header := report.CSVHeader()
	col := func(name string) int { return slices.Index(header, name) }
	states := map[string]int{}
	for _, row := range rows[1+q.CheckpointCount():] {
		if row[col("record")] != "action" || row[col("checkpoint")] != "" || row[col("action")] == "" {
			t.Errorf("action row %q", row)
		}
		states[row[col("action_state")]]++
	}
	wantStates := map[string]int{}
	for _, ac := range actions {
		switch {
		case ac.Done:
			wantStates["done"]++
		case ac.Overdue(today):
			wantStates["overdue"]++
		default:
			wantStates["open"]++
		}
	}
	if !maps.Equal(states, wantStates) || wantStates["overdue"] == 0 {
		t.Errorf("action states %v, want %v (with at least one overdue)", states, wantStates)
	}
	for i, row := range rows {
		for j, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("row %d column %d starts a formula: %q", i, j, cell)
			}
		}
	}
}

func TestJSONEscapesTerminalControls(t *testing.T) {
	q, all := fixture(t)
	a := all[2].Clone()
	a.Team = "evil\u202e\u0085team\x7f"
	data := render(t, func(b *bytes.Buffer) error { return report.WriteJSON(b, q, a) })
	if bytes.ContainsAny(data, "\u202e\u0085\x7f\x1b") {
		t.Fatal("json export holds raw terminal controls")
	}
	lookup := func(id, v string) (*assessment.Questionnaire, bool) { return q, id == q.ID && v == q.Version }
	back, _, err := report.ParseImport(data, lookup)
	if err != nil || back.Team != a.Team {
		t.Fatalf("team %q after round trip (%v), want %q", back.Team, err, a.Team)
	}
}

// Keys repeated in different objects, and quotes, braces and key-like text
// inside string values, are not duplicate keys.
func TestImportDuplicateKeyCheckReadsStrings(t *testing.T) {
	q, all := fixture(t)
	good := string(render(t, func(b *bytes.Buffer) error { return report.WriteJSON(b, q, all[2]) }))
	tricky := strings.Replace(good, `"team": "`, `"team": "\"team\": {[\\\"team\\\"]} \u0022team\u0022 `, 1)
	if tricky == good {
		t.Fatal("fixture has no team")
	}
	lookup := func(id, v string) (*assessment.Questionnaire, bool) { return q, id == q.ID && v == q.Version }
	a, _, err := report.ParseImport([]byte(tricky), lookup)
	if err != nil {
		t.Fatalf("an export with key-like text in a value was refused: %v", err)
	}
	if !strings.HasPrefix(a.Team, `"team": {[\"team\"]} "team" `) {
		t.Errorf("team = %q", a.Team)
	}
}

// One object with a great many keys is checked for duplicates in linear
// time: a hostile file must not hang the import.
func TestImportDuplicateKeyCheckIsLinear(t *testing.T) {
	q, _ := fixture(t)
	var b strings.Builder
	b.WriteString(`{"format": "ggi-assessment", "format_version": 1, "questionnaire": {"id": "` + q.ID + `", "version": "` + q.Version + `"}, "assessment": {"team": "T"}`)
	for i := range 200000 {
		fmt.Fprintf(&b, `, "k%d": 1`, i)
	}
	b.WriteString(`, "k7": 2}`)
	lookup := func(id, v string) (*assessment.Questionnaire, bool) { return q, id == q.ID && v == q.Version }
	start := time.Now()
	_, _, err := report.ParseImport([]byte(b.String()), lookup)
	if err == nil || !strings.Contains(err.Error(), "k7: this key appears twice") {
		t.Fatalf("error %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("checking took %v", d)
	}
}

func TestImportDuplicateKeyPaths(t *testing.T) {
	q, _ := fixture(t)
	lookup := func(id, v string) (*assessment.Questionnaire, bool) { return q, id == q.ID && v == q.Version }
	head := `{"format": "ggi-assessment", "format_version": 1, "questionnaire": {"id": "` + q.ID + `", "version": "` + q.Version + `"}, "assessment": {"team": "T"}, `
	for body, want := range map[string]string{
		`"activities": [{"id": "GGI-A-17"}, {"id": "GGI-A-18", "notes": "a", "notes": "b"}]}`:                                          "activities[1].notes: ",
		`"activities": [{"id": "GGI-A-17", "actions": [{"text": "a", "owner": "x"}, {"text": "b", "text": "c"}]}]}`:                    "activities[0].actions[1].text: ",
		`"activities": [{"id": "GGI-A-17", "checkpoints": [{"id": "GGI-A-17.1", "answer": "fully"}]}], "x": [[{}, {"k": 1, "k": 2}]]}`: "x[0][1].k: ",
	} {
		_, _, err := report.ParseImport([]byte(head+body), lookup)
		if err == nil || !strings.HasPrefix(err.Error(), want+"this key appears twice") {
			t.Errorf("%s: error %v, want %q", body, err, want)
		}
	}
}

// A formula behind spaces or invisible characters is neutralised too.
func TestCSVSeesThroughLeadingInvisibleCharacters(t *testing.T) {
	q, all := fixture(t)
	a := all[2].Clone()
	hidden := []string{" =1+2", "\u200b=HYPERLINK(\"x\")", "\ufeff@SUM(A1)", "\u00a0+1", "\x1b[0m=1"}
	act := q.Activities[0]
	st := a.Activities[act.ID]
	if st == nil {
		st = &assessment.ActivityState{}
		a.Activities[act.ID] = st
	}
	st.Actions = nil
	for _, h := range hidden {
		st.Actions = append(st.Actions, assessment.Action{Text: h, Owner: h})
	}
	data := render(t, func(b *bytes.Buffer) error { return report.WriteCSV(b, q, a, today) })
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(report.CSVHeader(), "action")
	var got []string
	for _, row := range rows {
		if row[col] != "" && row[col+1] == row[col] {
			got = append(got, row[col])
		}
	}
	if len(got) != len(hidden) {
		t.Fatalf("found %d of the action rows: %q", len(got), got)
	}
	for _, cell := range got {
		if !strings.HasPrefix(cell, "'") {
			t.Errorf("cell %q is not neutralised", cell)
		}
	}
}

func TestCompareNotesWhatTheNumbersCannotSay(t *testing.T) {
	q, all := fixture(t)
	before, after := all[1].Clone(), all[2].Clone()
	before.Team, after.Team = "Platform", "platform "
	before.Period, after.Period = "2026-Q2", "2026-Q3"
	if c := report.Compare(report.Side{Q: q, A: before}, report.Side{Q: q, A: after}); len(c.Notes) != 0 {
		t.Errorf("notes for one team, in order: %q", c.Notes)
	}
	after.Team, before.Period, after.Period = "Data\x1b[2J", "2026-11", "2026-03"
	c := report.Compare(report.Side{Q: q, A: before}, report.Side{Q: q, A: after})
	md := string(render(t, func(b *bytes.Buffer) error { return report.WriteCompareMarkdown(b, c) }))
	for _, want := range []string{
		"- **Note:** These are assessments of different teams (Platform and Data).",
		"- **Note:** The first assessment (2026-11) is of a later period than the second (2026-03)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%.600s", want, md)
		}
	}
	js := render(t, func(b *bytes.Buffer) error { return report.WriteCompareJSON(b, c) })
	var doc struct{ Notes []string }
	if err := json.Unmarshal(js, &doc); err != nil || len(doc.Notes) != 2 {
		t.Errorf("json notes: %q %v", doc.Notes, err)
	}
	before.Period = "2026-H2" // a half and a month do not compare
	if c := report.Compare(report.Side{Q: q, A: before}, report.Side{Q: q, A: after}); len(c.Notes) != 1 {
		t.Errorf("notes: %q", c.Notes)
	}
}
