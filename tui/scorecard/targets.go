package scorecard

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
	"github.com/ggi-tool/ggi/tui/common"
)

// targetValues are bound to the goal-target form; on the heap so the
// form's pointers survive model copies.
type targetValues struct {
	ids    []string
	levels []int
}

type targetsDoneMsg struct{}

type targetsCancelledMsg struct{}

// targetsSavedMsg reports the goal targets written (or not).
type targetsSavedMsg struct{ err error }

// openTargets builds a fresh form with one level picker per goal.
func (m *Model) openTargets() tea.Cmd {
	if m.a == nil {
		return nil
	}
	tv := &targetValues{}
	opts := []huh.Option[int]{huh.NewOption("no target", 0)}
	for l := 1; l <= 5; l++ {
		opts = append(opts, huh.NewOption(fmt.Sprintf("%d %s", l, assessment.LevelName(l)), l))
	}
	for _, g := range m.q.Goals {
		tv.ids = append(tv.ids, g.ID)
		tv.levels = append(tv.levels, m.a.GoalTargets[g.ID])
	}
	fields := make([]huh.Field, 0, len(tv.ids))
	for i, g := range m.q.Goals {
		fields = append(fields, huh.NewSelect[int]().Title("Target level for "+safe.Line(g.Name)).
			Options(opts...).Value(&tv.levels[i]).Inline(true))
	}
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
	f := huh.NewForm(huh.NewGroup(fields...)).WithKeyMap(km).WithShowHelp(false).
		WithAccessible(m.c.Accessible).WithWidth(min(max(20, m.c.Width), 80))
	f.SubmitCmd = func() tea.Msg { return targetsDoneMsg{} }
	f.CancelCmd = func() tea.Msg { return targetsCancelledMsg{} }
	m.form, m.targets = f, tv
	return f.Init()
}

// saveTargets writes the goal targets in one change.
func (m *Model) saveTargets() tea.Cmd {
	tv := m.targets
	m.form, m.targets = nil, nil
	targets := make(map[string]int, len(tv.ids))
	for i, id := range tv.ids {
		if tv.levels[i] > 0 {
			targets[id] = tv.levels[i]
		}
	}
	m.busy = true
	st, id, who := m.c.Store, m.id, m.c.User
	return m.c.Serial.Do(func() tea.Msg {
		err := st.UpdateAssessment(id, func(a *assessment.Assessment) error {
			a.GoalTargets = targets
			return nil
		}, who)
		return targetsSavedMsg{err: err}
	})
}

func (m *Model) handleTargetsSaved(msg targetsSavedMsg) tea.Cmd {
	m.busy = false
	if msg.err != nil {
		return common.ReportError(fmt.Errorf("goal targets not saved: %w", msg.err))
	}
	return tea.Batch(m.c.Serial.Do(common.Load(m.c.Store, m.c.Questionnaires, m.id)), common.ReportStatus("saved goal targets"))
}

func (m *Model) updateForm(msg tea.Msg) tea.Cmd {
	f, cmd := m.form.Update(msg)
	if ff, ok := f.(*huh.Form); ok {
		m.form = ff
	}
	return cmd
}
