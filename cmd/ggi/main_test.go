package main

import (
	"bytes"
	"strings"
	"testing"
)

// runCLI runs ggi in-process with a private database and returns the exit
// status and both output streams.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Setenv("GGI_DB", "")
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestVersion(t *testing.T) {
	code, out, errOut := runCLI(t, "version")
	if code != exitOK || errOut != "" {
		t.Fatalf("ggi version: code %d, stderr %q", code, errOut)
	}
	if !strings.HasPrefix(out, "ggi ") || strings.Count(out, "\n") != 1 {
		t.Fatalf("ggi version printed %q, want one line starting with 'ggi '", out)
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		code, out, _ := runCLI(t, args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d", args, code)
		}
		for _, c := range commands() {
			if !strings.Contains(out, "  "+c.name) {
				t.Errorf("%v: help does not list %q:\n%s", args, c.name, out)
			}
		}
	}
}

func TestCommandHelp(t *testing.T) {
	for _, c := range commands() {
		code, out, errOut := runCLI(t, c.name, "--help")
		if code != exitOK || !strings.Contains(out, "ggi "+c.name) {
			t.Errorf("ggi %s --help: code %d, stdout %q, stderr %q", c.name, code, out, errOut)
		}
	}
}

func TestUsageErrorsAreOneLineExit2(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"--frobnicate"}, "unknown flag --frobnicate"},
		{[]string{"version", "--frobnicate"}, "version: unknown flag --frobnicate"},
		{[]string{"version", "extra"}, "version takes no arguments"},
		{[]string{"help", "nope"}, `unknown command "nope"`},
		{[]string{"--db"}, "--db needs a value"},
	}
	for _, tc := range cases {
		code, out, errOut := runCLI(t, tc.args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d", tc.args, code, exitUsage)
		}
		if out != "" {
			t.Errorf("%v: wrote to stdout: %q", tc.args, out)
		}
		if strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "ggi: ") || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: stderr %q, want one line containing %q", tc.args, errOut, tc.want)
		}
	}
}

func TestDBPathPrecedence(t *testing.T) {
	t.Setenv("GGI_DB", "/env/ggi.db")
	t.Setenv("XDG_DATA_HOME", "/xdg")
	g := globalOptions{db: "/flag/ggi.db"}
	if p, _ := g.dbPath(); p != "/flag/ggi.db" {
		t.Errorf("--db not preferred: %s", p)
	}
	g.db = ""
	if p, _ := g.dbPath(); p != "/env/ggi.db" {
		t.Errorf("GGI_DB not used: %s", p)
	}
	t.Setenv("GGI_DB", "")
	if p, _ := g.dbPath(); p != "/xdg/ggi/ggi.db" {
		t.Errorf("XDG_DATA_HOME not used: %s", p)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/u")
	if p, _ := g.dbPath(); p != "/home/u/.local/share/ggi/ggi.db" {
		t.Errorf("home default wrong: %s", p)
	}
}
