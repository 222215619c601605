package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"go.yaml.in/yaml/v3"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/safe"
	"github.com/ggi-tool/ggi/questionnaires"
)

// registry returns the embedded questionnaires plus the one named by
// --questionnaire, if any.
func (a *app) registry() (*questionnaires.Registry, error) {
	r, err := questionnaires.Embedded()
	if err != nil {
		return nil, fmt.Errorf("built-in questionnaire is broken: %w", err)
	}
	if a.global.questionnaire != "" {
		q, err := questionnaires.LoadFile(a.global.questionnaire)
		if err != nil {
			return nil, err
		}
		if err := r.Add(q); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func runQuestionnaire(a *app, args []string) error {
	if len(args) == 0 {
		return usagef("questionnaire needs a subcommand: list, show, validate or import")
	}
	switch args[0] {
	case "list":
		return runQuestionnaireList(a, args[1:])
	case "show":
		return runQuestionnaireShow(a, args[1:])
	case "validate":
		return runQuestionnaireValidate(a, args[1:])
	case "import":
		return runQuestionnaireImport(a, args[1:])
	case "--help", "-h", "-help", "help":
		_, err := fmt.Fprint(a.stdout, `Usage:
  ggi questionnaire list                       the questionnaires ggi knows
  ggi questionnaire show [ID[@VERSION]] [--format text|json|yaml]
  ggi questionnaire validate FILE              check a questionnaire file
  ggi questionnaire import FILE [-o OUT] [--force]
                                               convert the handbook's activity file (MyGGIBoard format) to YAML
`)
		return err
	default:
		return usagef("unknown questionnaire subcommand %q (list, show, validate or import)", args[0])
	}
}

func runQuestionnaireList(a *app, args []string) error {
	fs := a.flags("questionnaire list", "")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("questionnaire list takes no arguments")
	}
	r, err := a.registry()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tVERSION\tGOALS\tACTIVITIES\tCHECKPOINTS\tTITLE")
	for _, q := range r.All() {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\n", q.ID, q.Version, len(q.Goals), len(q.Activities), q.CheckpointCount(), q.Title)
	}
	return tw.Flush()
}

func runQuestionnaireShow(a *app, args []string) error {
	fs := a.flags("questionnaire show", "[ID[@VERSION]] [--format text|json|yaml]")
	format := fs.String("format", "text", "output `format`: text, json or yaml")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("questionnaire show takes at most one questionnaire ID")
	}
	ref := questionnaires.DefaultID
	if len(pos) == 1 {
		ref = pos[0]
	}
	f, err := chooseFormat("questionnaire show", *format, "text", "json", "yaml")
	if err != nil {
		return err
	}
	r, err := a.registry()
	if err != nil {
		return err
	}
	q, err := r.Find(ref)
	if err != nil {
		return err
	}
	switch f {
	case "json":
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(q)
	case "yaml":
		return writeYAML(a.stdout, q)
	default:
		return writeQuestionnaireText(a.stdout, q)
	}
}

func writeYAML(w io.Writer, q *assessment.Questionnaire) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(q); err != nil {
		return err
	}
	return enc.Close()
}

func writeQuestionnaireText(w io.Writer, q *assessment.Questionnaire) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s %s)\n%s\n", q.Title, q.ID, q.Version, q.Source.Attribution)
	for _, g := range q.Goals {
		fmt.Fprintf(&b, "\n%s: %s\n", strings.ToUpper(g.Name), g.Description)
		for _, act := range q.ActivitiesOf(g.ID) {
			fmt.Fprintf(&b, "\n  %s  %s  [%s]\n", act.ID, act.Title, strings.Join(act.Roles, ", "))
			for _, c := range act.Checkpoints {
				kind := ""
				if c.Kind != assessment.KindPlain {
					kind = " (" + string(c.Kind) + ")"
				}
				fmt.Fprintf(&b, "    %-12s %s%s\n", c.ID, c.Text, kind)
			}
		}
	}
	_, err := io.WriteString(w, sanitizeTerminal(b.String()))
	return err
}

func runQuestionnaireValidate(a *app, args []string) error {
	fs := a.flags("questionnaire validate", "FILE")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := exactArgs("questionnaire validate", pos, 1, "one FILE"); err != nil {
		return err
	}
	q, err := questionnaires.LoadFile(pos[0])
	if err != nil {
		var list questionnaires.Errors
		if errors.As(err, &list) && len(list) > 1 {
			// Show every problem, then fail with the usual one-line summary.
			for _, e := range list[1:] {
				fmt.Fprintln(a.stderr, "ggi: "+sanitizeTerminal(e.Error()))
			}
		}
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "%s: ok: questionnaire %s version %s, %d goals, %d activities, %d checkpoints\n",
		safe.Line(pos[0]), safe.Line(q.ID), safe.Line(q.Version), len(q.Goals), len(q.Activities), q.CheckpointCount())
	return err
}

func runQuestionnaireImport(a *app, args []string) error {
	fs := a.flags("questionnaire import", "FILE [-o OUT] [--force]")
	out := fs.String("o", "", "write the questionnaire YAML to `FILE` instead of standard output")
	force := fs.Bool("force", false, "overwrite an existing output file")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := exactArgs("questionnaire import", pos, 1, "one FILE (the handbook's ggi_activities_full.json)"); err != nil {
		return err
	}
	if err := a.checkOutputFlag(*out, *force); err != nil {
		return err
	}
	q, err := questionnaires.LoadFile(pos[0])
	if err != nil {
		return err
	}
	var b strings.Builder
	// One-line comments: a file name with a line break must not end the comment.
	oneLine := strings.NewReplacer("\r", " ", "\n", " ")
	fmt.Fprintf(&b, "# Converted by ggi from %s.\n# %s\n", oneLine.Replace(filepath.Base(pos[0])), oneLine.Replace(q.Source.Attribution))
	if err := writeYAML(&b, q); err != nil {
		return err
	}
	if err := a.writeOutput(*out, *force, []byte(b.String())); err != nil {
		return err
	}
	if *out != "" {
		fmt.Fprintf(a.stderr, "ggi: wrote %s (%s %s: %d activities, %d checkpoints); use it with --questionnaire %s\n",
			safe.Line(*out), safe.Line(q.ID), safe.Line(q.Version), len(q.Activities), q.CheckpointCount(), safe.Line(*out))
	}
	return nil
}
