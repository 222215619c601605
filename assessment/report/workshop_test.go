package report_test

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/report"
)

// withoutVotes returns a copy of a with every vote removed; checkpoints
// that held nothing but votes go, as they would in a plain assessment.
func withoutVotes(a *assessment.Assessment) *assessment.Assessment {
	c := a.Clone()
	for _, st := range c.Activities {
		for id, ca := range st.Checkpoints {
			ca.Votes = nil
			if !ca.Answer.Answered() && ca.Note == "" {
				delete(st.Checkpoints, id)
			}
		}
	}
	return c
}

// cut removes the part of doc from the line that starts with from up to
// (not including) the line that starts with to.
func cut(t *testing.T, doc, from, to string) string {
	t.Helper()
	i := strings.Index(doc, from)
	j := strings.Index(doc, to)
	if i < 0 || j < i {
		t.Fatalf("document lacks %q before %q", from, to)
	}
	return doc[:i] + doc[j:]
}

// TestWorkshopOnlyAddsASection: without votes, every report is what it was
// before workshops reached the reports; with votes, Markdown and HTML gain
// a Workshop section and nothing else changes.
func TestWorkshopOnlyAddsASection(t *testing.T) {
	q, all := fixture(t)
	plain := withoutVotes(all[2])
	opt := report.Options{All: []*assessment.Assessment{all[0], all[1], plain}, Today: today}
	without := report.Build(q, plain, opt)
	with := fixtureReport(t)
	if without.Workshop != nil || with.Workshop == nil {
		t.Fatalf("Workshop %v without votes, %v with", without.Workshop, with.Workshop)
	}
	mdWith := string(render(t, func(b *bytes.Buffer) error { return report.WriteMarkdown(b, with) }))
	mdWithout := string(render(t, func(b *bytes.Buffer) error { return report.WriteMarkdown(b, without) }))
	if strings.Contains(mdWithout, "Workshop") || strings.Contains(mdWithout, "discussion") {
		t.Error("markdown without votes mentions the workshop")
	}
	if got := cut(t, mdWith, "## Workshop\n", "## Notes\n"); got != mdWithout {
		t.Errorf("votes change the markdown beyond its Workshop section:\n%s", got)
	}
	htmlWith := string(render(t, func(b *bytes.Buffer) error { return report.WriteHTML(b, with) }))
	htmlWithout := string(render(t, func(b *bytes.Buffer) error { return report.WriteHTML(b, without) }))
	if strings.Contains(htmlWithout, "Workshop") {
		t.Error("html without votes mentions the workshop")
	}
	if got := cut(t, htmlWith, "<section>\n<h2>Workshop</h2>", "<section>\n<h2>Notes</h2>"); got != htmlWithout {
		t.Errorf("votes change the html beyond its Workshop section:\n%s", got)
	}
	// No checkpoint of this fixture is disputed: the terminal stays as it was.
	txtWith := render(t, func(b *bytes.Buffer) error { return report.WriteText(b, with) })
	txtWithout := render(t, func(b *bytes.Buffer) error { return report.WriteText(b, without) })
	if !bytes.Equal(txtWith, txtWithout) || bytes.Contains(txtWith, []byte("For discussion")) {
		t.Errorf("text scorecard changed without anything to discuss:\n%s", txtWith)
	}
	js := render(t, func(b *bytes.Buffer) error { return report.WriteJSON(b, q, plain) })
	if bytes.Contains(js, []byte(`"votes"`)) || bytes.Contains(js, []byte(`"disputed"`)) {
		t.Error("json without votes carries workshop keys")
	}
	rows := csvRows(t, render(t, func(b *bytes.Buffer) error { return report.WriteCSV(b, q, plain, today) }))
	hdr := report.CSVHeader()
	vi, di := slices.Index(hdr, "votes"), slices.Index(hdr, "disputed")
	for i, row := range rows[1:] {
		if v, d := row[vi], row[di]; v != "" || d != "" {
			t.Errorf("csv row %d without votes has votes %q, disputed %q", i+1, v, d)
		}
	}
}

func csvRows(t *testing.T, data []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestWorkshopModel(t *testing.T) {
	r := workshopReport(t)
	ws := r.Workshop
	if ws == nil {
		t.Fatal("no Workshop in a report with votes")
	}
	if want := []string{"alice", "bob", hostileVoter}; !slices.Equal(ws.Voters, want) {
		t.Errorf("voters %q, want %q", ws.Voters, want)
	}
	var voted, disputed []string
	for _, v := range ws.Checkpoints {
		voted = append(voted, v.CheckpointID)
	}
	for _, v := range ws.Disputed {
		disputed = append(disputed, v.CheckpointID)
	}
	if want := []string{"GGI-A-17.1", "GGI-A-17.2", "GGI-A-17.3", "GGI-A-17.4", "GGI-A-18.1", "GGI-A-20.2", "GGI-A-20.3"}; !slices.Equal(voted, want) {
		t.Errorf("voted on %v, want %v", voted, want)
	}
	if want := []string{"GGI-A-17.1", "GGI-A-18.1", "GGI-A-20.2"}; !slices.Equal(disputed, want) {
		t.Errorf("disputed %v, want %v", disputed, want)
	}
	// Bob's last vote counts, not his first.
	if got := ws.Checkpoints[6].VoteOf("bob"); got != assessment.Largely {
		t.Errorf("bob's vote on GGI-A-20.3 is %q, want his last one, largely", got)
	}
	if a := ws.Checkpoints[3].Agreed; a != assessment.Unanswered {
		t.Errorf("GGI-A-17.4 agreed %q, want none", a)
	}
	if n := ws.Agreed(); n != 5 {
		t.Errorf("%d checkpoints agreed, want 5", n)
	}
	if !ws.Columns() || workshopReportWith(t, manyVoters...).Workshop.Columns() {
		t.Error("three voters get a column each, seven share one")
	}
}

// TestVotesWithoutAnAgreedAnswerRoundTrip: a checkpoint the room voted on
// but has not agreed keeps its votes through export and import, and gains
// no answer; the disputed flag is recomputed, never read.
func TestVotesWithoutAnAgreedAnswerRoundTrip(t *testing.T) {
	q, a := workshopFixture(t)
	lookup := func(id, v string) (*assessment.Questionnaire, bool) { return q, id == q.ID && v == q.Version }
	first := render(t, func(b *bytes.Buffer) error { return report.WriteJSON(b, q, a) })
	if n := bytes.Count(first, []byte(`"disputed": true`)); n != 3 {
		t.Errorf("export flags %d checkpoints as disputed, want 3", n)
	}
	tampered := strings.Replace(string(first), `"disputed": true`, `"disputed": false`, 1)
	back, _, err := report.ParseImport([]byte(tampered), lookup)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"GGI-A-17.4", "GGI-A-18.1"} {
		act, _, _ := strings.Cut(id, ".")
		ca := back.AnswerOf(act, id)
		if ca == nil || ca.Answer != assessment.Unanswered || len(ca.Votes) == 0 {
			t.Fatalf("%s after import: %+v, want its votes and no answer", id, ca)
		}
		if !slices.Equal(ca.Votes, a.AnswerOf(act, id).Votes) {
			t.Errorf("%s votes %v after import, want %v", id, ca.Votes, a.AnswerOf(act, id).Votes)
		}
	}
	back.ID, back.CreatedAt, back.UpdatedAt = a.ID, a.CreatedAt, a.UpdatedAt
	second := render(t, func(b *bytes.Buffer) error { return report.WriteJSON(b, q, back) })
	if !bytes.Equal(first, second) {
		t.Errorf("round trip changed the export:\n%s\n---\n%s", first, second)
	}
	if card := assessment.ScoreAssessment(q, back); card.Answered != assessment.ScoreAssessment(q, a).Answered {
		t.Errorf("import answered %d checkpoints, want %d", card.Answered, assessment.ScoreAssessment(q, a).Answered)
	}
}

func TestWorkshopExportValidatesAgainstSchema(t *testing.T) {
	s := compileSchema(t)
	q, a := workshopFixtureWith(t, manyVoters...)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(render(t, func(b *bytes.Buffer) error { return report.WriteJSON(b, q, a) })))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("workshop export does not validate: %v", err)
	}
}

func TestWorkshopCSV(t *testing.T) {
	q, a := workshopFixtureWith(t, manyVoters...)
	rows := csvRows(t, render(t, func(b *bytes.Buffer) error { return report.WriteCSV(b, q, a, today) }))
	header := report.CSVHeader()
	if i := slices.Index(header, "note"); !slices.Equal(rows[0], header) || !slices.Equal(header[i+1:i+3], []string{"votes", "disputed"}) {
		t.Fatalf("header %v: the workshop columns come right after the checkpoint columns", rows[0])
	}
	byID := map[string][]string{}
	for _, row := range rows[1:] {
		byID[row[5]] = row
		for j, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("%s column %s starts a formula: %q", row[5], header[j], cell)
			}
			if strings.ContainsRune(cell, '\x1b') {
				t.Errorf("%s column %s holds an escape character: %q", row[5], header[j], cell)
			}
		}
	}
	vi, di := slices.Index(header, "votes"), slices.Index(header, "disputed")
	for id, want := range map[string][2]string{
		"GGI-A-17.1": {"alice=partly; bob=fully; Eve |<script>alert(1)</script> *x*=largely; @mallory=largely; dave=largely; erin=largely; =frank=largely", "yes"},
		"GGI-A-17.4": {"alice=fully; bob=fully", "no"},
		"GGI-A-18.1": {"alice=not_applicable; bob=largely; Eve |<script>alert(1)</script> *x*=largely", "yes"},
		"GGI-A-20.3": {"alice=largely; bob=largely; Eve |<script>alert(1)</script> *x*=largely", "no"},
		"GGI-A-42.1": {"'=frank=fully", "no"},
		"GGI-A-17.5": {"", ""},
	} {
		row := byID[id]
		if row == nil {
			t.Fatalf("no row for %s", id)
		}
		if got := [2]string{row[vi], row[di]}; got != want {
			t.Errorf("%s votes, disputed = %q, want %q", id, got, want)
		}
	}
	if row := byID["GGI-A-17.4"]; row[7] != "unanswered" || row[8] != "" {
		t.Errorf("GGI-A-17.4 without an agreed answer reads %q, %q points", row[7], row[8])
	}
}

func TestWorkshopHTMLIsEscaped(t *testing.T) {
	for _, r := range []*report.Report{workshopReport(t), workshopReportWith(t, manyVoters...)} {
		page := string(render(t, func(b *bytes.Buffer) error { return report.WriteHTML(b, r) }))
		for _, banned := range []string{"<script", "\x1b"} {
			if strings.Contains(page, banned) {
				t.Errorf("html holds %q", banned)
			}
		}
		for _, must := range []string{"<h2>Workshop</h2>", "Eve |&lt;script&gt;alert(1)&lt;/script&gt; *x*", "<em>not agreed</em>", "strong disagreement"} {
			if !strings.Contains(page, must) {
				t.Errorf("html lacks %q", must)
			}
		}
	}
	page := string(render(t, func(b *bytes.Buffer) error { return report.WriteHTML(b, workshopReportWith(t, manyVoters...)) }))
	if !strings.Contains(page, "<th>Votes</th>") || !strings.Contains(page, "@mallory: largely, dave: largely") {
		t.Error("html with seven voters should share one Votes column")
	}
}

var discussionLine = regexp.MustCompile(`(?m)^  (GGI-A-[0-9]+\.[0-9]+) `)

func TestWorkshopText(t *testing.T) {
	txt := string(render(t, func(b *bytes.Buffer) error { return report.WriteText(b, workshopReport(t)) }))
	if strings.ContainsRune(txt, '\x1b') {
		t.Error("text scorecard holds an escape character")
	}
	_, list, ok := strings.Cut(txt, "\nFor discussion (3 of 7 checkpoints voted on)\n")
	if !ok {
		t.Fatalf("text scorecard lacks the discussion list:\n%s", txt)
	}
	var ids []string
	for _, m := range discussionLine.FindAllStringSubmatch(list, -1) {
		ids = append(ids, m[1])
	}
	if want := []string{"GGI-A-17.1", "GGI-A-18.1", "GGI-A-20.2"}; !slices.Equal(ids, want) {
		t.Errorf("discussion list %v, want %v", ids, want)
	}
	if !strings.Contains(list, "not agreed yet") || !strings.Contains(list, "agreed largely") {
		t.Errorf("discussion list does not say what was agreed:\n%s", list)
	}
}
