package gitstore

import (
	"compress/zlib"
	"container/heap"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"io"
	"slices"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// storePack writes a received pack and its index into the objects folder,
// through go-git's pack writer (a temporary file renamed into place when
// complete, as git's index-pack does). The object reader finds the new
// pack when it next misses an object.
func (s *Store) storePack(pack io.Reader) error {
	st := filesystem.NewStorage(osfs.New(s.commonDir), cache.NewObjectLRU(1<<20))
	if err := packfile.UpdateObjectStorage(st, pack); err != nil {
		return fmt.Errorf("store the fetched pack: %w", err)
	}
	return nil
}

// NewCommits lists the commits reachable from tip but not from known
// (git rev-list tip ^known), newest first. It walks both histories by
// date, as MergeBase does, and stops when every commit still queued is
// known, so its cost grows with the commits since they diverged.
func (s *Store) NewCommits(tip, known Hash) ([]CommitInfo, error) {
	const (
		fromTip = 1 << iota
		isKnown
	)
	p := newPainter(s)
	flags, q, push := p.flags, &p.q, p.push
	if err := push(tip, fromTip); err != nil {
		return nil, err
	}
	if !known.IsZero() {
		if err := push(known, isKnown); err != nil {
			return nil, err
		}
	}
	var out []CommitInfo
	for q.Len() > 0 && !q.allStale(flags, isKnown) {
		c := heap.Pop(q).(queued).CommitInfo
		f := flags[c.ID]
		if f&isKnown == 0 {
			out = append(out, c)
		}
		if shallow, err := s.Shallow(c.ID); err != nil {
			return nil, err
		} else if shallow {
			continue
		}
		for _, parent := range c.Parents {
			if flags[parent]&f == f {
				continue
			}
			if err := push(parent, f); err != nil {
				if f&isKnown != 0 {
					continue // below what this clone holds of the remote's history
				}
				return nil, err
			}
		}
	}
	// A commit reached first from tip and later found known is no news.
	kept := out[:0]
	for _, c := range out {
		if flags[c.ID]&isKnown == 0 {
			kept = append(kept, c)
		}
	}
	return kept, nil
}

// objectsToSend lists the objects of the commits local has and known
// lacks: each new commit, and the trees and blobs of its tree that none of
// its parents' trees hold at the same path.
func (s *Store) objectsToSend(local, known Hash) ([]Hash, error) {
	commits, err := s.NewCommits(local, known)
	if err != nil {
		return nil, err
	}
	seen := map[Hash]bool{}
	var out []Hash
	for _, c := range commits {
		out = append(out, c.ID)
		var parentTrees []Hash
		for _, parent := range c.Parents {
			pc, err := s.ReadCommit(parent)
			if err == nil {
				parentTrees = append(parentTrees, pc.Tree)
			}
		}
		if out, err = s.newTreeObjects(c.Tree, parentTrees, seen, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// newTreeObjects appends tree and what it holds, leaving out any entry a
// parent tree has at the same place. Entries are matched by walking the
// sorted lists side by side, so a folder of 10,000 entries costs one pass,
// not a search per entry.
func (s *Store) newTreeObjects(tree Hash, parents []Hash, seen map[Hash]bool, out []Hash) ([]Hash, error) {
	if seen[tree] || slices.Contains(parents, tree) {
		return out, nil
	}
	seen[tree] = true
	out = append(out, tree)
	raw, err := s.readTyped(tree, objTree)
	if err != nil {
		return nil, err
	}
	entries, err := parseRawTree(raw)
	if err != nil {
		return nil, err
	}
	var parentEntries [][]treeEntry
	for _, p := range parents {
		pr, err := s.readTyped(p, objTree)
		if err != nil {
			continue // below a shallow boundary: not there to compare with
		}
		pe, err := parseRawTree(pr)
		if err != nil {
			return nil, err
		}
		parentEntries = append(parentEntries, pe)
	}
	at := make([]int, len(parentEntries))
	for _, e := range entries {
		var sub []Hash
		same := false
		for i, pe := range parentEntries {
			for at[i] < len(pe) && compareEntries(pe[at[i]], e) < 0 {
				at[i]++
			}
			if at[i] == len(pe) || compareEntries(pe[at[i]], e) != 0 {
				continue
			}
			if pe[at[i]].hash == e.hash {
				same = true
				break
			}
			if pe[at[i]].isTree() {
				sub = append(sub, pe[at[i]].hash)
			}
		}
		switch {
		case same:
		case e.isTree():
			if out, err = s.newTreeObjects(e.hash, sub, seen, out); err != nil {
				return nil, err
			}
		case parseMode(e.mode) == modeGitlink:
			// a submodule's commit lives in another repository
		case !seen[e.hash]:
			seen[e.hash] = true
			out = append(out, e.hash)
		}
	}
	return out, nil
}

// packTypeNumbers are the pack format's numbers of the object types.
var packTypeNumbers = map[objType]byte{objCommit: packObjCommit, objTree: packObjTree, objBlob: packObjBlob, objTag: packObjTag}

// writePack writes objs as a version 2 pack: whole objects, zlib level 1,
// no deltas (the receiving git compresses them again when it repacks).
func (s *Store) writePack(w io.Writer, objs []Hash) error {
	sum := sha1.New()
	out := io.MultiWriter(w, sum)
	var hdr [12]byte
	copy(hdr[:], "PACK")
	binary.BigEndian.PutUint32(hdr[4:], 2)
	binary.BigEndian.PutUint32(hdr[8:], uint32(len(objs)))
	if _, err := out.Write(hdr[:]); err != nil {
		return err
	}
	zw, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	for _, h := range objs {
		t, body, err := s.readObject(h)
		if err != nil {
			return err
		}
		size := uint64(len(body))
		b := []byte{packTypeNumbers[t]<<4 | byte(size&0x0f)}
		for size >>= 4; size > 0; size >>= 7 {
			b[len(b)-1] |= 0x80
			b = append(b, byte(size&0x7f))
		}
		if _, err := out.Write(b); err != nil {
			return err
		}
		zw.Reset(out)
		if _, err := zw.Write(body); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
	}
	_, err := w.Write(sum.Sum(nil))
	return err
}
