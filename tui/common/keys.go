package common

import "github.com/charmbracelet/bubbles/key"

// GlobalKeys work on every screen.
type GlobalKeys struct {
	Quit key.Binding // ctrl+c: leave ggi from anywhere
	Back key.Binding // q / esc: one screen back (quits on home)
	Help key.Binding // ?: full help
}

// DefaultGlobalKeys returns the global bindings.
func DefaultGlobalKeys() GlobalKeys {
	return GlobalKeys{
		Quit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Back: key.NewBinding(key.WithKeys("q", "esc"), key.WithHelp("q/esc", "back")),
		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
	}
}

// Bind is a short way to declare a binding with its help text.
func Bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}
