package common

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ggi-tool/ggi/assessment/safe"
)

// CleanKey drops from typed or pasted text what a form would echo to the
// terminal unsafely: escape and other control characters and bidi
// controls. Line breaks and tabs stay, for notes of several lines. Forms
// get every key through it.
func CleanKey(msg tea.Msg) tea.Msg {
	k, ok := msg.(tea.KeyMsg)
	if !ok || k.Type != tea.KeyRunes {
		return msg
	}
	if s := string(k.Runes); safe.Terminal(s) != s {
		k.Runes = []rune(safe.Terminal(s))
	}
	return k
}

// Required is a form validator that refuses blank input, asking for what.
func Required(what string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("please give %s", what)
		}
		return nil
	}
}
