// Package tui is ggi's full-screen interface: one root Bubble Tea model that
// owns the window size, global keys and navigation, and hands everything
// else to one live screen at a time (see the packages below it).
//
// Screens: home (the assessments), newform (create one), overview (goals
// and activities at a glance), answer (one key per checkpoint, notes,
// evidence, actions, change log, undo) and scorecard. RunAccessible is the
// line-based interface for screen readers.
package tui
