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
