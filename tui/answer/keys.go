package answer

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/ggi-tool/ggi/tui/common"
)

// KeyMap is the answering screen's keys. Answer keys act on the current
// checkpoint and move on, so a room can work through a list at one key a
// checkpoint.
type KeyMap struct {
	NotYet, Partly, Largely, Fully, NotApplicable, Clear key.Binding
	Confirm                                              key.Binding
	Next, Prev                                           key.Binding
	NextActivity, PrevActivity                           key.Binding
	High, Medium, Low, None                              key.Binding
	Note, Evidence, Status, Target                       key.Binding
	Actions, History, Undo                               key.Binding
	Overview, Scorecard                                  key.Binding
}

// DefaultKeyMap returns the answering screen's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		NotYet:        common.Bind("0", "not yet", "0"),
		Partly:        common.Bind("1", "partly", "1"),
		Largely:       common.Bind("2", "largely", "2"),
		Fully:         common.Bind("3", "fully", "3"),
		NotApplicable: common.Bind("n", "n/a", "n"),
		Clear:         common.Bind("u/⌫", "clear", "u", "backspace"),
		Confirm:       common.Bind("enter", "confirm/next", "enter"),
		Next:          common.Bind("↓/j", "next", "down", "j"),
		Prev:          common.Bind("↑/k", "previous", "up", "k"),
		NextActivity:  common.Bind("→/]", "next activity", "right", "]"),
		PrevActivity:  common.Bind("←/[", "previous activity", "left", "["),
		High:          common.Bind("h", "relevance high", "h"),
		Medium:        common.Bind("m", "medium", "m"),
		Low:           common.Bind("l", "low", "l"),
		None:          common.Bind("x", "not relevant", "x"),
		Note:          common.Bind("c", "note", "c"),
		Evidence:      common.Bind("e", "evidence", "e"),
		Status:        common.Bind("p", "status", "p"),
		Target:        common.Bind("t", "target level", "t"),
		Actions:       common.Bind("a", "actions", "a"),
		History:       common.Bind("H", "change log", "H"),
		Undo:          common.Bind("z", "undo", "z"),
		Overview:      common.Bind("o", "overview", "o"),
		Scorecard:     common.Bind("s", "scorecard", "s"),
	}
}

// panelKeys work in the action-item and change-log panels.
type panelKeys struct {
	Up, Down  key.Binding
	Add, Edit key.Binding
	Done      key.Binding
	Reassign  key.Binding
	Close     key.Binding
}

func defaultPanelKeys() panelKeys {
	return panelKeys{
		Up:       common.Bind("↑/k", "up", "up", "k"),
		Down:     common.Bind("↓/j", "down", "down", "j"),
		Add:      common.Bind("a", "add", "a", "+"),
		Edit:     common.Bind("enter/e", "edit", "enter", "e"),
		Done:     common.Bind("space/x", "done/undone", " ", "x"),
		Reassign: common.Bind("o", "reassign", "o"),
		Close:    common.Bind("esc/q", "close", "esc", "q"),
	}
}
