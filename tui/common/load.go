package common

import (
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ggi-tool/ggi/assessment"
)

// LoadedMsg carries one assessment, its questionnaire and every assessment
// in the store (for history, previous period and "start from").
type LoadedMsg struct {
	Assessment    *assessment.Assessment
	Questionnaire *assessment.Questionnaire
	All           []*assessment.Assessment
	Err           error
}

// Load returns a command that reads one assessment and the list. It captures
// the store and lookup, never a model, so it is safe to run concurrently.
func Load(st assessment.Store, qs QuestionnaireLookup, id string) tea.Cmd {
	return func() tea.Msg {
		a, err := st.Get(id)
		if err != nil {
			return LoadedMsg{Err: fmt.Errorf("cannot open assessment %s: %w", id, err)}
		}
		all, err := st.List()
		if err != nil {
			return LoadedMsg{Err: fmt.Errorf("cannot list assessments: %w", err)}
		}
		q, ok := qs.Get(a.Questionnaire.ID, a.Questionnaire.Version)
		if !ok {
			return LoadedMsg{Err: fmt.Errorf("assessment %s was answered under questionnaire %s, which this ggi does not know (load it with --questionnaire FILE)", id, a.Questionnaire)}
		}
		return LoadedMsg{Assessment: a, Questionnaire: q, All: all}
	}
}

// ErrAmbiguous is returned by Resolve when a prefix names several
// assessments.
var ErrAmbiguous = errors.New("several assessments start with that ID; type more of it")

// Resolve finds the one assessment whose ID is id or starts with it.
func Resolve(all []*assessment.Assessment, id string) (*assessment.Assessment, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return nil, assessment.ErrNotFound
	}
	var found *assessment.Assessment
	for _, a := range all {
		if a.ID == id {
			return a, nil
		}
		if strings.HasPrefix(a.ID, id) {
			if found != nil {
				return nil, fmt.Errorf("%q: %w", id, ErrAmbiguous)
			}
			found = a
		}
	}
	if found == nil {
		return nil, fmt.Errorf("%q: %w", id, assessment.ErrNotFound)
	}
	return found, nil
}

// ShortID is the first eight characters of an ID, enough to type.
func ShortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
