// Package answer is the answering screen: one activity at a time, its
// relevance question and then each checkpoint, answered with one keypress
// that saves through the store and moves on. Notes, evidence, status,
// target level, action items, the change log and undo live here too, since
// a quarterly review touches them while walking the checkpoints.
package answer

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
	"github.com/ggi-tool/ggi/tui/common"
)

// Start says where answering begins.
type Start struct {
	AssessmentID string
	ActivityID   string // "" resumes at the first unanswered checkpoint
	Unanswered   bool   // visit only open checkpoints
}

// mode is what has the keyboard.
type mode int

const (
	modeWalk mode = iota
	modeForm
	modeActions
	modeHistory
)

// Model is the answering screen.
type Model struct {
	c     *common.Common
	keys  KeyMap
	pkeys panelKeys
	start Start

	a      *assessment.Assessment
	q      *assessment.Questionnaire
	loaded bool
	err    error
	today  time.Time

	pos []position
	cur int
	sc  assessment.Scorecard

	pending int
	// issued numbers each write; shown is the number of the newest one the
	// save line reports, so replies arriving out of order never show an
	// older save as the latest.
	issued, shown int
	saved         string // last confirmed save, shown only once the store said so
	saveErr       string
	// writeErr is the last failed write. It stays until a write succeeds,
	// so a room answering on does not miss that the file stopped taking
	// answers.
	writeErr string
	moreErrs int // failed writes after the one writeErr names

	mode      mode
	form      *huh.Form
	formKind  formKind
	fv        *formValues
	actCursor int
	history   []historyLine
	histErr   error
}

// New returns the screen; Init loads the assessment.
func New(c *common.Common, s Start) *Model {
	return &Model{c: c, keys: DefaultKeyMap(), pkeys: defaultPanelKeys(), start: s}
}

// Init loads the assessment.
func (m *Model) Init() tea.Cmd {
	return m.c.Serial.Do(common.Load(m.c.Store, m.c.Questionnaires, m.start.AssessmentID))
}

// Update routes messages to small handlers.
func (m *Model) Update(msg tea.Msg) (common.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.LoadedMsg:
		return m, m.handleLoaded(msg)
	case savedMsg:
		return m, m.handleSaved(msg)
	case activitySavedMsg:
		return m, m.handleActivitySaved(msg)
	case undoneMsg:
		return m, m.handleUndone(msg)
	case historyMsg:
		m.showHistory(msg)
		return m, nil
	case tea.WindowSizeMsg:
		if m.form != nil {
			// An open form follows the window, so a resize mid-note
			// does not cut what the room is typing.
			m.form = m.form.WithWidth(formWidth(msg.Width))
			return m, m.updateForm(msg)
		}
		return m, nil
	case formDoneMsg:
		return m, m.submitForm()
	case formCancelledMsg:
		m.mode, m.form = m.formReturn(), nil
		return m, nil
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	}
	if m.mode == modeForm && m.form != nil {
		return m, m.updateForm(msg)
	}
	return m, nil
}

func (m *Model) handleLoaded(msg common.LoadedMsg) tea.Cmd {
	m.loaded = true
	if msg.Err != nil {
		m.err = msg.Err
		return nil
	}
	m.today = m.c.Now()
	reload := m.a != nil
	m.a, m.q = msg.Assessment, msg.Questionnaire
	m.sc = assessment.ScoreAssessment(m.q, m.a)
	if reload {
		return nil // after undo: keep the walk and the place
	}
	m.pos = walk(m.q, m.a, m.start.Unanswered)
	m.cur = resume(m.q, m.a, m.pos, m.start.ActivityID)
	if m.start.Unanswered && len(m.pos) == 0 {
		m.saved = "nothing left to answer or confirm"
	}
	return nil
}

// here returns the current activity and checkpoint (nil on the relevance
// question).
func (m *Model) here() (*assessment.Activity, *assessment.Checkpoint) {
	if len(m.pos) == 0 {
		return nil, nil
	}
	p := m.pos[m.cur]
	act := &m.q.Activities[p.act]
	if p.item == 0 {
		return act, nil
	}
	return act, &act.Checkpoints[p.item-1]
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	if !m.loaded || m.err != nil || len(m.pos) == 0 {
		return nil
	}
	switch m.mode {
	case modeForm:
		return m.updateForm(msg)
	case modeActions:
		return m.handleActionsKey(msg)
	case modeHistory:
		if key.Matches(msg, m.pkeys.Close, m.keys.History) {
			m.mode = modeWalk
		}
		return nil
	}
	if cmd, ok := m.handleAnswerKey(msg); ok {
		return cmd
	}
	if cmd, ok := m.handleMoveKey(msg); ok {
		return cmd
	}
	return m.handleActivityKey(msg)
}

// handleAnswerKey handles 0-3, n, clear and enter on a checkpoint.
func (m *Model) handleAnswerKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := m.keys
	var ans assessment.Answer
	switch {
	case key.Matches(msg, k.NotYet):
		ans = assessment.NotYet
	case key.Matches(msg, k.Partly):
		ans = assessment.Partly
	case key.Matches(msg, k.Largely):
		ans = assessment.Largely
	case key.Matches(msg, k.Fully):
		ans = assessment.Fully
	case key.Matches(msg, k.NotApplicable):
		ans = assessment.NotApplicable
	case key.Matches(msg, k.Clear):
		return m.answer(assessment.Unanswered, false), true
	case key.Matches(msg, k.Confirm):
		return m.confirm(), true
	default:
		return nil, false
	}
	return m.answer(ans, true), true
}

// answer records ans for the current checkpoint and, if advance, moves on.
// A carried-over answer given again is thereby confirmed.
func (m *Model) answer(ans assessment.Answer, advance bool) tea.Cmd {
	act, cp := m.here()
	if cp == nil {
		m.saveErr = "this is the relevance question: press h, m, l or x (not relevant)"
		return nil
	}
	var old *assessment.CheckpointAnswer
	next := assessment.CheckpointAnswer{Answer: ans}
	if o := m.a.AnswerOf(act.ID, cp.ID); o != nil {
		c := *o
		old = &c
		next.Note, next.Votes = o.Note, o.Votes
	}
	cmd := m.save(act.ID, cp.ID, next, old)
	if advance {
		m.advance()
	}
	return cmd
}

// advance moves on after an answer. It passes over the relevance question
// of an activity whose relevance is already set (a quarterly review, say),
// so a room answering at one key a checkpoint does not lose a keypress on
// it; j and k still stop there.
func (m *Model) advance() {
	m.move(1)
	for m.cur < len(m.pos)-1 && m.pos[m.cur].item == 0 {
		act := &m.q.Activities[m.pos[m.cur].act]
		st := m.a.Activity(act.ID)
		if st == nil || st.Relevance == assessment.RelevanceUnset || st.Relevance == assessment.RelevanceNone {
			return
		}
		m.move(1)
	}
}

// confirm accepts a carried-over answer as it is, or just moves on.
func (m *Model) confirm() tea.Cmd {
	act, cp := m.here()
	if cp == nil {
		m.move(1)
		return nil
	}
	if ca := m.a.AnswerOf(act.ID, cp.ID); ca != nil && ca.CarriedOver {
		return m.answer(ca.Answer, true)
	}
	m.advance()
	return nil
}

func (m *Model) handleMoveKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Next):
		m.move(1)
	case key.Matches(msg, k.Prev):
		m.move(-1)
	case key.Matches(msg, k.NextActivity):
		m.jumpActivity(1)
	case key.Matches(msg, k.PrevActivity):
		m.jumpActivity(-1)
	case key.Matches(msg, k.Overview):
		return common.Navigate(common.NavigateMsg{To: common.ScreenOverview, AssessmentID: m.a.ID, Replace: true}), true
	case key.Matches(msg, k.Scorecard):
		return common.Navigate(common.NavigateMsg{To: common.ScreenScorecard, AssessmentID: m.a.ID}), true
	default:
		return nil, false
	}
	return nil, true
}

func (m *Model) move(d int) {
	n := m.cur + d
	if n >= len(m.pos) {
		m.saveErr = ""
		m.saved = "that was the last checkpoint: press s for the scorecard"
		return
	}
	m.cur = max(0, n)
}

func (m *Model) jumpActivity(d int) {
	act := m.pos[m.cur].act
	i := m.cur
	for i >= 0 && i < len(m.pos) && m.pos[i].act == act {
		i += d
	}
	if i < 0 || i >= len(m.pos) {
		return
	}
	if d < 0 {
		// Land on the first stop of the previous activity.
		target := m.pos[i].act
		for i > 0 && m.pos[i-1].act == target {
			i--
		}
	}
	m.cur = i
}

// handleActivityKey handles the keys that change the activity as a whole.
func (m *Model) handleActivityKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.High):
		return m.setRelevance(assessment.RelevanceHigh)
	case key.Matches(msg, k.Medium):
		return m.setRelevance(assessment.RelevanceMedium)
	case key.Matches(msg, k.Low):
		return m.setRelevance(assessment.RelevanceLow)
	case key.Matches(msg, k.None):
		return m.setRelevance(assessment.RelevanceNone)
	case key.Matches(msg, k.Status):
		return m.cycleStatus()
	case key.Matches(msg, k.Target):
		return m.cycleTarget()
	case key.Matches(msg, k.Note):
		return m.openForm(formNote)
	case key.Matches(msg, k.Evidence):
		return m.openForm(formEvidence)
	case key.Matches(msg, k.Actions):
		m.mode, m.actCursor = modeActions, 0
	case key.Matches(msg, k.History):
		m.mode, m.history, m.histErr = modeHistory, nil, nil
		return m.c.Serial.Do(loadHistory(m.c.Store, m.a.ID))
	case key.Matches(msg, k.Undo):
		return m.c.Serial.Do(undo(m.c.Store, m.a.ID, m.c.User, m.issue()))
	}
	return nil
}

func (m *Model) setRelevance(r assessment.Relevance) tea.Cmd {
	act, cp := m.here()
	cmd := m.updateActivity(act.ID, "relevance "+string(r), func(s *assessment.ActivityState) error {
		s.Relevance = r
		return nil
	})
	if cp == nil {
		if r == assessment.RelevanceNone {
			m.jumpActivity(1)
		} else {
			m.move(1)
		}
	}
	return cmd
}

func (m *Model) cycleStatus() tea.Cmd {
	act, _ := m.here()
	cur := assessment.StatusNotStarted
	if st := m.a.Activity(act.ID); st != nil {
		cur = st.Status.Effective()
	}
	order := []assessment.Status{assessment.StatusNotStarted, assessment.StatusInProgress, assessment.StatusDone, assessment.StatusNotSelected}
	next := order[0]
	for i, s := range order {
		if s == cur {
			next = order[(i+1)%len(order)]
		}
	}
	return m.updateActivity(act.ID, "status "+next.Label(), func(s *assessment.ActivityState) error {
		s.Status = next
		return nil
	})
}

func (m *Model) cycleTarget() tea.Cmd {
	act, _ := m.here()
	t := 0
	if st := m.a.Activity(act.ID); st != nil {
		t = st.TargetLevel
	}
	t = (t + 1) % 6
	what := "no target level"
	if t > 0 {
		what = fmt.Sprintf("target level %d %s", t, assessment.LevelName(t))
	}
	return m.updateActivity(act.ID, what, func(s *assessment.ActivityState) error {
		s.TargetLevel = t
		return nil
	})
}

// Capturing is true while a form or panel has the keyboard.
func (m *Model) Capturing() bool { return m.mode != modeWalk }

// Busy is true while a save has not reported back.
func (m *Model) Busy() bool { return m.pending > 0 }

// issue books one more write on its way to the store and returns its
// number, which its reply carries back.
func (m *Model) issue() int {
	m.pending++
	m.issued++
	return m.issued
}

// ShortHelp lists the keys that work right now.
func (m *Model) ShortHelp() []key.Binding {
	k := m.keys
	switch m.mode {
	case modeForm:
		return []key.Binding{common.Bind("enter", "save", "enter"), common.Bind("esc", "cancel", "esc")}
	case modeActions:
		p := m.pkeys
		return []key.Binding{p.Add, p.Edit, p.Done, p.Reassign, p.Close}
	case modeHistory:
		return []key.Binding{m.pkeys.Close}
	}
	if _, cp := m.here(); cp == nil && m.loaded {
		return []key.Binding{k.High, k.Medium, k.Low, k.None, k.Confirm, k.Next, k.Note}
	}
	return []key.Binding{
		common.Bind("0-3", "answer", "0", "1", "2", "3"), k.NotApplicable, k.Clear,
		k.Next, k.Prev, k.Note, k.Actions, k.Undo,
	}
}

// FullHelp lists every key of the screen.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.NotYet, k.Partly, k.Largely, k.Fully, k.NotApplicable, k.Clear, k.Confirm},
		{k.Next, k.Prev, k.NextActivity, k.PrevActivity, k.Overview, k.Scorecard},
		{k.High, k.Medium, k.Low, k.None, k.Status, k.Target},
		{k.Note, k.Evidence, k.Actions, k.History, k.Undo},
	}
}

// label is a user-written string made safe for one terminal line.
func label(s string) string { return safe.Line(s) }
