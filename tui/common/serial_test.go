package common

import (
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

func TestSerialRunsInOrderWhateverTheCommandOrder(t *testing.T) {
	var s Serial
	var mu sync.Mutex
	var order []int
	cmds := make([]tea.Cmd, 0, 5)
	for i := range 5 {
		cmds = append(cmds, s.Do(func() tea.Msg {
			// The first call is the slowest: unordered, it would finish last.
			time.Sleep(time.Duration(5-i) * 3 * time.Millisecond)
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			return i
		}))
	}
	// Run the commands backwards, as a scheduler might.
	for i := len(cmds) - 1; i >= 0; i-- {
		if got := cmds[i](); got != i {
			t.Fatalf("command %d delivered %v", i, got)
		}
	}
	if len(order) != 5 || order[0] != 0 || order[4] != 4 {
		t.Fatalf("ran as %v", order)
	}
}

func TestSerialRunsEvenWhenNobodyWaits(t *testing.T) {
	var s Serial
	if !s.Wait(time.Millisecond) {
		t.Fatal("an empty queue must not wait")
	}
	ran := make(chan struct{})
	_ = s.Do(func() tea.Msg { close(ran); return nil }) // the command is dropped
	if !s.Wait(time.Second) {
		t.Fatal("Wait timed out")
	}
	select {
	case <-ran:
	default:
		t.Fatal("a call whose command was dropped never ran")
	}
	if s.Do(nil) != nil {
		t.Fatal("Do(nil) should be nil")
	}
	block := make(chan struct{})
	_ = s.Do(func() tea.Msg { <-block; return nil })
	if s.Wait(5 * time.Millisecond) {
		t.Fatal("Wait should time out while a call runs")
	}
	close(block)
}
