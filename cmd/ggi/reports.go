package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/report"
	"github.com/ggi-tool/ggi/assessment/safe"
	"github.com/ggi-tool/ggi/assessment/store"
	"github.com/ggi-tool/ggi/questionnaires"
)

// lookupIn adapts a registry to the report package's questionnaire lookup.
func lookupIn(reg *questionnaires.Registry) report.Lookup {
	return reg.Get
}

// resolveID finds the assessment an ID or a unique prefix of one names.
func resolveID(all []*assessment.Assessment, ref string) (*assessment.Assessment, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, usagef("an assessment ID cannot be empty (see 'ggi list')")
	}
	var matches []*assessment.Assessment
	for _, a := range all {
		if a.ID == ref {
			return a, nil
		}
		if strings.HasPrefix(a.ID, ref) {
			matches = append(matches, a)
		}
	}
	switch len(matches) {
	case 0:
		return nil, fmt.Errorf("no assessment %q (see 'ggi list')", ref)
	case 1:
		return matches[0], nil
	}
	ids := make([]string, 0, 3)
	for _, m := range matches[:min(3, len(matches))] {
		ids = append(ids, m.ID)
	}
	more := ""
	if len(matches) > 3 {
		more = ", …"
	}
	return nil, fmt.Errorf("ambiguous ID %q: it starts %d assessments (%s%s); give more characters", ref, len(matches), strings.Join(ids, ", "), more)
}

// resolve is resolveID that, when some assessments could not be read,
// says that the one asked for may be among them.
func (a *app) resolve(all []*assessment.Assessment, ref string) (*assessment.Assessment, error) {
	x, err := resolveID(all, ref)
	if err != nil && a.damaged > 0 && strings.HasPrefix(err.Error(), "no assessment") {
		return nil, fmt.Errorf("no readable assessment %q; %d assessment%s in the database cannot be read (run 'ggi doctor', restore a backup)", ref, a.damaged, plural(a.damaged))
	}
	return x, err
}

// loadAll opens the database read-only and returns every assessment; the
// database is closed again at once, as reports need nothing else from it.
func (a *app) loadAll() ([]*assessment.Assessment, error) {
	db, err := a.openStoreReadOnly()
	if err != nil {
		return nil, err
	}
	defer func() { _ = db.Close() }()
	all, err := db.List()
	if err == nil || !errors.Is(err, assessment.ErrCorrupt) {
		return all, err
	}
	// One damaged record must not hide the others: read what still
	// decodes, say what does not, and carry on.
	readable, damaged, rerr := db.ListReadable()
	if rerr != nil || len(damaged) == 0 {
		return nil, storeError(db.Path(), err)
	}
	a.damaged = len(damaged)
	a.warning = fmt.Sprintf("warning: database %s has %d damaged assessment%s that cannot be read (%s); the others were read — run 'ggi doctor', restore a backup",
		db.Path(), len(damaged), plural(len(damaged)), detail(db.Path(), damaged[0]))
	return readable, nil
}

// questionnaireFor finds the exact questionnaire an assessment was answered
// under, or says how to make it available.
func questionnaireFor(reg *questionnaires.Registry, x *assessment.Assessment) (*assessment.Questionnaire, error) {
	q, ok := reg.Get(x.Questionnaire.ID, x.Questionnaire.Version)
	if !ok {
		return nil, fmt.Errorf("assessment %s was answered under questionnaire %s %s, which this ggi does not know (load its file with --questionnaire FILE)",
			x.ID, x.Questionnaire.ID, x.Questionnaire.Version)
	}
	return q, nil
}

// loadOne resolves ref and returns the assessment, everything else (for
// the previous assessment and the trend) and the registry.
func (a *app) loadOne(ref string) (*assessment.Assessment, []*assessment.Assessment, *questionnaires.Registry, error) {
	reg, err := a.registry()
	if err != nil {
		return nil, nil, nil, err
	}
	all, err := a.loadAll()
	if err != nil {
		return nil, nil, nil, err
	}
	x, err := a.resolve(all, ref)
	if err != nil {
		return nil, nil, nil, err
	}
	return x, all, reg, nil
}

func runNew(a *app, args []string) error {
	fl := a.flags("new", "--team T [--organisation O] [--period P] [--facilitator F] [--participants \"A,B\"] [--questionnaire ID|FILE] [--from ID]")
	team := fl.String("team", "", "the team's `name` (taken from --from when omitted)")
	org := fl.String("organisation", "", "the team's organisation `name`")
	period := fl.String("period", "", "the `period` assessed, such as 2026-Q4 (default: this quarter, or the one after --from's)")
	facilitator := fl.String("facilitator", "", "`name` of who runs the assessment")
	if f := fl.Lookup("questionnaire"); f != nil {
		// The same flag as everywhere, but here SPEC also lets it name a
		// questionnaire ID; say so in this command's help.
		f.Usage = "questionnaire `ID`, ID@VERSION, or a YAML file to load and use"
	}
	participants := fl.String("participants", "", "comma-separated `names` of the people taking part")
	qid := fl.String("questionnaire-id", "", "questionnaire `ID` or ID@VERSION (default: the latest ggi questionnaire)")
	from := fl.String("from", "", "carry answers, targets and open actions forward from this assessment `ID`")
	pos, err := fl.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("new takes no arguments (got %q); use --team NAME", pos[0])
	}
	qref, err := a.questionnaireChoice(*qid)
	if err != nil {
		return err
	}
	*period = strings.ToUpper(strings.TrimSpace(*period)) // 2026-q4 is meant as 2026-Q4
	if *period != "" && !assessment.ValidPeriod(*period) {
		return usagef("new: --period %q is not a period such as 2026-Q4, 2026-H1 or 2026-03", *period)
	}
	if strings.TrimSpace(*team) == "" && *from == "" {
		return usagef("new needs --team NAME (or --from ID to continue a team's assessment)")
	}
	names, err := cleanNames(map[string]*string{"team": team, "organisation": org, "facilitator": facilitator})
	if err != nil {
		return err
	}
	people, err := splitNames(*participants)
	if err != nil {
		return err
	}
	reg, err := a.registry()
	if err != nil {
		return err
	}
	if err := a.checkNewSources(reg, qref, *from); err != nil {
		return err
	}
	db, err := a.openStore()
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	var next *assessment.Assessment
	if *from != "" {
		next, err = carriedForward(db, reg, *from, *period, qref)
	} else {
		next, err = fresh(reg, qref, *period)
	}
	if err != nil {
		return err
	}
	setIf(&next.Team, names["team"])
	setIf(&next.Organisation, names["organisation"])
	setIf(&next.Facilitator, names["facilitator"])
	if len(people) > 0 {
		next.Participants = people
	}
	if err := db.Create(next); err != nil {
		return fmt.Errorf("cannot create the assessment: %w", err)
	}
	_, err = fmt.Fprintln(a.stdout, next.ID)
	return err
}

// checkNewSources checks the questionnaire and the --from database before
// new opens the database, which creates it on first use: a mistake must
// not leave an empty database behind.
func (a *app) checkNewSources(reg *questionnaires.Registry, qref, from string) error {
	if qref != "" {
		if _, err := reg.Find(qref); err != nil {
			return err
		}
	}
	if from == "" {
		return nil
	}
	path, err := a.global.dbPath()
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("--from: database %s does not exist yet, so it holds no assessment %q to continue (check --db or GGI_DB)", path, from)
	}
	return nil
}

// questionnaireChoice reconciles the two ways of naming a questionnaire for
// a new assessment. SPEC writes `ggi new --questionnaire ID`, but
// --questionnaire is also the global flag that loads a questionnaire FILE.
// A value naming a known questionnaire (ID or ID@VERSION) is taken as that
// ID and not loaded as a file; any other value stays a file to load, and
// the new assessment then uses the questionnaire in it.
func (a *app) questionnaireChoice(explicit string) (string, error) {
	v := a.global.questionnaire
	if v == "" {
		return explicit, nil
	}
	emb, err := questionnaires.Embedded()
	if err != nil {
		return "", err
	}
	if _, err := emb.Find(v); err == nil {
		a.global.questionnaire = ""
		return cmpOr(explicit, v), nil
	}
	if explicit != "" {
		return explicit, nil // the file is loaded as an extra questionnaire only
	}
	q, err := questionnaires.LoadFile(v)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", usagef("new: --questionnaire %q is neither a known questionnaire (see 'ggi questionnaire list') nor a file", v)
		}
		return "", err
	}
	return q.ID + "@" + q.Version, nil
}

func fresh(reg *questionnaires.Registry, qref, period string) (*assessment.Assessment, error) {
	q, err := reg.Find(cmpOr(qref, questionnaires.DefaultID))
	if err != nil {
		return nil, err
	}
	if period == "" {
		period = assessment.PeriodOf(time.Now())
	}
	return &assessment.Assessment{Period: period, Questionnaire: assessment.QuestionnaireRef{ID: q.ID, Version: q.Version}}, nil
}

func carriedForward(db *store.DB, reg *questionnaires.Registry, from, period, qref string) (*assessment.Assessment, error) {
	all, err := db.List()
	if err != nil {
		return nil, storeError(db.Path(), err)
	}
	prev, err := resolveID(all, from)
	if err != nil {
		return nil, fmt.Errorf("--from: %w", err)
	}
	next := assessment.CarryForward(prev, period)
	if qref == "" {
		if _, err := questionnaireFor(reg, prev); err != nil {
			return nil, err
		}
		return next, nil
	}
	q, err := reg.Find(qref)
	if err != nil {
		return nil, err
	}
	next.Questionnaire = assessment.QuestionnaireRef{ID: q.ID, Version: q.Version}
	keepKnown(q, next)
	return next, nil
}

// keepKnown drops carried-over state the new questionnaire has no place
// for, so an assessment moved to another version never holds answers to
// checkpoints it cannot show.
func keepKnown(q *assessment.Questionnaire, x *assessment.Assessment) {
	for id, st := range x.Activities {
		act, ok := q.Activity(id)
		if !ok {
			delete(x.Activities, id)
			continue
		}
		for cid := range st.Checkpoints {
			if !slices.ContainsFunc(act.Checkpoints, func(c assessment.Checkpoint) bool { return c.ID == cid }) {
				delete(st.Checkpoints, cid)
			}
		}
	}
	for g := range x.GoalTargets {
		if _, ok := q.Goal(g); !ok {
			delete(x.GoalTargets, g)
		}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func setIf(dst *string, v string) {
	if v = strings.TrimSpace(v); v != "" {
		*dst = v
	}
}

// readable reports whether a name has something to read once it is shown
// as ggi shows it (escape, control and bidi characters dropped): not only
// spaces and invisible characters such as zero-width spaces. Names are
// stored as given and made safe where they are shown.
func readable(s string) bool {
	return strings.ContainsFunc(safe.Line(s), func(r rune) bool { return unicode.IsGraphic(r) && !unicode.IsSpace(r) })
}

// cleanNames trims the values of name flags; a flag given with nothing
// readable in it is a usage error.
func cleanNames(flags map[string]*string) (map[string]string, error) {
	out := make(map[string]string, len(flags))
	for _, flag := range slices.Sorted(maps.Keys(flags)) {
		v := *flags[flag]
		if v == "" {
			continue
		}
		c := strings.TrimSpace(v)
		if !readable(c) {
			return nil, usagef("new: --%s needs a name people can read, not only spaces, control or invisible characters", flag)
		}
		out[flag] = c
	}
	return out, nil
}

// splitNames splits --participants at commas; empty items are skipped, an
// item with nothing readable in it is a usage error.
func splitNames(s string) ([]string, error) {
	var out []string
	for i, p := range strings.Split(s, ",") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		c := strings.TrimSpace(p)
		if !readable(c) {
			return nil, usagef("new: --participants: name %d has nothing people can read, only spaces, control or invisible characters", i+1)
		}
		out = append(out, c)
	}
	return out, nil
}

// listEntry is one assessment in `ggi list --json`.
type listEntry struct {
	ID            string                      `json:"id"`
	Team          string                      `json:"team"`
	Organisation  string                      `json:"organisation,omitempty"`
	Period        string                      `json:"period"`
	Questionnaire assessment.QuestionnaireRef `json:"questionnaire"`
	Completion    *report.OneDecimal          `json:"completion"`
	Score         *report.OneDecimal          `json:"score"`
	Level         *int                        `json:"level"`
	CreatedAt     time.Time                   `json:"created_at"`
	UpdatedAt     time.Time                   `json:"updated_at"`
}

func runList(a *app, args []string) error {
	fl := a.flags("list", "[--json]")
	asJSON := fl.Bool("json", false, "print JSON instead of a table")
	pos, err := fl.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("list takes no arguments")
	}
	reg, err := a.registry()
	if err != nil {
		return err
	}
	all, err := a.listOrEmpty()
	if err != nil {
		return err
	}
	entries := make([]listEntry, 0, len(all))
	for _, x := range all {
		e := listEntry{ID: x.ID, Team: x.Team, Organisation: x.Organisation, Period: x.Period,
			Questionnaire: x.Questionnaire, CreatedAt: x.CreatedAt.UTC(), UpdatedAt: x.UpdatedAt.UTC()}
		if q, ok := reg.Get(x.Questionnaire.ID, x.Questionnaire.Version); ok {
			o := assessment.ScoreAssessment(q, x).Overall
			c := report.OneDecimal(o.Completion)
			e.Completion = &c
			if o.Valid {
				v, l := report.OneDecimal(o.Value), o.Level
				e.Score, e.Level = &v, &l
			}
		}
		entries = append(entries, e)
	}
	if *asJSON {
		return report.EncodeJSON(a.stdout, entries)
	}
	return writeListTable(a.stdout, entries)
}

// listOrEmpty lists the assessments; a database that does not exist yet
// simply has none (listing must not create it).
func (a *app) listOrEmpty() ([]*assessment.Assessment, error) {
	path, err := a.global.dbPath()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return a.loadAll()
}

func writeListTable(w io.Writer, entries []listEntry) error {
	if len(entries) == 0 {
		_, err := fmt.Fprintln(w, "No assessments yet. Start one with: ggi new --team NAME")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTEAM\tPERIOD\tQUESTIONNAIRE\tCOMPLETION\tSCORE\tLEVEL\tUPDATED")
	for _, e := range entries {
		comp, score, level := "?", report.Dash, report.Dash
		if e.Completion != nil {
			comp = fmt.Sprintf("%.1f%%", float64(*e.Completion))
		}
		if e.Score != nil {
			score = fmt.Sprintf("%.1f", float64(*e.Score))
			level = fmt.Sprintf("%d %s", *e.Level, assessment.LevelName(*e.Level))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", safe.Line(e.ID), truncateName(safe.Line(e.Team), 32), safe.Line(e.Period),
			safe.Line(e.Questionnaire.String()), comp, score, level, e.UpdatedAt.Local().Format("2006-01-02 15:04"))
	}
	return tw.Flush()
}

func truncateName(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func (a *app) buildReport(ref string) (*report.Report, *assessment.Questionnaire, *assessment.Assessment, error) {
	x, all, reg, err := a.loadOne(ref)
	if err != nil {
		return nil, nil, nil, err
	}
	q, err := questionnaireFor(reg, x)
	if err != nil {
		return nil, nil, nil, err
	}
	r := report.Build(q, x, report.Options{All: all, Lookup: lookupIn(reg), Today: time.Now()})
	return r, q, x, nil
}

func runShow(a *app, args []string) error {
	fl := a.flags("show", "ID")
	pos, err := fl.parse(args)
	if err != nil {
		return err
	}
	if err := exactArgs("show", pos, 1, "an assessment ID (see 'ggi list')"); err != nil {
		return err
	}
	r, _, _, err := a.buildReport(pos[0])
	if err != nil {
		return err
	}
	return report.WriteText(a.stdout, r)
}

// formatOfFile is the export format a file name's extension implies, so
// that `ggi export ID -o card.html` needs no --format.
func formatOfFile(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return "markdown"
	case ".json":
		return "json"
	case ".csv":
		return "csv"
	case ".html", ".htm":
		return "html"
	case ".txt":
		return "text"
	}
	return ""
}

func runExport(a *app, args []string) error {
	fl := a.flags("export", "ID [--format markdown|json|csv|html|text] [-o FILE] [--force]")
	format := fl.String("format", "", "report `format`: markdown, json, csv, html or text (default: from -o's extension, else markdown)")
	var out string
	fl.StringVar(&out, "o", "", "write to `FILE` instead of stdout (never replaces a file without --force)")
	fl.StringVar(&out, "output", "", "same as -o `FILE`")
	force := fl.Bool("force", false, "replace FILE if it exists")
	pos, err := fl.parse(args)
	if err != nil {
		return err
	}
	if err := exactArgs("export", pos, 1, "an assessment ID (see 'ggi list')"); err != nil {
		return err
	}
	f := *format
	if f == "" {
		f = cmpOr(formatOfFile(out), "markdown")
	}
	f, err = chooseFormat("export", f, "markdown", "json", "csv", "html", "text")
	if err != nil {
		return err
	}
	if err := a.checkOutputFlag(out, *force); err != nil {
		return err
	}
	r, q, x, err := a.buildReport(pos[0])
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch f {
	case "markdown":
		err = report.WriteMarkdown(&buf, r)
	case "json":
		err = report.WriteJSON(&buf, q, x)
	case "csv":
		err = report.WriteCSV(&buf, q, x, r.Today)
	case "html":
		err = report.WriteHTML(&buf, r)
	case "text":
		err = report.WriteText(&buf, r)
	}
	if err != nil {
		return err
	}
	return a.writeOutput(out, *force, buf.Bytes())
}

func runImport(a *app, args []string) error {
	fl := a.flags("import", "FILE")
	pos, err := fl.parse(args)
	if err != nil {
		return err
	}
	if err := exactArgs("import", pos, 1, "the JSON FILE to import (an export of 'ggi export --format json')"); err != nil {
		return err
	}
	reg, err := a.registry()
	if err != nil {
		return err
	}
	// Everything is read and checked before the database is opened, so a
	// bad file writes nothing.
	x, _, err := readExport(a.stdin, pos[0], reg)
	if err != nil {
		return fmt.Errorf("import %w", err)
	}
	db, err := a.openStore()
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	if err := db.Create(x); err != nil {
		return fmt.Errorf("import %s: %w", pos[0], err)
	}
	_, err = fmt.Fprintln(a.stdout, x.ID)
	return err
}

// readExport reads and checks one JSON export ("-" is stdin). Its errors
// start with the file name.
func readExport(stdin io.Reader, name string, reg *questionnaires.Registry) (*assessment.Assessment, *assessment.Questionnaire, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name) //nolint:gosec // reading the file the user named is the point

		if err != nil {
			return nil, nil, fmt.Errorf("%s: %s", name, reason(err))
		}
		defer func() { _ = f.Close() }()
		st, err := f.Stat()
		if err == nil && st.IsDir() {
			return nil, nil, fmt.Errorf("%s: is a directory, not a JSON export", name)
		}
		r = f
		if err == nil && st.Size() > 0 && st.Size() <= report.MaxImportSize {
			// Reading into a buffer of the right size saves growing one
			// byte slice after another, which shows when rolling up
			// hundreds of files.
			var buf bytes.Buffer
			buf.Grow(int(st.Size()) + bytes.MinRead)
			if _, err := buf.ReadFrom(f); err != nil {
				return nil, nil, fmt.Errorf("%s: %s", name, reason(err))
			}
			r = &buf
		}
	}
	x, q, err := report.ReadImport(r, lookupIn(reg))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return x, q, nil
}

func runCompare(a *app, args []string) error {
	fl := a.flags("compare", "ID1 ID2 [--format markdown|json]")
	format := fl.String("format", "markdown", "output `format`: markdown or json")
	pos, err := fl.parse(args)
	if err != nil {
		return err
	}
	if err := exactArgs("compare", pos, 2, "two assessment IDs, the earlier first"); err != nil {
		return err
	}
	f, err := chooseFormat("compare", *format, "markdown", "json")
	if err != nil {
		return err
	}
	reg, err := a.registry()
	if err != nil {
		return err
	}
	all, err := a.loadAll()
	if err != nil {
		return err
	}
	var sides [2]report.Side
	for i, ref := range pos {
		x, err := a.resolve(all, ref)
		if err != nil {
			return err
		}
		q, err := questionnaireFor(reg, x)
		if err != nil {
			return err
		}
		sides[i] = report.Side{Q: q, A: x}
	}
	if sides[0].A.ID == sides[1].A.ID {
		return usagef("compare: %q and %q are the same assessment, %s; give two different ones (see 'ggi list')", pos[0], pos[1], sides[0].A.ID)
	}
	c := report.Compare(sides[0], sides[1])
	var buf bytes.Buffer
	if f == "json" {
		err = report.WriteCompareJSON(&buf, c)
	} else {
		err = report.WriteCompareMarkdown(&buf, c)
	}
	if err != nil {
		return err
	}
	_, err = a.stdout.Write(buf.Bytes())
	return err
}
