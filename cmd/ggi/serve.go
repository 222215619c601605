package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/subtle"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	charmlog "github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/atomicfile"
	"github.com/ggi-tool/ggi/assessment/safe"
	"github.com/ggi-tool/ggi/assessment/workshop"
	"github.com/ggi-tool/ggi/tui/facilitator"
	"github.com/ggi-tool/ggi/tui/participant"
	"github.com/ggi-tool/ggi/tui/theme"
)

// defaultListen keeps a workshop on this machine unless the facilitator
// deliberately opens it to the network.
const defaultListen = "127.0.0.1:2323"

// hostKeyName is the SSH host key kept next to the database, so
// participants' known_hosts stay valid from one workshop to the next.
const hostKeyName = "ggi_ssh_host_ed25519"

// wrongCodeDelay is the pause after a wrong session code.
const wrongCodeDelay = 500 * time.Millisecond

// shutdownGrace bounds how long ending a workshop waits for participants'
// connections to close before cutting them.
const shutdownGrace = 3 * time.Second

type serveOptions struct {
	listen         string
	code           string
	authorizedKeys string
	hostKey        string
}

func runServe(a *app, args []string) error {
	var o serveOptions
	fs := a.flags("serve", "ID [--listen ADDR] [--code CODE | --authorized-keys FILE] [--host-key PATH]")
	fs.StringVar(&o.listen, "listen", defaultListen, "`HOST:PORT` participants connect to over SSH (default "+defaultListen+": this machine only)")
	fs.StringVar(&o.code, "code", "", "session `CODE` participants type as their password (default: a random one)")
	fs.StringVar(&o.authorizedKeys, "authorized-keys", "", "let in the public keys of this authorized_keys `FILE` instead of a code")
	fs.StringVar(&o.hostKey, "host-key", "", "SSH host key `PATH` (default: "+hostKeyName+" next to the database, created if missing)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := exactArgs("serve", pos, 1, "an assessment ID"); err != nil {
		return err
	}
	if err := o.check(); err != nil {
		return err
	}
	// A workshop runs an assessment that exists: never create an empty
	// database for it.
	if err := a.requireDatabase(); err != nil {
		return err
	}
	in, out, ok := a.terminal()
	if !ok {
		return errors.New("ggi serve shows the facilitator's screen and needs a terminal; run it in one (tmux will do)")
	}
	if o.hostKey == "" {
		dbPath, err := a.global.dbPath()
		if err != nil {
			return err
		}
		o.hostKey = filepath.Join(filepath.Dir(dbPath), hostKeyName)
	}
	reg, err := a.registry()
	if err != nil {
		return err
	}
	db, err := a.openStore()
	if err != nil {
		return err
	}
	defer db.Close()

	ws, err := startWorkshop(db, reg, pos[0], o, whoAmI())
	if err != nil {
		return err
	}
	runErr := ws.runFacilitator(in, out)
	ws.stop()
	if runErr != nil {
		return fmt.Errorf("workshop screen: %w", runErr)
	}
	return ws.summary(a.stdout)
}

// check validates the flags before anything is opened.
func (o serveOptions) check() error {
	if o.code != "" && o.authorizedKeys != "" {
		return usagef("serve: use either --code or --authorized-keys, not both")
	}
	if strings.ContainsAny(o.code, "\x00\r\n") || (o.code != "" && len(o.code) < 4) {
		return usagef("serve: --code must be at least 4 characters on one line")
	}
	host, port, err := net.SplitHostPort(o.listen)
	if err != nil || port == "" {
		return usagef("serve: --listen needs HOST:PORT, such as %s", defaultListen)
	}
	if host == "" {
		return usagef("serve: --listen needs a host; use 0.0.0.0:%s to accept connections from the network on purpose", port)
	}
	return nil
}

// workshopSession is a running workshop: the hub, the SSH server and what
// the facilitator's screen needs to show.
type workshopSession struct {
	hub    *workshop.Hub
	server *ssh.Server
	addr   net.Addr
	q      *assessment.Questionnaire
	asm    *assessment.Assessment
	title  string
	join   []string
	who    string
	served chan struct{}
	// active counts participant sessions, so stopping can wait for their
	// screens to close before cutting connections.
	active *atomic.Int64
}

// questionnaireFinder is the part of the questionnaire registry a workshop
// needs.
type questionnaireFinder interface {
	Get(id, version string) (*assessment.Questionnaire, bool)
}

// startWorkshop loads the assessment, marks it as a workshop, and starts
// the hub and the SSH server. The caller must call stop.
func startWorkshop(st assessment.Store, reg questionnaireFinder, id string, o serveOptions, who string) (*workshopSession, error) {
	asm, err := findAssessment(st, id)
	if err != nil {
		return nil, err
	}
	if len(asm.Participants) == 0 {
		return nil, fmt.Errorf("assessment %s has no participants; a workshop needs named participants (create it with 'ggi new --team T --participants alice,bob')", asm.ID)
	}
	q, ok := reg.Get(asm.Questionnaire.ID, asm.Questionnaire.Version)
	if !ok {
		return nil, fmt.Errorf("assessment %s was answered under questionnaire %s, which this ggi does not know (load it with --questionnaire FILE)", asm.ID, asm.Questionnaire)
	}
	// Everything that can fail on the user's files or the network comes
	// before the assessment is marked as a workshop, so that a failed
	// start leaves it as it was.
	signer, err := loadOrCreateHostKey(o.hostKey)
	if err != nil {
		return nil, err
	}
	var keys []gossh.PublicKey
	if o.authorizedKeys != "" {
		if keys, err = readAuthorizedKeys(o.authorizedKeys); err != nil {
			return nil, err
		}
	} else if o.code == "" {
		if o.code, err = sessionCode(); err != nil {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		hint := "check --listen"
		if errors.Is(err, syscall.EADDRINUSE) {
			hint = "is another workshop running? pick another port with --listen"
		}
		return nil, fmt.Errorf("cannot listen on %s: %s (%s)", o.listen, reason(err), hint)
	}
	if !asm.Workshop {
		if err := st.UpdateAssessment(asm.ID, func(x *assessment.Assessment) error { x.Workshop = true; return nil }, who); err != nil {
			_ = ln.Close()
			return nil, fmt.Errorf("marking assessment %s as a workshop: %w", asm.ID, err)
		}
		asm.Workshop = true
	}
	hub, err := workshop.NewHub(st, q, asm, nil)
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	if asm.Facilitator != "" {
		who = asm.Facilitator // the assessment names who runs its workshops
	}
	ws := &workshopSession{hub: hub, q: q, asm: asm, who: who, served: make(chan struct{}), active: new(atomic.Int64)}
	ws.title = safe.Line(asm.Team)
	if asm.Period != "" {
		ws.title += " · " + safe.Line(asm.Period)
	}
	srv, err := newWorkshopServer(hub, q, ws.title, o.code, keys, signer, ws.active)
	if err != nil {
		hub.Close()
		_ = ln.Close()
		return nil, err
	}
	ws.server, ws.addr = srv, ln.Addr()
	go func() {
		defer close(ws.served)
		_ = srv.Serve(ln) // returns ErrServerClosed when stop shuts it down
	}()
	ws.join = joinLines(ws.addr, o.code, keys != nil, asm.Participants, signer.PublicKey())
	return ws, nil
}

// findAssessment accepts a full ID or an unambiguous prefix of one.
func findAssessment(st assessment.Store, id string) (*assessment.Assessment, error) {
	a, err := st.Get(id)
	if err == nil {
		return a, nil
	}
	if !errors.Is(err, assessment.ErrNotFound) || id == "" {
		return nil, err
	}
	all, lerr := st.List()
	if lerr != nil {
		return nil, lerr
	}
	var found *assessment.Assessment
	for _, x := range all {
		if strings.HasPrefix(x.ID, id) {
			if found != nil {
				return nil, fmt.Errorf("several assessments start with %q; type more of the ID (see 'ggi list')", id)
			}
			found = x
		}
	}
	if found == nil {
		return nil, fmt.Errorf("no assessment %q (see 'ggi list')", id)
	}
	return found, nil
}

// joinLines tell participants how to connect; they go on the shared screen.
func joinLines(addr net.Addr, code string, byKey bool, participants []string, hostKey gossh.PublicKey) []string {
	host, port, _ := net.SplitHostPort(addr.String())
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "THIS-MACHINE"
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	cmd := fmt.Sprintf("Join: ssh -p %s NAME@%s", port, host)
	if byKey {
		cmd += "   ·   with your SSH key"
	} else {
		cmd += "   ·   session code " + code
	}
	names := make([]string, len(participants))
	for i, p := range participants {
		names[i] = safe.Line(p)
	}
	return []string{cmd, "NAME is one of: " + strings.Join(names, ", ") + "   ·   host key " + gossh.FingerprintSHA256(hostKey)}
}

// newWorkshopServer builds the SSH server: authentication by session code
// (password or keyboard-interactive) or by authorised key, then a gate that
// admits only the assessment's participants with a terminal, then the
// participant screen through wish's Bubble Tea middleware.
func newWorkshopServer(hub *workshop.Hub, q *assessment.Questionnaire, title, code string, keys []gossh.PublicKey, signer gossh.Signer, active *atomic.Int64) (*ssh.Server, error) {
	opts := []ssh.Option{
		func(s *ssh.Server) error { s.AddHostKey(signer); return nil },
		wish.WithMiddleware(
			bm.MiddlewareWithProgramHandler(participantProgram(hub, q, title), termenv.ANSI256),
			participantGate(hub, active),
		),
	}
	if keys != nil {
		opts = append(opts, wish.WithPublicKeyAuth(func(_ ssh.Context, k ssh.PublicKey) bool {
			return slices.ContainsFunc(keys, func(a gossh.PublicKey) bool { return ssh.KeysEqual(a, k) })
		}))
	} else {
		want := []byte(code)
		ok := func(given string) bool {
			if subtle.ConstantTimeCompare([]byte(given), want) == 1 {
				return true
			}
			time.Sleep(wrongCodeDelay) // slows guessing; a person barely notices
			return false
		}
		opts = append(opts,
			wish.WithPasswordAuth(func(_ ssh.Context, pw string) bool { return ok(pw) }),
			wish.WithKeyboardInteractiveAuth(func(_ ssh.Context, ch gossh.KeyboardInteractiveChallenge) bool {
				answers, err := ch("ggi workshop", "Type the session code shown on the shared screen.", []string{"Session code: "}, []bool{false})
				return err == nil && len(answers) == 1 && ok(answers[0])
			}),
		)
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, fmt.Errorf("cannot set up the SSH server: %w", err)
	}
	srv.Version = "ggi"
	return srv, nil
}

// participantSession is a session whose user is a known participant, with
// the hub subscription that feeds their screen.
//
// It also gives the Bubble Tea middleware a context and a window-size
// channel that live exactly as long as the session. The session's own
// context lasts as long as the whole connection, and its window channel is
// closed when the session ends; wish v1.1.1's middleware would then spin on
// the closed channel until the client hung up.
type participantSession struct {
	ssh.Session
	name   string
	states <-chan workshop.State
	ctx    sessionContext
	winch  chan ssh.Window
}

// sessionContext is the connection's context, done when either the
// connection or this one session ends.
type sessionContext struct {
	ssh.Context
	session context.Context
}

func (c sessionContext) Done() <-chan struct{} { return c.session.Done() }
func (c sessionContext) Err() error            { return c.session.Err() }

// Context is done when the session ends.
func (ps *participantSession) Context() ssh.Context { return ps.ctx }

// Pty returns the terminal with a window channel that is never closed.
func (ps *participantSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	pty, _, ok := ps.Session.Pty()
	return pty, ps.winch, ok
}

// newParticipantSession wraps s; cancel ends it.
func newParticipantSession(s ssh.Session, name string, states <-chan workshop.State) (*participantSession, context.CancelFunc) {
	ctx, cancel := context.WithCancel(s.Context())
	ps := &participantSession{
		Session: s, name: name, states: states,
		ctx:   sessionContext{Context: s.Context(), session: ctx},
		winch: make(chan ssh.Window, 1),
	}
	_, winch, _ := s.Pty()
	go func() {
		for w := range winch {
			select {
			case ps.winch <- w:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ps, cancel
}

// participantGate admits only the assessment's participants on a terminal.
// It owns the participant's subscription and presence: both end when the
// session ends, however it ends, so a dropped connection leaves nothing
// behind.
func participantGate(hub *workshop.Hub, active *atomic.Int64) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			active.Add(1)
			defer active.Add(-1)
			name, ok := hub.Participant(s.User())
			if !ok {
				wish.Fatalf(s, "ggi: %q is not a participant of this workshop; connect as one of: %s\n",
					safe.Line(s.User()), strings.Join(safeNames(hub.Snapshot().Participants), ", "))
				return
			}
			if _, _, pty := s.Pty(); !pty {
				wish.Fatalln(s, "ggi: the workshop needs a terminal; connect with ssh -t")
				return
			}
			states, unsubscribe := hub.Subscribe()
			leave := hub.Join(name)
			ps, endSession := newParticipantSession(s, name, states)
			defer leave()
			defer unsubscribe()
			defer endSession()
			next(ps)
		}
	}
}

func safeNames(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = safe.Line(n)
	}
	return out
}

// participantProgram builds each participant's Bubble Tea program and
// forwards the hub's states to it with Send until the subscription ends.
func participantProgram(hub *workshop.Hub, q *assessment.Questionnaire, title string) bm.ProgramHandler {
	return func(s ssh.Session) *tea.Program {
		ps, ok := s.(*participantSession)
		if !ok {
			return nil
		}
		m := participant.New(participant.Options{
			Hub: hub, Questionnaire: q, Name: ps.name, Title: title,
			Styles: theme.New(sessionRenderer(s)),
		})
		p := tea.NewProgram(m, tea.WithInput(s), tea.WithOutput(s), tea.WithAltScreen())
		go func() {
			for st := range ps.states { // closed by the gate when the session ends
				p.Send(participant.StateMsg{State: st})
			}
		}()
		return p
	}
}

// sessionRenderer styles one participant's terminal. Colour and background
// cannot be asked of a terminal over SSH without risking a hang, so they
// are assumed (256 colours, dark), and NO_COLOR from the client is honoured.
func sessionRenderer(s ssh.Session) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(s)
	r.SetHasDarkBackground(true)
	r.SetColorProfile(termenv.ANSI256)
	for _, kv := range s.Environ() {
		if strings.HasPrefix(kv, "NO_COLOR=") && kv != "NO_COLOR=" {
			r.SetColorProfile(termenv.Ascii)
		}
	}
	return r
}

// runFacilitator shows the facilitator screen in this terminal until the
// facilitator ends the workshop.
func (ws *workshopSession) runFacilitator(in io.Reader, out io.Writer) error {
	// wish logs through charmbracelet/log's default logger; on the
	// facilitator's terminal that would scribble over the screen.
	charmlog.SetOutput(io.Discard)
	m := facilitator.New(facilitator.Options{
		Hub: ws.hub, Questionnaire: ws.q, Styles: theme.New(lipgloss.NewRenderer(out)),
		Title: ws.title, Join: ws.join, Who: ws.who,
	})
	defer m.Close()
	_, err := tea.NewProgram(m, tea.WithInput(in), tea.WithOutput(out), tea.WithAltScreen()).Run()
	return err
}

// stop ends the workshop: the hub closes first, which waits for a save in
// progress and tells every participant's screen to close; once they have
// (or after a short grace period) the listener and all connections are
// closed. Safe to call more than once.
func (ws *workshopSession) stop() {
	ws.hub.Close()
	deadline := time.Now().Add(shutdownGrace)
	for ws.active.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	_ = ws.server.Close()
	select {
	case <-ws.served:
	case <-time.After(shutdownGrace):
	}
}

// summary prints what the workshop recorded once the screen is gone.
func (ws *workshopSession) summary(w io.Writer) error {
	a := ws.hub.Assessment()
	tallies := workshop.Tallies(ws.q, a)
	var agreed, votes int
	for _, t := range tallies {
		votes += len(t.Votes)
		if t.Agreed.Answered() {
			agreed++
		}
	}
	var b strings.Builder
	voted := len(tallies)
	fmt.Fprintf(&b, "Workshop on %s ended: %d vote%s on %d checkpoint%s, %d of them agreed. Everything is saved.\n",
		safe.Line(a.ID), votes, plural(votes), voted, plural(voted), agreed)
	if d := workshop.Disputed(ws.q, a); len(d) > 0 {
		b.WriteString("Flagged for discussion:\n")
		for _, c := range d {
			fmt.Fprintf(&b, "  %s  %s\n", safe.Line(c.CheckpointID), c.Spread)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// sessionCode makes a code people can read off a projector and type:
// eight digits in two groups.
func sessionCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(100_000_000))
	if err != nil {
		return "", fmt.Errorf("cannot make a session code: %w", err)
	}
	s := fmt.Sprintf("%08d", n.Int64())
	return s[:4] + "-" + s[4:], nil
}

// loadOrCreateHostKey reads the SSH host key, creating an ed25519 key
// (0600) when the file does not exist.
func loadOrCreateHostKey(path string) (gossh.Signer, error) {
	data, err := readSmallFile(path, maxKeyFile)
	if errors.Is(err, fs.ErrNotExist) {
		return createHostKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the SSH host key %s: %s", path, reason(err))
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("SSH host key %s is not a usable private key (%s); point --host-key elsewhere or delete it to make a new one", path, reason(err))
	}
	return signer, nil
}

func createHostKey(path string) (gossh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("cannot generate an SSH host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "ggi workshop host key")
	if err != nil {
		return nil, fmt.Errorf("cannot encode the SSH host key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("cannot create %s: %s", filepath.Dir(path), reason(err))
	}
	if err := atomicfile.Write(path, pem.EncodeToMemory(block), 0o600, false); err != nil {
		return nil, fmt.Errorf("cannot write the SSH host key %s: %s", path, reason(err))
	}
	return gossh.NewSignerFromKey(priv)
}

// readAuthorizedKeys parses an OpenSSH authorized_keys file once, so a
// mistake shows before the workshop starts rather than as refused logins.
func readAuthorizedKeys(path string) ([]gossh.PublicKey, error) {
	data, err := readSmallFile(path, maxKeyFile)
	if err != nil {
		return nil, fmt.Errorf("cannot read the authorised keys %s: %s", path, reason(err))
	}
	var keys []gossh.PublicKey
	for i, l := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		k, _, _, _, err := gossh.ParseAuthorizedKey([]byte(t))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: not an SSH public key (%s)", path, i+1, reason(err))
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s holds no public keys", path)
	}
	return keys, nil
}

// maxKeyFile bounds what serve reads as a host key or authorized_keys
// file: a wrong path to /dev/zero or a disk image must fail at once, not
// fill the memory.
const maxKeyFile = 1 << 20

// readSmallFile reads a file of at most limit bytes; a directory or a
// larger file is an error that says so.
func readSmallFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path) //nolint:gosec // the file the user named
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: errors.New("is a directory")}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("larger than %d KiB: not a key file", limit>>10)}
	}
	return data, nil
}
