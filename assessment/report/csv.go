package report

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
)

// CSVHeader returns the column names of the CSV export.
func CSVHeader() []string {
	return []string{
		"goal", "activity", "activity_title", "relevance", "status",
		"checkpoint", "checkpoint_text", "answer", "points", "carried_over", "note",
		"votes", "disputed",
	}
}

// WriteCSV writes one row per checkpoint of the questionnaire, answered or
// not, in questionnaire order. Every cell goes through safe.CSVCell, so a
// note that starts with "=" opens as text in a spreadsheet, not a formula.
//
// The workshop columns come last, so that scripts written for the earlier
// columns keep working: votes holds "alice=partly; bob=fully" (answers
// spelled as in the answer column) and disputed says "yes" or "no" for a
// checkpoint with votes; both are empty for a checkpoint without votes.
func WriteCSV(out io.Writer, q *assessment.Questionnaire, a *assessment.Assessment) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(CSVHeader()); err != nil {
		return err
	}
	for i := range q.Activities {
		act := &q.Activities[i]
		st := a.Activity(act.ID)
		rel, status := assessment.RelevanceMedium, assessment.StatusNotStarted
		if st != nil {
			rel, status = st.Relevance.Effective(), st.Status.Effective()
		}
		for _, c := range act.Checkpoints {
			var ans assessment.CheckpointAnswer
			if ca := a.AnswerOf(act.ID, c.ID); ca != nil {
				ans = *ca
			}
			points := ""
			if p, ok := ans.Answer.Points(); ok {
				points = strconv.Itoa(p)
			}
			answer := string(ans.Answer)
			if answer == "" {
				answer = "unanswered"
			}
			row := []string{
				act.Goal, act.ID, act.Title, string(rel), string(status),
				c.ID, c.Text, answer, points, strconv.FormatBool(ans.CarriedOver), ans.Note,
				csvVotes(ans.Votes, a.Participants), csvDisputed(ans.Votes),
			}
			for k := range row {
				// Terminal first: a CSV sent to stdout must not carry escape
				// sequences either; CSVCell then defuses formulas.
				row[k] = safe.CSVCell(safe.Terminal(row[k]))
			}
			if err := w.Write(row); err != nil {
				return err
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	_, err := out.Write(buf.Bytes())
	return err
}
