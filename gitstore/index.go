package gitstore

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"sort"
)

// The index is updated by splicing: the entries a commit touched are
// replaced, inserted or removed and every other entry is copied byte for
// byte, which is what makes a commit cheap on a large repository. Version 4
// (prefix-compressed names) is decoded and re-encoded whole with go-git's
// codec instead (index_v4.go).

const (
	indexHeaderLen   = 12
	indexEntryFixed  = 62 // stat data, id and flags, before the name
	indexFlagExt     = 0x4000
	indexSkipWT      = 0x4000 // in the extended flags (version 3 and later)
	indexNameMask    = 0xfff
	indexStageShift  = 12
	indexChecksumLen = 20
)

// statData is the part of an index entry that lets git (and WorktreeChanges)
// skip reading a file that has not changed. Zero values force a re-read.
type statData struct {
	ctimeSec, ctimeNsec uint32
	mtimeSec, mtimeNsec uint32
	dev, ino, uid, gid  uint32
	size                uint32
}

// indexEntry is a decoded view of one entry.
type indexEntry struct {
	name  []byte
	stat  statData
	mode  uint32
	hash  Hash
	stage int
	// skipWorktree is git's skip-worktree bit, set by a sparse checkout
	// on every file it leaves out: the file's absence from the work tree
	// says nothing about its content.
	skipWorktree bool
}

// rawIndex is a parsed version 2 or 3 index; slices alias data. Only the
// offset of each entry is kept (4 bytes, no pointers, for 100,000 entries
// and more); names and stages are read from data when asked for.
type rawIndex struct {
	data    []byte
	version uint32
	offs    []uint32 // where each entry starts; it ends where the next starts
	extsOff int      // where extensions start (and the last entry ends)
	exts    []rawExt
}

// rawExt is one extension. Its signature is kept in place of a string so
// that an index of nothing but empty extensions, 8 bytes each, costs 32
// bytes per extension: 4 times its size, as for every parser in cc.
type rawExt struct {
	sig  [4]byte
	body []byte
}

var errIndexV4 = errors.New("index version 4")

// errSplitIndex is returned by parseIndex for a split index, whose entries
// live partly in a shared index file that cc does not read or write.
var errSplitIndex = errors.New("index: split index is not supported; run git update-index --no-split-index")

// parseIndex parses an index of version 2 or 3. Version 4 gives errIndexV4.
// The trailing checksum is not verified: git does that on its next read.
func parseIndex(data []byte) (*rawIndex, error) {
	if len(data) < indexHeaderLen+indexChecksumLen || string(data[:4]) != "DIRC" {
		return nil, errors.New("index: bad signature or truncated")
	}
	if uint64(len(data)) > math.MaxUint32 {
		return nil, errors.New("index: larger than 4 GiB")
	}
	ix := &rawIndex{data: data, version: binary.BigEndian.Uint32(data[4:8])}
	switch ix.version {
	case 2, 3:
	case 4:
		return nil, errIndexV4
	default:
		return nil, fmt.Errorf("index: unsupported version %d", ix.version)
	}
	n := binary.BigEndian.Uint32(data[8:12])
	limit := len(data) - indexChecksumLen
	if uint64(n) > uint64(limit/indexEntryFixed) {
		return nil, errors.New("index: entry count exceeds file size")
	}
	ix.offs = make([]uint32, 0, n)
	off := indexHeaderLen
	var prevName []byte
	prevStage := -1
	nameless := false
	for i := uint32(0); i < n; i++ {
		if off+indexEntryFixed > limit {
			return nil, errors.New("index: truncated entry")
		}
		flags := binary.BigEndian.Uint16(data[off+60:])
		nameOff := off + indexEntryFixed
		if flags&indexFlagExt != 0 {
			if ix.version < 3 {
				return nil, errors.New("index: extended flags in a version 2 index")
			}
			nameOff += 2
		}
		if nameOff > limit {
			return nil, errors.New("index: truncated entry")
		}
		nameLen := int(flags & indexNameMask)
		if nameLen == indexNameMask {
			nul := bytes.IndexByte(data[nameOff:limit], 0)
			if nul < 0 {
				return nil, errors.New("index: unterminated name")
			}
			nameLen = nul
		}
		if nameOff+nameLen >= limit || data[nameOff+nameLen] != 0 {
			return nil, errors.New("index: bad entry name")
		}
		end := off + ((nameOff-off+nameLen)+8)&^7
		if end > limit {
			return nil, errors.New("index: truncated entry padding")
		}
		if nameLen == 0 {
			// Only a split index has nameless entries (they replace an
			// entry of the shared index); the link extension says so
			// below, and anything else is refused there.
			nameless = true
			ix.offs = append(ix.offs, uint32(off))
			off = end
			continue
		}
		// Entries are sorted by name, then stage, as git requires (it
		// refuses an index that is not); splicing relies on it.
		name, stage := data[nameOff:nameOff+nameLen], int(flags>>12)&3
		if c := bytes.Compare(prevName, name); c > 0 || c == 0 && stage <= prevStage {
			return nil, errors.New("index: entries out of order; git reset rebuilds it")
		}
		prevName, prevStage = name, stage
		ix.offs = append(ix.offs, uint32(off))
		off = end
	}
	ix.extsOff = off
	count := 0
	for o := off; o < limit; count++ {
		if o+8 > limit {
			return nil, errors.New("index: truncated extension")
		}
		size := binary.BigEndian.Uint32(data[o+4:])
		if uint64(size) > uint64(limit-o-8) {
			return nil, errors.New("index: truncated extension")
		}
		o += 8 + int(size)
	}
	ix.exts = make([]rawExt, 0, count)
	for off < limit {
		size := int(binary.BigEndian.Uint32(data[off+4:]))
		ix.exts = append(ix.exts, rawExt{sig: [4]byte(data[off : off+4]), body: data[off+8 : off+8+size]})
		off += 8 + size
	}
	for i := range ix.exts {
		e := &ix.exts[i] // a copy would escape through the error below, once per extension
		switch {
		case string(e.sig[:]) == "link":
			return nil, errSplitIndex
		case string(e.sig[:]) == "sdir":
			return nil, errors.New("index: sparse index is not supported; run git sparse-checkout disable or set index.sparse=false")
		case e.sig[0] < 'A' || e.sig[0] > 'Z':
			return nil, fmt.Errorf("index: unknown required extension %q", string(e.sig[:]))
		}
	}
	if nameless {
		return nil, errors.New("index: bad entry name")
	}
	return ix, nil
}

// n is the number of entries.
func (ix *rawIndex) n() int { return len(ix.offs) }

// span returns where entry i starts and ends, padding included.
func (ix *rawIndex) span(i int) (int, int) {
	end := ix.extsOff
	if i+1 < len(ix.offs) {
		end = int(ix.offs[i+1])
	}
	return int(ix.offs[i]), end
}

// name returns entry i's path; parseIndex checked its bounds.
func (ix *rawIndex) name(i int) []byte {
	off, end := ix.span(i)
	flags := binary.BigEndian.Uint16(ix.data[off+60:])
	nameOff := off + indexEntryFixed
	if flags&indexFlagExt != 0 {
		nameOff += 2
	}
	if n := int(flags & indexNameMask); n < indexNameMask {
		return ix.data[nameOff : nameOff+n]
	}
	return ix.data[nameOff : nameOff+bytes.IndexByte(ix.data[nameOff:end], 0)]
}

func (ix *rawIndex) stage(i int) int {
	return int(binary.BigEndian.Uint16(ix.data[ix.offs[i]+60:])>>indexStageShift) & 3
}

// entry decodes entry i.
func (ix *rawIndex) entry(i int) indexEntry {
	b := ix.data[ix.offs[i]:]
	u := func(k int) uint32 { return binary.BigEndian.Uint32(b[4*k:]) }
	var h Hash
	copy(h[:], b[40:60])
	flags := binary.BigEndian.Uint16(b[60:])
	skip := flags&indexFlagExt != 0 && binary.BigEndian.Uint16(b[62:])&indexSkipWT != 0
	return indexEntry{
		name: ix.name(i),
		stat: statData{ctimeSec: u(0), ctimeNsec: u(1), mtimeSec: u(2), mtimeNsec: u(3),
			dev: u(4), ino: u(5), uid: u(7), gid: u(8), size: u(9)},
		mode: u(6), hash: h, stage: ix.stage(i), skipWorktree: skip,
	}
}

// find returns the position of the first entry named name (any stage) and
// whether one exists.
func (ix *rawIndex) find(name string) (int, bool) {
	i := sort.Search(ix.n(), func(i int) bool { return string(ix.name(i)) >= name })
	return i, i < ix.n() && string(ix.name(i)) == name
}

// emptyIndex is a version 2 index with no entries, for a repository that
// has none yet.
func emptyIndex() []byte {
	b := []byte("DIRC\x00\x00\x00\x02\x00\x00\x00\x00")
	sum := sha1.Sum(b)
	return append(b, sum[:]...)
}

// indexFile is the index as loaded for one commit: spliced (v2, v3) or
// decoded (v4).
type indexFile struct {
	raw   *rawIndex
	v4    *v4Index
	unmap func()
}

// loadIndex maps the index read-only, as git does, rather than copying
// it: on a large repository it is ~10 MB that a commit only splices. The
// mapping stays valid when git renames a new index into place, since the
// old file lives on while mapped; callers release it when done.
func loadIndex(path string) (*indexFile, error) {
	data, unmap, err := mapFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		data, unmap, err = emptyIndex(), func() {}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read index: %w", err)
	}
	raw, err := parseIndex(data)
	if errors.Is(err, errIndexV4) {
		defer unmap()
		v4, err := decodeV4Index(data)
		if err != nil {
			return nil, err
		}
		return &indexFile{v4: v4, unmap: func() {}}, nil
	}
	if err != nil {
		unmap()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &indexFile{raw: raw, unmap: unmap}, nil
}

// release unmaps the index; nothing read from it may be used afterwards.
func (x *indexFile) release() {
	if x != nil {
		x.unmap()
	}
}

func (x *indexFile) check(ups []indexUpdate) error {
	if x.v4 != nil {
		return x.v4.check(ups)
	}
	return x.raw.check(ups)
}

func (x *indexFile) apply(ups []indexUpdate) (indexImage, error) {
	if x.v4 != nil {
		data, err := x.v4.apply(ups)
		return indexImage{data}, err
	}
	return x.raw.splice(ups)
}

// each calls fn for every entry in order.
func (x *indexFile) each(fn func(e indexEntry)) {
	if x.v4 != nil {
		x.v4.each(fn)
		return
	}
	for i := range x.raw.n() {
		fn(x.raw.entry(i))
	}
}

func statFallback(fi os.FileInfo) statData {
	mt := fi.ModTime()
	return statData{
		ctimeSec: uint32(mt.Unix()), ctimeNsec: uint32(mt.Nanosecond()),
		mtimeSec: uint32(mt.Unix()), mtimeNsec: uint32(mt.Nanosecond()),
		size: uint32(fi.Size()),
	}
}
