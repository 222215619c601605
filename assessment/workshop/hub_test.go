package workshop

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ggi-tool/ggi/assessment"
)

// memSaver records every save, like a store that commits each call.
type memSaver struct {
	mu    sync.Mutex
	saves []saved
	fail  error
}

type saved struct {
	activity, checkpoint, who string
	ans                       assessment.CheckpointAnswer
}

func (m *memSaver) SaveAnswer(id, activityID, checkpointID string, ans assessment.CheckpointAnswer, who string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	m.saves = append(m.saves, saved{activityID, checkpointID, who, ans})
	return nil
}

func (m *memSaver) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.saves)
}

var fixedNow = func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) }

func newTestHub(t *testing.T, participants ...string) (*Hub, *memSaver) {
	t.Helper()
	a := &assessment.Assessment{ID: "A1", Participants: participants, Workshop: true}
	a.SetAnswer("T-1", "T-1.1", assessment.CheckpointAnswer{Answer: fu})
	s := &memSaver{}
	h, err := NewHub(s, testQuestionnaire(), a, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	return h, s
}

// next waits a bounded time for a state on ch.
func next(t *testing.T, ch <-chan State) State {
	t.Helper()
	select {
	case st, ok := <-ch:
		if !ok {
			t.Fatal("subscription closed")
		}
		return st
	case <-time.After(5 * time.Second):
		t.Fatal("no state within 5s")
	}
	return State{}
}

func TestHubStartsAtFirstOpenCheckpoint(t *testing.T) {
	h, _ := newTestHub(t, "ann")
	if got := h.Snapshot().Position; got != (Position{"T-1", "T-1.2"}) {
		t.Errorf("start = %v, want T-1.2 (T-1.1 is answered)", got)
	}
}

func TestHubVoteSavesThenBroadcasts(t *testing.T) {
	h, s := newTestHub(t, "Ann", "Bo")
	ch, unsub := h.Subscribe()
	defer unsub()
	first := next(t, ch)
	pos := first.Position

	if err := h.Vote(pos, "ann", la, "ann"); err != nil { // case-insensitive name
		t.Fatal(err)
	}
	st := next(t, ch)
	if st.Seq <= first.Seq {
		t.Errorf("seq did not increase: %d -> %d", first.Seq, st.Seq)
	}
	if got := VoteOf(st.Answer.Votes, "Ann"); got != la {
		t.Errorf("broadcast vote = %q, want largely under the assessment's spelling", got)
	}
	if s.count() != 1 || s.saves[0].checkpoint != pos.CheckpointID || s.saves[0].who != "ann" {
		t.Fatalf("saves = %+v", s.saves)
	}
	if !s.saves[0].ans.UpdatedAt.Equal(fixedNow()) {
		t.Errorf("UpdatedAt = %v", s.saves[0].ans.UpdatedAt)
	}

	if err := h.Vote(pos, "Bo", fu, "facilitator"); err != nil {
		t.Fatal(err)
	}
	if err := h.Agree(pos, la, "facilitator"); err != nil {
		t.Fatal(err)
	}
	st = h.Snapshot()
	if st.Answer.Answer != la || len(st.Answer.Votes) != 2 || st.Agreed[pos.CheckpointID] != la {
		t.Errorf("after agree: %+v", st.Answer)
	}
	if last := s.saves[len(s.saves)-1].ans; len(last.Votes) != 2 || last.Answer != la {
		t.Errorf("agreeing must save the votes too: %+v", last)
	}
	if got := h.Assessment().AnswerOf(pos.ActivityID, pos.CheckpointID); got == nil || got.Answer != la {
		t.Errorf("Assessment() = %+v", got)
	}
}

func TestHubRefusals(t *testing.T) {
	h, s := newTestHub(t, "ann")
	pos := h.Snapshot().Position
	if err := h.Vote(pos, "mallory", la, "mallory"); !errors.Is(err, ErrUnknownParticipant) {
		t.Errorf("unknown participant: %v", err)
	}
	if err := h.Vote(pos, "ann", "maybe", "ann"); err == nil {
		t.Error("invalid answer accepted")
	}
	if err := h.Vote(Position{"T-2", "T-2.1"}, "ann", la, "ann"); !errors.Is(err, ErrMoved) {
		t.Errorf("vote for another checkpoint: %v", err)
	}
	if err := h.Goto(Position{"T-2", "nope"}); err == nil {
		t.Error("Goto to an unknown checkpoint accepted")
	}
	s.fail = errors.New("disk full")
	if err := h.Vote(pos, "ann", la, "ann"); err == nil {
		t.Error("failed save reported as success")
	}
	if got := h.Snapshot().Answer.Votes; len(got) != 0 {
		t.Errorf("a vote that was not saved is shown: %v", got)
	}
	if s.count() != 0 {
		t.Errorf("saves = %d", s.count())
	}
}

func TestHubGotoBroadcastsAndVotesFollow(t *testing.T) {
	h, _ := newTestHub(t, "ann")
	ch, unsub := h.Subscribe()
	defer unsub()
	next(t, ch)
	to := Position{"T-2", "T-2.1"}
	if err := h.Goto(to); err != nil {
		t.Fatal(err)
	}
	if st := next(t, ch); st.Position != to || len(st.Answer.Votes) != 0 {
		t.Errorf("after Goto: %+v", st)
	}
	if err := h.Vote(to, "ann", pa, "ann"); err != nil {
		t.Fatal(err)
	}
	if err := h.Goto(Position{"T-1", "T-1.2"}); err != nil {
		t.Fatal(err)
	}
	if err := h.Goto(to); err != nil {
		t.Fatal(err)
	}
	if got := VoteOf(h.Snapshot().Answer.Votes, "ann"); got != pa {
		t.Errorf("coming back shows vote %q, want partly", got)
	}
}

func TestHubSlowSubscriberGetsLatestOnly(t *testing.T) {
	h, _ := newTestHub(t, "ann")
	ch, unsub := h.Subscribe()
	defer unsub()
	pos := h.Snapshot().Position
	for _, a := range []assessment.Answer{ny, pa, la, fu} {
		if err := h.Vote(pos, "ann", a, "ann"); err != nil { // never blocks on the unread channel
			t.Fatal(err)
		}
	}
	if got := VoteOf(next(t, ch).Answer.Votes, "ann"); got != fu {
		t.Errorf("slow subscriber got %q, want the latest (fully)", got)
	}
	select {
	case st := <-ch:
		t.Errorf("stale state left in the channel: %+v", st)
	default:
	}
}

func TestHubPresenceAndUnsubscribe(t *testing.T) {
	h, _ := newTestHub(t, "ann", "bo")
	ch, unsub := h.Subscribe()
	next(t, ch)
	leave := h.Join("ann")
	leave2 := h.Join("ann")
	if st := next(t, ch); !st.IsOnline("ann") || st.Online["ann"] != 2 || st.IsOnline("bo") {
		t.Errorf("online = %v", st.Online)
	}
	leave()
	leave() // idempotent
	if st := h.Snapshot(); st.Online["ann"] != 1 {
		t.Errorf("after one leave: %v", st.Online)
	}
	leave2()
	if st := h.Snapshot(); st.IsOnline("ann") {
		t.Errorf("after both left: %v", st.Online)
	}
	if h.Subscribers() != 1 {
		t.Fatalf("subscribers = %d", h.Subscribers())
	}
	unsub()
	unsub()
	if h.Subscribers() != 0 {
		t.Errorf("subscribers after unsubscribe = %d", h.Subscribers())
	}
	for range ch { // drains and ends: the channel is closed
	}
}

func TestHubClose(t *testing.T) {
	h, _ := newTestHub(t, "ann")
	ch, unsub := h.Subscribe()
	defer unsub()
	next(t, ch)
	h.Close()
	h.Close()
	if st := next(t, ch); !st.Closed {
		t.Errorf("last state not marked closed: %+v", st)
	}
	if _, ok := <-ch; ok {
		t.Error("channel still open after Close")
	}
	if err := h.Vote(h.Snapshot().Position, "ann", la, "ann"); !errors.Is(err, ErrClosed) {
		t.Errorf("vote after close: %v", err)
	}
	late, unsubLate := h.Subscribe()
	defer unsubLate()
	if st := next(t, late); !st.Closed {
		t.Error("late subscriber not told the session is closed")
	}
	if h.Subscribers() != 0 {
		t.Errorf("subscribers = %d", h.Subscribers())
	}
}

func TestHubConcurrentVotesAllLand(t *testing.T) {
	names := make([]string, 20)
	for i := range names {
		names[i] = fmt.Sprintf("p%02d", i)
	}
	h, s := newTestHub(t, names...)
	pos := h.Snapshot().Position
	ch, unsub := h.Subscribe()
	defer unsub()
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := h.Vote(pos, n, assessment.Answers()[i%4], n); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := h.Snapshot().Answer.Votes; len(got) != len(names) {
		t.Errorf("votes = %d, want %d", len(got), len(names))
	}
	if last := s.saves[len(s.saves)-1].ans.Votes; len(last) != len(names) {
		t.Errorf("last save has %d votes: a concurrent vote was lost", len(last))
	}
	if st := next(t, ch); len(st.Answer.Votes) != len(names) {
		t.Errorf("subscriber sees %d votes", len(st.Answer.Votes))
	}
}

func TestHubRecordVoteAndAgreeAnywhere(t *testing.T) {
	h, _ := newTestHub(t, "ann")
	other := Position{"T-2", "T-2.1"}
	if err := h.RecordVote(other, "ann", pa, "fac"); err != nil {
		t.Fatalf("facilitator vote on another checkpoint: %v", err)
	}
	if err := h.Agree(other, pa, "fac"); err != nil {
		t.Fatal(err)
	}
	if got := h.Snapshot().Agreed["T-2.1"]; got != pa {
		t.Errorf("Agreed[T-2.1] = %q", got)
	}
	if err := h.Agree(Position{"T-2", "nope"}, pa, "fac"); err == nil {
		t.Error("agreeing on an unknown checkpoint accepted")
	}
}
