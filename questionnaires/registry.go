package questionnaires

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/ggi-tool/ggi/assessment"
)

// DefaultID is the questionnaire new assessments use unless told otherwise.
const DefaultID = "ggi"

//go:embed data/*.yaml
var embedded embed.FS

// Registry holds the questionnaires ggi knows: the embedded ones and any a
// user loaded. Assessments record id and version and are always scored
// against exactly that definition.
type Registry struct {
	list []*assessment.Questionnaire
}

// Embedded returns a registry of the questionnaires built into ggi.
func Embedded() (*Registry, error) {
	return LoadFS(embedded, "data")
}

// LoadFS loads every *.yaml file in dir of fsys. Each file must be named
// ID-VERSION.yaml after the questionnaire it holds.
func LoadFS(fsys fs.FS, dir string) (*Registry, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	r := &Registry{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		base := path.Base(name)
		q, err := Parse(base, data)
		if err != nil {
			return nil, err
		}
		if want := q.ID + "-" + q.Version + ".yaml"; base != want {
			return nil, &Error{File: base, Field: "version", Msg: fmt.Sprintf("file name does not match id and version (want %s)", want)}
		}
		if err := r.Add(q); err != nil {
			return nil, fmt.Errorf("%s: %w", base, err)
		}
	}
	return r, nil
}

// Add registers a questionnaire. A second, different definition under the
// same id and version is refused: answers recorded against one would be
// scored against the other. An identical copy is accepted and ignored.
func (r *Registry) Add(q *assessment.Questionnaire) error {
	if old, ok := r.Get(q.ID, q.Version); ok {
		if old == q || reflect.DeepEqual(old, q) {
			return nil // the same definition loaded twice is harmless
		}
		return fmt.Errorf("questionnaire %s version %s is already loaded; give yours another id or version", q.ID, q.Version)
	}
	r.list = append(r.list, q)
	slices.SortStableFunc(r.list, func(a, b *assessment.Questionnaire) int {
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return CompareVersions(b.Version, a.Version)
	})
	return nil
}

// Get returns the questionnaire with exactly this id and version.
func (r *Registry) Get(id, version string) (*assessment.Questionnaire, bool) {
	for _, q := range r.list {
		if q.ID == id && q.Version == version {
			return q, true
		}
	}
	return nil, false
}

// Latest returns the highest version of a questionnaire id.
func (r *Registry) Latest(id string) (*assessment.Questionnaire, bool) {
	for _, q := range r.list { // sorted newest first within an id
		if q.ID == id {
			return q, true
		}
	}
	return nil, false
}

// Find resolves "ID" (latest version) or "ID@VERSION".
func (r *Registry) Find(ref string) (*assessment.Questionnaire, error) {
	id, version, pinned := strings.Cut(ref, "@")
	var q *assessment.Questionnaire
	var ok bool
	if pinned {
		q, ok = r.Get(id, version)
	} else {
		q, ok = r.Latest(id)
	}
	if !ok {
		return nil, fmt.Errorf("no questionnaire %q (see 'ggi questionnaire list')", ref)
	}
	return q, nil
}

// All returns every questionnaire, by id, newest version first.
func (r *Registry) All() []*assessment.Questionnaire {
	return slices.Clone(r.list)
}

// CompareVersions compares dotted numeric versions ("1.10" > "1.9").
func CompareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(as), len(bs)) {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return strings.Compare(a, b)
}
