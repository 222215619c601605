// Package report turns an assessment into the documents people share: a
// Markdown scorecard for wikis and pull requests, the JSON export (which is
// also the import format), CSV for spreadsheets, a self-contained HTML page,
// a plain-text scorecard for the terminal, comparisons and organisation
// roll-ups.
//
// Every writer renders the same precomputed Report, so the formats cannot
// disagree about a score, and every writer is deterministic: the clock comes
// in through Options, never from time.Now, which keeps golden files stable.
package report

import (
	"cmp"
	"slices"
	"time"

	"github.com/ggi-tool/ggi/assessment"
)

// Options says what a report may draw on beyond the assessment itself.
type Options struct {
	// All is every assessment the user has; it supplies the previous
	// assessment ("change since last time") and the trend. May be nil.
	All []*assessment.Assessment
	// Lookup finds the questionnaire an earlier assessment was answered
	// under, so it is scored against its own definition. Nil: earlier
	// assessments answered under another questionnaire are left out.
	Lookup func(id, version string) (*assessment.Questionnaire, bool)
	// Today dates the report and decides which actions are overdue.
	Today time.Time
	// TrendPeriods caps the number of periods in the trend (default 4).
	TrendPeriods int
	// NextSteps caps the number of weakest activities listed (default 3).
	NextSteps int
}

// Report is everything a scorecard shows, computed once.
type Report struct {
	Q     *assessment.Questionnaire
	A     *assessment.Assessment
	Card  assessment.Scorecard
	Today time.Time
	// Previous is the team's assessment before this one, or nil.
	Previous     *assessment.Assessment
	PreviousCard *assessment.Scorecard

	Goals      []GoalRow
	Activities []ActivityRow
	Trend      Trend
	NextSteps  []NextStep
	Roadmap    []RoadmapItem
	// GoalGaps are the goals below their target level, widest gap first.
	GoalGaps []GoalGap
	Actions  []ActionRow
	Notes    []NoteRow
	// Evidence holds the evidence links, shown as text: they are user input.
	Evidence []NoteRow
	// Workshop sums up the participants' votes; nil when no checkpoint
	// has any.
	Workshop *Workshop
}

// Delta is the change of a score since the previous assessment.
type Delta struct {
	Value float64 // after − before, rounded to one decimal
	// Kind says whether there is a change to show at all.
	Kind DeltaKind
}

// DeltaKind tells apart a real change from the cases without one.
type DeltaKind int

// Delta kinds.
const (
	NoPrevious DeltaKind = iota // nothing to compare with
	Changed                     // both scores exist; Value holds the change
	NewScore                    // scored now, not before
	Dropped                     // scored before, not now
)

// GoalRow is one goal of the scorecard.
type GoalRow struct {
	ID, Name string
	assessment.Score
	Target int // target maturity level, 0 when none
	Delta  Delta
}

// ActivityRow is one activity of the scorecard.
type ActivityRow struct {
	ID, Title, GoalID string
	Relevance         assessment.Relevance // effective
	Status            assessment.Status    // effective
	assessment.Score
	Answered, Total int
	// Target is the activity's own target level, else its goal's; 0 none.
	Target int
	Delta  Delta
	Link   string
}

// Trend is the goal scores over the team's last periods, oldest first.
type Trend struct {
	Periods []string
	// Scores[g][p] is goal g (in Goals order) in period p.
	Scores [][]assessment.Score
}

// NextStep is one of the weakest relevant activities and where the
// handbook suggests going after it.
type NextStep struct {
	Activity ActivityRow
	Then     []ActivityRef
}

// ActivityRef names an activity.
type ActivityRef struct{ ID, Title string }

// RoadmapItem is an activity below its target level.
type RoadmapItem struct {
	Activity ActivityRow
	Gap      int // target level − current level (unscored counts as 0)
}

// GoalGap is a goal below its target level.
type GoalGap struct {
	Goal GoalRow
	Gap  int // target level − current level (unscored counts as 0)
}

// ActionRow is an action item with the activity it belongs to.
type ActionRow struct {
	ActivityID string
	assessment.Action
	Overdue bool
}

// NoteRow is an activity note (CheckpointID empty) or a checkpoint note.
type NoteRow struct {
	ActivityID, CheckpointID string
	Text                     string
}

// Build computes the report of a, answered under q.
func Build(q *assessment.Questionnaire, a *assessment.Assessment, opt Options) *Report {
	r := &Report{Q: q, A: a, Card: assessment.ScoreAssessment(q, a), Today: opt.Today}
	if prev := assessment.Previous(opt.All, a); prev != nil && prev.ID != a.ID {
		if pq := lookup(opt, q, prev.Questionnaire); pq != nil {
			r.Previous = prev
			pc := assessment.ScoreAssessment(pq, prev)
			r.PreviousCard = &pc
		}
	}
	r.buildGoals()
	r.buildActivities()
	r.buildTrend(opt)
	r.buildNextSteps(cmp.Or(opt.NextSteps, 3))
	r.buildRoadmap()
	r.buildActionsAndNotes()
	r.buildWorkshop()
	return r
}

func lookup(opt Options, q *assessment.Questionnaire, ref assessment.QuestionnaireRef) *assessment.Questionnaire {
	if ref.ID == q.ID && ref.Version == q.Version {
		return q
	}
	if opt.Lookup == nil {
		return nil
	}
	pq, ok := opt.Lookup(ref.ID, ref.Version)
	if !ok {
		return nil
	}
	return pq
}

// DeltaOf compares two scores.
func DeltaOf(before, after assessment.Score, havePrevious bool) Delta {
	switch {
	case !havePrevious || (!before.Valid && !after.Valid):
		return Delta{}
	case before.Valid && after.Valid:
		return Delta{Kind: Changed, Value: assessment.Round1(after.Value - before.Value)}
	case after.Valid:
		return Delta{Kind: NewScore}
	}
	return Delta{Kind: Dropped}
}

func (r *Report) buildGoals() {
	for _, g := range r.Q.Goals {
		gs, _ := r.Card.Goal(g.ID)
		row := GoalRow{ID: g.ID, Name: g.Name, Score: gs.Score, Target: r.A.GoalTargets[g.ID]}
		if r.PreviousCard != nil {
			before, ok := r.PreviousCard.Goal(g.ID)
			row.Delta = DeltaOf(before.Score, gs.Score, ok)
		}
		r.Goals = append(r.Goals, row)
	}
}

func (r *Report) buildActivities() {
	for i := range r.Q.Activities {
		act := &r.Q.Activities[i]
		as, _ := r.Card.Activity(act.ID)
		row := ActivityRow{
			ID: act.ID, Title: act.Title, GoalID: act.Goal, Link: act.Link,
			Relevance: as.Relevance, Status: assessment.Status("").Effective(),
			Score: as.Score, Answered: as.Answered, Total: as.Total,
			Target: r.A.GoalTargets[act.Goal],
		}
		if st := r.A.Activity(act.ID); st != nil {
			row.Status = st.Status.Effective()
			if st.TargetLevel > 0 {
				row.Target = st.TargetLevel
			}
		}
		if row.Relevance == assessment.RelevanceNone {
			row.Target = 0 // not selected: no target to reach
		}
		if r.PreviousCard != nil {
			before, ok := r.PreviousCard.Activity(act.ID)
			row.Delta = DeltaOf(before.Score, as.Score, ok)
		}
		r.Activities = append(r.Activities, row)
	}
}

func (r *Report) buildTrend(opt Options) {
	n := cmp.Or(opt.TrendPeriods, 4)
	hist := assessment.TeamHistory(opt.All, r.A.Team)
	// Only assessments up to this one: a report on last quarter does not
	// show what came after it.
	end := slices.IndexFunc(hist, func(x *assessment.Assessment) bool { return x.ID == r.A.ID })
	if end < 0 {
		hist = append(hist, r.A)
		end = len(hist) - 1
	}
	hist = hist[:end+1]
	// One column per period: the latest assessment of each period wins.
	var points []*assessment.Assessment
	for _, h := range hist {
		if len(points) > 0 && points[len(points)-1].Period == h.Period {
			points[len(points)-1] = h
			continue
		}
		points = append(points, h)
	}
	if len(points) > 0 {
		points[len(points)-1] = r.A
	}
	if len(points) > n {
		points = points[len(points)-n:]
	}
	r.Trend.Scores = make([][]assessment.Score, len(r.Q.Goals))
	for _, p := range points {
		pq := lookup(opt, r.Q, p.Questionnaire)
		if pq == nil {
			continue
		}
		card := assessment.ScoreAssessment(pq, p)
		r.Trend.Periods = append(r.Trend.Periods, p.Period)
		for gi, g := range r.Q.Goals {
			gs, _ := card.Goal(g.ID)
			r.Trend.Scores[gi] = append(r.Trend.Scores[gi], gs.Score)
		}
	}
}

// buildNextSteps picks the weakest relevant activities: scored ones below
// Leading, lowest score first, the more relevant first on a tie.
func (r *Report) buildNextSteps(n int) {
	rows := make(map[string]ActivityRow, len(r.Activities))
	for _, row := range r.Activities {
		rows[row.ID] = row
	}
	for _, ns := range assessment.NextSteps(r.Q, r.A, &r.Card, n) {
		step := NextStep{Activity: rows[ns.ActivityID]}
		for _, id := range ns.Then {
			if nx, ok := r.Q.Activity(id); ok {
				step.Then = append(step.Then, ActivityRef{ID: nx.ID, Title: nx.Title})
			}
		}
		r.NextSteps = append(r.NextSteps, step)
	}
}

// buildRoadmap lists relevant activities below their target level, the
// widest gap first, then the most relevant, then questionnaire order.
func (r *Report) buildRoadmap() {
	for _, row := range r.Activities {
		if row.Target == 0 || row.Relevance == assessment.RelevanceNone {
			continue
		}
		if gap := row.Target - row.Level; gap > 0 {
			r.Roadmap = append(r.Roadmap, RoadmapItem{Activity: row, Gap: gap})
		}
	}
	for _, g := range r.Goals {
		if gap := g.Target - g.Level; g.Target > 0 && gap > 0 {
			r.GoalGaps = append(r.GoalGaps, GoalGap{Goal: g, Gap: gap})
		}
	}
	slices.SortStableFunc(r.GoalGaps, func(x, y GoalGap) int { return cmp.Compare(y.Gap, x.Gap) })
	slices.SortStableFunc(r.Roadmap, func(x, y RoadmapItem) int {
		if c := cmp.Compare(y.Gap, x.Gap); c != 0 {
			return c
		}
		return cmp.Compare(y.Activity.Relevance.Weight(), x.Activity.Relevance.Weight())
	})
}

func (r *Report) buildActionsAndNotes() {
	for i := range r.Q.Activities {
		act := &r.Q.Activities[i]
		st := r.A.Activity(act.ID)
		if st == nil {
			continue
		}
		for _, ac := range st.Actions {
			r.Actions = append(r.Actions, ActionRow{ActivityID: act.ID, Action: ac, Overdue: ac.Overdue(r.Today)})
		}
		for _, e := range st.Evidence {
			r.Evidence = append(r.Evidence, NoteRow{ActivityID: act.ID, Text: e})
		}
		if st.Notes != "" {
			r.Notes = append(r.Notes, NoteRow{ActivityID: act.ID, Text: st.Notes})
		}
		for _, c := range act.Checkpoints {
			if ca := st.Checkpoints[c.ID]; ca != nil && ca.Note != "" {
				r.Notes = append(r.Notes, NoteRow{ActivityID: act.ID, CheckpointID: c.ID, Text: ca.Note})
			}
		}
	}
	// Open actions first, overdue ones at the top, then by due date.
	slices.SortStableFunc(r.Actions, func(x, y ActionRow) int {
		if x.Done != y.Done {
			if x.Done {
				return 1
			}
			return -1
		}
		if x.Overdue != y.Overdue {
			if x.Overdue {
				return -1
			}
			return 1
		}
		return compareDue(x.Due, y.Due)
	})
}

// compareDue orders dated actions before undated ones.
func compareDue(x, y string) int {
	switch {
	case x == y:
		return 0
	case x == "":
		return 1
	case y == "":
		return -1
	}
	return cmp.Compare(x, y)
}

// OpenActions counts the actions not done and those of them overdue.
func (r *Report) OpenActions() (open, overdue int) {
	for _, a := range r.Actions {
		if !a.Done {
			open++
			if a.Overdue {
				overdue++
			}
		}
	}
	return open, overdue
}

// GoalName is a goal's display name, or its ID when unknown.
func (r *Report) GoalName(id string) string {
	if g, ok := r.Q.Goal(id); ok {
		return g.Name
	}
	return id
}

// ActivityTitle is an activity's title, or "" when unknown.
func (r *Report) ActivityTitle(id string) string {
	if a, ok := r.Q.Activity(id); ok {
		return a.Title
	}
	return ""
}
