package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/store"
	"github.com/ggi-tool/ggi/assessment/workshop"
	"github.com/ggi-tool/ggi/questionnaires"
	"github.com/ggi-tool/ggi/tui/facilitator"
	"github.com/ggi-tool/ggi/tui/theme"
)

const testCode = "1234-5678"

type workshopFixture struct {
	t   *testing.T
	ws  *workshopSession
	db  *store.DB
	id  string
	dir string
}

// startTestWorkshop runs a workshop on a fresh database, listening on a
// free loopback port.
func startTestWorkshop(t *testing.T, o serveOptions) *workshopFixture {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "ggi.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	reg, err := questionnaires.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	q, _ := reg.Latest(questionnaires.DefaultID)
	a := &assessment.Assessment{
		Team: "Platform", Period: "2026-Q4", Participants: []string{"alice", "bob", "carol"},
		Questionnaire: assessment.QuestionnaireRef{ID: q.ID, Version: q.Version},
	}
	if err := db.Create(a); err != nil {
		t.Fatal(err)
	}
	o.listen = "127.0.0.1:0"
	if o.hostKey == "" {
		o.hostKey = filepath.Join(dir, hostKeyName)
	}
	ws, err := startWorkshop(db, reg, a.ID[:4], o, "fac") // a prefix of the ID is enough
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ws.stop)
	return &workshopFixture{t: t, ws: ws, db: db, id: a.ID, dir: dir}
}

// client is one participant's SSH connection with a terminal.
type client struct {
	conn  *gossh.Client
	sess  *gossh.Session
	stdin io.WriteCloser
	out   *syncBuffer
	err   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (f *workshopFixture) dialWith(user string, auth gossh.AuthMethod) (*gossh.Client, error) {
	cfg := &gossh.ClientConfig{
		User: user, Auth: []gossh.AuthMethod{auth},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), // #nosec G106 -- test server on loopback
		Timeout:         5 * time.Second,
	}
	return gossh.Dial("tcp", f.ws.addr.String(), cfg)
}

func (f *workshopFixture) connect(user string) *client {
	f.t.Helper()
	conn, err := f.dialWith(user, gossh.Password(testCode))
	if err != nil {
		f.t.Fatalf("%s: dial: %v", user, err)
	}
	f.t.Cleanup(func() { _ = conn.Close() })
	return f.shell(conn)
}

func (f *workshopFixture) shell(conn *gossh.Client) *client {
	f.t.Helper()
	sess, err := conn.NewSession()
	if err != nil {
		f.t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		f.t.Fatal(err)
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		f.t.Fatal(err)
	}
	out, errOut := &syncBuffer{}, &syncBuffer{}
	sess.Stdout, sess.Stderr = out, errOut
	if err := sess.Shell(); err != nil {
		f.t.Fatal(err)
	}
	return &client{conn: conn, sess: sess, stdin: stdin, out: out, err: errOut}
}

// eventually polls cond for up to 10 seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (f *workshopFixture) online(name string) bool { return f.ws.hub.Snapshot().IsOnline(name) }

func (f *workshopFixture) vote(name string) assessment.Answer {
	return workshop.VoteOf(f.ws.hub.Snapshot().Answer.Votes, name)
}

func (f *workshopFixture) storedVotes() []assessment.Vote {
	f.t.Helper()
	a, err := f.db.Get(f.id)
	if err != nil {
		f.t.Fatal(err)
	}
	p := f.ws.hub.Snapshot().Position
	ca := a.AnswerOf(p.ActivityID, p.CheckpointID)
	if ca == nil {
		return nil
	}
	return ca.Votes
}

func TestWorkshopOverSSH(t *testing.T) {
	f := startTestWorkshop(t, serveOptions{code: testCode})
	if a, _ := f.db.Get(f.id); !a.Workshop {
		t.Error("serving did not mark the assessment as a workshop")
	}
	fac := facilitator.New(facilitator.Options{
		Hub: f.ws.hub, Questionnaire: f.ws.q, Styles: theme.New(lipgloss.DefaultRenderer()),
		Title: f.ws.title, Join: f.ws.join, Who: "fac",
	})
	defer fac.Close()

	want := map[string]assessment.Answer{"alice": assessment.Partly, "bob": assessment.Largely, "carol": assessment.Fully}
	keys := map[string]string{"alice": "1", "bob": "2", "carol": "3"}
	clients := map[string]*client{}
	for _, name := range []string{"alice", "bob", "carol"} {
		c := f.connect(name)
		clients[name] = c
		eventually(t, name+" online", func() bool { return f.online(name) })
		eventually(t, name+"'s screen", func() bool { return strings.Contains(ansi.Strip(c.out.String()), "you are "+name) })
	}
	for name, c := range clients {
		if _, err := io.WriteString(c.stdin, keys[name]); err != nil {
			t.Fatal(err)
		}
	}
	for name, ans := range want {
		eventually(t, name+"'s vote", func() bool { return f.vote(name) == ans })
	}

	sp := workshop.Tally(f.ws.hub.Snapshot().Answer.Votes)
	if sp.Votes != 3 || sp.Min != assessment.Partly || sp.Max != assessment.Fully || !sp.Disagreement || sp.Suggested != assessment.Largely {
		t.Errorf("tally = %+v", sp)
	}
	fac.Update(facilitator.StateMsg{State: f.ws.hub.Snapshot()})
	v := ansi.Strip(fac.View())
	for _, s := range []string{"Votes · 3 of 3", "● online", "●○○  partly", "●●●  fully", "⚠ Discuss", "session code " + testCode} {
		if !strings.Contains(v, s) {
			t.Errorf("facilitator view lacks %q:\n%s", s, v)
		}
	}
	stored := f.storedVotes()
	if len(stored) != 3 {
		t.Fatalf("store has %d votes: %v", len(stored), stored)
	}
	for name, ans := range want {
		if got := workshop.VoteOf(stored, name); got != ans {
			t.Errorf("stored vote of %s = %q, want %q", name, got, ans)
		}
	}
	hist, err := f.db.History(f.id)
	if err != nil {
		t.Fatal(err)
	}
	var voteChanges int
	for _, c := range hist {
		if c.Kind == assessment.ChangeAnswer {
			voteChanges++
		}
	}
	if voteChanges != 3 {
		t.Errorf("%d answer changes logged, want one per vote (3)", voteChanges)
	}
	// Participants see that everyone voted, not what.
	eventually(t, "alice sees the count", func() bool {
		return strings.Contains(ansi.Strip(clients["alice"].out.String()), "3 of 3 people have voted")
	})

	// The facilitator ends the workshop: screens close, nobody is left.
	f.ws.stop()
	for name, c := range clients {
		done := make(chan error, 1)
		go func() { done <- c.sess.Wait() }()
		select {
		case err := <-done:
			_ = err // the server ending the session is the point; any exit status will do
		case <-time.After(10 * time.Second):
			t.Errorf("%s's session still open after the workshop ended", name)
		}
	}
	if n := f.ws.hub.Subscribers(); n != 0 {
		t.Errorf("%d subscriptions left after stop", n)
	}
}

func TestDroppedConnectionLosesNothing(t *testing.T) {
	before := runtime.NumGoroutine()
	f := startTestWorkshop(t, serveOptions{code: testCode})
	alice, bob := f.connect("alice"), f.connect("bob")
	eventually(t, "both online", func() bool { return f.online("alice") && f.online("bob") })
	subs := f.ws.hub.Subscribers()

	if _, err := io.WriteString(alice.stdin, "3"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "alice's vote", func() bool { return f.vote("alice") == assessment.Fully })
	// Mid-vote: a key and an abrupt close of the TCP connection at once.
	_, _ = io.WriteString(alice.stdin, "1")
	_ = alice.conn.Close()

	eventually(t, "alice gone", func() bool { return !f.online("alice") })
	eventually(t, "alice's subscription gone", func() bool { return f.ws.hub.Subscribers() == subs-1 })
	got := f.vote("alice")
	if got != assessment.Fully && got != assessment.Partly {
		t.Errorf("alice's vote after the drop = %q", got)
	}
	if stored := workshop.VoteOf(f.storedVotes(), "alice"); stored != got {
		t.Errorf("store has %q, hub shows %q", stored, got)
	}

	// Bob carries on, and alice can come back.
	if _, err := io.WriteString(bob.stdin, "2"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "bob's vote", func() bool { return f.vote("bob") == assessment.Largely })
	again := f.connect("alice")
	eventually(t, "alice back", func() bool { return f.online("alice") })
	if _, err := io.WriteString(again.stdin, "0"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "alice's new vote", func() bool { return f.vote("alice") == assessment.NotYet })
	if n := len(f.storedVotes()); n != 2 {
		t.Errorf("store has %d votes, want 2", n)
	}

	_ = bob.conn.Close()
	_ = again.conn.Close()
	f.ws.stop()
	eventually(t, "goroutines to wind down", func() bool { return runtime.NumGoroutine() <= before+2 })
}

func TestWorkshopRefusals(t *testing.T) {
	f := startTestWorkshop(t, serveOptions{code: testCode})

	if _, err := f.dialWith("alice", gossh.Password("wrong")); err == nil {
		t.Error("wrong session code accepted")
	}
	conn, err := f.dialWith("alice", gossh.KeyboardInteractive(func(name, instruction string, questions []string, echos []bool) ([]string, error) {
		if len(questions) != 1 || !strings.Contains(questions[0], "Session code") {
			return nil, errors.New("unexpected prompt")
		}
		return []string{testCode}, nil
	}))
	if err != nil {
		t.Fatalf("keyboard-interactive with the code: %v", err)
	}
	_ = conn.Close()

	// A name that is not a participant is told who may join, safely.
	conn, err = f.dialWith("mallory\x1b[2J", gossh.Password(testCode))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := f.shell(conn)
	werr := c.sess.Wait()
	var exit *gossh.ExitError
	if !errors.As(werr, &exit) || exit.ExitStatus() != 1 {
		t.Errorf("unknown participant: %v", werr)
	}
	msg := c.out.String() + c.err.String()
	if strings.Contains(msg, "\x1b[2J") || !strings.Contains(msg, "connect as one of: alice, bob, carol") {
		t.Errorf("unknown participant told %q", msg)
	}
	if f.ws.hub.Subscribers() != 0 {
		t.Errorf("a refused session subscribed")
	}

	// Without a terminal there is nothing to show.
	conn2, err := f.dialWith("bob", gossh.Password(testCode))
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close()
	sess, err := conn2.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out, _ := sess.CombinedOutput("")
	if !strings.Contains(string(out), "needs a terminal") {
		t.Errorf("no-pty session said %q", out)
	}
}

func TestWorkshopWithAuthorisedKeys(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "authorized_keys")
	if err := os.WriteFile(keyFile, append([]byte("# the room\n\n"), gossh.MarshalAuthorizedKey(sshPub)...), 0o600); err != nil {
		t.Fatal(err)
	}
	f := startTestWorkshop(t, serveOptions{authorizedKeys: keyFile})
	if !strings.Contains(strings.Join(f.ws.join, " "), "with your SSH key") {
		t.Errorf("join lines: %v", f.ws.join)
	}
	conn, err := f.dialWith("carol", gossh.PublicKeys(signer))
	if err != nil {
		t.Fatalf("authorised key refused: %v", err)
	}
	defer conn.Close()
	if _, err := f.dialWith("carol", gossh.Password("anything")); err == nil {
		t.Error("password accepted when only keys are allowed")
	}
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	otherSigner, _ := gossh.NewSignerFromKey(other)
	if _, err := f.dialWith("carol", gossh.PublicKeys(otherSigner)); err == nil {
		t.Error("unknown key accepted")
	}
}

func TestHostKeyIsCreatedPrivateAndReused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", hostKeyName)
	s1, err := loadOrCreateHostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("host key mode = %o, want 600", perm)
	}
	s2, err := loadOrCreateHostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(s1.PublicKey().Marshal(), s2.PublicKey().Marshal()) {
		t.Error("a second start made a new host key")
	}
	bad := filepath.Join(t.TempDir(), "bad")
	if err := os.WriteFile(bad, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadOrCreateHostKey(bad); err == nil || !strings.Contains(err.Error(), "not a usable private key") {
		t.Errorf("broken key: %v", err)
	}
}

func TestSessionCode(t *testing.T) {
	seen := map[string]bool{}
	for range 20 {
		c, err := sessionCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != 9 || c[4] != '-' {
			t.Errorf("code %q", c)
		}
		seen[c] = true
	}
	if len(seen) < 19 {
		t.Errorf("codes repeat: %v", seen)
	}
}

func TestServeUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"serve"}, "needs an assessment ID"},
		{[]string{"serve", "x", "--code", "1234", "--authorized-keys", "k"}, "either --code or --authorized-keys"},
		{[]string{"serve", "x", "--listen", "nonsense"}, "--listen needs HOST:PORT"},
		{[]string{"serve", "x", "--listen", ":2323"}, "0.0.0.0:2323"},
		{[]string{"serve", "x", "--code", "12"}, "at least 4 characters"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := run(tt.args, strings.NewReader(""), &out, &errb)
		if code != exitUsage || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errb.String(), tt.want)
		}
	}
}

func TestServeNeedsATerminal(t *testing.T) {
	c := newCLI(t)
	c.ok("new", "--team", "Platform") // the database must exist
	var out, errb bytes.Buffer
	code := run([]string{"--db", c.db, "serve", "abc"}, strings.NewReader(""), &out, &errb)
	if code != exitError || !strings.Contains(errb.String(), "needs a terminal") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

func TestServeRefusesAssessmentWithoutParticipants(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "ggi.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	reg, _ := questionnaires.Embedded()
	a := &assessment.Assessment{Team: "Solo", Questionnaire: assessment.QuestionnaireRef{ID: "ggi", Version: "1.3"}}
	if err := db.Create(a); err != nil {
		t.Fatal(err)
	}
	_, err = startWorkshop(db, reg, a.ID, serveOptions{listen: "127.0.0.1:0", code: testCode, hostKey: filepath.Join(dir, "hk")}, "fac")
	if err == nil || !strings.Contains(err.Error(), "no participants") {
		t.Errorf("err = %v", err)
	}
	if _, err := startWorkshop(db, reg, "zzzz", serveOptions{}, "fac"); err == nil || !strings.Contains(err.Error(), "no assessment") {
		t.Errorf("unknown ID: %v", err)
	}
}

func TestJoinLines(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	k, _ := gossh.NewPublicKey(pub)
	lines := joinLines(&net.TCPAddr{IP: net.IPv4zero, Port: 2323}, "1111-2222", false, []string{"ann", "b\x1b[31mo"}, k)
	got := strings.Join(lines, "\n")
	for _, want := range []string{"ssh -p 2323 NAME@THIS-MACHINE", "session code 1111-2222", "ann, bo", "SHA256:"} {
		if !strings.Contains(got, want) {
			t.Errorf("join lines lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\x1b") {
		t.Errorf("escape in join lines: %q", got)
	}
}

func TestLeavingEndsTheSessionNotTheConnection(t *testing.T) {
	f := startTestWorkshop(t, serveOptions{code: testCode})
	conn, err := f.dialWith("alice", gossh.Password(testCode))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	leave := func() {
		t.Helper()
		c := f.shell(conn)
		eventually(t, "alice online", func() bool { return f.online("alice") })
		if _, err := io.WriteString(c.stdin, "q"); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- c.sess.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("leaving with q: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("q did not end alice's session")
		}
		eventually(t, "alice offline", func() bool { return !f.online("alice") && f.ws.hub.Subscribers() == 0 })
	}
	// The first session starts process-wide goroutines (Bubble Tea's
	// signal handling) that are not the session's.
	leave()
	time.Sleep(100 * time.Millisecond)
	before := runtime.NumGoroutine()
	leave()
	// The connection is still open: nothing of the session may outlive it.
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines, %d before the session:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestServeInTmux runs the real binary as a facilitator would, with a
// participant voting over SSH from this process.
func TestServeInTmux(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "ggi.db")
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := &assessment.Assessment{Team: "Platform", Participants: []string{"alice", "bob"},
		Questionnaire: assessment.QuestionnaireRef{ID: "ggi", Version: "1.3"}}
	if err := db.Create(a); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()

	s := newTmux(t, 110, 36, []string{"GGI_DB=" + dbPath, "NO_COLOR=1"}, "serve", a.ID, "--listen", addr, "--code", testCode)
	s.waitFor("session code " + testCode)
	if info, err := os.Stat(filepath.Join(dir, hostKeyName)); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("host key next to the database: %v %v", info, err)
	}

	f := &workshopFixture{t: t, ws: &workshopSession{addr: ln.Addr()}}
	c := f.connect("alice")
	s.waitFor("● online")
	if _, err := io.WriteString(c.stdin, "2"); err != nil {
		t.Fatal(err)
	}
	s.waitFor("●●○  largely")
	s.waitFor("▸ 2  bob") // alice has voted herself: the facilitator's cursor moves on
	s.keys("3")           // bob's vote, entered by the facilitator
	s.waitFor("●●●  fully")
	s.keys("Enter")
	s.waitFor("Checkpoint 2 of 5")
	s.keys("q", "q")
	scr := s.waitFor("EXITED:0")
	if !strings.Contains(scr, "2 votes on 1 checkpoint, 1 of them agreed") {
		t.Errorf("summary:\n%s", scr)
	}

	db, err = store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Get(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	ca := got.AnswerOf("GGI-A-17", "GGI-A-17.1")
	if ca == nil || ca.Answer != assessment.Largely || len(ca.Votes) != 2 || !got.Workshop {
		t.Errorf("stored: workshop=%v answer=%+v", got.Workshop, ca)
	}
}
