package tui

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/tui/internal/testkit"
)

func TestAccessibleCreateAndAnswer(t *testing.T) {
	st := testkit.Store()
	var out bytes.Buffer
	// Pick "new", fill the form, set GGI-A-17 high, answer 2, mistype,
	// answer 3, skip one, stop.
	in := strings.NewReader("1\nWeb\nACME\n\nAna\nBo\nh\n2\nx\n3\n\nq\n")
	if err := RunAccessible(in, &out, options(t, st)); err != nil {
		t.Fatal(err)
	}
	all, _ := st.List()
	if len(all) != 1 || all[0].Team != "Web" || all[0].Period != "2026-Q4" {
		t.Fatalf("stored %+v\n%s", all, out.String())
	}
	a := all[0]
	for id, want := range map[string]assessment.Answer{"GGI-A-17.1": assessment.Largely, "GGI-A-17.2": assessment.Fully} {
		if ca := a.AnswerOf("GGI-A-17", id); ca == nil || ca.Answer != want {
			t.Errorf("%s = %+v", id, ca)
		}
	}
	if a.AnswerOf("GGI-A-17", "GGI-A-17.3") != nil {
		t.Error("enter should skip")
	}
	if a.Activity("GGI-A-17").Relevance != assessment.RelevanceHigh {
		t.Error("relevance not saved")
	}
	text := out.String()
	for _, want := range []string{"Relevant for us?", "Saved: relevance high.", "Usage, GGI-A-17, checkpoint 1 of 5, 0% done.", "Saved: largely.", "Please type 0, 1, 2, 3 or n", "checkpoint 4 of 5"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
}

func TestAccessibleConfirmsCarriedOver(t *testing.T) {
	st := testkit.Store()
	q := testkit.Questionnaire(t)
	prev := testkit.NewAssessment(t, st, "Web", "2026-Q3")
	testkit.Answer(t, st, q, prev.ID, "GGI-A-17", assessment.Partly)
	prev, _ = st.Get(prev.ID)
	next := assessment.CarryForward(prev, "2026-Q4")
	if err := st.Create(next); err != nil {
		t.Fatal(err)
	}
	o := options(t, st)
	o.OpenID = next.ID
	var out bytes.Buffer
	if err := RunAccessible(strings.NewReader("\n\n"), &out, o); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Get(next.ID)
	if got.Unconfirmed("GGI-A-17", "GGI-A-17.1") {
		t.Fatalf("not confirmed:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "Carried over from the last period: partly. Press enter to confirm it.") {
		t.Fatalf("output:\n%s", out.String())
	}
}

func TestAccessibleNotRelevantSkipsActivity(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Web", "2026-Q4")
	o := options(t, st)
	o.OpenID = a.ID
	var out bytes.Buffer
	if err := RunAccessible(strings.NewReader("x\n\n1\nq\n"), &out, o); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Get(a.ID)
	if got.Activity("GGI-A-17").Relevance != assessment.RelevanceNone {
		t.Fatal("x not saved")
	}
	if ca := got.AnswerOf("GGI-A-18", "GGI-A-18.1"); ca == nil || ca.Answer != assessment.Partly {
		t.Fatalf("GGI-A-18.1 = %+v\n%s", ca, out.String())
	}
}

func TestAccessibleNotesEvidenceAndActions(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Web", "2026-Q4")
	o := options(t, st)
	o.OpenID = a.ID
	var out bytes.Buffer
	in := strings.Join([]string{
		"h",                // GGI-A-17 relevance
		"c", "SBOM in Git", // note on 17.1
		"2",          // answer 17.1, starting the activity
		"c", "", "1", // open the note on 17.2, cancel, answer
		"3", "0", "n", // 17.3 to 17.5
		"x",                  // a mistyped choice at the end of the activity
		"c", "Ana owns this", // activity notes
		"e", "https://wiki/sbom",
		"a", "Publish the SBOM", "Bo", "31/01/2027", "2027-01-31",
		"d",  // done
		"",   // go on
		"q"}, // stop at GGI-A-18's relevance
		"\n") + "\n"
	if err := RunAccessible(strings.NewReader(in), &out, o); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Get(a.ID)
	s := got.Activity("GGI-A-17")
	if ca := got.AnswerOf("GGI-A-17", "GGI-A-17.1"); ca == nil || ca.Answer != assessment.Largely || ca.Note != "SBOM in Git" {
		t.Errorf("GGI-A-17.1 = %+v", ca)
	}
	if ca := got.AnswerOf("GGI-A-17", "GGI-A-17.2"); ca == nil || ca.Answer != assessment.Partly || ca.Note != "" {
		t.Errorf("GGI-A-17.2 = %+v", ca)
	}
	if s.Notes != "Ana owns this" || len(s.Evidence) != 1 || s.Evidence[0] != "https://wiki/sbom" {
		t.Errorf("notes %q evidence %v", s.Notes, s.Evidence)
	}
	if len(s.Actions) != 1 || s.Actions[0] != (assessment.Action{Text: "Publish the SBOM", Owner: "Bo", Due: "2027-01-31"}) {
		t.Errorf("actions %+v", s.Actions)
	}
	if s.Status != assessment.StatusDone {
		t.Errorf("status %q", s.Status)
	}
	h, _ := st.History(a.ID)
	statuses := 0
	for _, c := range h {
		if c.Kind == assessment.ChangeActivity && c.OldActivity.Status != c.NewActivity.Status {
			statuses++
		}
	}
	if statuses != 2 {
		t.Errorf("%d status changes logged, want not started → in progress → done", statuses)
	}
	text := out.String()
	for _, want := range []string{
		"c to write a note on it",
		"Saved the note on GGI-A-17.1.",
		"Saved: largely. GGI-A-17 is now in progress.",
		"Type the note on GGI-A-17.2, or press enter to cancel: ",
		"End of GGI-A-17: Inventory of open source skills and resources, status in progress, 0 evidence, 0 actions.",
		"Please type c, e, a, d, enter to go on, or q to stop.",
		"Saved: notes.", "Saved: evidence added.", "Please use a date such as 2027-01-31.", "Saved: action added.",
		"status done, 1 evidence, 1 action.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Count(text, "Saved the note") != 1 {
		t.Errorf("a cancelled note was saved:\n%s", text)
	}
}

func TestAccessibleEditsAndRemovesANote(t *testing.T) {
	st := testkit.Store()
	a := testkit.NewAssessment(t, st, "Web", "2026-Q4")
	if err := st.SaveAnswer(a.ID, "GGI-A-17", "GGI-A-17.1", assessment.CheckpointAnswer{Note: "old \x1b[2Jnote"}, "t"); err != nil {
		t.Fatal(err)
	}
	o := options(t, st)
	o.OpenID = a.ID
	var out bytes.Buffer
	if err := RunAccessible(strings.NewReader("\nc\n-\nq\n"), &out, o); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Get(a.ID)
	if ca := got.AnswerOf("GGI-A-17", "GGI-A-17.1"); ca != nil {
		t.Errorf("note not removed: %+v", ca)
	}
	if text := out.String(); !strings.Contains(text, "Note: old note") || strings.Contains(text, "\x1b") {
		t.Errorf("existing note not shown safely:\n%q", text)
	}
}
