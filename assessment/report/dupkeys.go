package report

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// jsonFrame is one open object or array while duplicateKey walks a
// document.
type jsonFrame struct {
	object  bool
	name    string   // the key or [index] this container sits under
	keys    []string // keys seen so far (objects)
	index   int      // element index (arrays)
	wantKey bool     // the next string is a key (objects)
	lastKey string
}

// duplicateKey finds the first object that names a key twice and returns
// the key's JSON path. encoding/json keeps the last of two equal keys
// without a word, so a hand-edited export could say one thing to a reader
// and another to ggi. data must be valid JSON (it has been decoded).
func duplicateKey(data []byte) (string, bool) {
	var stack []jsonFrame
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '{', '[':
			stack = append(stack, jsonFrame{object: c == '{', name: childName(stack), wantKey: c == '{'})
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if n := len(stack); n > 0 {
				top := &stack[n-1]
				top.wantKey = top.object
				top.index++
			}
		case '"':
			end := stringEnd(data, i)
			if n := len(stack); n > 0 && stack[n-1].wantKey {
				top := &stack[n-1]
				key := decodeKey(data[i : end+1])
				if slices.Contains(top.keys, key) {
					return framePath(stack, key), true
				}
				top.keys = append(top.keys, key)
				top.lastKey, top.wantKey = key, false
			}
			i = end
		}
	}
	return "", false
}

// stringEnd is the index of the quote that closes the string opened at
// data[start].
func stringEnd(data []byte, start int) int {
	for j := start + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j
		}
	}
	return len(data) - 1
}

// decodeKey is a quoted key as text: "te\u0061m" and "team" are the same
// key to the decoder, so they must be to this check.
func decodeKey(quoted []byte) string {
	if !slices.Contains(quoted, '\\') {
		return string(quoted[1 : len(quoted)-1])
	}
	var s string
	if json.Unmarshal(quoted, &s) != nil {
		return string(quoted)
	}
	return s
}

func childName(stack []jsonFrame) string {
	if len(stack) == 0 {
		return ""
	}
	top := &stack[len(stack)-1]
	if top.object {
		return top.lastKey
	}
	return fmt.Sprintf("[%d]", top.index)
}

func framePath(stack []jsonFrame, key string) string {
	var b strings.Builder
	for _, f := range stack[min(1, len(stack)):] {
		writePathPart(&b, f.name)
	}
	writePathPart(&b, key)
	return b.String()
}

func writePathPart(b *strings.Builder, part string) {
	if b.Len() > 0 && !strings.HasPrefix(part, "[") {
		b.WriteByte('.')
	}
	b.WriteString(part)
}
