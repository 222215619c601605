package tui

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/huh"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
	"github.com/ggi-tool/ggi/tui/common"
)

// RunAccessible is the line-based interface for screen readers: plain
// prompts (huh's accessible mode) to pick or create an assessment, then one
// question per line, one answer per line, each saved before "saved" prints.
func RunAccessible(in io.Reader, out io.Writer, o Options) error {
	r := &byteReader{r: in}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	s := &accessible{in: r, out: out, o: o, now: now}
	id := o.OpenID
	if id == "" {
		var err error
		if id, err = s.choose(); err != nil || id == "" {
			return err
		}
	}
	return s.answer(id)
}

// byteReader hands out one byte per Read, so each prompt's line scanner
// takes exactly one line and leaves the rest for the next prompt.
type byteReader struct{ r io.Reader }

func (b *byteReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return b.r.Read(p[:1])
}

type accessible struct {
	in  *byteReader
	out io.Writer
	o   Options
	now func() time.Time
}

func (s *accessible) printf(format string, args ...any) {
	_, _ = fmt.Fprintf(s.out, format, args...)
}

// readLine reads one line; io.EOF ends the session.
func (s *accessible) readLine() (string, error) {
	var b strings.Builder
	buf := make([]byte, 1)
	for {
		n, err := s.in.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				return strings.TrimSpace(b.String()), nil
			}
			b.WriteByte(buf[0])
		}
		if err != nil {
			if b.Len() > 0 && errors.Is(err, io.EOF) {
				return strings.TrimSpace(b.String()), nil
			}
			return "", err
		}
	}
}

// choose offers the assessments and "new"; it returns the chosen ID.
func (s *accessible) choose() (string, error) {
	all, err := s.o.Store.List()
	if err != nil {
		return "", fmt.Errorf("cannot list assessments: %w", err)
	}
	opts := []huh.Option[string]{huh.NewOption("Start a new assessment", "")}
	for _, a := range all {
		opts = append(opts, huh.NewOption(safe.Line(fmt.Sprintf("%s %s (%s)", a.Team, a.Period, common.ShortID(a.ID))), a.ID))
	}
	var id string
	f := huh.NewForm(huh.NewGroup(huh.NewSelect[string]().Title("Which assessment?").Options(opts...).Value(&id))).
		WithAccessible(true).WithInput(s.in).WithOutput(s.out)
	if err := f.Run(); err != nil {
		return "", accessibleErr(err)
	}
	if id != "" {
		return id, nil
	}
	return s.create()
}

func accessibleErr(err error) error {
	if errors.Is(err, huh.ErrUserAborted) || errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

func (s *accessible) create() (string, error) {
	var team, org, period, facilitator, participants string
	period = assessment.PeriodOf(s.now())
	q, ok := s.o.Questionnaires.Latest("ggi")
	if !ok {
		all := s.o.Questionnaires.All()
		if len(all) == 0 {
			return "", errors.New("no questionnaire is loaded")
		}
		q = all[0]
	}
	f := huh.NewForm(huh.NewGroup(
		huh.NewInput().Title("Team").Value(&team).Validate(func(v string) error {
			if strings.TrimSpace(v) == "" {
				return errors.New("please give a team name")
			}
			return nil
		}),
		huh.NewInput().Title("Organisation").Value(&org),
		huh.NewInput().Title("Period, such as "+period).Value(&period).Validate(func(v string) error {
			if v != "" && !assessment.ValidPeriod(strings.TrimSpace(v)) {
				return errors.New("use a form such as 2026-Q4")
			}
			return nil
		}),
		huh.NewInput().Title("Facilitator").Value(&facilitator),
		huh.NewInput().Title("Participants, separated by commas").Value(&participants),
	)).WithAccessible(true).WithInput(s.in).WithOutput(s.out)
	if err := f.Run(); err != nil {
		return "", accessibleErr(err)
	}
	a := &assessment.Assessment{
		Team: strings.TrimSpace(team), Organisation: strings.TrimSpace(org), Period: strings.TrimSpace(period),
		Facilitator: strings.TrimSpace(facilitator), Questionnaire: assessment.QuestionnaireRef{ID: q.ID, Version: q.Version},
	}
	for _, p := range strings.Split(participants, ",") {
		if p = strings.TrimSpace(p); p != "" {
			a.Participants = append(a.Participants, p)
		}
	}
	if err := s.o.Store.Create(a); err != nil {
		return "", fmt.Errorf("cannot create the assessment: %w", err)
	}
	s.printf("Created assessment %s for %s, %s.\n", a.ID, safe.Line(a.Team), safe.Line(a.Period))
	return a.ID, nil
}

// answer walks the open checkpoints one line at a time.
func (s *accessible) answer(id string) error {
	a, err := s.o.Store.Get(id)
	if err != nil {
		return fmt.Errorf("cannot open assessment %s: %w", id, err)
	}
	q, ok := s.o.Questionnaires.Get(a.Questionnaire.ID, a.Questionnaire.Version)
	if !ok {
		return fmt.Errorf("questionnaire %s is not loaded", a.Questionnaire)
	}
	s.printf("Answering %s, %s. For each checkpoint type 0 not yet, 1 partly, 2 largely, 3 fully, n not applicable; "+
		"c to write a note on it; press enter to skip or confirm a carried-over answer; type q to stop. "+
		"After each activity you can add notes, evidence and action items. Every answer is saved at once.\n",
		safe.Line(a.Team), safe.Line(a.Period))
	for i := range q.Activities {
		act := &q.Activities[i]
		if st := a.Activity(act.ID); st != nil && st.Relevance == assessment.RelevanceNone {
			continue
		}
		skip, stop, err := s.relevance(a, act)
		if err != nil || stop {
			return err
		}
		if skip {
			continue
		}
		asked := false
		for j := range act.Checkpoints {
			did, stop, err := s.ask(q, a, act, j)
			if err != nil || stop {
				return err
			}
			asked = asked || did
		}
		if asked {
			if stop, err := s.activityExtras(a, act); err != nil || stop {
				return err
			}
		}
	}
	sc := assessment.ScoreAssessment(q, a)
	s.printf("All checkpoints visited. %.0f%% answered.", sc.Overall.Completion)
	if sc.Overall.Valid {
		s.printf(" Overall score %.1f, level %d %s.", sc.Overall.Value, sc.Overall.Level, assessment.LevelName(sc.Overall.Level))
	}
	s.printf("\n")
	return nil
}

// relevance asks the opportunity question of an activity that has open
// checkpoints and no relevance yet; skip is true for "not relevant".
func (s *accessible) relevance(a *assessment.Assessment, act *assessment.Activity) (skip, stop bool, err error) {
	if st := a.Activity(act.ID); st != nil && st.Relevance != assessment.RelevanceUnset {
		return false, false, nil
	}
	open := false
	for _, c := range act.Checkpoints {
		if ca := a.AnswerOf(act.ID, c.ID); ca == nil || !ca.Answer.Answered() || ca.CarriedOver {
			open = true
		}
	}
	if !open {
		return false, false, nil
	}
	s.printf("\nActivity %s: %s.\n%s\nRelevant for us? %s\n", act.ID, safe.Line(act.Title), safe.Line(act.Summary), safe.Line(act.Opportunity))
	for {
		s.printf("Type h high, m medium, l low, x not relevant, or press enter to keep medium: ")
		line, err := s.readLine()
		if err != nil {
			return false, true, accessibleErr(err)
		}
		var r assessment.Relevance
		switch strings.ToLower(line) {
		case "":
			return false, false, nil
		case "q", "quit":
			return false, true, nil
		case "h", "high":
			r = assessment.RelevanceHigh
		case "m", "medium":
			r = assessment.RelevanceMedium
		case "l", "low":
			r = assessment.RelevanceLow
		case "x", "none", "not relevant":
			r = assessment.RelevanceNone
		default:
			continue
		}
		if err := s.o.Store.UpdateActivity(a.ID, act.ID, func(st *assessment.ActivityState) error {
			st.Relevance = r
			return nil
		}, s.o.User); err != nil {
			s.printf("Not saved: %s\n", safe.Line(err.Error()))
			continue
		}
		a.EnsureActivity(act.ID).Relevance = r
		s.printf("Saved: relevance %s.\n", r)
		return r == assessment.RelevanceNone, false, nil
	}
}

// ask puts one checkpoint; asked is false when it already had an answer,
// stop is true when the user typed q or input ended.
func (s *accessible) ask(q *assessment.Questionnaire, a *assessment.Assessment, act *assessment.Activity, j int) (asked, stop bool, err error) {
	cp := &act.Checkpoints[j]
	ca := a.AnswerOf(act.ID, cp.ID)
	if ca != nil && ca.Answer.Answered() && !ca.CarriedOver {
		return false, false, nil
	}
	sc := assessment.ScoreAssessment(q, a)
	goal := act.Goal
	if g, ok := q.Goal(act.Goal); ok {
		goal = g.Name
	}
	s.printf("\n%s, %s, checkpoint %d of %d, %.0f%% done. %s\n%s\n", safe.Line(goal), act.ID, j+1, len(act.Checkpoints),
		sc.Overall.Completion, safe.Line(act.Title), safe.Line(cp.Text))
	if ca != nil && ca.CarriedOver {
		s.printf("Carried over from the last period: %s. Press enter to confirm it.\n", ca.Answer.Label())
	}
	if ca != nil && ca.Note != "" {
		s.printf("Note: %s\n", safe.Line(ca.Note))
	}
	for {
		s.printf("Answer: ")
		line, err := s.readLine()
		if err != nil {
			return true, true, accessibleErr(err)
		}
		var ans assessment.Answer
		switch lower := strings.ToLower(line); {
		case lower == "q" || lower == "quit":
			return true, true, nil
		case lower == "c" || lower == "note":
			if stop, err := s.checkpointNote(a, act, cp); err != nil || stop {
				return true, true, err
			}
			ca = a.AnswerOf(act.ID, cp.ID)
			continue
		case line == "" && ca != nil && ca.CarriedOver:
			ans = ca.Answer
		case line == "":
			return true, false, nil
		default:
			ans, err = assessment.ParseAnswer(lower)
			if err != nil || ans == assessment.Unanswered {
				s.printf("Please type 0, 1, 2, 3 or n, c for a note, enter to skip, or q to stop.\n")
				continue
			}
		}
		next := assessment.CheckpointAnswer{Answer: ans}
		if ca != nil {
			next.Note, next.Votes = ca.Note, ca.Votes
		}
		if s.saveAnswer(a, act.ID, cp.ID, next) {
			return true, false, nil
		}
	}
}

// saveAnswer writes one answer and reports it; the first answer of an
// activity nobody has started moves it to in progress first, as the
// full-screen interface does. It returns false when nothing was saved.
func (s *accessible) saveAnswer(a *assessment.Assessment, actID, cpID string, ans assessment.CheckpointAnswer) bool {
	st := a.EnsureActivity(actID)
	started := ans.Answer.Answered() && st.Status.Effective() == assessment.StatusNotStarted
	if started {
		if err := s.o.Store.UpdateActivity(a.ID, actID, func(x *assessment.ActivityState) error {
			if x.Status.Effective() == assessment.StatusNotStarted {
				x.Status = assessment.StatusInProgress
			}
			return nil
		}, s.o.User); err != nil {
			s.printf("Not saved: %s\n", safe.Line(err.Error()))
			return false
		}
		st.Status = assessment.StatusInProgress
	}
	if err := s.o.Store.SaveAnswer(a.ID, actID, cpID, ans, s.o.User); err != nil {
		s.printf("Not saved: %s\n", safe.Line(err.Error()))
		return false
	}
	a.SetAnswer(actID, cpID, ans)
	if started {
		s.printf("Saved: %s. %s is now in progress.\n", ans.Answer.Label(), actID)
	} else {
		s.printf("Saved: %s.\n", ans.Answer.Label())
	}
	return true
}
