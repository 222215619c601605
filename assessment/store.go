package assessment

import (
	"errors"
	"time"
)

// Errors a Store returns; match them with errors.Is.
var (
	ErrNotFound = errors.New("no such assessment")
	ErrInUse    = errors.New("database is in use by another ggi")
	ErrNotOurs  = errors.New("not a ggi database")
	ErrNewer    = errors.New("database was written by a newer ggi")
	ErrCorrupt  = errors.New("database is damaged")
	ErrNoChange = errors.New("nothing to undo")
)

// Store keeps assessments. Every method that writes commits its own
// transaction before it returns: when it returns nil, the change is on disk.
type Store interface {
	// Create stores a new assessment. An empty ID is assigned; CreatedAt
	// and UpdatedAt are set when zero.
	Create(a *Assessment) error
	// Get loads one assessment by its exact ID.
	Get(id string) (*Assessment, error)
	// List returns every assessment, newest (CreatedAt) first.
	List() ([]*Assessment, error)
	// SaveAnswer records one checkpoint answer and logs the change.
	SaveAnswer(id, activityID, checkpointID string, ans CheckpointAnswer, who string) error
	// UpdateActivity changes an activity's state (relevance, status, target,
	// notes, evidence, actions; not its checkpoint answers) through fn and
	// logs the change.
	UpdateActivity(id, activityID string, fn func(*ActivityState) error, who string) error
	// UpdateAssessment changes the assessment's own fields (team, period,
	// participants, goal targets...) through fn and logs the change. fn must
	// not change the ID or the questionnaire.
	UpdateAssessment(id string, fn func(*Assessment) error, who string) error
	// Delete removes an assessment and its history.
	Delete(id string) error
	// History returns the assessment's change log, oldest first.
	History(id string) ([]Change, error)
	// Undo reverts the most recent change that is not itself undone and
	// returns it; ErrNoChange when there is none.
	Undo(id, who string) (Change, error)
	// Close releases the database file.
	Close() error
}

// ChangeKind says what a Change touched.
type ChangeKind string

// Change kinds.
const (
	ChangeAnswer     ChangeKind = "answer"
	ChangeActivity   ChangeKind = "activity"
	ChangeAssessment ChangeKind = "assessment"
	ChangeUndo       ChangeKind = "undo"
)

// Change is one entry of an assessment's append-only change log.
type Change struct {
	Seq          uint64     `json:"seq"`
	At           time.Time  `json:"at"`
	Who          string     `json:"who,omitempty"`
	Kind         ChangeKind `json:"kind"`
	ActivityID   string     `json:"activity_id,omitempty"`
	CheckpointID string     `json:"checkpoint_id,omitempty"`
	// For answers: the answer before and after (nil: none).
	OldAnswer *CheckpointAnswer `json:"old_answer,omitempty"`
	NewAnswer *CheckpointAnswer `json:"new_answer,omitempty"`
	// For activity changes: the state before and after, without answers.
	OldActivity *ActivityState `json:"old_activity,omitempty"`
	NewActivity *ActivityState `json:"new_activity,omitempty"`
	// For assessment changes: the fields before and after, without activities.
	OldAssessment *Assessment `json:"old_assessment,omitempty"`
	NewAssessment *Assessment `json:"new_assessment,omitempty"`
	// Undoes is the Seq of the change an undo reverted.
	Undoes uint64 `json:"undoes,omitempty"`
}
