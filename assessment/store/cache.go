package store

import (
	"hash/maphash"
	"sync"

	"github.com/ggi-tool/ggi/assessment"
)

// decoded remembers assessments already decoded, keyed by a hash of their
// stored bytes. The home screen lists every assessment after each change,
// and decoding JSON is nearly all the cost of a List; an unchanged record
// is now a hash and a deep copy instead. Records are never handed out
// shared: callers may change what they get.
type decoded struct {
	mu   sync.Mutex
	seed maphash.Seed
	m    map[string]decodedEntry
}

type decodedEntry struct {
	sum uint64
	n   int
	a   *assessment.Assessment
}

func newDecoded() *decoded {
	return &decoded{seed: maphash.MakeSeed(), m: make(map[string]decodedEntry)}
}

// assessment decodes v, stored under k, or copies the earlier decoding of
// the same bytes.
func (c *decoded) assessment(k, v []byte) (*assessment.Assessment, error) {
	sum := maphash.Bytes(c.seed, v)
	c.mu.Lock()
	e, ok := c.m[string(k)]
	c.mu.Unlock()
	if ok && e.sum == sum && e.n == len(v) {
		return e.a.Clone(), nil
	}
	a, err := decodeAssessment(k, v)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.m[string(k)] = decodedEntry{sum: sum, n: len(v), a: a.Clone()}
	c.mu.Unlock()
	return a, nil
}

// forget drops an assessment that no longer exists.
func (c *decoded) forget(id string) {
	c.mu.Lock()
	delete(c.m, id)
	c.mu.Unlock()
}
