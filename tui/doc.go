// Package tui is ggi's full-screen interface: one root Bubble Tea model that
// owns the window size, global keys and navigation, and hands everything
// else to one live screen at a time (see the packages below it).
package tui
