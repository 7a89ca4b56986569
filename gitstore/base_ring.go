package gitstore

import (
	"bytes"
	"sync"
)

// baseRing keeps the objects that batch reads made, the latest up to its
// size, for the batch reads after them (Snapshot.WithBases). They are
// copied into one block of memory, and indexed by maps of numbers: the
// collector marks the block and scans neither, where an objCache of as
// many small bodies (a list element, an item and a slice each) more than
// doubled its work in a cold check. The oldest objects are written over
// first. Bodies go in and come out as copies. A nil baseRing keeps
// nothing.
type baseRing struct {
	mu   sync.Mutex
	buf  []byte
	next int64 // bytes written in all: the next object goes at next%len(buf)
	lap  int64 // next when the index was last swept of what was written over
	at   map[*pack]map[int64]ringSpan
}

// ringSpan is where an object is in the ring: written when next was at,
// n bytes long, of type packTypes[typ].
type ringSpan struct {
	at  int64
	n   int32
	typ int8
}

func newBaseRing(size int) *baseRing {
	return &baseRing{buf: make([]byte, size), at: map[*pack]map[int64]ringSpan{}}
}

// get returns a copy of the object at off in p, if it is kept.
func (r *baseRing) get(p *pack, off int64) (objType, []byte, bool) {
	if r == nil {
		return "", nil, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.at[p][off]
	if !ok || !r.holds(s) {
		return "", nil, false
	}
	start := s.at % int64(len(r.buf))
	return packTypes[s.typ], bytes.Clone(r.buf[start : start+int64(s.n)]), true
}

// holds reports whether nothing was written over s since.
func (r *baseRing) holds(s ringSpan) bool { return r.next <= s.at+int64(len(r.buf)) }

// add keeps a copy of body, the object of type t at off in p. An object
// larger than a quarter of the ring is not kept.
func (r *baseRing) add(p *pack, off int64, t objType, body []byte) {
	if r == nil || len(body) > len(r.buf)/4 {
		return
	}
	typ := int8(-1)
	for k, pt := range packTypes {
		if pt == t && pt != "" {
			typ = int8(k)
		}
	}
	if typ < 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	size := int64(len(r.buf))
	if s, ok := r.at[p][off]; ok && r.holds(s) {
		return
	}
	if start := r.next % size; start+int64(len(body)) > size {
		r.next += size - start // an object is never split at the end
	}
	start := r.next % size
	copy(r.buf[start:], body)
	if r.at[p] == nil {
		r.at[p] = map[int64]ringSpan{}
	}
	r.at[p][off] = ringSpan{at: r.next, n: int32(len(body)), typ: typ}
	r.next += int64(len(body))
	if r.next-r.lap >= size {
		// Once a lap, the index forgets what was written over.
		r.lap = r.next
		for _, offs := range r.at {
			for o, s := range offs {
				if !r.holds(s) {
					delete(offs, o)
				}
			}
		}
	}
}
