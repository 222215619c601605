// Package common is what every screen shares: the window size, styles,
// keys, the store and questionnaire lookup, the clock, and the messages
// screens send upward to the root model.
package common

import (
	"time"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/tui/theme"
)

// QuestionnaireLookup finds the exact questionnaire an assessment was
// answered under.
type QuestionnaireLookup interface {
	Get(id, version string) (*assessment.Questionnaire, bool)
	Latest(id string) (*assessment.Questionnaire, bool)
	All() []*assessment.Questionnaire
}

// Common is shared, read-mostly context handed to every screen. The root
// model owns it; screens receive a pointer and never write the store
// directly from Update (all I/O runs in commands).
type Common struct {
	Width, Height  int
	Styles         *theme.Styles
	Keys           GlobalKeys
	Store          assessment.Store
	Questionnaires QuestionnaireLookup
	Now            func() time.Time
	User           string // recorded as "who" in the change log
	Accessible     bool
}

// Screen identifies a top-level screen.
type Screen int

// The screens, in the order a session usually visits them.
const (
	ScreenHome Screen = iota
	ScreenNew
	ScreenOverview
	ScreenAnswer
	ScreenScorecard
)

// NavigateMsg asks the root to show another screen. AssessmentID selects the
// assessment for the overview, answer and scorecard screens; ActivityID
// optionally picks where answering starts.
type NavigateMsg struct {
	To           Screen
	AssessmentID string
	ActivityID   string
	Unanswered   bool // answering: visit only checkpoints without an answer
}

// BackMsg asks the root to go one screen back.
type BackMsg struct{}

// ErrorMsg reports a failure to show in the status line.
type ErrorMsg struct{ Err error }

// StatusMsg is a short confirmation for the status line.
type StatusMsg struct{ Text string }
