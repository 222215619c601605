package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// newAssessment creates an assessment and returns its ID.
func (c *cli) newAssessment(team string) string {
	c.t.Helper()
	return strings.TrimSpace(c.ok("new", "--team", team))
}

func TestOutputTargetsThatCannotBeWritten(t *testing.T) {
	c := newCLI(t)
	id := c.newAssessment("Platform")
	dir := t.TempDir()
	sub := filepath.Join(dir, "reports")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, force := range [][]string{nil, {"--force"}} {
		c.fails(exitError, sub+" is a directory; give a file name", append([]string{"export", id, "-o", sub}, force...)...)
		c.fails(exitError, sub+" is a directory; give a file name", append([]string{"backup", sub}, force...)...)
		c.fails(exitError, sub+" is a directory; give a file name", append([]string{"rollup", "x.json", "-o", sub}, force...)...)
	}
	missing := filepath.Join(dir, "no", "such", "card.md")
	c.fails(exitError, "cannot write "+missing+": directory "+filepath.Dir(missing)+" does not exist (create it first)", "export", id, "-o", missing)
	c.fails(exitError, "directory "+filepath.Dir(missing)+" does not exist", "backup", missing)
	file := filepath.Join(dir, "card.md")
	c.ok("export", id, "-o", file)
	c.fails(exitError, "cannot write "+filepath.Join(file, "x.md")+": "+file+" is not a directory", "export", id, "-o", filepath.Join(file, "x.md"))
	c.fails(exitError, file+" exists (use --force to replace it)", "export", id, "-o", file)
	c.fails(exitError, file+" exists (use --force to replace it)", "backup", file)
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("failed writes left files behind: %v", entries)
	}
}

func TestBackupNeverReplacesTheDatabaseItself(t *testing.T) {
	c := newCLI(t)
	id := c.newAssessment("Platform")
	c.fails(exitError, "is the database itself", "backup", c.db, "--force")
	if !strings.Contains(c.ok("list"), id) {
		t.Fatal("the database lost its assessment")
	}
}

// /dev/full stands for a full disk: the error says so, and -o onto a
// device writes to it rather than replacing the device node.
func TestOutputOntoAFullDevice(t *testing.T) {
	st, err := os.Stat("/dev/full")
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Skip("no /dev/full here")
	}
	c := newCLI(t)
	id := c.newAssessment("Platform")
	c.fails(exitError, "cannot write /dev/full: no space left on device", "export", id, "-o", "/dev/full")
	c.fails(exitError, "cannot write /dev/full: no space left on device", "backup", "/dev/full")
	c.fails(exitError, "cannot write /dev/full: no space left on device", "rollup", "-o", "/dev/full", c.exportJSON(id))
	c.ok("export", id, "-o", "/dev/null")
	if st, err := os.Stat("/dev/full"); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Fatal("/dev/full is no longer a device")
	}
}

func TestOutputIntoAReadOnlyDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only directories")
	}
	c := newCLI(t)
	id := c.newAssessment("Platform")
	ro := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(ro, 0o500); err != nil {
		t.Fatal(err)
	}
	c.fails(exitError, "cannot write "+filepath.Join(ro, "c.md")+": permission denied (check that you may write to "+ro+")", "export", id, "-o", filepath.Join(ro, "c.md"))
	c.fails(exitError, "permission denied", "backup", filepath.Join(ro, "c.db"))
}

// exportJSON writes the assessment's JSON export to a file and returns its path.
func (c *cli) exportJSON(id string) string {
	c.t.Helper()
	p := filepath.Join(c.t.TempDir(), id+".json")
	c.ok("export", id, "--format", "json", "-o", p)
	return p
}

// Even with --force, no report replaces the database it was made from.
func TestOutputNeverReplacesTheDatabase(t *testing.T) {
	c := newCLI(t)
	id := c.newAssessment("Platform")
	want := "is the ggi database itself; write to another file"
	c.fails(exitError, want, "export", id, "-o", c.db, "--force")
	c.fails(exitError, want, "rollup", c.exportJSON(id), "-o", c.db, "--force")
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(c.db, link); err == nil {
		c.fails(exitError, want, "export", id, "--format", "json", "-o", link, "--force")
	}
	if !strings.Contains(c.ok("list"), id) {
		t.Fatal("the database lost its assessment")
	}
}
