// Package newform is the "new assessment" screen: an embedded huh form for
// team, organisation, period, questionnaire, facilitator and participants,
// and optionally an earlier assessment to carry forward.
package newform

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
	"github.com/ggi-tool/ggi/tui/common"
	"github.com/ggi-tool/ggi/tui/components"
)

// values are bound to the form's fields; they live on the heap so the form's
// pointers stay valid however the model is copied.
type values struct {
	Team          string
	Organisation  string
	Period        string
	Questionnaire string // "id@version"
	Facilitator   string
	Participants  string
	From          string // assessment ID, "" for a fresh start
}

// Model is the new-assessment screen.
type Model struct {
	c      *common.Common
	form   *huh.Form
	v      *values
	all    []*assessment.Assessment
	loaded bool
	busy   bool
	err    error
}

// New returns the screen; Init loads the earlier assessments for "start
// from" before the form is built.
func New(c *common.Common) *Model {
	return &Model{c: c, v: &values{Period: assessment.PeriodOf(c.Now())}}
}

type listedMsg struct {
	all []*assessment.Assessment
	err error
}

type submittedMsg struct{}

type cancelledMsg struct{}

// CreatedMsg reports the new assessment; exported so tests can wait for it.
type CreatedMsg struct {
	ID  string
	Err error
}

// Init lists the assessments that can be started from.
func (m *Model) Init() tea.Cmd {
	st := m.c.Store
	return m.c.Serial.Do(func() tea.Msg {
		all, err := st.List()
		return listedMsg{all: all, err: err}
	})
}

func (m *Model) buildForm() *huh.Form {
	qs := m.c.Questionnaires.All()
	qopts := make([]huh.Option[string], 0, len(qs))
	for _, q := range qs {
		qopts = append(qopts, huh.NewOption(safe.Line(fmt.Sprintf("%s %s: %s", q.ID, q.Version, q.Title)), q.ID+"@"+q.Version))
	}
	if len(qs) > 0 {
		m.v.Questionnaire = qs[0].ID + "@" + qs[0].Version
	}
	fromOpts := []huh.Option[string]{huh.NewOption("Nothing: start with empty answers", "")}
	for _, a := range m.all {
		// One line per choice, however long the team name.
		label := fmt.Sprintf("%s %s (%s)", components.Truncate(safe.Line(a.Team), 40), safe.Line(a.Period), common.ShortID(a.ID))
		fromOpts = append(fromOpts, huh.NewOption(label, a.ID))
	}
	fields := []huh.Field{
		huh.NewInput().Title("Team").Description("Who is assessing themselves?").
			Value(&m.v.Team).Validate(common.Required("a team name")).CharLimit(80),
		huh.NewInput().Title("Organisation").Value(&m.v.Organisation).CharLimit(80),
		huh.NewInput().Title("Period").Description("Such as 2026-Q4, 2026-H1 or 2026-03").
			Value(&m.v.Period).Validate(validPeriod),
		huh.NewSelect[string]().Title("Questionnaire").Options(qopts...).Value(&m.v.Questionnaire),
		huh.NewInput().Title("Facilitator").Value(&m.v.Facilitator).CharLimit(80),
		huh.NewInput().Title("Participants").Description("Names, separated by commas").
			Value(&m.v.Participants).CharLimit(400),
	}
	if len(m.all) > 0 {
		fields = append(fields, huh.NewSelect[string]().Title("Start from").
			Description("Carry answers forward from an earlier assessment; you confirm each one").
			Options(fromOpts...).Value(&m.v.From))
	}
	km := huh.NewDefaultKeyMap()
	// esc leaves the form like every other screen; ctrl+c is the root's.
	km.Quit = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
	f := huh.NewForm(huh.NewGroup(fields...)).
		WithKeyMap(km).
		WithShowHelp(true).
		WithAccessible(m.c.Accessible).
		WithWidth(min(max(20, m.c.Width), 80)).
		WithHeight(max(5, m.c.Height))
	f.SubmitCmd = func() tea.Msg { return submittedMsg{} }
	f.CancelCmd = func() tea.Msg { return cancelledMsg{} }
	return f
}

func validPeriod(s string) error {
	s = strings.TrimSpace(s)
	if s == "" || assessment.ValidPeriod(s) {
		return nil
	}
	return errors.New("use a form such as 2026-Q4, 2026-H1 or 2026-03")
}

// Update feeds the form and turns its submission into a create command.
func (m *Model) Update(msg tea.Msg) (common.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case listedMsg:
		m.loaded, m.all, m.err = true, msg.all, msg.err
		m.form = m.buildForm()
		return m, m.form.Init()
	case submittedMsg:
		m.busy = true
		return m, m.create()
	case cancelledMsg:
		return m, common.Back()
	case CreatedMsg:
		m.busy = false
		if msg.Err != nil {
			m.err = msg.Err
			m.form = m.buildForm()
			return m, tea.Batch(m.form.Init(), common.ReportError(msg.Err))
		}
		// In sequence: the root clears the status line when it changes
		// screen, so the confirmation must come after.
		return m, tea.Sequence(
			common.Navigate(common.NavigateMsg{To: common.ScreenAnswer, AssessmentID: msg.ID, Replace: true}),
			common.ReportStatus("Created "+common.ShortID(msg.ID)+": answer with 0-3 or n, one key per checkpoint"))
	case tea.WindowSizeMsg:
		if m.form != nil {
			m.form = m.form.WithWidth(min(max(20, msg.Width), 80)).WithHeight(max(5, msg.Height))
		}
	}
	if m.form == nil || m.busy {
		return m, nil
	}
	f, cmd := m.form.Update(common.CleanKey(msg))
	if ff, ok := f.(*huh.Form); ok {
		m.form = ff
	}
	return m, cmd
}

// create builds the assessment from the form and stores it.
func (m *Model) create() tea.Cmd {
	v := *m.v
	st, qs, all := m.c.Store, m.c.Questionnaires, m.all
	return m.c.Serial.Do(func() tea.Msg {
		a, err := assemble(v, qs, all)
		if err != nil {
			return CreatedMsg{Err: err}
		}
		if err := st.Create(a); err != nil {
			return CreatedMsg{Err: fmt.Errorf("cannot create the assessment: %w", err)}
		}
		return CreatedMsg{ID: a.ID}
	})
}

func assemble(v values, qs common.QuestionnaireLookup, all []*assessment.Assessment) (*assessment.Assessment, error) {
	id, version, _ := strings.Cut(v.Questionnaire, "@")
	q, ok := qs.Get(id, version)
	if !ok {
		return nil, fmt.Errorf("no questionnaire %s %s", id, version)
	}
	period := strings.TrimSpace(v.Period)
	a := &assessment.Assessment{}
	if v.From != "" {
		prev, err := common.Resolve(all, v.From)
		if err != nil {
			return nil, err
		}
		if prev.Questionnaire.ID != q.ID || prev.Questionnaire.Version != q.Version {
			return nil, fmt.Errorf("%s %s was answered under %s; pick that questionnaire to carry it forward", prev.Team, prev.Period, prev.Questionnaire)
		}
		a = assessment.CarryForward(prev, period)
	}
	a.Team = strings.TrimSpace(v.Team)
	a.Organisation = strings.TrimSpace(v.Organisation)
	a.Period = period
	a.Facilitator = strings.TrimSpace(v.Facilitator)
	a.Participants = splitNames(v.Participants)
	a.Questionnaire = assessment.QuestionnaireRef{ID: q.ID, Version: q.Version}
	return a, nil
}

func splitNames(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Capturing is true: the form needs q, esc and ? as text.
func (m *Model) Capturing() bool { return true }

// Busy is true while the new assessment is being written.
func (m *Model) Busy() bool { return m.busy }

// ShortHelp lists the form's main keys (huh draws its own too).
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{
		common.Bind("enter", "next", "enter"),
		common.Bind("shift+tab", "previous", "shift+tab"),
		common.Bind("esc", "cancel", "esc"),
	}
}

// FullHelp lists the form's keys.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// View draws the form.
func (m *Model) View() string {
	st := m.c.Styles
	if !m.loaded || m.form == nil {
		return st.Muted.Render("Preparing the form…")
	}
	if m.busy {
		return st.Muted.Render("Creating the assessment…")
	}
	head := st.Heading.Render("New assessment")
	if m.err != nil {
		head += "\n" + st.ErrorBar.Render("✗ "+safe.Line(m.err.Error()))
	}
	return head + "\n\n" + m.form.View()
}
