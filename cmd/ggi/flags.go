package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// globalOptions are accepted before the command and by every command.
type globalOptions struct {
	db            string
	questionnaire string
	accessible    bool
}

func (g *globalOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&g.db, "db", g.db, "database `PATH` (default $GGI_DB, else $XDG_DATA_HOME/ggi/ggi.db)")
	fs.StringVar(&g.questionnaire, "questionnaire", g.questionnaire, "load an extra questionnaire from this YAML `FILE`")
	fs.BoolVar(&g.accessible, "accessible", g.accessible, "screen-reader friendly prompts instead of the full-screen interface")
}

func globalFlagHelp() string {
	var g globalOptions
	fs := flag.NewFlagSet("ggi", flag.ContinueOnError)
	g.register(fs)
	return flagDefaults(fs)
}

func flagDefaults(fs *flag.FlagSet) string {
	var b strings.Builder
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if len(f.Name) == 1 {
			left = "-" + f.Name
		}
		if name != "" {
			left += " " + name
		}
		fmt.Fprintf(&b, "  %-34s %s\n", left, usage)
	})
	return b.String()
}

// parseLeading parses the global flags that come before the command name.
func (g *globalOptions) parseLeading(args []string) (rest []string, help bool, err error) {
	fs := newFlagSet("ggi")
	g.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, true, nil
		}
		return nil, false, flagError(err)
	}
	return fs.Args(), false, nil
}

// dbPath resolves the database location: --db, then $GGI_DB, then the XDG
// data directory.
func (g *globalOptions) dbPath() (string, error) {
	if g.db != "" {
		return g.db, nil
	}
	if p := os.Getenv("GGI_DB"); p != "" {
		return p, nil
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "ggi", "ggi.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find a place for the database: %w (set --db or GGI_DB)", err)
	}
	return filepath.Join(home, ".local", "share", "ggi", "ggi.db"), nil
}

func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// flagError turns the flag package's messages into a usage error.
func flagError(err error) error {
	msg := err.Error()
	if strings.HasPrefix(msg, "flag provided but not defined: ") {
		return usagef("unknown flag -%s (see 'ggi --help')", strings.TrimPrefix(msg, "flag provided but not defined: "))
	}
	return usagef("%s (see 'ggi --help')", msg)
}

// cmdFlags is a command's flag set that also accepts the global flags and
// lets flags and positional arguments appear in any order.
type cmdFlags struct {
	*flag.FlagSet
	name string
	args string
	a    *app
}

func (a *app) flags(name, args string) *cmdFlags {
	fs := newFlagSet("ggi " + name)
	a.global.register(fs)
	return &cmdFlags{FlagSet: fs, name: name, args: args, a: a}
}

// parse parses interspersed flags and returns the positional arguments.
// errHelpShown means the user asked for --help and it was printed.
func (c *cmdFlags) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := c.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, c.printHelp()
			}
			return nil, flagErrorFor(c.name, err)
		}
		args = c.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// errHelpShown ends a command successfully after printing its help.
var errHelpShown = errors.New("help shown")

func (c *cmdFlags) printHelp() error {
	syn := "ggi " + c.name
	if c.args != "" {
		syn += " " + c.args
	}
	if _, err := fmt.Fprintf(c.a.stdout, "Usage:\n  %s\n\nFlags:\n%s", syn, flagDefaults(c.FlagSet)); err != nil {
		return err
	}
	return errHelpShown
}

func flagErrorFor(cmd string, err error) error {
	msg := err.Error()
	if strings.HasPrefix(msg, "flag provided but not defined: ") {
		return usagef("%s: unknown flag -%s (see 'ggi help %s')", cmd, strings.TrimPrefix(msg, "flag provided but not defined: "), cmd)
	}
	return usagef("%s: %s (see 'ggi help %s')", cmd, msg, cmd)
}

// exactArgs checks the number of positional arguments.
func exactArgs(cmd string, pos []string, n int, what string) error {
	if len(pos) != n {
		return usagef("%s needs %s (got %d argument%s)", cmd, what, len(pos), plural(len(pos)))
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
