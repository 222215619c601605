// Package assessment is ggi's domain: questionnaires, assessments and their
// answers, and the scoring rules that turn answers into maturity scores. It
// imports only the standard library; storage, reports and the interface
// build on it.
package assessment

import (
	"fmt"
	"regexp"
	"slices"
	"time"
)

// Answer is a team's answer to one checkpoint. The zero value is
// "unanswered".
type Answer string

// Answer values, spelled as in the JSON export.
const (
	Unanswered    Answer = ""
	NotYet        Answer = "not_yet"
	Partly        Answer = "partly"
	Largely       Answer = "largely"
	Fully         Answer = "fully"
	NotApplicable Answer = "not_applicable"
)

// Answers lists the answer values a user can give, in scale order.
func Answers() []Answer { return []Answer{NotYet, Partly, Largely, Fully, NotApplicable} }

// Valid reports whether a is a known answer (unanswered included).
func (a Answer) Valid() bool {
	switch a {
	case Unanswered, NotYet, Partly, Largely, Fully, NotApplicable:
		return true
	}
	return false
}

// Points is the answer's value on the 0-3 scale; ok is false for answers
// that do not count towards a score (unanswered, not applicable).
func (a Answer) Points() (points int, ok bool) {
	switch a {
	case NotYet:
		return 0, true
	case Partly:
		return 1, true
	case Largely:
		return 2, true
	case Fully:
		return 3, true
	}
	return 0, false
}

// Answered reports whether the checkpoint counts as answered for completion
// (not applicable does).
func (a Answer) Answered() bool { return a != Unanswered && a.Valid() }

// Label is the answer for people.
func (a Answer) Label() string {
	switch a {
	case NotYet:
		return "not yet"
	case Partly:
		return "partly"
	case Largely:
		return "largely"
	case Fully:
		return "fully"
	case NotApplicable:
		return "n/a"
	case Unanswered:
		return "unanswered"
	}
	return string(a)
}

// ParseAnswer accepts the JSON spelling, the label, or the digit 0-3 / "n".
func ParseAnswer(s string) (Answer, error) {
	switch s {
	case "", "unanswered":
		return Unanswered, nil
	case "0", "not_yet", "not yet":
		return NotYet, nil
	case "1", "partly":
		return Partly, nil
	case "2", "largely":
		return Largely, nil
	case "3", "fully":
		return Fully, nil
	case "n", "n/a", "na", "not_applicable":
		return NotApplicable, nil
	}
	return Unanswered, fmt.Errorf("unknown answer %q (not_yet, partly, largely, fully or not_applicable)", s)
}

// Relevance is the outcome of an activity's opportunity assessment.
type Relevance string

// Relevance values. The zero value means "not set", which weighs as medium.
const (
	RelevanceUnset  Relevance = ""
	RelevanceHigh   Relevance = "high"
	RelevanceMedium Relevance = "medium"
	RelevanceLow    Relevance = "low"
	RelevanceNone   Relevance = "none"
)

// Relevances lists the settable values, most relevant first.
func Relevances() []Relevance {
	return []Relevance{RelevanceHigh, RelevanceMedium, RelevanceLow, RelevanceNone}
}

// Weight is the activity's weight in its goal score: high 3, medium (or
// unset) 2, low 1, none 0.
func (r Relevance) Weight() int {
	switch r {
	case RelevanceHigh:
		return 3
	case RelevanceLow:
		return 1
	case RelevanceNone:
		return 0
	}
	return 2
}

// Valid reports whether r is a known relevance (unset included).
func (r Relevance) Valid() bool {
	switch r {
	case RelevanceUnset, RelevanceHigh, RelevanceMedium, RelevanceLow, RelevanceNone:
		return true
	}
	return false
}

// Effective is r with the default applied.
func (r Relevance) Effective() Relevance {
	if r == RelevanceUnset {
		return RelevanceMedium
	}
	return r
}

// Status is an activity's place in the team's work, as MyGGIBoard labels it.
type Status string

// Status values. The zero value reads as not started.
const (
	StatusNotSelected Status = "not_selected"
	StatusNotStarted  Status = "not_started"
	StatusInProgress  Status = "in_progress"
	StatusDone        Status = "done"
)

// Statuses lists the status values in workflow order.
func Statuses() []Status {
	return []Status{StatusNotSelected, StatusNotStarted, StatusInProgress, StatusDone}
}

// Valid reports whether s is a known status (empty included).
func (s Status) Valid() bool {
	switch s {
	case "", StatusNotSelected, StatusNotStarted, StatusInProgress, StatusDone:
		return true
	}
	return false
}

// Effective is s with the default applied.
func (s Status) Effective() Status {
	if s == "" {
		return StatusNotStarted
	}
	return s
}

// Label is the status for people.
func (s Status) Label() string {
	switch s.Effective() {
	case StatusNotSelected:
		return "not selected"
	case StatusInProgress:
		return "in progress"
	case StatusDone:
		return "done"
	}
	return "not started"
}

// QuestionnaireRef names the exact questionnaire an assessment was answered
// under; it is always scored against that definition.
type QuestionnaireRef struct {
	ID      string `json:"id"`
	Version string `json:"version"`
}

func (r QuestionnaireRef) String() string { return r.ID + " " + r.Version }

// Assessment is one team's self-assessment for one period.
type Assessment struct {
	ID            string           `json:"id"`
	Team          string           `json:"team"`
	Organisation  string           `json:"organisation,omitempty"`
	Period        string           `json:"period,omitempty"` // such as 2026-Q4
	Facilitator   string           `json:"facilitator,omitempty"`
	Participants  []string         `json:"participants,omitempty"`
	Questionnaire QuestionnaireRef `json:"questionnaire"`
	// FromID is the earlier assessment this one was carried forward from.
	FromID string `json:"from_id,omitempty"`
	// Workshop marks an assessment run with individual participant votes.
	Workshop bool `json:"workshop,omitempty"`
	// GoalTargets holds a target maturity level (1-5) per goal ID.
	GoalTargets map[string]int `json:"goal_targets,omitempty"`
	CreatedAt   time.Time      `json:"created_at"`
	UpdatedAt   time.Time      `json:"updated_at"`
	// Activities holds the state of each activity by activity ID; an
	// activity without an entry has the default state.
	Activities map[string]*ActivityState `json:"activities,omitempty"`
}

// ActivityState is what a team recorded for one activity.
type ActivityState struct {
	Relevance   Relevance `json:"relevance,omitempty"`
	Status      Status    `json:"status,omitempty"`
	TargetLevel int       `json:"target_level,omitempty"` // 0: no target; else 1-5
	Notes       string    `json:"notes,omitempty"`
	Evidence    []string  `json:"evidence,omitempty"`
	Actions     []Action  `json:"actions,omitempty"`
	// Checkpoints holds answers by checkpoint ID; absent means unanswered.
	Checkpoints map[string]*CheckpointAnswer `json:"checkpoints,omitempty"`
}

// CheckpointAnswer is the answer to one checkpoint, with its note and, in
// workshops, the participants' individual votes.
type CheckpointAnswer struct {
	Answer Answer `json:"answer"`
	Note   string `json:"note,omitempty"`
	Votes  []Vote `json:"votes,omitempty"`
	// CarriedOver marks an answer copied from an earlier period that nobody
	// has confirmed or changed yet.
	CarriedOver bool      `json:"carried_over,omitempty"`
	UpdatedAt   time.Time `json:"updated_at,omitzero"`
	UpdatedBy   string    `json:"updated_by,omitempty"`
}

// Vote is one participant's answer in a workshop.
type Vote struct {
	Participant string `json:"participant"`
	Answer      Answer `json:"answer"`
}

// Action is a follow-up item for an activity.
type Action struct {
	ID    string `json:"id,omitempty"`
	Text  string `json:"text"`
	Owner string `json:"owner,omitempty"`
	Due   string `json:"due,omitempty"` // YYYY-MM-DD
	Done  bool   `json:"done"`
}

// Overdue reports whether an open action's due date is before today.
func (a Action) Overdue(today time.Time) bool {
	if a.Done || a.Due == "" {
		return false
	}
	d, err := time.Parse(time.DateOnly, a.Due)
	if err != nil {
		return false
	}
	y, m, day := today.Date()
	return d.Before(time.Date(y, m, day, 0, 0, 0, 0, time.UTC))
}

// Activity returns the state of an activity, or nil when nothing is recorded.
func (a *Assessment) Activity(id string) *ActivityState {
	if a.Activities == nil {
		return nil
	}
	return a.Activities[id]
}

// EnsureActivity returns the state of an activity, creating it if needed.
func (a *Assessment) EnsureActivity(id string) *ActivityState {
	if a.Activities == nil {
		a.Activities = make(map[string]*ActivityState)
	}
	s := a.Activities[id]
	if s == nil {
		s = &ActivityState{}
		a.Activities[id] = s
	}
	return s
}

// AnswerOf returns the recorded answer to a checkpoint, or nil.
func (a *Assessment) AnswerOf(activityID, checkpointID string) *CheckpointAnswer {
	s := a.Activity(activityID)
	if s == nil || s.Checkpoints == nil {
		return nil
	}
	return s.Checkpoints[checkpointID]
}

// SetAnswer records a checkpoint answer; an unanswered value with no note
// and no votes removes the entry.
func (a *Assessment) SetAnswer(activityID, checkpointID string, ans CheckpointAnswer) {
	s := a.EnsureActivity(activityID)
	if ans.Answer == Unanswered && ans.Note == "" && len(ans.Votes) == 0 {
		delete(s.Checkpoints, checkpointID)
		return
	}
	if s.Checkpoints == nil {
		s.Checkpoints = make(map[string]*CheckpointAnswer)
	}
	c := ans
	c.Votes = slices.Clone(ans.Votes)
	s.Checkpoints[checkpointID] = &c
}

// Clone returns a deep copy.
func (a *Assessment) Clone() *Assessment {
	if a == nil {
		return nil
	}
	c := *a
	c.Participants = slices.Clone(a.Participants)
	if a.GoalTargets != nil {
		c.GoalTargets = make(map[string]int, len(a.GoalTargets))
		for k, v := range a.GoalTargets {
			c.GoalTargets[k] = v
		}
	}
	if a.Activities != nil {
		c.Activities = make(map[string]*ActivityState, len(a.Activities))
		for k, v := range a.Activities {
			c.Activities[k] = v.Clone()
		}
	}
	return &c
}

// EffectiveRelevance is the activity's relevance with the default applied;
// it is safe on a nil state (nothing recorded: medium).
func (s *ActivityState) EffectiveRelevance() Relevance {
	if s == nil {
		return RelevanceMedium
	}
	return s.Relevance.Effective()
}

// Clone returns a deep copy.
func (s *ActivityState) Clone() *ActivityState {
	if s == nil {
		return nil
	}
	c := *s
	c.Evidence = slices.Clone(s.Evidence)
	c.Actions = slices.Clone(s.Actions)
	if s.Checkpoints != nil {
		c.Checkpoints = make(map[string]*CheckpointAnswer, len(s.Checkpoints))
		for k, v := range s.Checkpoints {
			if v == nil {
				// A null entry (possible in imported JSON) is unanswered.
				continue
			}
			cv := *v
			cv.Votes = slices.Clone(v.Votes)
			c.Checkpoints[k] = &cv
		}
	}
	return &c
}

var periodRe = regexp.MustCompile(`^[0-9]{4}-(Q[1-4]|H[12]|(0[1-9]|1[0-2]))$`)

// ValidPeriod reports whether p looks like 2026-Q4, 2026-H1 or 2026-03.
func ValidPeriod(p string) bool { return periodRe.MatchString(p) }

// PeriodOf returns the quarter containing t, such as 2026-Q4.
func PeriodOf(t time.Time) string {
	return fmt.Sprintf("%04d-Q%d", t.Year(), (int(t.Month())-1)/3+1)
}

// NextPeriod returns the quarter after p (2026-Q4 -> 2027-Q1); other
// spellings are returned unchanged.
func NextPeriod(p string) string {
	var y, q int
	if _, err := fmt.Sscanf(p, "%04d-Q%d", &y, &q); err != nil || q < 1 || q > 4 || len(p) != 7 {
		return p
	}
	if q == 4 {
		return fmt.Sprintf("%04d-Q1", y+1)
	}
	return fmt.Sprintf("%04d-Q%d", y, q+1)
}

// CarryForward starts the next period's assessment from prev: answers
// (marked carried over until someone confirms or changes them), relevance,
// status, targets, notes, evidence and open actions come along; votes and
// done actions stay behind. The caller sets the team details it wants to
// change; ID and timestamps are left for the store.
func CarryForward(prev *Assessment, period string) *Assessment {
	next := &Assessment{
		Team:          prev.Team,
		Organisation:  prev.Organisation,
		Period:        period,
		Facilitator:   prev.Facilitator,
		Participants:  slices.Clone(prev.Participants),
		Questionnaire: prev.Questionnaire,
		FromID:        prev.ID,
		Workshop:      prev.Workshop,
	}
	if next.Period == "" {
		next.Period = NextPeriod(prev.Period)
	}
	if len(prev.GoalTargets) > 0 {
		next.GoalTargets = make(map[string]int, len(prev.GoalTargets))
		for k, v := range prev.GoalTargets {
			next.GoalTargets[k] = v
		}
	}
	for id, st := range prev.Activities {
		if st == nil {
			continue
		}
		c := st.Clone()
		open := c.Actions[:0]
		for _, act := range c.Actions {
			if !act.Done {
				open = append(open, act)
			}
		}
		c.Actions = open
		if len(c.Actions) == 0 {
			c.Actions = nil
		}
		for _, ca := range c.Checkpoints {
			ca.Votes = nil
			ca.CarriedOver = true
		}
		next.EnsureActivity(id)
		next.Activities[id] = c
	}
	return next
}

// Unconfirmed reports whether a checkpoint still holds an answer carried
// over from the previous period that nobody has looked at.
func (a *Assessment) Unconfirmed(activityID, checkpointID string) bool {
	ca := a.AnswerOf(activityID, checkpointID)
	return ca != nil && ca.CarriedOver
}
