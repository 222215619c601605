package report

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// jsonFrame is one open object or array while duplicateKey walks a
// document. Keys are slices of the document itself, so that the walk
// allocates next to nothing: a roll-up checks a thousand files.
type jsonFrame struct {
	object  bool
	inArray bool   // the container is an element of an array...
	pos     int    // ...at this index,
	name    []byte // or the value of this key of an object
	index   int    // arrays: the index of the current element
	keys    [][]byte
	set     map[string]struct{} // keys, once there are many
	wantKey bool                // the next string is a key (objects)
	lastKey []byte
}

// manyKeys is where a frame moves its keys from a slice, quickest for the
// few keys of ggi's objects, to a map, so that a file with one object of
// a million keys is still checked in linear time.
const manyKeys = 32

// duplicateKey finds the first object that names a key twice and returns
// the key's JSON path. encoding/json keeps the last of two equal keys
// without a word, so a hand-edited export could say one thing to a reader
// and another to ggi. data must be valid JSON (it has been decoded).
func duplicateKey(data []byte) (string, bool) {
	stack := make([]jsonFrame, 0, 8)
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '{', '[':
			f := jsonFrame{object: c == '{', wantKey: c == '{'}
			if n := len(stack); n > 0 {
				if top := &stack[n-1]; top.object {
					f.name = top.lastKey
				} else {
					f.inArray, f.pos = true, top.index
				}
			}
			stack = append(stack, f)
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if n := len(stack); n > 0 {
				if top := &stack[n-1]; top.object {
					top.wantKey = true
				} else {
					top.index++
				}
			}
		case '"':
			end := stringEnd(data, i)
			if n := len(stack); n > 0 && stack[n-1].wantKey {
				top := &stack[n-1]
				key := decodeKey(data[i : end+1])
				if top.seen(key) {
					return framePath(stack, key), true
				}
				top.lastKey, top.wantKey = key, false
			}
			i = end
		}
	}
	return "", false
}

// seen reports whether the object already has key, and records it.
func (f *jsonFrame) seen(key []byte) bool {
	if f.set != nil {
		if _, ok := f.set[string(key)]; ok {
			return true
		}
		f.set[string(key)] = struct{}{}
		return false
	}
	for _, k := range f.keys {
		if bytes.Equal(k, key) {
			return true
		}
	}
	f.keys = append(f.keys, key)
	if len(f.keys) > manyKeys {
		f.set = make(map[string]struct{}, 2*len(f.keys))
		for _, k := range f.keys {
			f.set[string(k)] = struct{}{}
		}
		f.keys = nil
	}
	return false
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
func decodeKey(quoted []byte) []byte {
	if bytes.IndexByte(quoted, '\\') < 0 {
		return quoted[1 : len(quoted)-1]
	}
	var s string
	if json.Unmarshal(quoted, &s) != nil {
		return quoted
	}
	return []byte(s)
}

// framePath spells the place of key, such as activities[3].checkpoints[0].answer.
func framePath(stack []jsonFrame, key []byte) string {
	var b strings.Builder
	for _, f := range stack[min(1, len(stack)):] {
		if f.inArray {
			b.WriteString("[" + strconv.Itoa(f.pos) + "]")
			continue
		}
		writePathPart(&b, string(f.name))
	}
	writePathPart(&b, string(key))
	return b.String()
}

func writePathPart(b *strings.Builder, part string) {
	if b.Len() > 0 {
		b.WriteByte('.')
	}
	b.WriteString(part)
}
