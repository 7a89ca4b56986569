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
	"slices"
	"sort"
	"strconv"
	"strings"
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

type rawExt struct {
	sig  string
	body []byte
}

var errIndexV4 = errors.New("index version 4")

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
		if nameOff+nameLen >= limit || data[nameOff+nameLen] != 0 || nameLen == 0 {
			return nil, errors.New("index: bad entry name")
		}
		end := off + ((nameOff-off+nameLen)+8)&^7
		if end > limit {
			return nil, errors.New("index: truncated entry padding")
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
	for off < limit {
		if off+8 > limit {
			return nil, errors.New("index: truncated extension")
		}
		sig := string(data[off : off+4])
		size := binary.BigEndian.Uint32(data[off+4:])
		if uint64(size) > uint64(limit-off-8) {
			return nil, errors.New("index: truncated extension")
		}
		ix.exts = append(ix.exts, rawExt{sig: sig, body: data[off+8 : off+8+int(size)]})
		off += 8 + int(size)
	}
	for _, e := range ix.exts {
		switch {
		case e.sig == "link":
			return nil, errors.New("index: split index is not supported; run git update-index --no-split-index")
		case e.sig == "sdir":
			return nil, errors.New("index: sparse index is not supported; run git sparse-checkout disable or set index.sparse=false")
		case e.sig[0] < 'A' || e.sig[0] > 'Z':
			return nil, fmt.Errorf("index: unknown required extension %q", e.sig)
		}
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
	return indexEntry{
		name: ix.name(i),
		stat: statData{ctimeSec: u(0), ctimeNsec: u(1), mtimeSec: u(2), mtimeNsec: u(3),
			dev: u(4), ino: u(5), uid: u(7), gid: u(8), size: u(9)},
		mode: u(6), hash: h, stage: ix.stage(i),
	}
}

// find returns the position of the first entry named name (any stage) and
// whether one exists.
func (ix *rawIndex) find(name string) (int, bool) {
	i := sort.Search(ix.n(), func(i int) bool { return string(ix.name(i)) >= name })
	return i, i < ix.n() && string(ix.name(i)) == name
}

// indexUpdate is one path to set (blob with stat data) or remove.
type indexUpdate struct {
	path   string
	delete bool
	blob   Hash
	stat   statData
}

// checkIndexPaths refuses paths that git could not stage next to the
// index as it is: unresolved conflicts, and a file where the index has a
// folder or a folder where it has a file.
func checkIndexPaths(ents func(name string) (first int, found bool, stageN bool), hasPrefix func(prefix string) bool, ups []indexUpdate) error {
	for _, u := range ups {
		if _, found, conflict := ents(u.path); found && conflict {
			return fmt.Errorf("%s: has unresolved merge conflicts; resolve them with git first", u.path)
		}
		if u.delete {
			continue
		}
		if hasPrefix(u.path + "/") {
			return fmt.Errorf("%s: the index has a folder there", u.path)
		}
		for i := strings.IndexByte(u.path, '/'); i >= 0; i = nextSlash(u.path, i) {
			if _, found, _ := ents(u.path[:i]); found {
				return fmt.Errorf("%s: the index has a file at %s", u.path, u.path[:i])
			}
		}
	}
	return nil
}

func nextSlash(p string, i int) int {
	j := strings.IndexByte(p[i+1:], '/')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

func (ix *rawIndex) check(ups []indexUpdate) error {
	ents := func(name string) (int, bool, bool) {
		i, ok := ix.find(name)
		conflict := false
		for j := i; ok && j < ix.n() && string(ix.name(j)) == name; j++ {
			conflict = conflict || ix.stage(j) != 0
		}
		return i, ok, conflict
	}
	hasPrefix := func(prefix string) bool {
		i := sort.Search(ix.n(), func(i int) bool { return string(ix.name(i)) >= prefix })
		return i < ix.n() && strings.HasPrefix(string(ix.name(i)), prefix)
	}
	return checkIndexPaths(ents, hasPrefix, ups)
}

// indexImage is an index file to write: pieces in order, the last one its
// checksum. The runs of unchanged entries alias the old file, so a commit
// neither copies the bulk of a large index nor allocates another of its
// size; only the checksum reads all of it, once, as git's own write does.
type indexImage [][]byte

// bytes joins the pieces.
func (img indexImage) bytes() []byte { return bytes.Join(img, nil) }

// splice returns the new index file: ups applied, other entries copied,
// the cached-tree extension invalidated along the changed paths, REUC kept,
// and the extensions that describe the old file (UNTR, FSMN, EOIE, IEOT and
// any other optional one) dropped.
func (ix *rawIndex) splice(ups []indexUpdate) (indexImage, error) {
	if err := ix.check(ups); err != nil {
		return nil, err
	}
	ups = slices.Clone(ups)
	slices.SortFunc(ups, func(a, b indexUpdate) int { return strings.Compare(a.path, b.path) })
	hdr := bytes.Clone(ix.data[:indexHeaderLen])
	img := indexImage{hdr}
	count := ix.n()
	cur := 0 // next original entry to copy
	copyUntil := func(k int) {
		if k > cur {
			from, _ := ix.span(cur)
			_, to := ix.span(k - 1)
			img = append(img, ix.data[from:to])
			cur = k
		}
	}
	for _, u := range ups {
		i, found := ix.find(u.path)
		if i < cur {
			return nil, fmt.Errorf("index: %s listed twice", u.path)
		}
		copyUntil(i)
		if found {
			cur = i + 1 // skip the old stage-0 entry
			count--
		}
		if !u.delete {
			img = append(img, appendIndexEntry(nil, u))
			count++
		}
	}
	copyUntil(ix.n())
	binary.BigEndian.PutUint32(hdr[8:12], uint32(count))
	dirs := changedDirs(ups)
	for _, e := range ix.exts {
		switch e.sig {
		case "TREE":
			if body, ok := invalidateCacheTree(e.body, dirs); ok {
				img = append(img, extHeader("TREE", body), body)
			}
		case "REUC":
			img = append(img, extHeader("REUC", e.body), e.body)
		}
	}
	return append(img, indexChecksum(img, ix.data[len(ix.data)-indexChecksumLen:])), nil
}

func extHeader(sig string, body []byte) []byte {
	return binary.BigEndian.AppendUint32([]byte(sig), uint32(len(body)))
}

// indexChecksum returns the trailing SHA-1 of the pieces, or zeros when
// the old index had none (index.skipHash).
func indexChecksum(pieces [][]byte, old []byte) []byte {
	if old != nil && bytes.Equal(old, make([]byte, indexChecksumLen)) {
		return bytes.Clone(old)
	}
	d := sha1.New()
	for _, p := range pieces {
		d.Write(p)
	}
	return d.Sum(nil)
}

// appendIndexEntry encodes a stage-0 regular-file entry without extended
// flags, valid in versions 2 and 3.
func appendIndexEntry(out []byte, u indexUpdate) []byte {
	start := len(out)
	for _, v := range []uint32{u.stat.ctimeSec, u.stat.ctimeNsec, u.stat.mtimeSec, u.stat.mtimeNsec,
		u.stat.dev, u.stat.ino, modeFile, u.stat.uid, u.stat.gid, u.stat.size} {
		out = binary.BigEndian.AppendUint32(out, v)
	}
	out = append(out, u.blob[:]...)
	out = binary.BigEndian.AppendUint16(out, uint16(min(len(u.path), indexNameMask)))
	out = append(out, u.path...)
	pad := 8 - (len(out)-start)%8
	return append(out, make([]byte, pad)...)
}

// changedDirs returns every folder (with "" for the root) on the paths.
func changedDirs(ups []indexUpdate) map[string]bool {
	dirs := map[string]bool{"": true}
	for _, u := range ups {
		for i := strings.IndexByte(u.path, '/'); i >= 0; i = nextSlash(u.path, i) {
			dirs[u.path[:i]] = true
		}
	}
	return dirs
}

// invalidateCacheTree rewrites a TREE extension with the nodes for dirs
// marked invalid (entry count -1, no id), so git recomputes just those
// trees. ok is false when the extension cannot be parsed; it is then
// dropped, which is always safe. Since dirs holds every ancestor of a
// changed path, the nodes below a folder not in dirs are copied as they
// are, without building their paths.
func invalidateCacheTree(body []byte, dirs map[string]bool) (out []byte, ok bool) {
	if len(body) == 0 {
		return nil, false
	}
	out = make([]byte, 0, len(body))
	var path []byte // of the node being read, reused
	pos := 0
	var node func(root, track bool, prefixLen int) bool
	node = func(root, track bool, prefixLen int) bool {
		nul := bytes.IndexByte(body[pos:], 0)
		if nul < 0 {
			return false
		}
		name := body[pos : pos+nul]
		if root != (len(name) == 0) {
			return false
		}
		p := pos + nul + 1
		sp := bytes.IndexByte(body[p:], ' ')
		nl := bytes.IndexByte(body[p:], '\n')
		if sp < 0 || nl < sp {
			return false
		}
		count, err1 := strconv.Atoi(string(body[p : p+sp]))
		subs, err2 := strconv.Atoi(string(body[p+sp+1 : p+nl]))
		if err1 != nil || err2 != nil || subs < 0 || subs > len(body) || count < -1 {
			return false
		}
		end := p + nl + 1
		if count >= 0 {
			if len(body)-end < 20 {
				return false
			}
			end += 20
		}
		invalid := false
		if track {
			path = path[:prefixLen]
			if !root {
				if prefixLen > 0 {
					path = append(path, '/')
				}
				path = append(path, name...)
			}
			invalid = dirs[string(path)]
		}
		if invalid {
			out = append(out, body[pos:p]...)
			out = append(out, "-1 "...)
			out = strconv.AppendInt(out, int64(subs), 10)
			out = append(out, '\n')
		} else {
			out = append(out, body[pos:end]...)
		}
		pos = end
		own := len(path)
		for range subs {
			if !node(false, invalid, own) {
				return false
			}
		}
		return true
	}
	if !node(true, true, 0) || pos != len(body) {
		return nil, false
	}
	return out, true
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
