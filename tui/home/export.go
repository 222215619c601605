package home

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/atomicfile"
	"github.com/ggi-tool/ggi/tui/common"
)

// export writes the assessment's Markdown scorecard into the export
// directory under a name made from team and period, never replacing a file.
func export(c *common.Common, a *assessment.Assessment, all []*assessment.Assessment) tea.Cmd {
	if c.Export == nil {
		return common.ReportError(errors.New("this build cannot export yet; use 'ggi export'"))
	}
	fn, qs, dir := c.Export, c.Questionnaires, c.ExportDir
	a = a.Clone()
	return func() tea.Msg {
		q, ok := qs.Get(a.Questionnaire.ID, a.Questionnaire.Version)
		if !ok {
			return exportedMsg{err: fmt.Errorf("cannot export: questionnaire %s is not loaded", a.Questionnaire)}
		}
		data, err := fn(q, a, all)
		if err != nil {
			return exportedMsg{err: fmt.Errorf("cannot export: %w", err)}
		}
		base := "ggi-" + slug(a.Team) + "-" + slug(a.Period)
		for i := 1; i < 100; i++ {
			name := base + ".md"
			if i > 1 {
				name = fmt.Sprintf("%s-%d.md", base, i)
			}
			path := filepath.Join(dir, name)
			err := atomicfile.Write(path, data, 0o644, false)
			if err == nil {
				return exportedMsg{path: path}
			}
			if _, statErr := os.Stat(path); statErr != nil {
				return exportedMsg{err: fmt.Errorf("cannot write %s: %w", path, err)}
			}
		}
		return exportedMsg{err: fmt.Errorf("cannot export: too many files named %s-N.md", base)}
	}
}

// slug keeps letters and digits of a user-written name so it is a safe
// file name on every system.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if out == "" {
		return "team"
	}
	return out
}
