package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/store"
	"github.com/ggi-tool/ggi/questionnaires"
)

// A workshop that cannot start because of a key file or the address
// leaves the assessment as it was, and a huge key file fails at once.
func TestServeStartFailuresChangeNothing(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "ggi.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = db.Close() }()
	reg, err := questionnaires.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	a := &assessment.Assessment{Team: "Platform", Participants: []string{"alice", "bob"},
		Questionnaire: assessment.QuestionnaireRef{ID: "ggi", Version: "1.3"}}
	if err := db.Create(a); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, make([]byte, maxKeyFile+1), 0o600); err != nil {
		t.Fatal(err)
	}
	hk := filepath.Join(dir, "hk")
	for _, tc := range []struct {
		o    serveOptions
		want string
	}{
		{serveOptions{listen: "127.0.0.1:0", authorizedKeys: big, hostKey: hk}, "cannot read the authorised keys " + big + ": larger than 1024 KiB: not a key file"},
		{serveOptions{listen: "127.0.0.1:0", authorizedKeys: dir, hostKey: hk}, "cannot read the authorised keys " + dir + ": is a directory"},
		{serveOptions{listen: "127.0.0.1:0", code: testCode, hostKey: big}, "cannot read the SSH host key " + big + ": larger than 1024 KiB"},
		{serveOptions{listen: "127.0.0.1:99999", code: testCode, hostKey: hk}, "cannot listen on 127.0.0.1:99999: listen tcp: address 99999: invalid port (check --listen)"},
	} {
		_, err := startWorkshop(db, reg, a.ID, tc.o, "fac")
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("err = %v, want %q", err, tc.want)
		}
		got, err := db.Get(a.ID)
		if err != nil || got.Workshop {
			t.Fatalf("a failed start marked the assessment as a workshop (%v)", err)
		}
		if h, _ := db.History(a.ID); len(h) != 0 {
			t.Fatalf("a failed start logged %d changes", len(h))
		}
	}
}

func TestServeNeedsAnExistingDatabase(t *testing.T) {
	c := newCLI(t)
	c.fails(exitError, "database "+c.db+" does not exist (run 'ggi new'", "serve", "abcd")
	if _, err := os.Stat(filepath.Dir(c.db)); !os.IsNotExist(err) {
		t.Errorf("serve created %s", filepath.Dir(c.db))
	}
}
