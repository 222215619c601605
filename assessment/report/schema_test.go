package report_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/report"
)

func compileSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("ggi-assessment.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("ggi-assessment.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("ggi-assessment.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestExportsValidateAgainstSchema(t *testing.T) {
	s := compileSchema(t)
	q, all := fixture(t)
	empty := &assessment.Assessment{ID: "e", Team: "Empty", Questionnaire: all[0].Questionnaire, CreatedAt: today, UpdatedAt: today}
	for _, a := range append(all, empty) {
		var b bytes.Buffer
		if err := report.WriteJSON(&b, q, a); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(&b)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(inst); err != nil {
			t.Errorf("export of %s does not validate: %v", a.ID, err)
		}
	}
	// The schema must also reject what the importer rejects most often.
	bad, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(`{"format":"ggi-assessment","format_version":1,
		"questionnaire":{"id":"ggi","version":"1.3"},"assessment":{"id":"","team":"t","period":"2026-Q4",
		"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"},
		"activities":[{"id":"GGI-A-17","checkpoints":[{"id":"GGI-A-17.1","answer":"mostly"}]}]}`)))
	if err != nil {
		t.Fatal(err)
	}
	if s.Validate(bad) == nil {
		t.Error("schema accepts an unknown answer")
	}
}
