// Command ggi guides a team through the Good Governance Initiative handbook,
// keeps every answer in a local bbolt file and exports a maturity scorecard.
//
// This package is the only place that knows every other package: it parses
// flags, resolves paths and wires the store, the questionnaires, the reports
// and the TUI together.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses fixed by the specification.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// usageError marks a mistake in how ggi was called (exit status 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// app carries what every command needs: the streams and the global options.
type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	global globalOptions
	// damaged counts the assessments of the database that did not decode
	// when they were loaded: reads go on with the others.
	damaged int
	// warning is said on stderr when the command succeeds; a failure's
	// one-line error says what matters instead.
	warning string
}

// command is one ggi subcommand.
type command struct {
	name    string
	args    string // synopsis of the arguments, for help
	summary string
	run     func(a *app, args []string) error
}

// commands lists the subcommands in the order help shows them. It is a
// function, not a package variable, so that nothing global is mutable.
func commands() []command {
	return []command{
		{"open", "ID", "open an assessment at its first unanswered checkpoint", runOpen},
		{"new", "--team T [--period P] [--from ID]", "create an assessment and print its ID", runNew},
		{"list", "[--json]", "the assessments, newest first", runList},
		{"show", "ID", "the scorecard in the terminal", runShow},
		{"export", "ID --format F [-o FILE]", "write the scorecard as markdown, json, csv, html or text", runExport},
		{"import", "FILE", "import a JSON export as a new assessment", runImport},
		{"compare", "ID1 ID2", "what changed between two assessments", runCompare},
		{"rollup", "FILE...", "organisation heat map from several teams' JSON exports", runRollup},
		{"serve", "ID", "run a workshop: participants vote over SSH", runServe},
		{"questionnaire", "list|show|validate|import", "the questionnaires: list, show, check a file, import the handbook's file", runQuestionnaire},
		{"backup", "FILE", "write a consistent copy of the database", runBackup},
		{"doctor", "", "check the database for damage", runDoctor},
		{"version", "", "print the version of ggi", runVersion},
		{"help", "[COMMAND]", "show help for ggi or one command", runHelp},
	}
}

func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// run is main without the process exit, so tests can call it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	err := a.dispatch(args)
	return a.report(err)
}

func (a *app) dispatch(args []string) error {
	rest, help, err := a.global.parseLeading(args)
	if err != nil {
		return err
	}
	if help {
		return writeUsage(a.stdout)
	}
	if len(rest) == 0 {
		return a.runDefault()
	}
	c, ok := findCommand(rest[0])
	if !ok {
		return usagef("unknown command %q (run 'ggi --help' for the list)", rest[0])
	}
	return c.run(a, rest[1:])
}

// report prints err as one line on stderr and returns the exit status.
func (a *app) report(err error) int {
	if err == nil || errors.Is(err, errHelpShown) {
		if a.warning != "" {
			fmt.Fprintf(a.stderr, "ggi: %s\n", oneLine(sanitizeTerminal(a.warning)))
		}
		return exitOK
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(a.stderr, "ggi: %s\n", oneLine(sanitizeTerminal(err.Error())))
		return exitUsage
	}
	fmt.Fprintf(a.stderr, "ggi: %s\n", oneLine(sanitizeTerminal(err.Error())))
	return exitError
}

// oneLine keeps error output to a single line whatever a wrapped error says.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

func writeUsage(w io.Writer) error {
	var b strings.Builder
	b.WriteString("ggi: open source good governance self-assessment (GGI handbook)\n\n")
	b.WriteString("Usage:\n  ggi [--db PATH] [COMMAND] [ARGS]\n\nCommands:\n")
	fmt.Fprintf(&b, "  %-34s %s\n", "(none)", "the interactive screen: assessments, answering, scorecards")
	for _, c := range commands() {
		syn := c.name
		if c.args != "" {
			syn += " " + c.args
		}
		if len(syn) > 34 {
			fmt.Fprintf(&b, "  %s\n  %-34s %s\n", syn, "", c.summary)
			continue
		}
		fmt.Fprintf(&b, "  %-34s %s\n", syn, c.summary)
	}
	b.WriteString("\nGlobal flags:\n")
	b.WriteString(globalFlagHelp())
	b.WriteString("\nRun 'ggi help COMMAND' for the flags of one command.\n")
	b.WriteString("Exit status: 0 success, 1 error, 2 wrong usage.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func runHelp(a *app, args []string) error {
	pos, err := a.flags("help", "[COMMAND]").parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return writeUsage(a.stdout)
	}
	if len(pos) > 1 {
		return usagef("help takes at most one command name")
	}
	c, ok := findCommand(pos[0])
	if !ok {
		return usagef("unknown command %q (run 'ggi --help' for the list)", pos[0])
	}
	// Asking a command for --help prints its own flag list.
	return c.run(a, []string{"--help"})
}
