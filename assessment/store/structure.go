package store

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/ggi-tool/ggi/assessment"
)

// bbolt trusts the page numbers and offsets it finds in the file: a
// damaged one makes it read outside its memory map (a fault that, in a
// goroutine of bbolt's own such as tx.Check's, ends the program) or walk a
// loop of pages for ever. So before bbolt is let loose on a file, its page
// tree is walked here with every number checked: each page in range and
// reached once, every element inside its page.

// Page layout, as bbolt lays it out in memory and on disk.
const (
	flagBranch   = 0x01
	flagLeaf     = 0x02
	flagFreelist = 0x10
	leafBucket   = 0x01 // leaf element flag: the value is a bucket header

	elementSize      = 16 // branch: pos, ksize, pgid; leaf: flags, pos, ksize, vsize
	bucketHeaderSize = 16 // root pgid, sequence

	// maxDepth is far beyond any real tree: a million keys fit in a depth of 5.
	maxDepth = 64
)

type walker struct {
	r       io.ReaderAt
	ps      uint64 // page size
	hwm     uint64 // pages in use (the meta's pgid)
	visited map[uint64]bool
}

// checkPages walks the tree of the meta m in the file r. It only reads.
func checkPages(r io.ReaderAt, m metaPage) error {
	w := &walker{r: r, ps: uint64(m.pageSize), hwm: m.pgid, visited: map[uint64]bool{0: true, 1: true}}
	if m.freelist != pgidNoFreelist {
		if err := w.freelist(m.freelist); err != nil {
			return err
		}
	}
	return w.tree(m.root, 0)
}

// page reads page id with its overflow pages and marks them visited.
func (w *walker) page(id uint64, want string) ([]byte, error) {
	if id < 2 || id >= w.hwm {
		return nil, fmt.Errorf("a %s page number %d is outside the file's %d pages", want, id, w.hwm)
	}
	hdr := make([]byte, pageHeaderSize)
	if _, err := w.r.ReadAt(hdr, int64(id*w.ps)); err != nil { //nolint:gosec // id < hwm, and hwm*ps fits the file
		return nil, fmt.Errorf("reading page %d: %w", id, err)
	}
	ne := binary.NativeEndian
	if got := ne.Uint64(hdr); got != id {
		return nil, fmt.Errorf("page %d says it is page %d", id, got)
	}
	overflow := uint64(ne.Uint32(hdr[12:]))
	if id+overflow >= w.hwm {
		return nil, fmt.Errorf("page %d runs past the end of the used file", id)
	}
	for i := id; i <= id+overflow; i++ {
		if w.visited[i] {
			return nil, fmt.Errorf("page %d is used twice", i)
		}
		w.visited[i] = true
	}
	b := make([]byte, (overflow+1)*w.ps)
	if _, err := w.r.ReadAt(b, int64(id*w.ps)); err != nil { //nolint:gosec // as above
		return nil, fmt.Errorf("reading page %d: %w", id, err)
	}
	return b, nil
}

func (w *walker) freelist(id uint64) error {
	b, err := w.page(id, "freelist")
	if err != nil {
		return err
	}
	ne := binary.NativeEndian
	if flags := ne.Uint16(b[8:]); flags != flagFreelist {
		return fmt.Errorf("freelist page %d has type %#x", id, flags)
	}
	start, count := uint64(pageHeaderSize), uint64(ne.Uint16(b[10:]))
	if count == 0xFFFF {
		// A long list keeps its length in the first element.
		if len(b) < pageHeaderSize+8 {
			return fmt.Errorf("freelist page %d is cut short", id)
		}
		count = ne.Uint64(b[pageHeaderSize:])
		start += 8
	}
	if count > (uint64(len(b))-start)/8 {
		return fmt.Errorf("freelist page %d claims %d entries", id, count)
	}
	for i := range count {
		if free := ne.Uint64(b[start+8*i:]); free < 2 || free >= w.hwm {
			return fmt.Errorf("freelist page %d lists page %d, outside the file", id, free)
		}
	}
	return nil
}

// tree checks the page id and everything below it.
func (w *walker) tree(id uint64, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("page tree deeper than %d at page %d", maxDepth, id)
	}
	b, err := w.page(id, "tree")
	if err != nil {
		return err
	}
	return w.node(b, id, depth)
}

// node checks one branch or leaf page held in b (which may be an inline
// bucket's page inside a value, then with id 0).
func (w *walker) node(b []byte, id uint64, depth int) error {
	if len(b) < pageHeaderSize {
		return fmt.Errorf("page %d is cut short", id)
	}
	ne := binary.NativeEndian
	flags, count := ne.Uint16(b[8:]), uint64(ne.Uint16(b[10:]))
	if count > (uint64(len(b))-pageHeaderSize)/elementSize {
		return fmt.Errorf("page %d claims %d elements", id, count)
	}
	for i := range count {
		off := pageHeaderSize + i*elementSize
		e := b[off : off+elementSize]
		switch flags {
		case flagBranch:
			pos, ksize, child := uint64(ne.Uint32(e)), uint64(ne.Uint32(e[4:])), ne.Uint64(e[8:])
			if off+pos+ksize > uint64(len(b)) {
				return fmt.Errorf("page %d element %d lies outside the page", id, i)
			}
			if err := w.tree(child, depth+1); err != nil {
				return err
			}
		case flagLeaf:
			eflags, pos, ksize, vsize := ne.Uint32(e), uint64(ne.Uint32(e[4:])), uint64(ne.Uint32(e[8:])), uint64(ne.Uint32(e[12:]))
			end := off + pos + ksize + vsize
			if end > uint64(len(b)) {
				return fmt.Errorf("page %d element %d lies outside the page", id, i)
			}
			if eflags&leafBucket == 0 {
				continue
			}
			v := b[off+pos+ksize : end]
			if len(v) < bucketHeaderSize {
				return fmt.Errorf("page %d element %d is a bucket without a header", id, i)
			}
			if root := ne.Uint64(v); root != 0 {
				if err := w.tree(root, depth+1); err != nil {
					return err
				}
			} else if err := w.node(v[bucketHeaderSize:], id, depth+1); err != nil {
				return err
			}
		default:
			return fmt.Errorf("page %d has type %#x where a branch or leaf belongs", id, flags)
		}
	}
	return nil
}

// corruptPages wraps a structural problem for Open's callers.
func corruptPages(path string, err error) error {
	return fmt.Errorf("%s: %w: %w", path, err, assessment.ErrCorrupt)
}
