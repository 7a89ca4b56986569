package gitstore

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
)

const (
	packObjCommit   = 1
	packObjTree     = 2
	packObjBlob     = 3
	packObjTag      = 4
	packObjOfsDelta = 6
	packObjRefDelta = 7

	idxFanoutLen = 256 * 4
	// maxDeltaChain bounds a chain of deltas (git writes at most 4095).
	maxDeltaChain = 10000
)

// pack is one .idx/.pack pair, opened on first use.
type pack struct {
	base string // path without extension
	dead atomic.Bool

	once sync.Once
	idx  *packIdx
	err  error // from opening the idx or the pack
	f    *os.File
	size int64
	res  *packResources
}

// packResources is what a pack releases when it is collected.
type packResources struct{ unmap func() }

func newPack(base string) *pack { return &pack{base: base} }

// open maps the idx and opens the pack, once.
func (p *pack) open() error {
	p.once.Do(func() {
		data, unmap, err := mapFile(p.base + ".idx")
		if err != nil {
			p.err = err
			return
		}
		p.res = &packResources{unmap: unmap}
		runtime.AddCleanup(p, func(r *packResources) { r.unmap() }, p.res)
		if p.idx, p.err = parseIdx(data); p.err != nil {
			p.err = fmt.Errorf("%s.idx: %w", p.base, p.err)
			return
		}
		p.err = p.openPack()
	})
	if p.err != nil {
		p.dead.Store(true)
	}
	return p.err
}

func (p *pack) openPack() error {
	f, err := os.Open(p.base + ".pack")
	if err != nil {
		return err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	var hdr [12]byte
	var sum [20]byte
	if _, err = f.ReadAt(hdr[:], 0); err == nil && fi.Size() >= 32 {
		_, err = f.ReadAt(sum[:], fi.Size()-20)
	}
	switch {
	case err != nil || fi.Size() < 32 || string(hdr[:4]) != "PACK":
		err = errors.New("not a pack file")
	case binary.BigEndian.Uint32(hdr[4:]) != 2 && binary.BigEndian.Uint32(hdr[4:]) != 3:
		err = fmt.Errorf("unsupported pack version %d", binary.BigEndian.Uint32(hdr[4:]))
	case binary.BigEndian.Uint32(hdr[8:]) != p.idx.n || !bytes.Equal(sum[:], p.idx.packChecksum()):
		err = errors.New("pack does not match its index")
	}
	if err != nil {
		f.Close()
		return fmt.Errorf("%s.pack: %w", p.base, err)
	}
	p.f, p.size = f, fi.Size()
	return nil
}

// find returns the pack offset of h.
func (p *pack) find(h Hash) (int64, bool) {
	if p.open() != nil {
		return 0, false
	}
	i, ok := p.idx.lookup(h)
	if !ok {
		return 0, false
	}
	off, err := p.idx.offset(i)
	runtime.KeepAlive(p)
	if err != nil || off < 12 || off >= p.size-20 {
		return 0, false
	}
	return off, true
}

// withPrefix calls fn for every id in the pack that starts with prefix.
func (p *pack) withPrefix(prefix []byte, fn func(Hash)) {
	if p.open() == nil {
		p.idx.withPrefix(prefix, fn)
		runtime.KeepAlive(p)
	}
}

// packEntry is the header of the object at an offset.
type packEntry struct {
	typ     int
	size    uint64 // inflated size: the object's, or the delta's
	dataOff int64  // where the zlib stream starts
	baseOff int64  // OFS_DELTA: the base's offset
	baseID  Hash   // REF_DELTA: the base's id
	// stream, when not nil, is the pack from dataOff on, as far as a
	// later entry: it holds the whole zlib stream, read with the header.
	stream []byte
}

// entry reads the object header at off.
func (p *pack) entry(off int64) (packEntry, error) {
	var e packEntry
	if off < 12 || off >= p.size-20 {
		return e, fmt.Errorf("offset %d outside the pack", off)
	}
	var buf [maxEntryHeader]byte
	n, err := p.f.ReadAt(buf[:], off)
	if n == 0 && err != nil {
		return e, err
	}
	return p.parseEntry(off, buf[:n])
}

// maxEntryHeader is the longest header an entry may have: a type and a
// size of up to 64 bits, then a REF_DELTA's base id.
const maxEntryHeader = 32

// parseEntry parses the header of the entry at off from b, the pack's
// bytes from off on (maxEntryHeader of them, or up to the end).
func (p *pack) parseEntry(off int64, b []byte) (packEntry, error) {
	var e packEntry
	bad := errBadHeader
	c := b[0]
	e.typ = int(c>>4) & 7
	e.size = uint64(c & 0x0f)
	i := 1
	for shift := uint(4); c&0x80 != 0; shift += 7 {
		if i >= len(b) || shift > 56 {
			return e, bad
		}
		c = b[i]
		i++
		e.size |= uint64(c&0x7f) << shift
	}
	switch e.typ {
	case packObjCommit, packObjTree, packObjBlob, packObjTag:
	case packObjOfsDelta:
		if i >= len(b) {
			return e, bad
		}
		c = b[i]
		i++
		rel := uint64(c & 0x7f)
		for c&0x80 != 0 {
			if i >= len(b) || rel >= 1<<55 {
				return e, bad
			}
			c = b[i]
			i++
			rel = (rel+1)<<7 | uint64(c&0x7f)
		}
		if rel == 0 || rel > uint64(off) {
			return e, bad
		}
		e.baseOff = off - int64(rel)
	case packObjRefDelta:
		if i+20 > len(b) {
			return e, bad
		}
		copy(e.baseID[:], b[i:i+20])
		i += 20
	default:
		return e, fmt.Errorf("bad object type %d at offset %d", e.typ, off)
	}
	e.dataOff = off + int64(i)
	if e.size > maxInflated(int(p.size-e.dataOff)) {
		return e, bad
	}
	return e, nil
}

// errBadHeader is entry's error for a damaged object header; readAt names
// the offset. (Formatting an error for every entry, just in case, cost more
// than reading the entry.)
var errBadHeader = errors.New("bad object header")

// inflate returns the e.size bytes of the zlib stream of e.
func (p *pack) inflate(e packEntry) ([]byte, error) { return p.inflateChecked(e, nil) }

// deltaHead is how much of a delta holds its two sizes (base-128 numbers
// of at most 10 bytes each).
const deltaHead = 20

// inflateChecked is inflate that, when check is not nil, first inflates
// the first bytes (at most deltaHead) and gives them to check, going on
// only when check accepts them: a delta is refused from its header, in
// the pass that would read it.
func (p *pack) inflateChecked(e packEntry, check func(head []byte) error) ([]byte, error) {
	// The stream is never longer than zlib's bound for e.size bytes, so a
	// small object is one small read, not a buffer's worth.
	n := min(int64(e.size+e.size>>10+64), p.size-e.dataOff)
	if e.size <= maxSmallInflate {
		if out, ok := p.inflateSmall(e, n); ok {
			if check != nil {
				if err := check(out[:min(e.size, deltaHead)]); err != nil {
					return nil, err
				}
			}
			return out, nil
		}
	}
	br := bufReaders.Get().(*bufio.Reader)
	defer bufReaders.Put(br)
	br.Reset(io.NewSectionReader(p.f, e.dataOff, n))
	zr, err := getZlib(br)
	if err != nil {
		return nil, err
	}
	defer putZlib(zr)
	var head []byte
	if check != nil {
		var buf [deltaHead]byte
		head = buf[:min(e.size, deltaHead)]
		if _, err := io.ReadFull(zr, head); err != nil {
			return nil, fmt.Errorf("inflate: %w", err)
		}
		if err := check(head); err != nil {
			return nil, err
		}
	}
	out := make([]byte, e.size)
	copy(out, head)
	if err := readExact(zr, out[len(head):]); err != nil {
		return nil, err
	}
	return out, nil
}

// maxSmallInflate is the largest entry that inflateSmall reads: most
// entries of a repository of text files are far smaller.
const maxSmallInflate = 64 << 10

// smallStreams holds buffers for the streams of entries up to
// maxSmallInflate.
var smallStreams = sync.Pool{New: func() any {
	b := make([]byte, maxSmallInflate+maxSmallInflate>>10+64)
	return &b
}}

// inflateSmall reads the n bytes of the stream of e, which are at most
// zlib's bound for maxSmallInflate, at once and decodes them with
// inflateInto; ok is false when that declines or the read fails, and the
// stream is read again by zlib for the answer.
func (p *pack) inflateSmall(e packEntry, n int64) (out []byte, ok bool) {
	src := e.stream
	if src == nil {
		buf := smallStreams.Get().(*[]byte)
		defer smallStreams.Put(buf)
		src = (*buf)[:n]
		if _, err := p.f.ReadAt(src, e.dataOff); err != nil {
			return nil, false
		}
	}
	out = make([]byte, e.size)
	return out, inflateInto(out, src)
}

// deltaResultSize is the size of what a delta whose first bytes are head
// makes.
func deltaResultSize(head []byte) (uint64, error) {
	_, rest, err := deltaSize(head)
	if err != nil {
		return 0, err
	}
	size, _, err := deltaSize(rest)
	return size, err
}

var packTypes = [...]objType{packObjCommit: objCommit, packObjTree: objTree, packObjBlob: objBlob, packObjTag: objTag}

// readFromPack reads h from p, or gives errObjectNotFound when p lacks it
// (or its files have gone since it was listed).
func (db *objectDB) readFromPack(p *pack, h Hash, depth int, limit uint64) (objType, []byte, error) {
	off, ok := p.find(h)
	if !ok {
		return "", nil, errObjectNotFound
	}
	t, body, err := db.readAt(p, off, depth, limit)
	var tl *TooLargeError
	if err != nil && !errors.As(err, &tl) {
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil, errObjectNotFound
		}
		return "", nil, fmt.Errorf("%s.pack: %w", p.base, err)
	}
	return t, body, err
}

// readAt resolves the object at off: it follows the delta chain down to a
// whole object or a cached base, then applies the deltas upward, caching
// each intermediate result, since it is the base of the next. An object
// over limit is refused from its header, or its delta's, before the rest
// is read.
func (db *objectDB) readAt(p *pack, off int64, depth int, limit uint64) (objType, []byte, error) {
	type link struct {
		p *pack
		e packEntry
		// off is the link's own offset, its cache key as a base.
		off int64
		// delta is the link's delta when it was inflated on the way down.
		delta []byte
	}
	var chain []link
	var t objType
	var base []byte
	for cur, curOff := p, off; ; {
		if ct, data, ok := db.cache.get(cacheKey{p: cur, off: curOff}); ok {
			t, base = ct, data
			if len(chain) == 0 {
				if uint64(len(data)) > limit {
					return "", nil, tooLarge(uint64(len(data)), limit)
				}
				base = bytes.Clone(data)
			}
			break
		}
		e, err := cur.entry(curOff)
		if errors.Is(err, errBadHeader) {
			return "", nil, fmt.Errorf("%w at offset %d", err, curOff)
		}
		if err != nil {
			return "", nil, err
		}
		if e.typ != packObjOfsDelta && e.typ != packObjRefDelta {
			if len(chain) == 0 && e.size > limit {
				return "", nil, tooLarge(e.size, limit)
			}
			if base, err = cur.inflate(e); err != nil {
				return "", nil, fmt.Errorf("object at offset %d: %w", curOff, err)
			}
			t = packTypes[e.typ]
			if len(chain) > 0 {
				db.cache.add(cacheKey{p: cur, off: curOff}, t, base)
			}
			break
		}
		if len(chain) >= maxDeltaChain {
			return "", nil, fmt.Errorf("delta chain longer than %d at offset %d", maxDeltaChain, off)
		}
		l := link{p: cur, e: e, off: curOff}
		if len(chain) == 0 && limit != noLimit {
			var err error
			l.delta, err = cur.inflateChecked(e, func(head []byte) error {
				size, err := deltaResultSize(head)
				if err == nil && size > limit {
					err = tooLarge(size, limit)
				}
				return err
			})
			var tl *TooLargeError
			if errors.As(err, &tl) {
				return "", nil, err
			}
			if err != nil {
				return "", nil, fmt.Errorf("delta at offset %d: %w", curOff, err)
			}
		}
		chain = append(chain, l)
		if e.typ == packObjOfsDelta {
			curOff = e.baseOff
			continue
		}
		// REF_DELTA: the base is usually in the same pack; else anywhere.
		if o, ok := cur.find(e.baseID); ok {
			curOff = o
			continue
		}
		if depth >= maxRefDepth {
			return "", nil, fmt.Errorf("delta bases nested more than %d deep", maxRefDepth)
		}
		bt, data, err := db.readDepth(e.baseID, depth+1, noLimit)
		if err != nil {
			return "", nil, fmt.Errorf("delta base %s: %w", e.baseID, err)
		}
		t, base = bt, data
		break
	}
	for i := len(chain) - 1; i >= 0; i-- {
		l := chain[i]
		var err error
		delta := l.delta
		if delta == nil {
			if delta, err = l.p.inflate(l.e); err != nil {
				return "", nil, fmt.Errorf("delta at offset %d: %w", l.off, err)
			}
		}
		if base, err = applyDelta(base, delta); err != nil {
			return "", nil, fmt.Errorf("delta at offset %d: %w", l.off, err)
		}
		if i > 0 {
			db.cache.add(cacheKey{p: l.p, off: l.off}, t, base)
		}
	}
	return t, base, nil
}
