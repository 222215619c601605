package main

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"

	"github.com/ggi-tool/ggi/assessment/report"
	"github.com/ggi-tool/ggi/questionnaires"
)

func runRollup(a *app, args []string) error {
	fl := a.flags("rollup", "FILE... [--format markdown|json] [-o FILE] [--force]")
	format := fl.String("format", "markdown", "output `format`: markdown or json")
	var out string
	fl.StringVar(&out, "o", "", "write to `FILE` instead of stdout (never replaces a file without --force)")
	fl.StringVar(&out, "output", "", "same as -o `FILE`")
	force := fl.Bool("force", false, "replace FILE if it exists")
	files, err := fl.parse(args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("rollup needs one or more JSON exports (ggi export ID --format json)")
	}
	if slices.Contains(files, "-") {
		return usagef("rollup reads files, not stdin")
	}
	f, err := chooseFormat("rollup", *format, "markdown", "json")
	if err != nil {
		return err
	}
	if err := a.checkOutputFlag(out, *force); err != nil {
		return err
	}
	reg, err := a.registry()
	if err != nil {
		return err
	}
	teams, err := readExports(a.stdin, files, reg)
	if err != nil {
		return fmt.Errorf("rollup %w", err)
	}
	r := report.NewRollup(teams)
	var buf bytes.Buffer
	if f == "json" {
		err = report.WriteRollupJSON(&buf, r)
	} else {
		err = report.WriteRollupMarkdown(&buf, r)
	}
	if err != nil {
		return err
	}
	return a.writeOutput(out, *force, buf.Bytes())
}

// readExports reads and checks the files on every CPU: an organisation's
// roll-up may read a thousand of them. The error reported is the one of
// the first bad file in the order given, so the message does not depend
// on scheduling.
func readExports(stdin io.Reader, files []string, reg *questionnaires.Registry) ([]report.RollupTeam, error) {
	teams := make([]report.RollupTeam, len(files))
	errs := make([]error, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				x, q, err := readExport(stdin, files[i], reg)
				teams[i], errs[i] = report.RollupTeam{Source: files[i], A: x, Q: q}, err
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return teams, nil
}
