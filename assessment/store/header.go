package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"

	"github.com/ggi-tool/ggi/assessment"
)

// bbolt's on-disk header, read here by hand so that a bad file is refused
// before bbolt maps it. Reading a page beyond the end of a truncated file
// through bbolt's mmap is a SIGBUS, and opening an empty file read-write
// makes bbolt initialise it; neither may happen to a file we were only
// asked to open.
const (
	boltMagic   = 0xED0CDAED
	boltVersion = 2

	pageHeaderSize = 16 // id uint64, flags uint16, count uint16, overflow uint32
	metaSize       = 64 // magic, version, pageSize, flags, root{pgid, seq}, freelist, pgid, txid, checksum
	checksumOffset = 56 // the checksum covers the meta up to itself

	minPageSize = 512
	maxPageSize = 1 << 16

	pgidNoFreelist = ^uint64(0)

	// fallbackPageSize is where bbolt looks for the second meta page when
	// the first cannot tell it the page size.
	fallbackPageSize = 4096
)

type metaPage struct {
	magic, version, pageSize uint32
	root, freelist, pgid     uint64
	txid                     uint64
	checksum                 uint64
	sum                      uint64 // computed
	present                  bool
}

func (m metaPage) ours() bool  { return m.present && m.magic == boltMagic }
func (m metaPage) valid() bool { return m.ours() && m.version == boltVersion && m.checksum == m.sum }

func parseMeta(page []byte) metaPage {
	if len(page) < pageHeaderSize+metaSize {
		return metaPage{}
	}
	b := page[pageHeaderSize : pageHeaderSize+metaSize]
	ne := binary.NativeEndian // bbolt writes its structs as they lie in memory
	h := fnv.New64a()
	_, _ = h.Write(b[:checksumOffset])
	return metaPage{
		magic:    ne.Uint32(b[0:]),
		version:  ne.Uint32(b[4:]),
		pageSize: ne.Uint32(b[8:]),
		root:     ne.Uint64(b[16:]),
		freelist: ne.Uint64(b[32:]),
		pgid:     ne.Uint64(b[40:]),
		txid:     ne.Uint64(b[48:]),
		checksum: ne.Uint64(b[56:]),
		sum:      h.Sum64(),
		present:  true,
	}
}

// inspectHeader refuses a file that bbolt must not be let near. With
// pages set it also walks the page tree (see checkPages), which must only
// be done while holding the file's lock: without it, another ggi may be
// rewriting pages the walk reads. It only reads.
func inspectHeader(path string, pages bool) error {
	// Stat before open: opening a named pipe waits for a writer, forever.
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file: %w", path, assessment.ErrNotOurs)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("opening %s: %w", path, err)
	}
	defer func() { _ = f.Close() }()
	m, err := inspect(f, path)
	if err != nil {
		return err
	}
	if pages {
		if err := checkPages(f, m); err != nil {
			return corruptPages(path, err)
		}
	}
	return nil
}

// inspect checks the header of the open file f and returns the meta page
// bbolt would use.
func inspect(f *os.File, path string) (metaPage, error) {
	info, err := f.Stat()
	if err != nil {
		return metaPage{}, fmt.Errorf("opening %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return metaPage{}, fmt.Errorf("%s is not a regular file: %w", path, assessment.ErrNotOurs)
	}
	size := info.Size()
	if size == 0 {
		return metaPage{}, fmt.Errorf("%s is an empty file: %w", path, assessment.ErrNotOurs)
	}
	m0 := parseMeta(readAt(f, 0, pageHeaderSize+metaSize))
	off := int64(fallbackPageSize)
	if m0.valid() && validPageSize(m0.pageSize) {
		off = int64(m0.pageSize)
	}
	m1 := parseMeta(readAt(f, off, pageHeaderSize+metaSize))
	if !m0.ours() && !m1.ours() {
		return metaPage{}, fmt.Errorf("%s is not a bbolt database: %w", path, assessment.ErrNotOurs)
	}
	if (m0.ours() && m0.version != boltVersion) || (m1.ours() && m1.version != boltVersion) {
		return metaPage{}, fmt.Errorf("%s is a bbolt database of an unsupported format version: %w", path, assessment.ErrNotOurs)
	}
	// Use the meta page bbolt would: the newer one if it is valid, else
	// the other.
	m := m0
	if m1.txid > m0.txid {
		m = m1
	}
	if !m.valid() {
		m = m0
		if m1.valid() && (m1.txid > m0.txid || !m0.valid()) {
			m = m1
		}
		if !m.valid() {
			return metaPage{}, fmt.Errorf("%s: both header pages are damaged: %w", path, assessment.ErrCorrupt)
		}
	}
	if !validPageSize(m.pageSize) {
		return metaPage{}, fmt.Errorf("%s: implausible page size %d: %w", path, m.pageSize, assessment.ErrCorrupt)
	}
	if m.pgid < 2 || m.root >= m.pgid || (m.freelist >= m.pgid && m.freelist != pgidNoFreelist) {
		return metaPage{}, fmt.Errorf("%s: header points outside the file: %w", path, assessment.ErrCorrupt)
	}
	ps := uint64(m.pageSize)
	if m.pgid > uint64(1<<62)/ps {
		return metaPage{}, fmt.Errorf("%s: implausible page count %d: %w", path, m.pgid, assessment.ErrCorrupt)
	}
	if need := m.pgid * ps; size < 0 || uint64(size) < need || uint64(size) < 2*ps { //nolint:gosec // size is not negative here
		return metaPage{}, fmt.Errorf("%s is truncated: %d bytes, but its header needs %d: %w", path, size, need, assessment.ErrCorrupt)
	}
	// bbolt only ever grows and copies a file in whole pages; a partial
	// page at the end means the file was cut short.
	if uint64(size)%ps != 0 { //nolint:gosec // size is not negative here
		return metaPage{}, fmt.Errorf("%s is truncated: %d bytes is not a whole number of %d-byte pages: %w", path, size, ps, assessment.ErrCorrupt)
	}
	return m, nil
}

func validPageSize(ps uint32) bool {
	return ps >= minPageSize && ps <= maxPageSize && ps&(ps-1) == 0
}

// readAt reads n bytes at off, or fewer (possibly none) at the end of the
// file; a short read is the caller's "not present".
func readAt(f *os.File, off int64, n int) []byte {
	b := make([]byte, n)
	got, err := f.ReadAt(b, off)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil
	}
	return b[:got]
}
