package report

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
)

// CSVHeader returns the column names of the CSV export.
func CSVHeader() []string {
	return []string{
		"goal", "activity", "activity_title", "relevance", "status",
		"checkpoint", "checkpoint_text", "answer", "points", "carried_over", "note",
		"votes", "disputed",
		"record", "action", "owner", "due", "action_state",
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
//
// After the checkpoints come the action items, one row each, so a
// spreadsheet filtered on record = action is the action plan: the activity
// columns are filled, the checkpoint columns empty, and action, owner, due
// and action_state (open, overdue as of today, or done) describe the item.
// A zero today flags nothing as overdue.
func WriteCSV(out io.Writer, q *assessment.Questionnaire, a *assessment.Assessment, today time.Time) error {
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
				"checkpoint", "", "", "", "",
			}
			if err := writeCSVRow(w, row); err != nil {
				return err
			}
		}
	}
	if err := writeCSVActions(w, q, a, today); err != nil {
		return err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	_, err := out.Write(buf.Bytes())
	return err
}

// writeCSVActions writes one row per action item, in questionnaire order.
func writeCSVActions(w *csv.Writer, q *assessment.Questionnaire, a *assessment.Assessment, today time.Time) error {
	for i := range q.Activities {
		act := &q.Activities[i]
		st := a.Activity(act.ID)
		if st == nil {
			continue
		}
		for _, ac := range st.Actions {
			state := "open"
			switch {
			case ac.Done:
				state = "done"
			case !today.IsZero() && ac.Overdue(today):
				state = "overdue"
			}
			row := []string{
				act.Goal, act.ID, act.Title, string(st.Relevance.Effective()), string(st.Status.Effective()),
				"", "", "", "", "", "", "", "",
				"action", ac.Text, ac.Owner, ac.Due, state,
			}
			if err := writeCSVRow(w, row); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeCSVRow sanitises every cell: terminal first, since a CSV sent to
// stdout must not carry escape sequences either; CSVCell then defuses
// formulas.
func writeCSVRow(w *csv.Writer, row []string) error {
	for k := range row {
		row[k] = csvCell(safe.Terminal(row[k]))
	}
	return w.Write(row)
}

// csvCell is safe.CSVCell that also sees through leading spaces and
// invisible characters (a zero-width space, a byte order mark), which some
// spreadsheets skip before they look for a formula.
func csvCell(s string) string {
	t := strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) })
	if t != s && t != "" && strings.ContainsRune("=+-@", rune(t[0])) {
		return "'" + s
	}
	return safe.CSVCell(s)
}
