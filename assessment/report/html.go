package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
)

// htmlPage is the view the HTML template renders: every value is a plain
// string or number prepared here, and html/template escapes all of them,
// so user text can never become markup.
type htmlPage struct {
	Title, Team, Organisation, Period, Questionnaire, Facilitator, Participants string
	ID, Generated, PreviousPeriod                                               string
	Overall, OverallLevel, Completion, OverallChange, Answered                  string
	Chart                                                                       htmlChart
	Goals                                                                       []htmlRow
	TrendPeriods                                                                []string
	Trend                                                                       []htmlTrendRow
	Activities                                                                  []htmlRow
	NextSteps                                                                   []htmlNextStep
	Roadmap                                                                     []htmlRow
	GoalGaps                                                                    []string
	Actions                                                                     []htmlAction
	OpenActions, OverdueActions                                                 int
	Notes                                                                       []htmlNote
	Workshop                                                                    *htmlWorkshop
	Attribution                                                                 string
	SourceName, SourceURL                                                       string
	CCBy                                                                        bool
}

type htmlRow struct {
	ID, Name, Goal, Relevance, Status, Answered, Score, Level, Bar, Completion, Target, Change, Gap string
	LevelClass                                                                                      string
}

type htmlTrendRow struct {
	Name   string
	Scores []string
}

type htmlNextStep struct {
	ID, Title, Score, Level, Relevance string
	Then                               []string
}

type htmlAction struct {
	Activity, Text, Owner, Due, State string
	Overdue, Done                     bool
}

type htmlNote struct{ Label, Text string }

type htmlChart struct {
	Width, Height int
	Bars          []htmlBar
}

type htmlBar struct {
	Label, Value      string
	Y, TextY, W, Full int
	LevelClass        string
}

// Chart geometry, in SVG user units.
const (
	chartLabelW = 110
	chartBarW   = 300
	chartRowH   = 28
)

func levelClass(valid bool, level int) string {
	if !valid {
		return "lv0"
	}
	return "lv" + strconv.Itoa(level)
}

// WriteHTML writes the scorecard as one self-contained HTML file: inline
// CSS, an inline SVG chart, no scripts and no external assets, so it can be
// mailed, archived or printed as it is.
func WriteHTML(out io.Writer, r *Report) error {
	var buf bytes.Buffer
	if err := htmlTemplate().Execute(&buf, r.htmlPage()); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	_, err := out.Write(buf.Bytes())
	return err
}

func (r *Report) htmlPage() htmlPage {
	a := r.A
	o := r.Card.Overall
	p := htmlPage{
		Title: "GGI scorecard: " + oneLine(a.Team), Team: oneLine(a.Team), Organisation: oneLine(a.Organisation),
		Period: oneLine(a.Period), Facilitator: oneLine(a.Facilitator),
		Questionnaire: oneLine(r.Q.Title) + " (" + oneLine(r.Q.ID) + " " + oneLine(r.Q.Version) + ")",
		ID:            oneLine(a.ID), Overall: FormatScore(o), OverallLevel: FormatLevel(o),
		Completion:  FormatPercent(o.Completion),
		Answered:    fmt.Sprintf("%d of %d checkpoints answered", r.Card.Answered, r.Card.Total),
		Attribution: oneLine(r.Q.Source.Attribution),
		CCBy:        strings.EqualFold(strings.ReplaceAll(r.Q.Source.Licence, " ", "-"), "CC-BY-4.0"),
	}
	if safeLink(r.Q.Source.URL) {
		p.SourceName, p.SourceURL = oneLine(cmpOr(r.Q.Source.Name, "Source")), r.Q.Source.URL
	}
	parts := make([]string, 0, len(a.Participants))
	for _, x := range a.Participants {
		parts = append(parts, oneLine(x))
	}
	p.Participants = strings.Join(parts, ", ")
	if !r.Today.IsZero() {
		p.Generated = r.Today.Format("2006-01-02")
	}
	if r.PreviousCard != nil {
		p.PreviousPeriod = oneLine(r.Previous.Period)
		p.OverallChange = FormatDelta(DeltaOf(r.PreviousCard.Overall, o, true))
	}
	p.Chart = htmlChart{Width: chartLabelW + chartBarW + 60, Height: chartRowH*len(r.Goals) + 8}
	for i, g := range r.Goals {
		full := 0
		if g.Valid {
			full = int(g.Value * chartBarW / 100)
		}
		y := 4 + i*chartRowH
		p.Chart.Bars = append(p.Chart.Bars, htmlBar{
			Label: oneLine(g.Name), Value: FormatScore(g.Score), Y: y, TextY: y + 17, W: chartBarW, Full: full,
			LevelClass: levelClass(g.Valid, g.Level),
		})
		p.Goals = append(p.Goals, htmlRow{
			Name: oneLine(g.Name), Score: FormatScore(g.Score), Level: FormatLevel(g.Score), Bar: Bar(g.Score),
			Completion: FormatPercent(g.Completion), Target: FormatTarget(g.Target), Change: FormatDelta(g.Delta),
			LevelClass: levelClass(g.Valid, g.Level),
		})
	}
	r.htmlTrend(&p)
	r.htmlActivities(&p)
	r.htmlActions(&p)
	p.Workshop = r.htmlWorkshop()
	return p
}

func (r *Report) htmlTrend(p *htmlPage) {
	if len(r.Trend.Periods) < 2 {
		return
	}
	for _, per := range r.Trend.Periods {
		p.TrendPeriods = append(p.TrendPeriods, oneLine(per))
	}
	for gi, g := range r.Goals {
		row := htmlTrendRow{Name: oneLine(g.Name)}
		for _, s := range r.Trend.Scores[gi] {
			row.Scores = append(row.Scores, FormatScore(s))
		}
		p.Trend = append(p.Trend, row)
	}
}

func (r *Report) htmlActivities(p *htmlPage) {
	for _, a := range r.Activities {
		p.Activities = append(p.Activities, htmlRow{
			ID: oneLine(a.ID), Name: oneLine(a.Title), Goal: oneLine(r.GoalName(a.GoalID)),
			Relevance: relevanceLabel(a.Relevance), Status: a.Status.Label(),
			Answered: strconv.Itoa(a.Answered) + "/" + strconv.Itoa(a.Total),
			Score:    FormatScore(a.Score), Level: FormatLevel(a.Score), Target: FormatTarget(a.Target),
			Change: FormatDelta(a.Delta), LevelClass: levelClass(a.Valid, a.Level),
		})
	}
	for _, s := range r.NextSteps {
		ns := htmlNextStep{
			ID: oneLine(s.Activity.ID), Title: oneLine(s.Activity.Title), Score: FormatScore(s.Activity.Score),
			Level: FormatLevel(s.Activity.Score), Relevance: relevanceLabel(s.Activity.Relevance),
		}
		for _, t := range s.Then {
			ns.Then = append(ns.Then, oneLine(t.ID)+" "+oneLine(t.Title))
		}
		p.NextSteps = append(p.NextSteps, ns)
	}
	for _, g := range r.GoalGaps {
		p.GoalGaps = append(p.GoalGaps, fmt.Sprintf("%s is at level %s, target %s (gap %d).", oneLine(g.Goal.Name), levelOrNone(g.Goal.Score), FormatTarget(g.Goal.Target), g.Gap))
	}
	for _, it := range r.Roadmap {
		a := it.Activity
		p.Roadmap = append(p.Roadmap, htmlRow{
			ID: oneLine(a.ID), Name: oneLine(a.Title), Relevance: relevanceLabel(a.Relevance),
			Level: FormatLevel(a.Score), Target: FormatTarget(a.Target), Gap: strconv.Itoa(it.Gap),
		})
	}
}

func (r *Report) htmlActions(p *htmlPage) {
	p.OpenActions, p.OverdueActions = r.OpenActions()
	for _, ac := range r.Actions {
		state := "open"
		switch {
		case ac.Done:
			state = "done"
		case ac.Overdue:
			state = "overdue"
		}
		p.Actions = append(p.Actions, htmlAction{
			Activity: oneLine(ac.ActivityID), Text: oneLine(ac.Text), Owner: oneLine(ac.Owner), Due: oneLine(ac.Due),
			State: state, Overdue: ac.Overdue, Done: ac.Done,
		})
	}
	for _, n := range r.Notes {
		label := n.ActivityID + " " + r.ActivityTitle(n.ActivityID)
		if n.CheckpointID != "" {
			label = n.CheckpointID
		}
		p.Notes = append(p.Notes, htmlNote{Label: oneLine(label), Text: multiLine(n.Text)})
	}
	for _, e := range r.Evidence {
		p.Notes = append(p.Notes, htmlNote{Label: oneLine(e.ActivityID) + " evidence", Text: oneLine(e.Text)})
	}
}

func htmlTemplate() *template.Template {
	return template.Must(template.New("scorecard").Parse(htmlSource))
}

const htmlSource = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ggi">
<title>{{.Title}}</title>
<style>
:root { --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --bg: #ffffff;
  --lv0: #d1d9e0; --lv1: #cf222e; --lv2: #e16f24; --lv3: #bf8700; --lv4: #2da44e; --lv5: #116329; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  background: var(--bg); max-width: 64rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin-bottom: .25rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0 1rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
.overall { font-size: 1.15rem; }
.overall strong { font-size: 1.6rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { font-weight: 600; background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.id, td.nowrap { white-space: nowrap; }
.bar { font-family: ui-monospace, "DejaVu Sans Mono", monospace; letter-spacing: -1px; white-space: nowrap; }
.lv1 { color: var(--lv1); } .lv2 { color: var(--lv2); } .lv3 { color: var(--lv3); }
.lv4 { color: var(--lv4); } .lv5 { color: var(--lv5); } .lv0 { color: var(--muted); }
svg .fill.lv0 { fill: var(--lv0); } svg .fill.lv1 { fill: var(--lv1); } svg .fill.lv2 { fill: var(--lv2); }
svg .fill.lv3 { fill: var(--lv3); } svg .fill.lv4 { fill: var(--lv4); } svg .fill.lv5 { fill: var(--lv5); }
svg .track { fill: #eef1f4; } svg text { font: 13px system-ui, sans-serif; fill: var(--ink); }
.overdue { color: var(--lv1); font-weight: 600; }
.done { color: var(--muted); text-decoration: line-through; }
.note { white-space: pre-wrap; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--rule); padding-top: .5rem; }
@page { margin: 1.5cm; }
@media print {
  a { color: inherit; text-decoration: none; }
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; }
  table { font-size: 9pt; }
  thead { display: table-header-group; }
  tr, svg, .overall { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<dl class="meta">
<dt>Team</dt><dd>{{.Team}}</dd>
{{if .Organisation}}<dt>Organisation</dt><dd>{{.Organisation}}</dd>
{{end}}{{if .Period}}<dt>Period</dt><dd>{{.Period}}</dd>
{{end}}<dt>Questionnaire</dt><dd>{{.Questionnaire}}</dd>
{{if .Facilitator}}<dt>Facilitator</dt><dd>{{.Facilitator}}</dd>
{{end}}{{if .Participants}}<dt>Participants</dt><dd>{{.Participants}}</dd>
{{end}}{{if .PreviousPeriod}}<dt>Compared with</dt><dd>{{.PreviousPeriod}}</dd>
{{end}}<dt>Assessment ID</dt><dd>{{.ID}}</dd>
{{if .Generated}}<dt>Generated</dt><dd>{{.Generated}}</dd>
{{end}}</dl>
</header>
<main>
<section>
<h2>Overall</h2>
<p class="overall">Score <strong id="overall-score">{{.Overall}}</strong> / 100 · level {{.OverallLevel}} · {{.Completion}} complete ({{.Answered}}){{if .PreviousPeriod}} · change since {{.PreviousPeriod}}: {{.OverallChange}}{{end}}</p>
<svg role="img" aria-label="Score per goal" width="{{.Chart.Width}}" height="{{.Chart.Height}}" viewBox="0 0 {{.Chart.Width}} {{.Chart.Height}}" xmlns="http://www.w3.org/2000/svg">
{{range .Chart.Bars}}<g><text x="0" y="{{.TextY}}">{{.Label}}</text><rect class="track" x="110" y="{{.Y}}" width="{{.W}}" height="22" rx="3"/><rect class="fill {{.LevelClass}}" x="110" y="{{.Y}}" width="{{.Full}}" height="22" rx="3"/><text x="418" y="{{.TextY}}">{{.Value}}</text></g>
{{end}}</svg>
<p>Scores run from 0 to 100; levels are 1 Ad hoc, 2 Aware, 3 Managed, 4 Engaged and 5 Leading.</p>
</section>
<section>
<h2>Goals</h2>
<table>
<thead><tr><th>Goal</th><th class="num">Score</th><th>Level</th><th>Progress</th><th class="num">Completion</th><th>Target</th><th class="num">Change</th></tr></thead>
<tbody>
{{range .Goals}}<tr><td>{{.Name}}</td><td class="num">{{.Score}}</td><td class="{{.LevelClass}}">{{.Level}}</td><td class="bar {{.LevelClass}}">{{.Bar}}</td><td class="num">{{.Completion}}</td><td>{{.Target}}</td><td class="num">{{.Change}}</td></tr>
{{end}}</tbody>
</table>
</section>
{{if .Trend}}<section>
<h2>Trend</h2>
<table>
<thead><tr><th>Goal</th>{{range .TrendPeriods}}<th class="num">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Trend}}<tr><td>{{.Name}}</td>{{range .Scores}}<td class="num">{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
</section>
{{end}}<section>
<h2>Activities</h2>
<table>
<thead><tr><th>ID</th><th>Activity</th><th>Goal</th><th>Relevance</th><th>Status</th><th class="num">Answered</th><th class="num">Score</th><th>Level</th><th>Target</th><th class="num">Change</th></tr></thead>
<tbody>
{{range .Activities}}<tr><td class="id">{{.ID}}</td><td>{{.Name}}</td><td>{{.Goal}}</td><td>{{.Relevance}}</td><td class="nowrap">{{.Status}}</td><td class="num">{{.Answered}}</td><td class="num">{{.Score}}</td><td class="{{.LevelClass}} nowrap">{{.Level}}</td><td>{{.Target}}</td><td class="num">{{.Change}}</td></tr>
{{end}}</tbody>
</table>
</section>
<section>
<h2>Next steps</h2>
{{if .NextSteps}}<ol>
{{range .NextSteps}}<li><strong>{{.ID}} {{.Title}}</strong>: score {{.Score}} (level {{.Level}}), relevance {{.Relevance}}{{if .Then}}. Then: {{range $i, $t := .Then}}{{if $i}}; {{end}}{{$t}}{{end}}{{end}}.</li>
{{end}}</ol>
{{else}}<p>Nothing to suggest yet: no relevant activity below level 5 has a score.</p>
{{end}}</section>
<section>
<h2>Roadmap</h2>
{{if .GoalGaps}}<ul>
{{range .GoalGaps}}<li>{{.}}</li>
{{end}}</ul>
{{end}}{{if .Roadmap}}<table>
<thead><tr><th>ID</th><th>Activity</th><th>Relevance</th><th>Level now</th><th>Target</th><th class="num">Gap</th></tr></thead>
<tbody>
{{range .Roadmap}}<tr><td class="id">{{.ID}}</td><td>{{.Name}}</td><td>{{.Relevance}}</td><td>{{.Level}}</td><td>{{.Target}}</td><td class="num">{{.Gap}}</td></tr>
{{end}}</tbody>
</table>
{{else}}<p>No relevant activity is below its target level.</p>
{{end}}</section>
<section>
<h2>Action items</h2>
{{if .Actions}}<p>{{.OpenActions}} open, {{.OverdueActions}} overdue.</p>
<table>
<thead><tr><th>Activity</th><th>Action</th><th>Owner</th><th>Due</th><th>State</th></tr></thead>
<tbody>
{{range .Actions}}<tr{{if .Done}} class="done"{{end}}><td>{{.Activity}}</td><td>{{.Text}}</td><td>{{.Owner}}</td><td>{{.Due}}</td><td{{if .Overdue}} class="overdue"{{end}}>{{if .Overdue}}⚠ {{end}}{{.State}}</td></tr>
{{end}}</tbody>
</table>
{{else}}<p>No action items recorded.</p>
{{end}}</section>
{{with .Workshop}}<section>
<h2>Workshop</h2>
<dl class="meta">
<dt>Voted</dt><dd>{{.Voters}} ({{.VoterCount}})</dd>
<dt>Checkpoints voted on</dt><dd>{{.Voted}}</dd>
<dt>For discussion</dt><dd>{{len .Disputed}}</dd>
</dl>
<h3>For discussion</h3>
{{if .Disputed}}<p>{{.Intro}}</p>
<table>
<thead><tr><th>Activity</th><th>Checkpoint</th>{{range .Columns}}<th>{{.}}</th>{{end}}<th>Agreed</th><th>Spread</th></tr></thead>
<tbody>
{{range .Disputed}}<tr><td>{{.Activity}}</td><td>{{.Checkpoint}}</td>{{range .Votes}}<td>{{.}}</td>{{end}}<td>{{if .NotAgreed}}<em>{{.Agreed}}</em>{{else}}{{.Agreed}}{{end}}</td><td>{{.Spread}}</td></tr>
{{end}}</tbody>
</table>
{{else}}<p>No checkpoint shows strong disagreement.</p>
{{end}}<h3>Votes</h3>
{{if .Disputed}}<p><strong>⚠</strong> marks a checkpoint listed for discussion.</p>
{{end}}<table>
<thead><tr><th>Checkpoint</th><th>Agreed</th>{{range .Columns}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Votes}}<tr><td>{{.Checkpoint}}{{if .Disputed}} <strong>⚠</strong>{{end}}</td><td>{{if .NotAgreed}}<em>{{.Agreed}}</em>{{else}}{{.Agreed}}{{end}}</td>{{range .Votes}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
</section>
{{end}}{{if .Notes}}<section>
<h2>Notes</h2>
<dl>
{{range .Notes}}<dt>{{.Label}}</dt><dd class="note">{{.Text}}</dd>
{{end}}</dl>
</section>
{{end}}</main>
<footer>
<p>{{.Attribution}}</p>
{{if or .SourceURL .CCBy}}<p>{{if .SourceURL}}<a href="{{.SourceURL}}">{{.SourceName}}</a>{{end}}{{if and .SourceURL .CCBy}} · {{end}}{{if .CCBy}}licence: <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>{{end}}</p>
{{end}}<p>Generated by ggi.</p>
</footer>
</body>
</html>
`
