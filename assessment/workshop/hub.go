package workshop

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ggi-tool/ggi/assessment"
)

// Errors the hub returns; match them with errors.Is.
var (
	// ErrClosed: the workshop session has ended.
	ErrClosed = errors.New("the workshop session has ended")
	// ErrMoved: the vote was for a checkpoint the facilitator has left, so
	// it was not recorded rather than landing on the wrong checkpoint.
	ErrMoved = errors.New("the facilitator has moved to another checkpoint; vote again")
	// ErrUnknownParticipant: the name is not one of the assessment's
	// participants.
	ErrUnknownParticipant = errors.New("not a participant of this assessment")
)

// AnswerSaver is the part of assessment.Store the hub writes through. Each
// call must commit its own transaction before it returns.
type AnswerSaver interface {
	SaveAnswer(id, activityID, checkpointID string, ans assessment.CheckpointAnswer, who string) error
}

// Position names one checkpoint of the questionnaire.
type Position struct {
	ActivityID   string
	CheckpointID string
}

// State is what every screen of a live workshop shows. A State is a
// snapshot that shares nothing with the hub; one copy goes to every
// subscriber, so its slices and maps are read-only to receivers.
type State struct {
	// Seq increases with every change, so screens can ignore stale news.
	Seq          uint64
	AssessmentID string
	// Position is the checkpoint the facilitator is on.
	Position Position
	// Answer is the current checkpoint's recorded answer and votes.
	Answer assessment.CheckpointAnswer
	// Participants are the assessment's participants, in its order.
	Participants []string
	// Online counts live connections per participant.
	Online map[string]int
	// Agreed holds the agreed answer of every answered checkpoint, by
	// checkpoint ID, for progress and the agenda.
	Agreed map[string]assessment.Answer
	// Closed is set in the last state a subscriber receives.
	Closed bool
}

// IsOnline reports whether a participant has a live connection.
func (s State) IsOnline(participant string) bool { return s.Online[participant] > 0 }

// Hub is the live state of one workshop: the checkpoint the facilitator is
// on, everybody's votes, and who is connected. Every change is saved first
// and then broadcast to all subscribers. It is safe for concurrent use.
//
// Subscribers get a channel holding at most one State: a newer state
// replaces one not yet read, so a slow or stuck terminal never holds up the
// room and never falls behind by more than the latest state.
type Hub struct {
	mu     sync.Mutex
	saver  AnswerSaver
	q      *assessment.Questionnaire
	a      *assessment.Assessment
	pos    Position
	online map[string]int
	subs   map[*subscription]struct{}
	seq    uint64
	closed bool
	now    func() time.Time
}

type subscription struct {
	ch   chan State
	once sync.Once
}

// NewHub starts a session on a copy of a, answered under q, writing every
// vote and agreed answer through saver. It starts on the first checkpoint
// without an agreed answer. now stamps saved answers; nil means time.Now.
func NewHub(saver AnswerSaver, q *assessment.Questionnaire, a *assessment.Assessment, now func() time.Time) (*Hub, error) {
	order := Order(q)
	if len(order) == 0 {
		return nil, errors.New("the questionnaire has no checkpoints")
	}
	if now == nil {
		now = time.Now
	}
	h := &Hub{
		saver:  saver,
		q:      q,
		a:      a.Clone(),
		pos:    order[0],
		online: make(map[string]int),
		subs:   make(map[*subscription]struct{}),
		now:    now,
	}
	for _, p := range order {
		if ca := h.a.AnswerOf(p.ActivityID, p.CheckpointID); ca == nil || !ca.Answer.Answered() {
			h.pos = p
			break
		}
	}
	return h, nil
}

// Order lists every checkpoint of q in the order a workshop walks through
// them: goal order, then activity order, then checkpoint order.
func Order(q *assessment.Questionnaire) []Position {
	var out []Position
	for _, g := range q.Goals {
		for _, act := range q.ActivitiesOf(g.ID) {
			for _, c := range act.Checkpoints {
				out = append(out, Position{ActivityID: act.ID, CheckpointID: c.ID})
			}
		}
	}
	return out
}

// Participant returns the assessment's spelling of name, matched without
// regard to case, so "Alice" can log in as "alice".
func (h *Hub) Participant(name string) (string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, p := range h.a.Participants {
		if strings.EqualFold(p, name) {
			return p, true
		}
	}
	return "", false
}

// Snapshot returns the current state.
func (h *Hub) Snapshot() State {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.stateLocked()
}

// Assessment returns a copy of the assessment as the hub knows it, with
// every saved vote and agreed answer.
func (h *Hub) Assessment() *assessment.Assessment {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.a.Clone()
}

// Subscribe returns a channel that holds the current state at once and then
// the latest state after every change, and a function that ends the
// subscription and closes the channel. Calling it more than once is
// harmless. When the hub closes, the channel receives a last state with
// Closed set and is closed.
func (h *Hub) Subscribe() (<-chan State, func()) {
	s := &subscription{ch: make(chan State, 1)}
	h.mu.Lock()
	defer h.mu.Unlock()
	st := h.stateLocked()
	s.ch <- st
	if h.closed {
		s.once.Do(func() { close(s.ch) })
		return s.ch, func() {}
	}
	h.subs[s] = struct{}{}
	return s.ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if _, ok := h.subs[s]; ok {
			delete(h.subs, s)
			s.once.Do(func() { close(s.ch) })
		}
	}
}

// Subscribers is the number of live subscriptions; tests use it to prove
// that a dropped connection leaves nothing behind.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Join marks a participant as connected and returns the function that marks
// them gone again (idempotent). A participant may be connected more than
// once, from two terminals say.
func (h *Hub) Join(participant string) (leave func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.online[participant]++
	h.broadcastLocked()
	var once sync.Once
	return func() {
		once.Do(func() {
			h.mu.Lock()
			defer h.mu.Unlock()
			if h.online[participant]--; h.online[participant] <= 0 {
				delete(h.online, participant)
			}
			h.broadcastLocked()
		})
	}
}

// Goto moves the room to another checkpoint. It touches only memory and
// never blocks, so the facilitator's screen may call it directly.
func (h *Hub) Goto(p Position) error {
	if err := h.known(p); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrClosed
	}
	if h.pos == p {
		return nil
	}
	h.pos = p
	h.broadcastLocked()
	return nil
}

// Vote records participant's own vote on the checkpoint at p, which must
// still be the room's current checkpoint (ErrMoved otherwise, so a key
// pressed as the facilitator moves on never lands on the next question);
// Unanswered withdraws the vote. The vote is saved (one committed
// transaction) before anyone sees it. who is recorded in the change log.
func (h *Hub) Vote(p Position, participant string, ans assessment.Answer, who string) error {
	return h.vote(p, participant, ans, who, true)
}

// RecordVote is Vote for the facilitator entering what a participant said:
// it may be for any checkpoint, as the facilitator may already have moved
// on when the save runs.
func (h *Hub) RecordVote(p Position, participant string, ans assessment.Answer, who string) error {
	return h.vote(p, participant, ans, who, false)
}

func (h *Hub) vote(p Position, participant string, ans assessment.Answer, who string, current bool) error {
	if !ans.Valid() {
		return fmt.Errorf("unknown answer %q", ans)
	}
	name, ok := h.Participant(participant)
	if !ok {
		return fmt.Errorf("%q: %w", participant, ErrUnknownParticipant)
	}
	return h.update(p, current, who, func(ca *assessment.CheckpointAnswer) {
		ca.Votes = WithVote(ca.Votes, name, ans)
	})
}

// Agree records the answer the room agreed on for the checkpoint at p (any
// checkpoint: the facilitator decides), keeping its votes and note.
func (h *Hub) Agree(p Position, ans assessment.Answer, who string) error {
	if !ans.Valid() {
		return fmt.Errorf("unknown answer %q", ans)
	}
	return h.update(p, false, who, func(ca *assessment.CheckpointAnswer) {
		ca.Answer = ans
	})
}

// update changes the answer at p through fn, saves it and broadcasts;
// current demands that p is the room's checkpoint. The lock is held across the save so that two votes arriving
// together cannot each save a copy that lacks the other.
func (h *Hub) update(p Position, current bool, who string, fn func(*assessment.CheckpointAnswer)) error {
	if err := h.known(p); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrClosed
	}
	if current && p != h.pos {
		return ErrMoved
	}
	var ca assessment.CheckpointAnswer
	if old := h.a.AnswerOf(p.ActivityID, p.CheckpointID); old != nil {
		ca = *old
		ca.Votes = slices.Clone(old.Votes)
	}
	fn(&ca)
	// The store treats any saved answer as looked at; keep the same view.
	ca.CarriedOver = false
	ca.UpdatedAt = h.now().UTC()
	ca.UpdatedBy = who
	if err := h.saver.SaveAnswer(h.a.ID, p.ActivityID, p.CheckpointID, ca, who); err != nil {
		return fmt.Errorf("saving the answer to %s: %w", p.CheckpointID, err)
	}
	h.a.SetAnswer(p.ActivityID, p.CheckpointID, ca)
	h.broadcastLocked()
	return nil
}

// Close ends the session: every subscriber receives a last state with
// Closed set and its channel is closed; later changes return ErrClosed.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	h.broadcastLocked()
	for s := range h.subs {
		s.once.Do(func() { close(s.ch) })
	}
	clear(h.subs)
}

// known reports an error unless p names a checkpoint of the questionnaire.
func (h *Hub) known(p Position) error {
	if act, ok := h.q.Activity(p.ActivityID); ok {
		for i := range act.Checkpoints {
			if act.Checkpoints[i].ID == p.CheckpointID {
				return nil
			}
		}
	}
	return fmt.Errorf("no checkpoint %s in activity %s", p.CheckpointID, p.ActivityID)
}

func (h *Hub) stateLocked() State {
	st := State{
		Seq:          h.seq,
		AssessmentID: h.a.ID,
		Position:     h.pos,
		Participants: slices.Clone(h.a.Participants),
		Online:       maps.Clone(h.online),
		Agreed:       make(map[string]assessment.Answer),
		Closed:       h.closed,
	}
	if ca := h.a.AnswerOf(h.pos.ActivityID, h.pos.CheckpointID); ca != nil {
		st.Answer = *ca
		st.Answer.Votes = slices.Clone(ca.Votes)
	}
	for _, act := range h.a.Activities {
		for id, ca := range act.Checkpoints {
			if ca.Answer.Answered() {
				st.Agreed[id] = ca.Answer
			}
		}
	}
	return st
}

// broadcastLocked hands the new state to every subscriber without waiting:
// an unread older state is replaced. Only the hub sends, and only under its
// lock, so after the drain there is always room.
func (h *Hub) broadcastLocked() {
	h.seq++
	st := h.stateLocked()
	for s := range h.subs {
		select {
		case <-s.ch:
		default:
		}
		s.ch <- st
	}
}
