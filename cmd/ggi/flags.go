package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// globalOptions are accepted before the command and by every command.
type globalOptions struct {
	db            string
	questionnaire string
	accessible    bool
}

func (g *globalOptions) register(fs *flag.FlagSet) {
	// An empty --db (say, "$DB" with DB unset) must not quietly fall back
	// to the default database.
	fs.Func("db", "database `PATH` (default $GGI_DB, else $XDG_DATA_HOME/ggi/ggi.db)", func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("an empty path names no database; give a PATH or leave --db out")
		}
		g.db = s
		return nil
	})
	fs.StringVar(&g.questionnaire, "questionnaire", g.questionnaire, "load an extra questionnaire from this YAML (or JSON) `FILE`")
	fs.BoolVar(&g.accessible, "accessible", g.accessible, "screen-reader friendly prompts instead of the full-screen interface")
}

func globalFlagHelp() string {
	var g globalOptions
	fs := flag.NewFlagSet("ggi", flag.ContinueOnError)
	g.register(fs)
	return flagDefaults(fs)
}

func flagDefaults(fs *flag.FlagSet) string {
	return flagList(fs, func(*flag.Flag) bool { return true })
}

// flagList lists the flags that keep accepts, one a line, with their value
// placeholder in capitals (--team NAME) as in every synopsis.
func flagList(fs *flag.FlagSet, keep func(*flag.Flag) bool) string {
	var b strings.Builder
	fs.VisitAll(func(f *flag.Flag) {
		if !keep(f) {
			return
		}
		name, usage := flag.UnquoteUsage(f)
		name = strings.ToUpper(name)
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
	return usagef("%s (see 'ggi --help')", flagMessage(err.Error()))
}

// flagMessage rewords the flag package's messages with the flag spelled
// as ggi's help spells it (--format, -o).
func flagMessage(msg string) string {
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return "unknown flag " + dashed(name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return dashed(name) + " needs a value"
	}
	// invalid boolean value "x" for -json: parse error
	// invalid value "x" for flag -n: parse error
	if rest, ok := strings.CutPrefix(msg, "invalid "); ok {
		if i := strings.IndexByte(rest, '"'); i >= 0 {
			if value, err := strconv.QuotedPrefix(rest[i:]); err == nil {
				after := strings.TrimPrefix(strings.TrimPrefix(rest[i+len(value):], " for flag -"), " for -")
				if name, why, ok := strings.Cut(after, ":"); ok {
					if strings.HasPrefix(rest, "boolean") {
						return fmt.Sprintf("%s takes no value (or true or false), not %s", dashed(name), value)
					}
					if why = strings.TrimSpace(why); why != "" && why != "parse error" {
						return fmt.Sprintf("%s %s: %s", dashed(name), value, why)
					}
					return fmt.Sprintf("%s: invalid value %s", dashed(name), value)
				}
			}
		}
	}
	return msg
}

func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
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
	var b strings.Builder
	fmt.Fprintf(&b, "Usage:\n  %s\n", syn)
	if s := commandSummary(c.name); s != "" {
		fmt.Fprintf(&b, "\n%s%s.\n", strings.ToUpper(s[:1]), s[1:])
	}
	// The command's own flags first, then the global ones every command
	// takes (a global flag whose help the command rewrote is its own).
	global := globalUsages()
	own := flagList(c.FlagSet, func(f *flag.Flag) bool { return global[f.Name] != f.Usage })
	if own != "" {
		fmt.Fprintf(&b, "\nFlags:\n%s", own)
	}
	fmt.Fprintf(&b, "\nGlobal flags:\n%s", flagList(c.FlagSet, func(f *flag.Flag) bool { return global[f.Name] == f.Usage }))
	if _, err := io.WriteString(c.a.stdout, b.String()); err != nil {
		return err
	}
	return errHelpShown
}

// globalUsages maps each global flag to its help text.
func globalUsages() map[string]string {
	var g globalOptions
	fs := flag.NewFlagSet("ggi", flag.ContinueOnError)
	g.register(fs)
	m := make(map[string]string)
	fs.VisitAll(func(f *flag.Flag) { m[f.Name] = f.Usage })
	return m
}

// commandSummary is the one-line description of a command or of a
// questionnaire subcommand, for its help.
func commandSummary(name string) string {
	switch name {
	case "questionnaire list":
		return "list the questionnaires ggi knows"
	case "questionnaire show":
		return "print a questionnaire: its goals, activities and checkpoints"
	case "questionnaire validate":
		return "check a questionnaire file and report every problem with its line and field"
	case "questionnaire import":
		return "convert the handbook's activity file (MyGGIBoard format) into a questionnaire YAML file"
	}
	if c, ok := findCommand(name); ok {
		return c.summary
	}
	return ""
}

func flagErrorFor(cmd string, err error) error {
	return usagef("%s: %s (see 'ggi help %s')", cmd, flagMessage(err.Error()), cmd)
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

// chooseFormat checks a --format value against the formats a command
// writes: any case, common short names (md, htm, txt, yml), and for a typo
// a suggestion of the format meant.
func chooseFormat(cmd, value string, formats ...string) (string, error) {
	v := strings.ToLower(strings.TrimSpace(value))
	switch v {
	case "md":
		v = "markdown"
	case "htm":
		v = "html"
	case "txt":
		v = "text"
	case "yml":
		v = "yaml"
	}
	if slices.Contains(formats, v) {
		return v, nil
	}
	list := strings.Join(formats[:len(formats)-1], ", ") + " or " + formats[len(formats)-1]
	for _, f := range formats {
		if editDistance(v, f) <= 2 {
			return "", usagef("%s: unknown format %q: did you mean %s? (%s)", cmd, value, f, list)
		}
	}
	return "", usagef("%s: unknown format %q (%s)", cmd, value, list)
}

// editDistance is the Levenshtein distance between two short words.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
