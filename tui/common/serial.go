package common

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Serial runs store calls one at a time, in the order Update asked for
// them. Bubble Tea runs commands concurrently, so two writes started by two
// quick keys could commit in either order: an answer changed twice could
// keep the first value, an undo could revert the change before the one just
// made, and a screen opened right after a write could read the file before
// it. Each call starts at once on its own goroutine, whatever becomes of
// the screen that asked for it, and its command only waits for the result;
// so a write is never lost because the user moved on before it began.
//
// Only Update (one goroutine) may call Do; the zero value is ready.
type Serial struct {
	last chan struct{}
}

// Do queues fn behind every call queued before it and returns a command
// that delivers fn's message once it has run.
func (s *Serial) Do(fn func() tea.Msg) tea.Cmd {
	if fn == nil {
		return nil
	}
	prev, done := s.last, make(chan struct{})
	s.last = done
	var msg tea.Msg
	go func() {
		defer close(done)
		if prev != nil {
			<-prev
		}
		msg = fn()
	}()
	return func() tea.Msg {
		<-done
		return msg
	}
}

// Wait blocks until every queued call has run, or timeout has passed; it
// reports whether they all ran. ggi calls it before closing the database.
func (s *Serial) Wait(timeout time.Duration) bool {
	if s.last == nil {
		return true
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-s.last:
		return true
	case <-t.C:
		return false
	}
}
