package assessment

// Questionnaire is a versioned set of goals, activities and checkpoints that
// an assessment is answered against. The questionnaires package loads and
// validates them; everything else treats them as read-only.
type Questionnaire struct {
	ID         string     `json:"id" yaml:"id"`
	Version    string     `json:"version" yaml:"version"`
	Title      string     `json:"title" yaml:"title"`
	Source     Source     `json:"source" yaml:"source"`
	Goals      []Goal     `json:"goals" yaml:"goals"`
	Activities []Activity `json:"activities" yaml:"activities"`
}

// Source names the work a questionnaire is based on and the licence that
// obliges us to credit it.
type Source struct {
	Name        string `json:"name" yaml:"name"`
	Version     string `json:"version,omitempty" yaml:"version,omitempty"`
	URL         string `json:"url,omitempty" yaml:"url,omitempty"`
	Licence     string `json:"licence" yaml:"licence"`
	Attribution string `json:"attribution" yaml:"attribution"`
}

// Goal groups activities; goal order is the order of the Goals slice.
type Goal struct {
	ID          string `json:"id" yaml:"id"`
	Name        string `json:"name" yaml:"name"`
	Description string `json:"description" yaml:"description"`
}

// Activity is one unit of the questionnaire. Activity order within a goal is
// the order of the Activities slice.
type Activity struct {
	ID          string       `json:"id" yaml:"id"`
	Title       string       `json:"title" yaml:"title"`
	Goal        string       `json:"goal" yaml:"goal"`
	Roles       []string     `json:"roles,omitempty" yaml:"roles,omitempty"`
	Summary     string       `json:"summary" yaml:"summary"`
	Opportunity string       `json:"opportunity" yaml:"opportunity"`
	Link        string       `json:"link,omitempty" yaml:"link,omitempty"`
	Next        []string     `json:"next,omitempty" yaml:"next,omitempty"`
	Checkpoints []Checkpoint `json:"checkpoints" yaml:"checkpoints"`
}

// CheckpointKind marks checkpoints that are not plain yes/no-ish statements.
type CheckpointKind string

// Checkpoint kinds. An empty kind is a plain checkpoint.
const (
	KindPlain       CheckpointKind = ""
	KindAlternative CheckpointKind = "alternative" // one of several acceptable ways to meet the activity
	KindLevel       CheckpointKind = "level"       // one rung of a graded ladder
)

// Checkpoint is one verifiable statement a team answers on the not_yet..fully scale.
type Checkpoint struct {
	ID   string         `json:"id" yaml:"id"`
	Text string         `json:"text" yaml:"text"`
	Help string         `json:"help,omitempty" yaml:"help,omitempty"`
	Kind CheckpointKind `json:"kind,omitempty" yaml:"kind,omitempty"`
}

// Activity returns the activity with the given ID.
func (q *Questionnaire) Activity(id string) (*Activity, bool) {
	for i := range q.Activities {
		if q.Activities[i].ID == id {
			return &q.Activities[i], true
		}
	}
	return nil, false
}

// Goal returns the goal with the given ID.
func (q *Questionnaire) Goal(id string) (*Goal, bool) {
	for i := range q.Goals {
		if q.Goals[i].ID == id {
			return &q.Goals[i], true
		}
	}
	return nil, false
}

// ActivitiesOf returns the activities of a goal in questionnaire order.
func (q *Questionnaire) ActivitiesOf(goalID string) []*Activity {
	var out []*Activity
	for i := range q.Activities {
		if q.Activities[i].Goal == goalID {
			out = append(out, &q.Activities[i])
		}
	}
	return out
}

// CheckpointCount is the number of checkpoints across all activities.
func (q *Questionnaire) CheckpointCount() int {
	n := 0
	for i := range q.Activities {
		n += len(q.Activities[i].Checkpoints)
	}
	return n
}
