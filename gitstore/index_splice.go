package gitstore

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

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
	l, err := ix.layout(ups)
	if err != nil {
		return nil, err
	}
	l.fill(ups)
	return append(l.pieces, indexChecksum(l.pieces, ix.trailer())), nil
}

// indexLayout is a spliced index before its new entries are known: their
// pieces have the right length (which depends on the path alone) but no
// blob or stat data yet, and there is no checksum.
type indexLayout struct {
	pieces indexImage
	// entries holds, for each update, the piece of its entry, or -1 for
	// a removal.
	entries []int
}

// layout is splice without the content of the new entries: fill adds it.
func (ix *rawIndex) layout(ups []indexUpdate) (indexLayout, error) {
	if err := ix.check(ups); err != nil {
		return indexLayout{}, err
	}
	order := make([]int, len(ups))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(ups[a].path, ups[b].path) })
	hdr := bytes.Clone(ix.data[:indexHeaderLen])
	l := indexLayout{pieces: indexImage{hdr}, entries: make([]int, len(ups))}
	count := ix.n()
	cur := 0 // next original entry to copy
	copyUntil := func(k int) {
		if k > cur {
			from, _ := ix.span(cur)
			_, to := ix.span(k - 1)
			l.pieces = append(l.pieces, ix.data[from:to])
			cur = k
		}
	}
	for _, k := range order {
		u := ups[k]
		i, found := ix.find(u.path)
		if i < cur {
			return indexLayout{}, fmt.Errorf("index: %s listed twice", u.path)
		}
		copyUntil(i)
		if found {
			cur = i + 1 // skip the old stage-0 entry
			count--
		}
		l.entries[k] = -1
		if !u.delete {
			l.entries[k] = len(l.pieces)
			l.pieces = append(l.pieces, appendIndexEntry(nil, u))
			count++
		}
	}
	copyUntil(ix.n())
	binary.BigEndian.PutUint32(hdr[8:12], uint32(count))
	dirs := changedDirs(ups)
	for _, e := range ix.exts {
		switch string(e.sig[:]) {
		case "TREE":
			if body, ok := invalidateCacheTree(e.body, dirs); ok {
				l.pieces = append(l.pieces, extHeader("TREE", body), body)
			}
		case "REUC":
			l.pieces = append(l.pieces, extHeader("REUC", e.body), e.body)
		}
	}
	return l, nil
}

// fill encodes the entries of ups (the updates layout was given, now with
// their blobs and stat data) into their pieces.
func (l indexLayout) fill(ups []indexUpdate) {
	for k, p := range l.entries {
		if p >= 0 {
			l.pieces[p] = appendIndexEntry(l.pieces[p][:0], ups[k])
		}
	}
}

// skipsHash reports whether an index's checksum is zeros: written with
// index.skipHash, whose index git does not check, nor then does a new one.
func skipsHash(checksum []byte) bool {
	return checksum != nil && bytes.Equal(checksum, make([]byte, indexChecksumLen))
}

// trailer is the old file's checksum.
func (ix *rawIndex) trailer() []byte { return ix.data[len(ix.data)-indexChecksumLen:] }

func extHeader(sig string, body []byte) []byte {
	return binary.BigEndian.AppendUint32([]byte(sig), uint32(len(body)))
}

// indexChecksum returns the trailing SHA-1 of the pieces, or zeros when
// the old index had none (index.skipHash).
func indexChecksum(pieces [][]byte, old []byte) []byte {
	if skipsHash(old) {
		return make([]byte, indexChecksumLen)
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
