package questionnaires

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ggi-tool/ggi/assessment"
)

// maxFileSize bounds what we read from a user's file, so a wrong path to a
// huge file fails fast instead of eating memory.
const maxFileSize = 8 << 20

// LoadFile reads and validates a questionnaire from a YAML file, or from a
// MyGGIBoard activity file (recognised by its content).
func LoadFile(path string) (*assessment.Questionnaire, error) {
	data, err := readLimited(path)
	if err != nil {
		return nil, err
	}
	name := filepath.Base(path)
	if isAssessmentExport(data) {
		return nil, &Error{File: name, Msg: "this is a ggi assessment export, not a questionnaire; to load it as an assessment run 'ggi import FILE'"}
	}
	if looksLikeMyGGIBoard(data) {
		return ImportMyGGIBoard(name, data)
	}
	return Parse(name, data)
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read questionnaire %s: %w", path, pathReason(err))
	}
	defer func() { _ = f.Close() }()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, fmt.Errorf("cannot read questionnaire %s: it is a directory, not a YAML or JSON file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read questionnaire %s: %w", path, pathReason(err))
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%s: questionnaire file is larger than %d MiB", path, maxFileSize>>20)
	}
	return data, nil
}

// pathReason drops the operation and path that os errors repeat, keeping
// the cause (which errors.Is still matches, such as fs.ErrNotExist).
func pathReason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Parse decodes a questionnaire strictly (unknown fields are errors) and
// validates it. name is used in error messages.
func Parse(name string, data []byte) (*assessment.Questionnaire, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(name, err)
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil, Errors{{File: name, Msg: "file is empty"}}
	}
	if root.Content[0].Kind != yaml.MappingNode {
		return nil, Errors{{File: name, Line: root.Content[0].Line, Msg: "a questionnaire must be a mapping with id, version, goals and activities"}}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var q assessment.Questionnaire
	if err := dec.Decode(&q); err != nil {
		return nil, yamlError(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, Errors{{File: name, Line: extra.Line, Msg: "only one YAML document is allowed"}}
	}
	if errs := validate(&q); len(errs) > 0 {
		for _, e := range errs {
			e.File = name
			e.Line = lineOf(root.Content[0], e.Field)
		}
		return nil, errs
	}
	return &q, nil
}

var (
	yamlLineRe = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	unknownRe  = regexp.MustCompile(`^field (\S+) not found in type assessment\.(\w+)$`)
)

func typeName(t string) string {
	switch t {
	case "Questionnaire":
		return "the questionnaire"
	case "Source":
		return "source"
	case "Activity":
		return "an activity"
	default:
		return "a " + strings.ToLower(t)
	}
}

// yamlError turns the YAML library's errors into located Errors.
func yamlError(name string, err error) error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	out := make(Errors, 0, len(msgs))
	for _, m := range msgs {
		e := &Error{File: name, Msg: strings.TrimPrefix(m, "yaml: ")}
		if sm := yamlLineRe.FindStringSubmatch(m); sm != nil {
			e.Line, _ = strconv.Atoi(sm[1])
			e.Msg = sm[2]
		}
		if um := unknownRe.FindStringSubmatch(e.Msg); um != nil {
			e.Field = um[1]
			e.Msg = "unknown field in " + typeName(um[2])
		}
		e.Msg = strings.ReplaceAll(e.Msg, "assessment.", "")
		out = append(out, e)
	}
	return out
}

// lineOf finds the line of a field path such as activities[3].checkpoints[0].text
// in a decoded YAML tree; it falls back to the nearest existing parent.
func lineOf(n *yaml.Node, path string) int {
	line := n.Line
	for _, part := range splitPath(path) {
		next := child(n, part)
		if next == nil {
			return line
		}
		n = next
		line = n.Line
	}
	return line
}

func child(n *yaml.Node, part string) *yaml.Node {
	if i, err := strconv.Atoi(part); err == nil {
		if n.Kind == yaml.SequenceNode && i >= 0 && i < len(n.Content) {
			return n.Content[i]
		}
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == part {
			return n.Content[i+1]
		}
	}
	return nil
}

// splitPath turns "a[1].b" into ["a", "1", "b"].
func splitPath(path string) []string {
	path = strings.NewReplacer("[", ".", "]", "").Replace(path)
	if path == "" {
		return nil
	}
	return strings.Split(path, ".")
}
