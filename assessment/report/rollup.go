package report

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/ggi-tool/ggi/assessment"
)

// RollupTeam is one team's assessment in a roll-up.
type RollupTeam struct {
	Source string // where it came from, such as a file name
	A      *assessment.Assessment
	Q      *assessment.Questionnaire
	Card   assessment.Scorecard
}

// Stats summarises one score across the teams that have it.
type Stats struct {
	ID, Name       string
	N              int // teams with a score
	Mean, Min, Max float64
	StdDev         float64 // population standard deviation
}

// Rollup is an organisation's heat map: every team's goal and activity
// scores, with the mean and spread of each.
type Rollup struct {
	// Q gives the columns: the questionnaire most teams answered. Teams on
	// other versions match goals and activities by ID.
	Q          *assessment.Questionnaire
	Teams      []RollupTeam
	Skipped    []RollupTeam // older assessments of a team already shown
	Overall    Stats
	Goals      []Stats
	Activities []Stats
}

// NewRollup scores every team (scores in files are never trusted), keeps
// the latest period of each team and computes the organisation's figures.
func NewRollup(teams []RollupTeam) *Rollup {
	r := &Rollup{}
	if len(teams) == 0 {
		return r
	}
	latest := make(map[string]int)
	for _, t := range teams {
		t.Card = assessment.ScoreAssessment(t.Q, t.A)
		key := strings.ToLower(strings.TrimSpace(t.A.Team))
		if i, ok := latest[key]; ok {
			if t.A.Period >= r.Teams[i].A.Period {
				r.Skipped = append(r.Skipped, r.Teams[i])
				r.Teams[i] = t
			} else {
				r.Skipped = append(r.Skipped, t)
			}
			continue
		}
		latest[key] = len(r.Teams)
		r.Teams = append(r.Teams, t)
	}
	slices.SortStableFunc(r.Teams, func(x, y RollupTeam) int {
		return cmp.Or(cmp.Compare(strings.ToLower(x.A.Team), strings.ToLower(y.A.Team)), cmp.Compare(x.A.Team, y.A.Team))
	})
	r.Q = mostUsed(r.Teams)
	r.Overall = statsOf("overall", "Overall", r.Teams, func(c *assessment.Scorecard) (assessment.Score, bool) { return c.Overall, true })
	for _, g := range r.Q.Goals {
		r.Goals = append(r.Goals, statsOf(g.ID, g.Name, r.Teams, func(c *assessment.Scorecard) (assessment.Score, bool) {
			gs, ok := c.Goal(g.ID)
			return gs.Score, ok
		}))
	}
	for _, a := range r.Q.Activities {
		r.Activities = append(r.Activities, statsOf(a.ID, a.Title, r.Teams, func(c *assessment.Scorecard) (assessment.Score, bool) {
			as, ok := c.Activity(a.ID)
			return as.Score, ok
		}))
	}
	return r
}

func mostUsed(teams []RollupTeam) *assessment.Questionnaire {
	count := make(map[*assessment.Questionnaire]int)
	best := teams[0].Q
	for _, t := range teams {
		count[t.Q]++
		if count[t.Q] > count[best] {
			best = t.Q
		}
	}
	return best
}

func statsOf(id, name string, teams []RollupTeam, get func(*assessment.Scorecard) (assessment.Score, bool)) Stats {
	s := Stats{ID: id, Name: name, Min: math.Inf(1), Max: math.Inf(-1)}
	var sum, sq float64
	for i := range teams {
		sc, ok := get(&teams[i].Card)
		if !ok || !sc.Valid {
			continue
		}
		s.N++
		sum += sc.Value
		sq += sc.Value * sc.Value
		s.Min = math.Min(s.Min, sc.Value)
		s.Max = math.Max(s.Max, sc.Value)
	}
	if s.N == 0 {
		s.Min, s.Max = 0, 0
		return s
	}
	s.Mean = sum / float64(s.N)
	s.StdDev = math.Sqrt(math.Max(0, sq/float64(s.N)-s.Mean*s.Mean))
	s.Mean, s.StdDev = assessment.Round1(s.Mean), assessment.Round1(s.StdDev)
	return s
}

// heat is a one-character shade per maturity level, so the table reads as
// a heat map in plain text too; the number beside it keeps it readable
// without relying on shading alone.
func heat(s assessment.Score) string {
	if !s.Valid {
		return Dash
	}
	shade := [...]string{"", "·", "░", "▒", "▓", "█"}[s.Level]
	return shade + " " + FormatScore(s)
}

func statsCells(s Stats) (mean, lo, hi, sd string) {
	if s.N == 0 {
		return Dash, Dash, Dash, Dash
	}
	f := func(v float64) string { return fmt.Sprintf("%.1f", v) }
	return f(s.Mean), f(s.Min), f(s.Max), f(s.StdDev)
}

// WriteRollupMarkdown writes the heat map as Markdown.
func WriteRollupMarkdown(out io.Writer, r *Rollup) error {
	var w mdWriter
	w.heading(1, "GGI organisation roll-up")
	if len(r.Teams) == 0 {
		w.line("No assessments to roll up.")
		_, err := io.WriteString(out, w.b.String())
		return err
	}
	intro := fmt.Sprintf("%d %s.", len(r.Teams), teamsWord(len(r.Teams)))
	if n := len(r.Skipped); n > 0 {
		intro += fmt.Sprintf(" %d more %s left out as an older or repeated assessment of a team shown (listed at the end).", n, filesWord(n))
	}
	w.line(intro + " Scores are recomputed from the answers; shading by level: · 1 Ad hoc, ░ 2 Aware, ▒ 3 Managed, ▓ 4 Engaged, █ 5 Leading.")
	w.line()
	w.heading(2, "Goals by team")
	header := []string{"Team", "Period", "Overall"}
	align := "llr"
	for _, g := range r.Q.Goals {
		header = append(header, mdCell(g.Name))
		align += "r"
	}
	rows := make([][]string, 0, len(r.Teams)+4)
	for _, t := range r.Teams {
		row := []string{mdCell(t.A.Team), mdCell(t.A.Period), heat(t.Card.Overall)}
		for _, g := range r.Q.Goals {
			gs, _ := t.Card.Goal(g.ID)
			row = append(row, heat(gs.Score))
		}
		rows = append(rows, row)
	}
	for k, label := range []string{"**Mean**", "**Min**", "**Max**", "**Std dev**"} {
		row := []string{label, "", statCell(r.Overall, k)}
		for _, g := range r.Goals {
			row = append(row, statCell(g, k))
		}
		rows = append(rows, row)
	}
	w.table(header, align, rows)

	w.heading(2, "Activities across the organisation")
	rows = rows[:0]
	for i, s := range r.Activities {
		mean, lo, hi, sd := statsCells(s)
		rows = append(rows, []string{mdCell(s.ID), mdCell(s.Name), mdCell(goalName(r.Q, r.Q.Activities[i].Goal)),
			fmt.Sprint(s.N), mean, lo, hi, sd})
	}
	w.table([]string{"ID", "Activity", "Goal", "Teams scored", "Mean", "Min", "Max", "Std dev"}, "lllrrrrr", rows)

	w.heading(2, "Activities by team")
	header = []string{"Team"}
	align = "l"
	for _, a := range r.Q.Activities {
		header = append(header, mdCell(a.ID))
		align += "r"
	}
	rows = rows[:0]
	for _, t := range r.Teams {
		row := []string{mdCell(t.A.Team)}
		for _, a := range r.Q.Activities {
			as, _ := t.Card.Activity(a.ID)
			row = append(row, heat(as.Score))
		}
		rows = append(rows, row)
	}
	w.table(header, align, rows)
	if len(r.Skipped) > 0 {
		w.line(fmt.Sprintf("Left out as older assessments of a team shown above: %d (%s).", len(r.Skipped), strings.Join(skippedItems(r), "; ")))
		w.line()
	}
	w.line("---")
	w.line()
	if t := MarkdownText(r.Q.Source.Attribution); t != "" {
		w.line(t)
	}
	_, err := io.WriteString(out, w.b.String())
	return err
}

func statCell(s Stats, k int) string {
	mean, lo, hi, sd := statsCells(s)
	return [...]string{mean, lo, hi, sd}[k]
}

func goalName(q *assessment.Questionnaire, id string) string {
	if g, ok := q.Goal(id); ok {
		return g.Name
	}
	return id
}

type rollupDoc struct {
	Format        string                      `json:"format"`
	FormatVersion int                         `json:"format_version"`
	Questionnaire assessment.QuestionnaireRef `json:"questionnaire"`
	Teams         []rollupTeamDoc             `json:"teams"`
	Organisation  rollupOrgDoc                `json:"organisation"`
	Skipped       []string                    `json:"skipped"`
}

type rollupTeamDoc struct {
	Source     string     `json:"source"`
	Team       string     `json:"team"`
	Period     string     `json:"period"`
	Overall    DocScore   `json:"overall"`
	Goals      []DocScore `json:"goals"`
	Activities []DocScore `json:"activities"`
}

type rollupOrgDoc struct {
	Overall    statsDoc   `json:"overall"`
	Goals      []statsDoc `json:"goals"`
	Activities []statsDoc `json:"activities"`
}

type statsDoc struct {
	ID     string      `json:"id"`
	Teams  int         `json:"teams"`
	Mean   *OneDecimal `json:"mean"`
	Min    *OneDecimal `json:"min"`
	Max    *OneDecimal `json:"max"`
	StdDev *OneDecimal `json:"std_dev"`
}

func (s Stats) doc() statsDoc {
	d := statsDoc{ID: s.ID, Teams: s.N}
	if s.N > 0 {
		p := func(v float64) *OneDecimal { x := OneDecimal(assessment.Round1(v)); return &x }
		d.Mean, d.Min, d.Max, d.StdDev = p(s.Mean), p(s.Min), p(s.Max), p(s.StdDev)
	}
	return d
}

// WriteRollupJSON writes the roll-up as JSON (format ggi-rollup).
func WriteRollupJSON(out io.Writer, r *Rollup) error {
	d := rollupDoc{Format: "ggi-rollup", FormatVersion: 1, Teams: []rollupTeamDoc{}, Skipped: []string{}}
	if r.Q != nil {
		d.Questionnaire = assessment.QuestionnaireRef{ID: r.Q.ID, Version: r.Q.Version}
	}
	for _, t := range r.Teams {
		td := rollupTeamDoc{Source: t.Source, Team: t.A.Team, Period: t.A.Period, Overall: docScore("", t.Card.Overall)}
		for _, g := range r.Q.Goals {
			gs, _ := t.Card.Goal(g.ID)
			td.Goals = append(td.Goals, docScore(g.ID, gs.Score))
		}
		for _, a := range r.Q.Activities {
			as, _ := t.Card.Activity(a.ID)
			td.Activities = append(td.Activities, docScore(a.ID, as.Score))
		}
		d.Teams = append(d.Teams, td)
	}
	d.Organisation.Overall = r.Overall.doc()
	for _, g := range r.Goals {
		d.Organisation.Goals = append(d.Organisation.Goals, g.doc())
	}
	for _, a := range r.Activities {
		d.Organisation.Activities = append(d.Organisation.Activities, a.doc())
	}
	for _, s := range r.Skipped {
		d.Skipped = append(d.Skipped, s.Source)
	}
	return EncodeJSON(out, d)
}

// skippedItems names each file left out, and says when it is of the same
// period as the one shown: the same export given twice, or two exports
// that disagree.
func skippedItems(r *Rollup) []string {
	shown := make(map[string]string, len(r.Teams))
	for _, t := range r.Teams {
		shown[strings.ToLower(strings.TrimSpace(t.A.Team))] = t.A.Period
	}
	items := make([]string, 0, len(r.Skipped))
	for _, s := range r.Skipped {
		item := MarkdownText(s.Source) + ": " + MarkdownText(s.A.Team) + " " + MarkdownText(s.A.Period)
		if shown[strings.ToLower(strings.TrimSpace(s.A.Team))] == s.A.Period {
			item += ", the same period as the one shown"
		}
		items = append(items, item)
	}
	return items
}

func filesWord(n int) string {
	if n == 1 {
		return "file"
	}
	return "files"
}

func teamsWord(n int) string {
	if n == 1 {
		return "team"
	}
	return "teams"
}
