package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func TestCompareRefusesTheSameAssessmentTwice(t *testing.T) {
	c := newCLI(t)
	id := c.newAssessment("Platform")
	c.fails(exitUsage, "are the same assessment, "+id+"; give two different ones", "compare", id[:4], id)
}

func TestDatabasePathThatIsADirectory(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"list"}, {"new", "--team", "x"}, {"show", "x"}, {"doctor"}} {
		var out, errb bytes.Buffer
		code := run(append([]string{"--db", dir}, args...), strings.NewReader(""), &out, &errb)
		want := "database path " + dir + " is a directory; point --db or GGI_DB at a file, such as " + filepath.Join(dir, "ggi.db")
		if code != exitError || strings.Count(errb.String(), "\n") != 1 || !strings.Contains(errb.String(), want) {
			t.Errorf("ggi %v: exit %d, stderr %q", args, code, errb.String())
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the directory gained %v", entries)
	}
}

// doctor does not send people to doctor, and says the specific problem on
// stderr too.
func TestDoctorOnAFileThatDoesNotOpen(t *testing.T) {
	c := newCLI(t)
	c.newAssessment("Platform")
	data, err := os.ReadFile(c.db)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c.db, data[:8192], 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := c.run("", "doctor")
	if code != exitError || !strings.Contains(out, "problem: database "+c.db+" is damaged (is truncated") ||
		!strings.Contains(errOut, "is damaged") || strings.Contains(out+errOut, "run 'ggi doctor'") {
		t.Fatalf("doctor: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	c.fails(exitError, "restore a backup or run 'ggi doctor'", "list")
	if now, _ := os.ReadFile(c.db); !bytes.Equal(now, data[:8192]) {
		t.Fatal("the damaged file was changed")
	}
}

func TestCommandHelpReadsWell(t *testing.T) {
	c := newCLI(t)
	out := c.ok("help", "export")
	for _, want := range []string{
		"Usage:\n  ggi export ID",
		"\nWrite the scorecard as markdown, json, csv, html or text.\n",
		"\nFlags:\n",
		"  --format FORMAT ",
		"\nGlobal flags:\n  --accessible",
		"  --db PATH ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("help export lacks %q:\n%s", want, out)
		}
	}
	if i, j := strings.Index(out, "--format"), strings.Index(out, "Global flags:"); i > j {
		t.Errorf("the command's own flags come after the global ones:\n%s", out)
	}
	if out := c.ok("questionnaire", "show", "--help"); !strings.Contains(out, "[--format text|json|yaml]") || !strings.Contains(out, "Print a questionnaire") {
		t.Errorf("questionnaire show --help:\n%s", out)
	}
	if out := c.ok("questionnaire", "help"); !strings.Contains(out, "ggi questionnaire validate FILE") {
		t.Errorf("questionnaire help:\n%s", out)
	}
	// Every command has a summary, and help names each command.
	top := c.ok("help")
	for _, cmd := range commands() {
		if !strings.Contains(top, "  "+cmd.name) || commandSummary(cmd.name) == "" {
			t.Errorf("help does not describe %s", cmd.name)
		}
	}
	c.fails(exitUsage, `unknown command "nope"`, "help", "--accessible", "nope")
}

func TestFlagErrorsSpellFlagsAsHelpDoes(t *testing.T) {
	c := newCLI(t)
	c.fails(exitUsage, "export: --format needs a value (see 'ggi help export')", "export", "x", "--format")
	c.fails(exitUsage, "export: -o needs a value", "export", "x", "-o")
	c.fails(exitUsage, `list: --json takes no value (or true or false), not "maybe"`, "list", "--json=maybe")
	c.fails(exitUsage, "list: unknown flag --bogus (see 'ggi help list')", "list", "--bogus")
}

// One assessment that no longer decodes does not hide the others: they
// are listed, shown and exported, with a one-line warning; asking for the
// damaged one is a one-line error.
func TestDamagedAssessmentLeavesTheOthersReadable(t *testing.T) {
	c := newCLI(t)
	good := c.newAssessment("Platform")
	bad := c.newAssessment("Data")
	db, err := bolt.Open(c.db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("assessments")).Put([]byte(bad), []byte(`{"id":`)) })
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	warning := "ggi: warning: database " + c.db + " has 1 damaged assessment that cannot be read (assessment \"" + bad + "\" does not decode"
	for _, args := range [][]string{{"list"}, {"list", "--json"}, {"show", good}, {"export", good, "--format", "json"}} {
		code, out, errOut := c.run("", args...)
		if code != exitOK || !strings.Contains(out, good) || strings.Contains(out, bad) ||
			strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, warning) {
			t.Errorf("ggi %v: exit %d, stdout %.100q, stderr %q", args, code, out, errOut)
		}
	}
	c.fails(exitError, `no readable assessment "`+bad+`"; 1 assessment in the database cannot be read (run 'ggi doctor', restore a backup)`, "show", bad)
	c.fails(exitError, "database "+c.db+" is damaged (assessment", "new", "--from", good)
}

// Names given to 'new' are kept as given (every output makes them safe); a
// name with nothing readable in it is refused.
func TestNewCleansNames(t *testing.T) {
	c := newCLI(t)
	hostile := "\x1b]0;pwn\x07Core\x1b[2J\u202e \u0085Ops\x00"
	c.ok("new", "--team", hostile, "--organisation", hostile, "--facilitator", hostile, "--participants", hostile+",=bob")
	var list []struct {
		Team, Organisation string
	}
	if err := json.Unmarshal([]byte(c.ok("list", "--json")), &list); err != nil || len(list) != 1 {
		t.Fatalf("list --json: %v", err)
	}
	if want := strings.TrimSpace(hostile); list[0].Team != want || list[0].Organisation != want {
		t.Errorf("stored %q and %q, want %q", list[0].Team, list[0].Organisation, want)
	}
	c.fails(exitUsage, "new: --team needs a name people can read", "new", "--team", "\u200b\u200d \x1b")
	c.fails(exitUsage, "new: --facilitator needs a name people can read", "new", "--team", "x", "--facilitator", "\u202e")
	c.fails(exitUsage, "new: --participants: name 2 has nothing people can read", "new", "--team", "x", "--participants", "alice,\u200b,bob")
}

// File names are user text too: the lines that echo them carry no escape
// sequences.
func TestFileNamesInMessagesAreMadeSafe(t *testing.T) {
	c := newCLI(t)
	c.newAssessment("Platform")
	dir := t.TempDir()
	evil := filepath.Join(dir, "\x1b[31mred\u202e")
	code, out, errOut := c.run("", "backup", evil+".db")
	if code != exitOK || strings.ContainsAny(out+errOut, "\x1b\u202e") || !strings.Contains(out, string(filepath.Separator)+"red.db") {
		t.Errorf("backup: exit %d, %q %q", code, out, errOut)
	}
	q := c.ok("questionnaire", "show", "--format", "yaml")
	if err := os.WriteFile(evil+".yaml", []byte(q), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = c.run("", "questionnaire", "validate", evil+".yaml")
	if code != exitOK || strings.ContainsAny(out+errOut, "\x1b\u202e") || !strings.Contains(out, string(filepath.Separator)+"red.yaml: ok") {
		t.Errorf("validate: exit %d, %q %q", code, out, errOut)
	}
}

func TestFormatNamesForgiveCaseAndSuggestOnTypos(t *testing.T) {
	c := newCLI(t)
	id := c.newAssessment("Platform")
	if out := c.ok("export", id, "--format", "JSON"); !strings.HasPrefix(out, "{\n  \"format\": \"ggi-assessment\"") {
		t.Errorf("--format JSON: %.60q", out)
	}
	if out := c.ok("questionnaire", "show", "--format", "yml"); !strings.HasPrefix(out, "id: ggi\n") {
		t.Errorf("--format yml: %.60q", out)
	}
	c.fails(exitUsage, `export: unknown format "mardown": did you mean markdown? (markdown, json, csv, html or text)`, "export", id, "--format", "mardown")
	c.fails(exitUsage, `export: unknown format "pdf" (markdown, json, csv, html or text)`, "export", id, "--format", "pdf")
	c.fails(exitUsage, `compare: unknown format "jsn": did you mean json? (markdown or json)`, "compare", id, id, "--format", "jsn")
	c.fails(exitUsage, `rollup: unknown format "csv" (markdown or json)`, "rollup", "x.json", "--format", "csv")
	c.fails(exitUsage, `questionnaire show: unknown format "tex": did you mean text?`, "questionnaire", "show", "--format", "tex")
}

// A questionnaire this ggi lacks is fixed with --questionnaire, not with a
// backup: doctor says so.
func TestDoctorAdviceForAMissingQuestionnaire(t *testing.T) {
	c := newCLI(t)
	y := strings.Replace(c.ok("questionnaire", "show", "--format", "yaml"), "id: ggi\n", "id: mine\n", 1)
	file := filepath.Join(t.TempDir(), "mine.yaml")
	if err := os.WriteFile(file, []byte(y), 0o600); err != nil {
		t.Fatal(err)
	}
	c.ok("--questionnaire", file, "new", "--team", "Platform")
	code, out, errOut := c.run("", "doctor")
	if code != exitError || !strings.Contains(out, "uses questionnaire mine 1.3, which this ggi does not have (load its file with --questionnaire FILE)") ||
		errOut != "ggi: the database has 1 problem (see above): load the questionnaires named there with --questionnaire FILE\n" {
		t.Fatalf("doctor: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if out := c.ok("--questionnaire", file, "doctor"); !strings.HasSuffix(out, "no problems found\n") {
		t.Errorf("doctor with the questionnaire: %q", out)
	}
}

func TestNewPeriodInAnyCase(t *testing.T) {
	c := newCLI(t)
	c.ok("new", "--team", "Platform", "--period", " 2026-q4")
	if !strings.Contains(c.ok("list"), "2026-Q4") {
		t.Error("the period was not stored as 2026-Q4")
	}
	c.fails(exitUsage, `new: --period "2026-Q5" is not a period`, "new", "--team", "x", "--period", "2026-q5")
}

// A 'new' that fails on its arguments leaves no empty database behind.
func TestNewFailingCreatesNoDatabase(t *testing.T) {
	c := newCLI(t)
	c.fails(exitError, `no questionnaire "nope"`, "new", "--team", "x", "--questionnaire-id", "nope")
	c.fails(exitError, "--from: database "+c.db+" does not exist yet, so it holds no assessment \"abc\" to continue", "new", "--from", "abc")
	if _, err := os.Stat(filepath.Dir(c.db)); !os.IsNotExist(err) {
		t.Errorf("a failed new created %s (%v)", filepath.Dir(c.db), err)
	}
}

// --db "$DB" with DB unset must not fall back to the default database.
func TestEmptyDBFlagIsAUsageError(t *testing.T) {
	for _, args := range [][]string{{"--db", "", "new", "--team", "x"}, {"new", "--team", "x", "--db", " "}} {
		var out, errb bytes.Buffer
		code := run(args, strings.NewReader(""), &out, &errb)
		if code != exitUsage || !strings.Contains(errb.String(), `--db "`) || !strings.Contains(errb.String(), "an empty path names no database") {
			t.Errorf("ggi %q: exit %d, stderr %q", args, code, errb.String())
		}
	}
}

func TestBackupToStdoutIsRefused(t *testing.T) {
	c := newCLI(t)
	c.newAssessment("Platform")
	c.fails(exitUsage, "backup writes a database file, not to standard output; give a FILE name", "backup", "-")
}

// A --db whose directory is a file says where to look.
func TestDatabaseUnderAFile(t *testing.T) {
	c := newCLI(t)
	file := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.db = filepath.Join(file, "ggi.db")
	c.fails(exitError, "cannot create the database directory "+file+": not a directory (check --db or GGI_DB)", "new", "--team", "x")
	c.fails(exitError, "cannot open database "+c.db+": not a directory (check --db or GGI_DB)", "show", "x")
}
