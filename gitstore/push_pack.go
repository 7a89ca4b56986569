package gitstore

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"io"
	"os"
	"slices"

	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

// A push sends each new object once, as a delta against the object at the
// same path in a parent commit where that is much smaller: a commit that
// adds one event rewrites .cc/reviews, a folder of thousands of entries,
// and its delta against the parent's version is a few dozen bytes.
const (
	// maxPushDepth bounds a delta chain inside the pack, as git's
	// pack-objects --depth does, so the remote never resolves a thousand
	// deltas to read the newest tree of a long push.
	maxPushDepth = 50
	// maxDeltaBody is the largest object a delta is tried for; larger ones
	// go whole, so memory stays bounded by a few bodies of this size.
	maxDeltaBody = 4 << 20
)

// pushPack is the pack a push sends, built in one walk: each object is
// read once (with the parent's version beside it, which the walk reads
// anyway to see what changed), written to a temporary file, and dropped.
// The pack's header counts the objects, so it is made when the walk ends
// and sent before the file (send).
type pushPack struct {
	s     *Store
	f     *os.File
	w     *bufio.Writer
	zw    *zlib.Writer
	off   int64 // where the next entry starts in the pack, header included
	count uint32
	// thin lets a delta name a base the remote has and the pack does not
	// carry (REF_DELTA); without it only bases in the pack are used.
	thin bool
	at   map[Hash]packedAt // the objects written
}

type packedAt struct {
	off   int64
	depth int // 0 for a whole object
}

// buildPushPack writes the objects of the commits local has and known
// lacks (each new commit, and the trees and blobs of its tree that none of
// its parents' trees hold at the same path), oldest commit first so that
// a base in the pack always comes before its deltas. The caller closes
// the pack.
func (s *Store) buildPushPack(local, known Hash, thin bool) (*pushPack, error) {
	commits, err := s.NewCommits(local, known)
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp("", "cc-push-*.pack")
	if err != nil {
		return nil, err
	}
	zw, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	p := &pushPack{s: s, f: f, w: bufio.NewWriterSize(f, 64<<10), zw: zw, off: 12, thin: thin, at: map[Hash]packedAt{}}
	if err := p.addCommits(commits); err != nil {
		p.Close()
		return nil, err
	}
	if err := p.w.Flush(); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

func (p *pushPack) addCommits(commits []CommitInfo) error {
	for _, c := range slices.Backward(commits) {
		body, err := p.s.readTyped(c.ID, objCommit)
		if err != nil {
			return err
		}
		if err := p.write(c.ID, objCommit, body, Hash{}, nil); err != nil {
			return err
		}
		var parentTrees []Hash
		for _, parent := range c.Parents {
			if pc, err := p.s.ReadCommit(parent); err == nil {
				parentTrees = append(parentTrees, pc.Tree)
			}
		}
		if err := p.addTree(c.Tree, parentTrees); err != nil {
			return err
		}
	}
	return nil
}

// addTree writes tree and what it holds, leaving out any entry a parent
// tree has at the same place. Entries are matched by walking the sorted
// lists side by side, so a folder of 10,000 entries costs one pass, not a
// search per entry; with one parent, the bytes both trees share at the
// start and at the end are entries they share, passed over unparsed. The
// first parent's version is the delta base. The trees are only read, so
// they are the object cache's own copies (readTree), not copies of them.
func (p *pushPack) addTree(h Hash, parents []Hash) error {
	if _, ok := p.at[h]; ok || slices.Contains(parents, h) {
		return nil
	}
	raw, err := p.s.readTree(h)
	if err != nil {
		return err
	}
	var rest [][]byte // what is left of each parent's tree to walk
	var base Hash
	for _, ph := range parents {
		pr, err := p.s.readTree(ph)
		if err != nil {
			continue // below a shallow boundary: not there to compare with
		}
		if base.IsZero() {
			base = ph
		}
		rest = append(rest, pr)
	}
	var baseRaw []byte
	if len(rest) > 0 {
		baseRaw = rest[0]
	}
	if err := p.write(h, objTree, raw, base, baseRaw); err != nil {
		return err
	}
	entries := raw
	if len(rest) == 1 {
		entries, rest[0], err = skipSharedEntries(raw, rest[0])
		if err != nil {
			return err
		}
	}
	for len(entries) > 0 {
		if len(rest) == 1 && bytes.Equal(entries, rest[0]) {
			return nil // the rest is the parent's, unchanged
		}
		e, after, err := nextRawEntry(entries)
		if err != nil {
			return err
		}
		entries = after
		var sub []Hash
		var blobBase Hash
		same := false
		for i := range rest {
			pe, ok, err := seekRawEntry(&rest[i], e)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			if pe.hash == e.hash {
				same = true
				break
			}
			if pe.isTree() {
				sub = append(sub, pe.hash)
			} else if blobBase.IsZero() && parseMode(pe.mode) != modeGitlink {
				blobBase = pe.hash
			}
		}
		switch {
		case same:
		case e.isTree():
			if err := p.addTree(e.hash, sub); err != nil {
				return err
			}
		case parseMode(e.mode) == modeGitlink:
			// a submodule's commit lives in another repository
		default:
			if err := p.addBlob(e.hash, blobBase); err != nil {
				return err
			}
		}
	}
	return nil
}

// skipSharedEntries passes over the entries at the start of raw that
// parent holds byte for byte at its start, and returns what is left of
// each. An entry both hold in full is the same entry: the bytes before it
// are the same, so it starts at the same place in both.
func skipSharedEntries(raw, parent []byte) ([]byte, []byte, error) {
	shared := commonPrefix(raw, parent)
	rest := raw
	for len(rest) > 0 {
		_, after, err := nextRawEntry(rest)
		if err != nil {
			return nil, nil, err
		}
		if len(raw)-len(after) > shared {
			break
		}
		rest = after
	}
	skipped := len(raw) - len(rest)
	return rest, parent[skipped:], nil
}

// seekRawEntry moves *rest past the entries that sort before e and returns
// the next one, past it too, when it has e's name (and kind).
func seekRawEntry(rest *[]byte, e treeEntry) (treeEntry, bool, error) {
	for len(*rest) > 0 {
		pe, after, err := nextRawEntry(*rest)
		if err != nil {
			return treeEntry{}, false, err
		}
		switch c := compareEntries(pe, e); {
		case c < 0:
			*rest = after
		case c == 0:
			*rest = after
			return pe, true, nil
		default:
			return treeEntry{}, false, nil
		}
	}
	return treeEntry{}, false, nil
}

func (p *pushPack) addBlob(h, base Hash) error {
	if _, ok := p.at[h]; ok {
		return nil
	}
	body, err := p.s.readTyped(h, objBlob)
	if err != nil {
		return err
	}
	var baseBody []byte
	if p.deltaBase(base, len(body)) {
		if baseBody, err = p.s.readTyped(base, objBlob); err != nil {
			baseBody = nil // not here (a partial clone): sent whole
		}
	}
	return p.write(h, objBlob, body, base, baseBody)
}

// deltaBase says whether an object of size bytes may be sent as a delta
// against base: there is one, the pack carries it (not too deep) or the
// remote takes thin packs, and the object is not too large to compare.
func (p *pushPack) deltaBase(base Hash, size int) bool {
	if base.IsZero() || size > maxDeltaBody {
		return false
	}
	if b, ok := p.at[base]; ok {
		return b.depth < maxPushDepth
	}
	return p.thin
}

// write appends one entry: a delta against base when deltaBase allows it
// and the delta is under half the object, else the whole object.
func (p *pushPack) write(h Hash, t objType, body []byte, base Hash, baseBody []byte) error {
	start := p.off
	kind, data, depth := packTypeNumbers[t], body, 0
	var ref []byte
	if baseBody != nil && p.deltaBase(base, len(body)) && len(baseBody) <= maxDeltaBody {
		d, ok := editDelta(baseBody, body)
		if !ok {
			d = packfile.DiffDelta(baseBody, body)
		}
		if len(d) < len(body)/2 {
			data = d
			if b, ok := p.at[base]; ok {
				kind, depth, ref = packObjOfsDelta, b.depth+1, ofsDeltaOffset(start-b.off)
			} else {
				kind, depth, ref = packObjRefDelta, 1, base[:]
			}
		}
	}
	hdr := packEntryHeader(kind, uint64(len(data)))
	hdr = append(hdr, ref...)
	if _, err := p.w.Write(hdr); err != nil {
		return err
	}
	cw := &countingWriter{w: p.w}
	p.zw.Reset(cw)
	if _, err := p.zw.Write(data); err != nil {
		return err
	}
	if err := p.zw.Close(); err != nil {
		return err
	}
	p.off += int64(len(hdr)) + cw.n
	p.count++
	p.at[h] = packedAt{off: start, depth: depth}
	return nil
}

// packEntryHeader is an entry's type and size: the type in bits 4-6 of the
// first byte, the size in its low four bits and then seven bits a byte.
func packEntryHeader(kind byte, size uint64) []byte {
	b := []byte{kind<<4 | byte(size&0x0f)}
	for size >>= 4; size > 0; size >>= 7 {
		b[len(b)-1] |= 0x80
		b = append(b, byte(size&0x7f))
	}
	return b
}

// ofsDeltaOffset encodes how far back an OFS_DELTA's base starts: seven
// bits a byte, most significant first, each continued byte standing for
// one more than its value (gitformat-pack).
func ofsDeltaOffset(n int64) []byte {
	b := []byte{byte(n & 0x7f)}
	for n >>= 7; n > 0; n >>= 7 {
		n--
		b = append([]byte{0x80 | byte(n&0x7f)}, b...)
	}
	return b
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// send writes the pack: its header, the entries, and the SHA-1 of both.
func (p *pushPack) send(w io.Writer) error {
	sum := sha1.New()
	out := io.MultiWriter(w, sum)
	var hdr [12]byte
	copy(hdr[:], "PACK")
	binary.BigEndian.PutUint32(hdr[4:], 2)
	binary.BigEndian.PutUint32(hdr[8:], p.count)
	if _, err := out.Write(hdr[:]); err != nil {
		return err
	}
	if _, err := p.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.Copy(out, p.f); err != nil {
		return err
	}
	_, err := w.Write(sum.Sum(nil))
	return err
}

// Close removes the temporary file.
func (p *pushPack) Close() error {
	p.f.Close()
	return os.Remove(p.f.Name())
}

// packTypeNumbers are the pack format's numbers of the object types.
var packTypeNumbers = map[objType]byte{objCommit: packObjCommit, objTree: packObjTree, objBlob: packObjBlob, objTag: packObjTag}
