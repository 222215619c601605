package testkit

import (
	"reflect"

	tea "github.com/charmbracelet/bubbletea"
)

// isSequence recognises tea.Sequence's unexported message, a slice of
// commands to run in order.
func isSequence(msg tea.Msg) bool {
	v := reflect.ValueOf(msg)
	return v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) && v.Type().Name() == "sequenceMsg"
}

func sequence(msg tea.Msg) []tea.Cmd {
	v := reflect.ValueOf(msg)
	out := make([]tea.Cmd, v.Len())
	for i := range out {
		out[i], _ = v.Index(i).Interface().(tea.Cmd)
	}
	return out
}
