package facilitator

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the facilitator's keyboard. The vote keys are the same digits
// everywhere in ggi (0 not yet … 3 fully, n not applicable), so the room
// learns one scale.
type KeyMap struct {
	NextParticipant key.Binding
	PrevParticipant key.Binding
	Vote            key.Binding // 0-3 or n for the selected participant
	Clear           key.Binding
	Accept          key.Binding // agree on the suggestion and move on
	Agree           key.Binding // the next 0-3/n sets the agreed answer
	Next            key.Binding
	Prev            key.Binding
	NextActivity    key.Binding
	PrevActivity    key.Binding
	Skip            key.Binding
	ComeBack        key.Binding
	Pause           key.Binding
	Help            key.Binding
	Cancel          key.Binding
	Quit            key.Binding
	ForceQuit       key.Binding
}

// DefaultKeyMap returns the facilitator's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		NextParticipant: key.NewBinding(key.WithKeys("tab", "down", "j"), key.WithHelp("tab/↓", "next person")),
		PrevParticipant: key.NewBinding(key.WithKeys("shift+tab", "up", "k"), key.WithHelp("shift+tab/↑", "previous person")),
		Vote:            key.NewBinding(key.WithKeys("0", "1", "2", "3", "n"), key.WithHelp("0-3/n", "their vote")),
		Clear:           key.NewBinding(key.WithKeys("x", "backspace", "delete"), key.WithHelp("x", "clear")),
		Accept:          key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "accept suggestion")),
		Agree:           key.NewBinding(key.WithKeys("a", "="), key.WithHelp("a 0-3/n", "set agreed")),
		Next:            key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→", "next checkpoint")),
		Prev:            key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←", "previous")),
		NextActivity:    key.NewBinding(key.WithKeys("]", "pgdown"), key.WithHelp("]", "next activity")),
		PrevActivity:    key.NewBinding(key.WithKeys("[", "pgup"), key.WithHelp("[", "previous activity")),
		Skip:            key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "skip")),
		ComeBack:        key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "back to skipped")),
		Pause:           key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pause")),
		Help:            key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "keys")),
		Cancel:          key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Quit:            key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "end workshop")),
		ForceQuit:       key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "end now")),
	}
}

// ShortHelp is the footer: the keys a facilitator uses on every checkpoint.
func (k KeyMap) ShortHelp() []key.Binding {
	rec, move := k.footer()
	return append(rec, move...)
}

// footer is the footer in two rows, recording and moving, for screens too
// narrow to show it on one line. Paired keys share one entry.
func (k KeyMap) footer() (rec, move []key.Binding) {
	pair := func(a, b key.Binding, keys, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(append(a.Keys(), b.Keys()...)...), key.WithHelp(keys, desc))
	}
	rec = []key.Binding{k.NextParticipant, k.Vote, k.Clear, k.Accept, k.Agree}
	move = []key.Binding{
		pair(k.Prev, k.Next, "←/→", "checkpoint"),
		pair(k.PrevActivity, k.NextActivity, "[/]", "activity"),
		k.Skip, k.ComeBack, k.Pause, k.Help, k.Quit,
	}
	return rec, move
}

// FullHelp is the ? overlay: every key, grouped.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.NextParticipant, k.PrevParticipant, k.Vote, k.Clear},
		{k.Accept, k.Agree, k.Cancel},
		{k.Next, k.Prev, k.NextActivity, k.PrevActivity, k.Skip, k.ComeBack},
		{k.Pause, k.Help, k.Quit, k.ForceQuit},
	}
}
