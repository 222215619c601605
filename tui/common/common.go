// Package common is what every screen shares: the window size, styles,
// keys, the store and questionnaire lookup, the clock, and the messages
// screens send upward to the root model.
package common

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

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

// ExportFunc renders an assessment as a Markdown scorecard. all is every
// assessment in the store, so the report can compare with the previous
// period.
type ExportFunc func(q *assessment.Questionnaire, a *assessment.Assessment, all []*assessment.Assessment) ([]byte, error)

// Common is shared, read-mostly context handed to every screen. The root
// model owns it; screens receive a pointer and never write the store
// directly from Update (all I/O runs in commands).
type Common struct {
	// Width and Height are the cells a screen may draw in: the window less
	// the root's header, status and footer lines.
	Width, Height  int
	Styles         *theme.Styles
	Keys           GlobalKeys
	Store          assessment.Store
	Questionnaires QuestionnaireLookup
	Now            func() time.Time
	User           string // recorded as "who" in the change log
	Accessible     bool
	// Export writes Markdown; nil when this build has no report writer.
	Export ExportFunc
	// ExportDir is where exports land (the working directory by default).
	ExportDir string
	// Serial orders the store calls of every screen, so that what one
	// screen writes, the next one reads.
	Serial Serial
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

// String names the screen for the header breadcrumb.
func (s Screen) String() string {
	switch s {
	case ScreenHome:
		return "Assessments"
	case ScreenNew:
		return "New assessment"
	case ScreenOverview:
		return "Overview"
	case ScreenAnswer:
		return "Answering"
	case ScreenScorecard:
		return "Scorecard"
	}
	return "?"
}

// Model is what the root needs from a screen. Screens are pointers, built
// fresh for every visit, so they never show stale data.
type Model interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (Model, tea.Cmd)
	View() string
	// ShortHelp and FullHelp make every screen a help.KeyMap, so the footer
	// and the ? overlay list exactly the keys that work.
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	// Capturing is true while the screen needs every key itself (a form, a
	// text field, a confirmation): the root then leaves q, esc and ? alone.
	Capturing() bool
	// Busy is true while a write the screen started has not reported back;
	// the root waits for it before quitting.
	Busy() bool
}

// NavigateMsg asks the root to show another screen. AssessmentID selects the
// assessment for the overview, answer and scorecard screens; ActivityID
// optionally picks where answering starts.
type NavigateMsg struct {
	To           Screen
	AssessmentID string
	ActivityID   string
	Unanswered   bool // answering: visit only checkpoints without an answer
	// Replace swaps the current screen instead of stacking on it, so back
	// does not return to a finished form.
	Replace bool
}

// BackMsg asks the root to go one screen back.
type BackMsg struct{}

// ErrorMsg reports a failure to show in the status line.
type ErrorMsg struct{ Err error }

// StatusMsg is a short confirmation for the status line.
type StatusMsg struct{ Text string }

// Navigate returns a command that asks the root to show another screen.
func Navigate(n NavigateMsg) tea.Cmd { return func() tea.Msg { return n } }

// Back returns a command that asks the root to go one screen back.
func Back() tea.Cmd { return func() tea.Msg { return BackMsg{} } }

// ReportError returns a command that puts err in the status line.
func ReportError(err error) tea.Cmd { return func() tea.Msg { return ErrorMsg{Err: err} } }

// ReportStatus returns a command that puts text in the status line.
func ReportStatus(text string) tea.Cmd { return func() tea.Msg { return StatusMsg{Text: text} } }
