package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/workshop"
)

// Format names and versions of the JSON documents ggi writes.
const (
	FormatName    = "ggi-assessment"
	FormatVersion = 1
)

// MaxImportSize is the largest JSON export ggi will read: far above any real
// assessment, low enough that a wrong file cannot exhaust memory.
const MaxImportSize = 16 << 20

// Document is the JSON export of one assessment (SPEC §4). Keys may be
// added in later releases but never renamed.
type Document struct {
	Format        string                      `json:"format"`
	FormatVersion int                         `json:"format_version"`
	Questionnaire assessment.QuestionnaireRef `json:"questionnaire"`
	Assessment    DocAssessment               `json:"assessment"`
	Activities    []DocActivity               `json:"activities"`
	Scores        *DocScores                  `json:"scores,omitempty"`
}

// DocAssessment is the assessment's own fields.
type DocAssessment struct {
	ID           string   `json:"id"`
	Team         string   `json:"team"`
	Organisation string   `json:"organisation"`
	Period       string   `json:"period"`
	Facilitator  string   `json:"facilitator"`
	Participants []string `json:"participants"`
	// FromID is the assessment this one was carried forward from.
	FromID   string `json:"from_id,omitempty"`
	Workshop bool   `json:"workshop,omitempty"`
	// GoalTargets is the target maturity level (1-5) per goal ID.
	GoalTargets map[string]int `json:"goal_targets,omitempty"`
	CreatedAt   time.Time      `json:"created_at"`
	UpdatedAt   time.Time      `json:"updated_at"`
}

// DocActivity is one activity; every activity of the questionnaire is
// listed, in questionnaire order.
type DocActivity struct {
	ID    string `json:"id"`
	Goal  string `json:"goal,omitempty"`  // informative; ignored on import
	Title string `json:"title,omitempty"` // informative; ignored on import

	Relevance   assessment.Relevance `json:"relevance"`
	Status      assessment.Status    `json:"status"`
	TargetLevel *int                 `json:"target_level"` // null: no target
	Notes       string               `json:"notes"`
	Evidence    []string             `json:"evidence"`
	Actions     []DocAction          `json:"actions"`
	// Checkpoints lists answered checkpoints (and unanswered ones that carry
	// a note or votes); absent checkpoints are unanswered.
	Checkpoints []DocCheckpoint `json:"checkpoints"`
}

// DocAction is an action item.
type DocAction struct {
	ID    string `json:"id,omitempty"`
	Text  string `json:"text"`
	Owner string `json:"owner"`
	Due   string `json:"due"`
	Done  bool   `json:"done"`
}

// DocCheckpoint is one checkpoint answer.
type DocCheckpoint struct {
	ID     string            `json:"id"`
	Answer assessment.Answer `json:"answer,omitempty"`
	Note   string            `json:"note,omitempty"`
	Votes  []DocVote         `json:"votes,omitempty"`
	// Disputed flags a checkpoint whose votes show strong disagreement, as
	// the reports list it for discussion; informative, recomputed from the
	// votes and ignored on import.
	Disputed    bool       `json:"disputed,omitempty"`
	CarriedOver bool       `json:"carried_over,omitempty"`
	UpdatedAt   *time.Time `json:"updated_at,omitempty"`
	UpdatedBy   string     `json:"updated_by,omitempty"`
}

// DocVote is one participant's vote in a workshop.
type DocVote struct {
	Participant string            `json:"participant"`
	Answer      assessment.Answer `json:"answer"`
}

// DocScores holds the scores; informative only, recomputed on import.
type DocScores struct {
	Overall    DocScore   `json:"overall"`
	Goals      []DocScore `json:"goals"`
	Activities []DocScore `json:"activities"`
}

// DocScore is one score. Score and Level are null when there is nothing to
// score.
type DocScore struct {
	ID         string      `json:"id,omitempty"`
	Score      *OneDecimal `json:"score"`
	Level      *int        `json:"level"`
	Completion OneDecimal  `json:"completion"`
}

// OneDecimal is a number written with exactly one decimal (84.0, not 84),
// as scores are shown everywhere else.
type OneDecimal float64

// MarshalJSON writes the number with one decimal.
func (d OneDecimal) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, float64(d), 'f', 1, 64), nil
}

func docScore(id string, s assessment.Score) DocScore {
	d := DocScore{ID: id, Completion: OneDecimal(s.Completion)}
	if s.Valid {
		v, l := OneDecimal(s.Value), s.Level
		d.Score, d.Level = &v, &l
	}
	return d
}

// NewDocument builds the JSON export of a, answered under q.
func NewDocument(q *assessment.Questionnaire, a *assessment.Assessment) *Document {
	card := assessment.ScoreAssessment(q, a)
	doc := &Document{
		Format: FormatName, FormatVersion: FormatVersion,
		Questionnaire: a.Questionnaire,
		Assessment: DocAssessment{
			ID: a.ID, Team: a.Team, Organisation: a.Organisation, Period: a.Period,
			Facilitator: a.Facilitator, Participants: nonNil(a.Participants),
			FromID: a.FromID, Workshop: a.Workshop,
			CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(),
		},
		Activities: make([]DocActivity, 0, len(q.Activities)),
		Scores:     &DocScores{Overall: docScore("", card.Overall)},
	}
	if len(a.GoalTargets) > 0 {
		doc.Assessment.GoalTargets = make(map[string]int, len(a.GoalTargets))
		for k, v := range a.GoalTargets {
			doc.Assessment.GoalTargets[k] = v
		}
	}
	for i := range q.Activities {
		doc.Activities = append(doc.Activities, docActivity(&q.Activities[i], a.Activity(q.Activities[i].ID)))
	}
	for _, g := range card.Goals {
		doc.Scores.Goals = append(doc.Scores.Goals, docScore(g.GoalID, g.Score))
	}
	for _, as := range card.Activities {
		doc.Scores.Activities = append(doc.Scores.Activities, docScore(as.ActivityID, as.Score))
	}
	return doc
}

func docActivity(act *assessment.Activity, st *assessment.ActivityState) DocActivity {
	d := DocActivity{
		ID: act.ID, Goal: act.Goal, Title: act.Title,
		Relevance: assessment.RelevanceMedium, Status: assessment.StatusNotStarted,
		Evidence: []string{}, Actions: []DocAction{}, Checkpoints: []DocCheckpoint{},
	}
	if st == nil {
		return d
	}
	d.Relevance = st.Relevance.Effective()
	d.Status = st.Status.Effective()
	if st.TargetLevel > 0 {
		t := st.TargetLevel
		d.TargetLevel = &t
	}
	d.Notes = st.Notes
	d.Evidence = nonNil(st.Evidence)
	for _, ac := range st.Actions {
		d.Actions = append(d.Actions, DocAction(ac))
	}
	for _, c := range act.Checkpoints {
		ca := st.Checkpoints[c.ID]
		if ca == nil || (!ca.Answer.Answered() && ca.Note == "" && len(ca.Votes) == 0) {
			continue
		}
		dc := DocCheckpoint{ID: c.ID, Answer: ca.Answer, Note: ca.Note, CarriedOver: ca.CarriedOver, UpdatedBy: ca.UpdatedBy}
		if !ca.UpdatedAt.IsZero() {
			t := ca.UpdatedAt.UTC()
			dc.UpdatedAt = &t
		}
		for _, v := range ca.Votes {
			dc.Votes = append(dc.Votes, DocVote(v))
		}
		dc.Disputed = workshop.Tally(ca.Votes).Disagreement
		d.Checkpoints = append(d.Checkpoints, dc)
	}
	return d
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return append([]string(nil), s...)
}

// WriteJSON writes the JSON export, indented, with a final newline.
func WriteJSON(out io.Writer, q *assessment.Questionnaire, a *assessment.Assessment) error {
	return EncodeJSON(out, NewDocument(q, a))
}

// EncodeJSON writes v as indented JSON that is safe to print to a
// terminal; every JSON document ggi writes goes through it.
func EncodeJSON(out io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	// Notes may hold "<" and "&"; JSON consumers do not need them escaped,
	// and people reading the file should see what was written.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := out.Write(terminalSafeJSON(buf.Bytes()))
	return err
}

// terminalSafeJSON writes the characters a terminal could act on (DEL, C1
// controls, bidi controls, line and paragraph separators) as \u escapes.
// encoding/json already escapes C0 controls; these others it leaves raw.
// Outside strings JSON holds only ASCII, so escaping them anywhere is
// valid and loses nothing: the export still round-trips exactly, and
// printing it to a terminal is harmless.
func terminalSafeJSON(b []byte) []byte {
	if !bytes.ContainsFunc(b, terminalActive) {
		return b
	}
	out := make([]byte, 0, len(b)+64)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if terminalActive(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	return out
}

func terminalActive(r rune) bool {
	return r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
}
