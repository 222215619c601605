package report_test

import (
	"bytes"
	"html"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/report"
	"github.com/ggi-tool/ggi/assessment/safe"
)

func oneLineText(s string) string { return strings.TrimSpace(safe.Line(s)) }

func htmlUnescape(s string) string { return html.UnescapeString(s) }

// FuzzMarkdownText: escaped text never holds a raw "<", never an unescaped
// "|", stays one table cell and renders as the text it was given.
func FuzzMarkdownText(f *testing.F) {
	for _, s := range []string{"", "a|b", "<x>", "\\|", "[a](b)", "# h", "1. x", "`x`", "&lt;", "\x1b]0;t\x07", "\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := report.MarkdownText(s)
		if strings.ContainsAny(e, "<\n\r") {
			t.Fatalf("MarkdownText(%q) = %q", s, e)
		}
		for i := 0; i < len(e); i++ {
			if e[i] != '|' {
				continue
			}
			bs := 0
			for j := i - 1; j >= 0 && e[j] == '\\'; j-- {
				bs++
			}
			if bs%2 == 0 {
				t.Fatalf("MarkdownText(%q) = %q has an unescaped '|' at %d", s, e, i)
			}
		}
		if strings.ContainsFunc(s, func(r rune) bool { return r == 0 || r == 0xFFFD }) {
			return // goldmark rewrites NUL and keeps replacement characters as they are: compare only the safety properties
		}
		checkRendersAsGiven(t, s)
	})
}

// FuzzParseImport: the importer never panics, and what it accepts exports
// and re-imports to the same thing.
func FuzzParseImport(f *testing.F) {
	q, all := fixture(f)
	var good bytes.Buffer
	if err := report.WriteJSON(&good, q, all[2]); err != nil {
		f.Fatal(err)
	}
	f.Add(good.Bytes())
	wq, wa := workshopFixture(f)
	var ws bytes.Buffer
	if err := report.WriteJSON(&ws, wq, wa); err != nil {
		f.Fatal(err)
	}
	f.Add(ws.Bytes())
	f.Add([]byte(`{"format":"ggi-assessment","format_version":1,"questionnaire":{"id":"ggi","version":"1.3"},"assessment":{"team":"x"},"activities":[{"id":"GGI-A-17","checkpoints":[{"id":"GGI-A-17.1","answer":"fully"}]}]}`))
	f.Add([]byte(`{"format":"ggi-assessment","format_version":1}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"activities":[{"target_level":1e999}]}`))
	lookup := func(id, v string) (*assessment.Questionnaire, bool) { return q, id == q.ID && v == q.Version }
	schema := compileSchema(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		a, _, err := report.ParseImport(data, lookup)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		var out bytes.Buffer
		if err := report.WriteJSON(&out, q, a); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Fatalf("export of an accepted import does not validate: %v\n%s", err, out.Bytes())
		}
		b, _, err := report.ParseImport(out.Bytes(), lookup)
		if err != nil {
			t.Fatalf("re-import of an export failed: %v\n%s", err, out.Bytes())
		}
		var again bytes.Buffer
		if err := report.WriteJSON(&again, q, b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), again.Bytes()) {
			t.Fatalf("export is not stable across import:\n%s\n---\n%s", out.Bytes(), again.Bytes())
		}
	})
}

// FuzzWorkshopMarkdown: whatever a participant is called, the Workshop
// tables keep their columns and the name holds no raw HTML.
func FuzzWorkshopMarkdown(f *testing.F) {
	for _, s := range []string{"", "a|b", "<x>", "\\|", "- x", "1. x", "\x1b]0;t\x07", "\u202e", "x\ny", "|||"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if strings.TrimSpace(name) == "" {
			return // the importer refuses a vote without a name
		}
		q, a := workshopFixture(t)
		first := &q.Activities[0]
		ca := *a.AnswerOf(first.ID, first.Checkpoints[0].ID)
		ca.Votes = append(ca.Votes, assessment.Vote{Participant: name, Answer: assessment.NotYet})
		a.SetAnswer(first.ID, first.Checkpoints[0].ID, ca)
		r := report.Build(q, a, report.Options{Today: today})
		var md bytes.Buffer
		if err := report.WriteMarkdown(&md, r); err != nil {
			t.Fatal(err)
		}
		cols := 5 + len(r.Workshop.Voters) - 3 // a new name adds a column; an existing one does not
		checkGFM(t, md.Bytes(), []int{7, 10, cols + 2, cols})
	})
}
