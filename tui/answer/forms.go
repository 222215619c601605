package answer

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
	"github.com/ggi-tool/ggi/tui/common"
)

// formKind says what an open form edits.
type formKind int

const (
	formNote formKind = iota
	formEvidence
	formActionAdd
	formActionEdit
	formReassign
)

// formValues are bound to the open form's fields; on the heap so the
// form's pointers survive model copies.
type formValues struct {
	Text  string
	Owner string
	Due   string
	index int // action being edited
}

type formDoneMsg struct{}

type formCancelledMsg struct{}

// openForm builds a fresh huh form for one edit.
func (m *Model) openForm(kind formKind) tea.Cmd {
	act, cp := m.here()
	st := m.a.Activity(act.ID)
	m.fv = &formValues{index: m.actCursor}
	var fields []huh.Field
	switch kind {
	case formNote:
		title := "Note on " + act.ID
		if cp != nil {
			title = "Note on " + cp.ID
			if ca := m.a.AnswerOf(act.ID, cp.ID); ca != nil {
				m.fv.Text = safe.Terminal(ca.Note)
			}
		} else if st != nil {
			m.fv.Text = safe.Terminal(st.Notes)
		}
		fields = append(fields, huh.NewText().Title(title).Description("What the room said; ctrl+j or alt+enter for a new line").
			Value(&m.fv.Text).CharLimit(4000).Lines(4))
	case formEvidence:
		fields = append(fields, huh.NewInput().Title("Evidence for "+act.ID).
			Description("A link or a document reference that shows it").Value(&m.fv.Text).
			Validate(common.Required("a link or reference")).CharLimit(500))
	case formActionAdd, formActionEdit:
		if kind == formActionEdit && st != nil && m.actCursor < len(st.Actions) {
			a := st.Actions[m.actCursor]
			// Imported text may hold anything; the form echoes it.
			m.fv.Text, m.fv.Owner, m.fv.Due = label(a.Text), label(a.Owner), label(a.Due)
		}
		fields = append(fields,
			huh.NewInput().Title("Action").Value(&m.fv.Text).Validate(common.Required("what needs doing")).CharLimit(300),
			huh.NewInput().Title("Owner").Value(&m.fv.Owner).CharLimit(80),
			huh.NewInput().Title("Due").Description("YYYY-MM-DD, or empty").Value(&m.fv.Due).Validate(validDate))
	case formReassign:
		if st == nil || m.actCursor >= len(st.Actions) {
			return nil
		}
		m.fv.Owner = label(st.Actions[m.actCursor].Owner)
		fields = append(fields, huh.NewInput().Title("New owner of: "+label(st.Actions[m.actCursor].Text)).
			Value(&m.fv.Owner).CharLimit(80))
	}
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
	f := huh.NewForm(huh.NewGroup(fields...)).
		WithKeyMap(km).
		WithShowHelp(false).
		WithAccessible(m.c.Accessible).
		WithWidth(formWidth(m.c.Width))
	f.SubmitCmd = func() tea.Msg { return formDoneMsg{} }
	f.CancelCmd = func() tea.Msg { return formCancelledMsg{} }
	m.form, m.formKind, m.mode = f, kind, modeForm
	return f.Init()
}

// formWidth is a form's width in a screen w cells wide: all of it, up to
// a comfortable line length.
func formWidth(w int) int { return min(max(20, w), 90) }

func validDate(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return errors.New("use YYYY-MM-DD, such as 2027-01-31")
	}
	return nil
}

func (m *Model) updateForm(msg tea.Msg) tea.Cmd {
	f, cmd := m.form.Update(common.CleanKey(msg))
	if ff, ok := f.(*huh.Form); ok {
		m.form = ff
	}
	return cmd
}

// formReturn is the mode to go back to when a form closes.
func (m *Model) formReturn() mode {
	switch m.formKind {
	case formActionAdd, formActionEdit, formReassign:
		return modeActions
	}
	return modeWalk
}

// submitForm turns the submitted form into a store write.
func (m *Model) submitForm() tea.Cmd {
	v := *m.fv
	kind := m.formKind
	m.mode, m.form = m.formReturn(), nil
	act, cp := m.here()
	switch kind {
	case formNote:
		if cp != nil {
			return m.saveNote(act.ID, cp.ID, v.Text)
		}
		text := v.Text
		return m.updateActivity(act.ID, "notes", func(s *assessment.ActivityState) error {
			s.Notes = text
			return nil
		})
	case formEvidence:
		link := strings.TrimSpace(v.Text)
		return m.updateActivity(act.ID, "evidence added", func(s *assessment.ActivityState) error {
			s.Evidence = append(slices.Clone(s.Evidence), link)
			return nil
		})
	case formActionAdd:
		a := assessment.Action{Text: strings.TrimSpace(v.Text), Owner: strings.TrimSpace(v.Owner), Due: strings.TrimSpace(v.Due)}
		return m.updateActivity(act.ID, "action added", func(s *assessment.ActivityState) error {
			s.Actions = append(slices.Clone(s.Actions), a)
			return nil
		})
	case formActionEdit:
		return m.editAction(act.ID, v.index, "action changed", func(a *assessment.Action) {
			a.Text, a.Owner, a.Due = strings.TrimSpace(v.Text), strings.TrimSpace(v.Owner), strings.TrimSpace(v.Due)
		})
	case formReassign:
		owner := strings.TrimSpace(v.Owner)
		return m.editAction(act.ID, v.index, "action reassigned to "+owner, func(a *assessment.Action) { a.Owner = owner })
	}
	return nil
}

func (m *Model) saveNote(actID, cpID, note string) tea.Cmd {
	var old *assessment.CheckpointAnswer
	next := assessment.CheckpointAnswer{Note: note}
	if o := m.a.AnswerOf(actID, cpID); o != nil {
		c := *o
		old = &c
		next = c
		next.Note = note
	}
	return m.save(actID, cpID, next, old)
}

// editAction changes action i of an activity. The text it had is checked
// again in the store's transaction, so an edit never lands on another item.
func (m *Model) editAction(actID string, i int, what string, change func(*assessment.Action)) tea.Cmd {
	st := m.a.Activity(actID)
	if st == nil || i < 0 || i >= len(st.Actions) {
		return nil
	}
	want := st.Actions[i].Text
	return m.updateActivity(actID, what, func(s *assessment.ActivityState) error {
		if i >= len(s.Actions) || s.Actions[i].Text != want {
			return errors.New("the action list changed meanwhile; reopen it")
		}
		s.Actions = slices.Clone(s.Actions)
		change(&s.Actions[i])
		return nil
	})
}

// handleActionsKey handles the action-item panel.
func (m *Model) handleActionsKey(msg tea.KeyMsg) tea.Cmd {
	p := m.pkeys
	act, _ := m.here()
	n := 0
	if st := m.a.Activity(act.ID); st != nil {
		n = len(st.Actions)
	}
	switch {
	case key.Matches(msg, p.Close):
		m.mode = modeWalk
	case key.Matches(msg, p.Up):
		m.actCursor = max(0, m.actCursor-1)
	case key.Matches(msg, p.Down):
		m.actCursor = max(0, min(n-1, m.actCursor+1))
	case key.Matches(msg, p.Add):
		return m.openForm(formActionAdd)
	case n == 0:
		return nil
	case key.Matches(msg, p.Edit):
		return m.openForm(formActionEdit)
	case key.Matches(msg, p.Reassign):
		return m.openForm(formReassign)
	case key.Matches(msg, p.Done):
		done := !m.a.Activity(act.ID).Actions[m.actCursor].Done
		what := "action done"
		if !done {
			what = "action reopened"
		}
		return m.editAction(act.ID, m.actCursor, what, func(a *assessment.Action) { a.Done = done })
	}
	return nil
}
