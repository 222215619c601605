package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ggi-tool/ggi/assessment"
)

// Side is one assessment of a comparison, with the questionnaire it was
// answered under.
type Side struct {
	Q *assessment.Questionnaire
	A *assessment.Assessment
}

// Comparison is what changed between two assessments.
type Comparison struct {
	Before, After Side
	Overall       ScoreChange
	Goals         []ScoreChange
	Activities    []ScoreChange
	Answers       []AnswerChange
	// Notes warn a reader about what the numbers cannot say: different
	// teams, different questionnaires, or the later assessment first.
	Notes []string
}

// ScoreChange is a goal's or an activity's score on both sides.
type ScoreChange struct {
	ID, Name      string
	Before, After assessment.Score
	Delta         Delta
	// AnswersChanged counts the activity's checkpoints whose answer differs.
	AnswersChanged int
}

// AnswerChange is one checkpoint whose answer differs.
type AnswerChange struct {
	ActivityID, CheckpointID string
	Before, After            assessment.Answer
}

// Compare compares two assessments, in the order of the later one's
// questionnaire; goals and activities match by ID across versions.
func Compare(before, after Side) *Comparison {
	bc := assessment.ScoreAssessment(before.Q, before.A)
	ac := assessment.ScoreAssessment(after.Q, after.A)
	c := &Comparison{Before: before, After: after, Notes: compareNotes(before.A, after.A)}
	c.Overall = ScoreChange{ID: "overall", Name: "Overall", Before: bc.Overall, After: ac.Overall, Delta: DeltaOf(bc.Overall, ac.Overall, true)}
	for _, g := range after.Q.Goals {
		b, _ := bc.Goal(g.ID)
		x, _ := ac.Goal(g.ID)
		c.Goals = append(c.Goals, ScoreChange{ID: g.ID, Name: g.Name, Before: b.Score, After: x.Score, Delta: DeltaOf(b.Score, x.Score, true)})
	}
	for i := range after.Q.Activities {
		act := &after.Q.Activities[i]
		b, _ := bc.Activity(act.ID)
		x, _ := ac.Activity(act.ID)
		sc := ScoreChange{ID: act.ID, Name: act.Title, Before: b.Score, After: x.Score, Delta: DeltaOf(b.Score, x.Score, true)}
		for _, cp := range act.Checkpoints {
			ba, aa := answerOf(before.A, act.ID, cp.ID), answerOf(after.A, act.ID, cp.ID)
			if ba != aa {
				sc.AnswersChanged++
				c.Answers = append(c.Answers, AnswerChange{ActivityID: act.ID, CheckpointID: cp.ID, Before: ba, After: aa})
			}
		}
		c.Activities = append(c.Activities, sc)
	}
	return c
}

// compareNotes says what a reader of the comparison should know first.
func compareNotes(before, after *assessment.Assessment) []string {
	var notes []string
	if !strings.EqualFold(strings.TrimSpace(before.Team), strings.TrimSpace(after.Team)) {
		notes = append(notes, fmt.Sprintf("These are assessments of different teams (%s and %s).", oneLine(before.Team), oneLine(after.Team)))
	}
	if before.Questionnaire.ID != after.Questionnaire.ID {
		notes = append(notes, fmt.Sprintf("They were answered under different questionnaires (%s and %s): goals, activities and checkpoints are matched by their IDs.",
			oneLine(before.Questionnaire.String()), oneLine(after.Questionnaire.String())))
	}
	if laterPeriod(before.Period, after.Period) {
		notes = append(notes, fmt.Sprintf("The first assessment (%s) is of a later period than the second (%s): changes read from the first to the second; give the earlier one first to see progress.",
			oneLine(before.Period), oneLine(after.Period)))
	}
	return notes
}

// laterPeriod reports whether period a comes after b, for periods of the
// same kind (two quarters, two halves, two months), which compare as text.
func laterPeriod(a, b string) bool {
	if !assessment.ValidPeriod(a) || !assessment.ValidPeriod(b) || len(a) != len(b) || len(a) < 6 {
		return false
	}
	kind := func(p string) byte { // Q, H, or M for a month
		if p[5] >= '0' && p[5] <= '9' {
			return 'M'
		}
		return p[5]
	}
	return kind(a) == kind(b) && a > b
}

func answerOf(a *assessment.Assessment, act, cp string) assessment.Answer {
	if ca := a.AnswerOf(act, cp); ca != nil {
		return ca.Answer
	}
	return assessment.Unanswered
}

func sideLabel(s Side) string {
	l := s.A.Team
	if s.A.Period != "" {
		l += " " + s.A.Period
	}
	return l
}

// WriteCompareMarkdown writes the comparison as Markdown.
func WriteCompareMarkdown(out io.Writer, c *Comparison) error {
	var w mdWriter
	w.heading(1, "GGI comparison: "+MarkdownText(sideLabel(c.Before))+" → "+MarkdownText(sideLabel(c.After)))
	w.line("- **Before:** ", MarkdownText(sideLabel(c.Before)), " (assessment ", MarkdownText(c.Before.A.ID), ", ",
		MarkdownText(c.Before.A.Questionnaire.String()), ")")
	w.line("- **After:** ", MarkdownText(sideLabel(c.After)), " (assessment ", MarkdownText(c.After.A.ID), ", ",
		MarkdownText(c.After.A.Questionnaire.String()), ")")
	for _, n := range c.Notes {
		w.line("- **Note:** ", MarkdownText(n))
	}
	w.line()
	w.line(fmt.Sprintf("**Overall: %s → %s (%s)**", FormatScore(c.Overall.Before), FormatScore(c.Overall.After), FormatDelta(c.Overall.Delta)))
	w.line()
	w.heading(2, "Goals")
	rows := make([][]string, 0, len(c.Goals))
	for _, g := range c.Goals {
		rows = append(rows, []string{mdCell(g.Name), FormatScore(g.Before), FormatScore(g.After), FormatDelta(g.Delta), FormatLevel(g.Before), FormatLevel(g.After)})
	}
	w.table([]string{"Goal", "Before", "After", "Change", "Level before", "Level after"}, "lrrrll", rows)
	w.heading(2, "Activities")
	rows = rows[:0]
	for _, a := range c.Activities {
		rows = append(rows, []string{mdCell(a.ID), mdCell(a.Name), FormatScore(a.Before), FormatScore(a.After), FormatDelta(a.Delta), strconv.Itoa(a.AnswersChanged)})
	}
	w.table([]string{"ID", "Activity", "Before", "After", "Change", "Answers changed"}, "llrrrr", rows)
	w.heading(2, "Answers that changed")
	if len(c.Answers) == 0 {
		w.line("No checkpoint answer changed.")
		w.line()
	} else {
		rows = rows[:0]
		for _, x := range c.Answers {
			rows = append(rows, []string{mdCell(x.CheckpointID), x.Before.Label(), x.After.Label()})
		}
		w.table([]string{"Checkpoint", "Before", "After"}, "lll", rows)
	}
	_, err := io.WriteString(out, w.b.String())
	return err
}

// compareDoc is the JSON form of a comparison.
type compareDoc struct {
	Format        string           `json:"format"`
	FormatVersion int              `json:"format_version"`
	Before        compareSide      `json:"before"`
	After         compareSide      `json:"after"`
	Overall       compareScore     `json:"overall"`
	Goals         []compareScore   `json:"goals"`
	Activities    []compareScore   `json:"activities"`
	Answers       []compareAnswers `json:"answers_changed"`
	Notes         []string         `json:"notes,omitempty"`
}

type compareSide struct {
	ID            string                      `json:"id"`
	Team          string                      `json:"team"`
	Period        string                      `json:"period"`
	Questionnaire assessment.QuestionnaireRef `json:"questionnaire"`
}

type compareScore struct {
	ID             string      `json:"id"`
	Name           string      `json:"name,omitempty"`
	Before         *OneDecimal `json:"before"`
	After          *OneDecimal `json:"after"`
	Change         *OneDecimal `json:"change"`
	AnswersChanged *int        `json:"answers_changed,omitempty"`
}

type compareAnswers struct {
	Activity   string `json:"activity"`
	Checkpoint string `json:"checkpoint"`
	Before     string `json:"before"`
	After      string `json:"after"`
}

func optScore(s assessment.Score) *OneDecimal {
	if !s.Valid {
		return nil
	}
	v := OneDecimal(s.Value)
	return &v
}

func (s ScoreChange) doc(withAnswers bool) compareScore {
	d := compareScore{ID: s.ID, Name: s.Name, Before: optScore(s.Before), After: optScore(s.After)}
	if s.Delta.Kind == Changed {
		v := OneDecimal(s.Delta.Value)
		d.Change = &v
	}
	if withAnswers {
		n := s.AnswersChanged
		d.AnswersChanged = &n
	}
	return d
}

// WriteCompareJSON writes the comparison as JSON (format ggi-comparison).
func WriteCompareJSON(out io.Writer, c *Comparison) error {
	side := func(s Side) compareSide {
		return compareSide{ID: s.A.ID, Team: s.A.Team, Period: s.A.Period, Questionnaire: s.A.Questionnaire}
	}
	d := compareDoc{
		Format: "ggi-comparison", FormatVersion: 1, Before: side(c.Before), After: side(c.After),
		Overall: c.Overall.doc(false), Goals: []compareScore{}, Activities: []compareScore{}, Answers: []compareAnswers{},
		Notes: c.Notes,
	}
	for _, g := range c.Goals {
		d.Goals = append(d.Goals, g.doc(false))
	}
	for _, a := range c.Activities {
		d.Activities = append(d.Activities, a.doc(true))
	}
	for _, x := range c.Answers {
		d.Answers = append(d.Answers, compareAnswers{Activity: x.ActivityID, Checkpoint: x.CheckpointID, Before: string(x.Before), After: string(x.After)})
	}
	return EncodeJSON(out, d)
}
