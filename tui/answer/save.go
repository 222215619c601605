package answer

import (
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/tui/common"
)

// savedMsg reports one checkpoint answer written (or not) by the store.
type savedMsg struct {
	seq                      int
	activityID, checkpointID string
	ans                      assessment.CheckpointAnswer
	old                      *assessment.CheckpointAnswer
	// started: the save also moves the activity from oldStatus to in
	// progress; statusSaved: that part was committed.
	started     bool
	statusSaved bool
	oldStatus   assessment.Status
	err         error
}

// activitySavedMsg reports an activity change written (or not).
type activitySavedMsg struct {
	seq        int
	activityID string
	what       string
	old        *assessment.ActivityState
	err        error
}

// undoneMsg reports an undo.
type undoneMsg struct {
	seq    int
	change assessment.Change
	err    error
}

// historyMsg carries the assessment's change log.
type historyMsg struct {
	changes []assessment.Change
	err     error
}

// save applies the answer locally at once, so the screen moves on without
// waiting, and writes it in a command; "saved" shows only when the store
// has committed it, and a failure puts the old answer back.
//
// The first answer of an activity nobody has started also moves its status
// to in progress, in the same command and before the answer, so that undo
// takes back the answer first. A status someone set (in progress, done,
// not selected) is never touched: the store checks it again when it writes.
func (m *Model) save(actID, cpID string, ans assessment.CheckpointAnswer, old *assessment.CheckpointAnswer) tea.Cmd {
	st := m.a.EnsureActivity(actID)
	started := ans.Answer.Answered() && st.Status.Effective() == assessment.StatusNotStarted
	var oldStatus assessment.Status
	if started {
		oldStatus, st.Status = st.Status, assessment.StatusInProgress
	}
	m.a.SetAnswer(actID, cpID, ans)
	m.sc = assessment.ScoreAssessment(m.q, m.a)
	m.saveErr = ""
	store, id, who, seq := m.c.Store, m.a.ID, m.c.User, m.issue()
	return m.c.Serial.Do(func() tea.Msg {
		msg := savedMsg{seq: seq, activityID: actID, checkpointID: cpID, ans: ans, old: old, started: started, oldStatus: oldStatus}
		if started {
			if msg.err = store.UpdateActivity(id, actID, startActivity, who); msg.err != nil {
				return msg
			}
			msg.statusSaved = true
		}
		msg.err = store.SaveAnswer(id, actID, cpID, ans, who)
		return msg
	})
}

// startActivity marks an activity in progress unless someone gave it a
// status meanwhile.
func startActivity(s *assessment.ActivityState) error {
	if s.Status.Effective() == assessment.StatusNotStarted {
		s.Status = assessment.StatusInProgress
	}
	return nil
}

func (m *Model) handleSaved(msg savedMsg) tea.Cmd {
	m.pending--
	if msg.err != nil {
		var prev assessment.CheckpointAnswer
		if msg.old != nil {
			prev = *msg.old
		}
		m.a.SetAnswer(msg.activityID, msg.checkpointID, prev)
		if msg.started && !msg.statusSaved {
			m.a.EnsureActivity(msg.activityID).Status = msg.oldStatus
		}
		m.sc = assessment.ScoreAssessment(m.q, m.a)
		m.saved = ""
		m.failed(fmt.Sprintf("not saved %s: %v", msg.checkpointID, msg.err))
		m.backTo(msg.activityID, msg.checkpointID)
		return nil
	}
	m.writeErr, m.moreErrs = "", 0
	if !m.newest(msg.seq) {
		return nil
	}
	what := msg.ans.Answer.Label()
	if msg.old != nil && msg.old.CarriedOver && msg.old.Answer == msg.ans.Answer {
		what += " (confirmed)"
	}
	oldNote := ""
	if msg.old != nil {
		oldNote = msg.old.Note
	}
	if oldNote != msg.ans.Note {
		what = "note"
	}
	m.saved = fmt.Sprintf("saved %s: %s", msg.checkpointID, what)
	if msg.started {
		m.saved += " · " + msg.activityID + " now in progress"
	}
	if msg.old == nil || !msg.old.Answer.Answered() {
		if hint := m.doneHint(msg.activityID); hint != "" {
			m.saved += " · " + hint
		}
	}
	return nil
}

// doneHint suggests marking an activity done once its last checkpoint gets
// an answer. Answers say where the team stands, not that the work is
// finished, so ggi suggests and the room decides. By then the screen has
// usually moved on to the next activity, so the hint says how to go back.
func (m *Model) doneHint(actID string) string {
	act, ok := m.q.Activity(actID)
	st := m.a.Activity(actID)
	if !ok || st == nil || st.Status.Effective() != assessment.StatusInProgress {
		return ""
	}
	for _, c := range act.Checkpoints {
		if ca := st.Checkpoints[c.ID]; ca == nil || !ca.Answer.Answered() {
			return ""
		}
	}
	if here, _ := m.here(); here != nil && here.ID == actID {
		return fmt.Sprintf("all %d answered: p marks it done", len(act.Checkpoints))
	}
	return fmt.Sprintf("%s all answered: ← then p marks it done", actID)
}

// updateActivity changes the activity locally and in the store; like save,
// a failure restores the old state.
func (m *Model) updateActivity(actID, what string, fn func(*assessment.ActivityState) error) tea.Cmd {
	st := m.a.EnsureActivity(actID)
	old := st.Clone()
	if err := fn(st); err != nil {
		m.saveErr = err.Error()
		return nil
	}
	m.sc = assessment.ScoreAssessment(m.q, m.a)
	m.saveErr = ""
	store, id, who, seq := m.c.Store, m.a.ID, m.c.User, m.issue()
	return m.c.Serial.Do(func() tea.Msg {
		err := store.UpdateActivity(id, actID, fn, who)
		return activitySavedMsg{seq: seq, activityID: actID, what: what, old: old, err: err}
	})
}

func (m *Model) handleActivitySaved(msg activitySavedMsg) tea.Cmd {
	m.pending--
	if msg.err != nil {
		cur := m.a.EnsureActivity(msg.activityID)
		msg.old.Checkpoints = cur.Checkpoints
		m.a.Activities[msg.activityID] = msg.old
		m.sc = assessment.ScoreAssessment(m.q, m.a)
		m.saved = ""
		m.failed(fmt.Sprintf("not saved %s %s: %v", msg.activityID, msg.what, msg.err))
		return nil
	}
	m.writeErr, m.moreErrs = "", 0
	if m.newest(msg.seq) {
		m.saved = fmt.Sprintf("saved %s: %s", msg.activityID, msg.what)
	}
	return nil
}

// failed records a failed write; the first one since the last success
// keeps its place in the save line, the later ones are counted.
func (m *Model) failed(text string) {
	m.saved = ""
	if m.writeErr != "" {
		m.moreErrs++
		return
	}
	m.writeErr = text
}

// backTo returns to a checkpoint whose answer was not saved, unless the
// screen is already before it: the room sees it unanswered and answers it
// again once the cause is fixed, instead of answering on into the void.
func (m *Model) backTo(actID, cpID string) {
	for i, p := range m.pos {
		act := &m.q.Activities[p.act]
		if act.ID == actID && p.item > 0 && act.Checkpoints[p.item-1].ID == cpID {
			m.cur = min(m.cur, i)
			return
		}
	}
}

// newest reports whether the write numbered seq is the newest reported
// yet, and makes it so.
func (m *Model) newest(seq int) bool {
	if seq < m.shown {
		return false
	}
	m.shown = seq
	return true
}

func undo(st assessment.Store, id, who string, seq int) func() tea.Msg {
	return func() tea.Msg {
		c, err := st.Undo(id, who)
		return undoneMsg{seq: seq, change: c, err: err}
	}
}

func (m *Model) handleUndone(msg undoneMsg) tea.Cmd {
	m.pending--
	if errors.Is(msg.err, assessment.ErrNoChange) {
		m.saveErr = "nothing to undo"
		return nil
	}
	if msg.err != nil {
		m.failed("undo failed: " + msg.err.Error())
		return nil
	}
	m.writeErr, m.moreErrs = "", 0
	m.saveErr = ""
	if m.newest(msg.seq) {
		m.saved = "undone: " + describe(msg.change)
	}
	// Reload: the store knows the restored state exactly.
	return m.c.Serial.Do(common.Load(m.c.Store, m.c.Questionnaires, m.a.ID))
}

func loadHistory(st assessment.Store, id string) func() tea.Msg {
	return func() tea.Msg {
		cs, err := st.History(id)
		return historyMsg{changes: cs, err: err}
	}
}
