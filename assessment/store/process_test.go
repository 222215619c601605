package store_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/store"
)

// The test binary doubles as the second process these tests need: with
// childEnv set it runs one of the child roles below instead of the tests.
const childEnv = "GGI_STORE_TEST_CHILD"

func TestMain(m *testing.M) {
	if role := os.Getenv(childEnv); role != "" {
		os.Exit(child(role, os.Getenv("GGI_STORE_TEST_DB"), os.Getenv("GGI_STORE_TEST_ARG")))
	}
	os.Exit(m.Run())
}

func child(role, path, arg string) int {
	db, err := store.Open(path, store.Options{})
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	switch role {
	case "hold":
		// Hold the lock until the parent closes our stdin.
		fmt.Println("ready")
		_, _ = io.Copy(io.Discard, os.Stdin)
	case "save":
		// Save answers as fast as possible, acknowledging each one only
		// after SaveAnswer returned, until killed.
		fmt.Println("ready")
		out := bufio.NewWriter(os.Stdout)
		for i := 0; ; i++ {
			cp := fmt.Sprintf("%s.%d", arg, i)
			if err := db.SaveAnswer(os.Getenv("GGI_STORE_TEST_ID"), "A", cp, assessment.CheckpointAnswer{Answer: assessment.Answers()[i%5]}, "child"); err != nil {
				fmt.Println("error:", err)
				return 1
			}
			fmt.Fprintln(out, "ok", cp, i%5)
			_ = out.Flush()
		}
	}
	_ = db.Close()
	return 0
}

type childProc struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines *bufio.Scanner
}

func startChild(t *testing.T, role, path string, env ...string) *childProc {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), append([]string{childEnv + "=" + role, "GGI_STORE_TEST_DB=" + path}, env...)...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &childProc{cmd: cmd, stdin: stdin, lines: bufio.NewScanner(stdout)}
	t.Cleanup(func() {
		_ = c.cmd.Process.Kill()
		_ = c.cmd.Wait()
	})
	if !c.lines.Scan() || c.lines.Text() != "ready" {
		t.Fatalf("child did not start: %q", c.lines.Text())
	}
	return c
}

func TestSecondProcessGetsInUse(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("waits for a lock timeout")
	}
	db, path := openTemp(t)
	a := newAssessment(t, db, "Platform")
	_ = db.Close()
	before := sum(t, path)
	holder := startChild(t, "hold", path)

	for _, ro := range []bool{false, true} {
		start := time.Now()
		db2, err := store.Open(path, store.Options{ReadOnly: ro})
		elapsed := time.Since(start)
		if err == nil {
			_ = db2.Close()
			t.Fatalf("read-only %v: opened a file another process holds", ro)
		}
		if !errors.Is(err, assessment.ErrInUse) {
			t.Fatalf("read-only %v: %v, want ErrInUse", ro, err)
		}
		if elapsed < time.Second || elapsed > 3*time.Second {
			t.Fatalf("read-only %v: gave up after %v, want about 2s", ro, elapsed)
		}
	}
	if sum(t, path) != before {
		t.Fatal("a refused open changed the file")
	}
	// Once the holder has gone, the file opens at once.
	_ = holder.stdin.Close()
	if err := holder.cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	db3, err := store.Open(path, store.Options{Timeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db3.Close()
	if _, err := db3.Get(a.ID); err != nil {
		t.Fatal(err)
	}
}

// Every answer a writer acknowledged survives kill -9 at any moment.
func TestKilledWriterLosesNothingAcknowledged(t *testing.T) {
	t.Parallel()
	db, path := openTemp(t)
	a := newAssessment(t, db, "Platform")
	_ = db.Close()
	acked := map[string]assessment.Answer{}
	rounds := 5
	if testing.Short() {
		rounds = 2
	}
	for round := range rounds {
		c := startChild(t, "save", path, "GGI_STORE_TEST_ID="+a.ID, "GGI_STORE_TEST_ARG=r"+strconv.Itoa(round))
		kill := time.AfterFunc(time.Duration(20+rand.IntN(200))*time.Millisecond, func() {
			_ = c.cmd.Process.Signal(syscall.SIGKILL)
		})
		for c.lines.Scan() {
			f := strings.Fields(c.lines.Text())
			if len(f) != 3 || f[0] != "ok" {
				t.Fatalf("child said %q", c.lines.Text())
			}
			n, _ := strconv.Atoi(f[2])
			acked[f[1]] = assessment.Answers()[n]
		}
		kill.Stop()
		_ = c.cmd.Wait()

		db, err := store.Open(path, store.Options{Timeout: time.Second})
		if err != nil {
			t.Fatalf("round %d: reopening after kill -9: %v", round, err)
		}
		got, err := db.Get(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for cp, want := range acked {
			if ca := got.AnswerOf("A", cp); ca == nil || ca.Answer != want {
				t.Fatalf("round %d: acknowledged answer %s=%s lost (have %+v)", round, cp, want, ca)
			}
		}
		if err := db.Check(); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		_ = db.Close()
	}
	if len(acked) == 0 {
		t.Fatal("the child never acknowledged an answer")
	}
	t.Logf("%d acknowledged answers over %d kills", len(acked), rounds)
}
