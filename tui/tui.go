package tui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
	"github.com/ggi-tool/ggi/tui/answer"
	"github.com/ggi-tool/ggi/tui/common"
	"github.com/ggi-tool/ggi/tui/components"
	"github.com/ggi-tool/ggi/tui/home"
	"github.com/ggi-tool/ggi/tui/newform"
	"github.com/ggi-tool/ggi/tui/overview"
	"github.com/ggi-tool/ggi/tui/scorecard"
	"github.com/ggi-tool/ggi/tui/theme"
)

// Smallest window the screens are laid out for; below it ggi says so
// instead of drawing a broken layout.
const (
	MinWidth  = 40
	MinHeight = 10
)

// chrome is the lines the root draws around a screen: header, status line
// and key footer.
const chrome = 3

// Options configure the root model.
type Options struct {
	Store          assessment.Store
	Questionnaires common.QuestionnaireLookup
	Renderer       *lipgloss.Renderer // nil: the default renderer
	Now            func() time.Time   // nil: time.Now
	User           string
	Export         common.ExportFunc
	ExportDir      string
	// OpenID starts in this assessment's answering screen (the full ID;
	// resolve prefixes before).
	OpenID string
}

// Model is the root Bubble Tea model.
type Model struct {
	c        *common.Common
	width    int
	height   int
	stack    []common.NavigateMsg
	screen   common.Model
	help     help.Model
	showHelp bool
	status   string
	isErr    bool
	quitting bool
	// names holds "team period" by assessment ID, read from the loads
	// passing through, for the header.
	names map[string]string
}

// New builds the root model. Nothing is read from the store until Init.
func New(o Options) *Model {
	r := o.Renderer
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	c := &common.Common{
		Styles:         theme.New(r),
		Keys:           common.DefaultGlobalKeys(),
		Store:          o.Store,
		Questionnaires: o.Questionnaires,
		Now:            now,
		User:           o.User,
		Export:         o.Export,
		ExportDir:      o.ExportDir,
	}
	m := &Model{c: c, help: help.New(), names: map[string]string{}}
	m.help.Styles.ShortKey = c.Styles.Key
	m.help.Styles.FullKey = c.Styles.Key
	m.help.Styles.ShortDesc = c.Styles.Muted
	m.help.Styles.FullDesc = c.Styles.Muted
	m.help.Styles.ShortSeparator = c.Styles.Faint
	m.help.Styles.FullSeparator = c.Styles.Faint
	m.help.Styles.Ellipsis = c.Styles.Faint
	m.stack = []common.NavigateMsg{{To: common.ScreenHome}}
	if o.OpenID != "" {
		// Back from a directly opened assessment leads through its
		// overview to the list, as if the user had walked there.
		m.stack = append(m.stack,
			common.NavigateMsg{To: common.ScreenOverview, AssessmentID: o.OpenID},
			common.NavigateMsg{To: common.ScreenAnswer, AssessmentID: o.OpenID})
	}
	m.screen = m.build(m.stack[len(m.stack)-1])
	return m
}

// Init starts the first screen.
func (m *Model) Init() tea.Cmd { return m.screen.Init() }

// WaitForWrites blocks until every store call a screen started has run,
// or timeout has passed, and reports whether they all ran. Call it after
// the program ends and before closing the store: a write queued just before
// quitting still reaches the file.
func (m *Model) WaitForWrites(timeout time.Duration) bool { return m.c.Serial.Wait(timeout) }

// Screen is the live screen's kind, for tests.
func (m *Model) Screen() common.Screen { return m.stack[len(m.stack)-1].To }

func (m *Model) build(n common.NavigateMsg) common.Model {
	switch n.To {
	case common.ScreenNew:
		return newform.New(m.c)
	case common.ScreenOverview:
		return overview.New(m.c, n.AssessmentID)
	case common.ScreenAnswer:
		return answer.New(m.c, answer.Start{AssessmentID: n.AssessmentID, ActivityID: n.ActivityID, Unanswered: n.Unanswered})
	case common.ScreenScorecard:
		return scorecard.New(m.c, n.AssessmentID)
	default:
		return home.New(m.c)
	}
}

// Update routes a message: size and global keys here, navigation here,
// everything else to the live screen.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m, m.resize(msg)
	case tea.KeyMsg:
		if !m.quitting {
			// A status line is news about the last action; the next key
			// makes it old.
			m.status, m.isErr = "", false
		}
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && !m.screen.Capturing() {
			return m, m.splitKeys(msg)
		}
		if cmd, done := m.handleGlobalKey(msg); done {
			return m, cmd
		}
	case common.NavigateMsg:
		return m, m.navigate(msg)
	case common.BackMsg:
		return m, m.back()
	case common.ErrorMsg:
		m.setStatus(errorText(msg.Err), true)
		return m, nil
	case common.StatusMsg:
		m.setStatus(msg.Text, false)
		return m, nil
	case common.LoadedMsg:
		m.remember(msg.Assessment)
	}
	return m, m.forward(msg)
}

// splitKeys handles keys typed faster than the terminal is read one by
// one: the terminal delivers them as one message, and each must count as
// its own answer.
func (m *Model) splitKeys(msg tea.KeyMsg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(msg.Runes))
	for _, r := range msg.Runes {
		_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt})
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func (m *Model) setStatus(text string, isErr bool) {
	m.status, m.isErr = safe.Line(text), isErr
}

// forward hands msg to the screen and finishes a pending quit once the
// screen's writes have all reported back.
func (m *Model) forward(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	m.screen, cmd = m.screen.Update(msg)
	if m.quitting && !m.screen.Busy() {
		return tea.Batch(cmd, tea.Quit)
	}
	return cmd
}

func (m *Model) resize(msg tea.WindowSizeMsg) tea.Cmd {
	m.width, m.height = msg.Width, msg.Height
	m.c.Width = max(0, msg.Width-2)
	m.c.Height = max(0, msg.Height-chrome)
	m.help.Width = m.c.Width
	return m.forward(tea.WindowSizeMsg{Width: m.c.Width, Height: m.c.Height})
}

// handleGlobalKey handles ctrl+c always, and q, esc and ? unless the screen is
// capturing keys for a form or text field.
func (m *Model) handleGlobalKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := m.c.Keys
	if key.Matches(msg, k.Quit) {
		if m.screen.Busy() && !m.quitting {
			// A write is in flight: leave once it has been committed.
			m.quitting = true
			m.setStatus("saving before quitting… (ctrl+c again to leave now)", false)
			return nil, true
		}
		return tea.Quit, true
	}
	if m.quitting || m.screen.Capturing() {
		return nil, m.quitting
	}
	switch {
	case key.Matches(msg, k.Help):
		m.showHelp = !m.showHelp
		return nil, true
	case m.showHelp && key.Matches(msg, k.Back):
		m.showHelp = false
		return nil, true
	case key.Matches(msg, k.Back):
		return m.back(), true
	}
	return nil, false
}

func (m *Model) navigate(n common.NavigateMsg) tea.Cmd {
	if len(m.stack) > 1 {
		// Going to the screen just below is going back, so the stack does
		// not grow when people hop between answering and the scorecard.
		if below := m.stack[len(m.stack)-2]; below.To == n.To && below.AssessmentID == n.AssessmentID {
			return m.back()
		}
	}
	if n.Replace && len(m.stack) > 1 {
		m.stack[len(m.stack)-1] = n
	} else {
		m.stack = append(m.stack, n)
	}
	return m.show()
}

func (m *Model) back() tea.Cmd {
	if len(m.stack) <= 1 {
		return m.quit()
	}
	m.stack = m.stack[:len(m.stack)-1]
	return m.show()
}

func (m *Model) quit() tea.Cmd {
	if m.screen.Busy() {
		m.quitting = true
		return nil
	}
	return tea.Quit
}

// show builds the screen on top of the stack afresh, so it reloads what
// other screens changed.
func (m *Model) show() tea.Cmd {
	// A write still in flight reports to the screen that started it and is
	// then dropped; the store commits it all the same.
	m.showHelp = false
	m.status, m.isErr = "", false
	m.screen = m.build(m.stack[len(m.stack)-1])
	size := tea.WindowSizeMsg{Width: m.c.Width, Height: m.c.Height}
	var cmd tea.Cmd
	m.screen, cmd = m.screen.Update(size)
	return tea.Batch(m.screen.Init(), cmd)
}

// View lays out header, screen, status line and key footer.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.width < MinWidth || m.height < MinHeight {
		return tooSmall(m.width, m.height)
	}
	st := m.c.Styles
	w := m.c.Width
	var b strings.Builder
	b.WriteString(components.PadRight(m.header(), w))
	b.WriteByte('\n')
	body := m.body()
	b.WriteString(fit(body, w, m.c.Height))
	b.WriteByte('\n')
	switch {
	case m.isErr:
		b.WriteString(components.Truncate(st.ErrorBar.Render("✗ "+m.status), w))
	case m.status != "":
		b.WriteString(components.Truncate(st.Status.Render("✓ "+m.status), w))
	}
	b.WriteByte('\n')
	b.WriteString(components.Truncate(m.help.ShortHelpView(m.footerKeys()), w))
	// A one-cell left margin, added by hand: rendering the whole frame
	// through a padded style re-measures every line on every keypress.
	return " " + strings.ReplaceAll(b.String(), "\n", "\n ")
}

// remember keeps the team and period of an assessment a screen loaded.
func (m *Model) remember(a *assessment.Assessment) {
	if a == nil {
		return
	}
	m.names[a.ID] = strings.TrimSpace(safe.Line(a.Team) + " " + safe.Line(a.Period))
}

// header says where the user is: inside an assessment, its team and period
// and the screen (the room on a shared screen sees whose answers these
// are); elsewhere, the path from the list.
func (m *Model) header() string {
	st := m.c.Styles
	lead := st.Title.Render("ggi") + st.Faint.Render(" │ ")
	top := m.stack[len(m.stack)-1]
	if name := m.names[top.AssessmentID]; top.AssessmentID != "" && name != "" {
		screen := " › " + top.To.String()
		// A long team name gives way so the screen's name always shows.
		room := max(8, m.c.Width-lipgloss.Width(lead)-lipgloss.Width(screen))
		return lead + st.Muted.Render(components.Truncate(name, room)+screen)
	}
	parts := make([]string, 0, len(m.stack))
	for _, n := range m.stack {
		parts = append(parts, n.To.String())
	}
	return lead + st.Muted.Render(strings.Join(parts, " › "))
}

func (m *Model) body() string {
	if m.showHelp {
		groups := m.screen.FullHelp()
		groups = append(groups, []key.Binding{m.backKey(), m.c.Keys.Help, m.c.Keys.Quit})
		return m.fullHelp(groups)
	}
	return m.screen.View()
}

// fullHelp lays the key groups out in as many columns as the width takes
// and as many rows as that needs, so a narrow window lists every key
// rather than the first few columns and an ellipsis.
func (m *Model) fullHelp(groups [][]key.Binding) string {
	hm := m.help
	hm.Width = 0 // measure without help's own cut
	var rows []string
	lines := 0
	for len(groups) > 0 {
		n := 1
		for n < len(groups) && lipgloss.Width(hm.FullHelpView(groups[:n+1])) <= m.c.Width {
			n++
		}
		row := hm.FullHelpView(groups[:n])
		rows = append(rows, row)
		lines += lipgloss.Height(row) + 1
		groups = groups[n:]
	}
	sep := "\n\n"
	if lines+1 > m.c.Height {
		sep = "\n" // no room for blank lines between the rows
	}
	body := strings.Join(rows, sep)
	if lines+2 <= m.c.Height {
		body = m.c.Styles.Heading.Render("Keys") + "\n\n" + body
	}
	return body
}

func (m *Model) footerKeys() []key.Binding {
	ks := m.screen.ShortHelp()
	if m.screen.Capturing() {
		return append(ks, m.c.Keys.Quit)
	}
	return append(ks, m.backKey(), m.c.Keys.Help)
}

// backKey is q/esc, described as quit on the first screen.
func (m *Model) backKey() key.Binding {
	b := m.c.Keys.Back
	if len(m.stack) == 1 {
		b.SetHelp("q", "quit")
	}
	return b
}

// fit pads or cuts s to exactly h lines of at most w cells, so the footer
// stays put whatever a screen draws.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = components.Truncate(l, w)
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

func tooSmall(w, h int) string {
	lines := []string{"Terminal too small", "for ggi: make it", "at least 40×10."}
	if h < len(lines) {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = components.Truncate(l, w)
	}
	return strings.Join(lines, "\n")
}
