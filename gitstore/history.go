package gitstore

import (
	"bytes"
	"container/heap"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// CommitInfo is what a commit object says: its tree, parents, author and
// message.
type CommitInfo struct {
	ID      Hash
	Tree    Hash
	Parents []Hash
	Author  Signature
	Message string
}

// ReadCommit reads a commit object.
func (s *Store) ReadCommit(h Hash) (CommitInfo, error) {
	body, err := s.readTyped(h, objCommit)
	if err != nil {
		return CommitInfo{}, err
	}
	c := CommitInfo{ID: h}
	header, msg, _ := bytes.Cut(body, []byte("\n\n"))
	c.Message = string(msg)
	for _, line := range bytes.Split(header, []byte("\n")) {
		key, val, _ := bytes.Cut(line, []byte(" "))
		switch string(key) {
		case "tree":
			if c.Tree, err = ParseHash(string(val)); err != nil {
				return c, fmt.Errorf("commit %s: %w", h, err)
			}
		case "parent":
			p, err := ParseHash(string(val))
			if err != nil {
				return c, fmt.Errorf("commit %s: %w", h, err)
			}
			c.Parents = append(c.Parents, p)
		case "author":
			c.Author = parseIdentLine(string(val))
		}
	}
	return c, nil
}

// parseIdentLine reads "Name <email> unix +zzzz"; what does not parse is
// left zero, since history is shown, not trusted.
func parseIdentLine(s string) Signature {
	var sig Signature
	lt := strings.IndexByte(s, '<')
	gt := -1
	if lt >= 0 {
		if i := strings.IndexByte(s[lt:], '>'); i >= 0 {
			gt = lt + i
		}
	}
	if gt < 0 {
		sig.Name = strings.TrimSpace(s)
		return sig
	}
	sig.Name, sig.Email = strings.TrimSpace(s[:lt]), s[lt+1:gt]
	f := strings.Fields(s[gt+1:])
	if len(f) == 2 {
		if sec, err := strconv.ParseInt(f[0], 10, 64); err == nil {
			if len(f[1]) == 5 {
				if loc, ok := parseTZ(f[1]); ok {
					sig.When = time.Unix(sec, 0).In(loc)
				}
			}
		}
	}
	return sig
}

// Shallow reports whether h is a boundary of a shallow clone: its parents
// were not fetched, so history stops there.
func (s *Store) Shallow(h Hash) (bool, error) {
	edges, err := s.shallowEdges()
	return edges[h.String()], err
}

// shallowEdges is the set of a shallow clone's boundary commits, empty for
// a full clone.
func (s *Store) shallowEdges() (map[string]bool, error) {
	data, err := os.ReadFile(filepath.Join(s.commonDir, "shallow"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	edges := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			edges[line] = true
		}
	}
	return edges, nil
}

// CommitSignature returns commit h's signature (its gpgsig header, as git
// writes it for a signed commit) and the bytes it signs: the commit object
// without that header. armored is "" for an unsigned commit.
func (s *Store) CommitSignature(h Hash) (armored string, payload []byte, err error) {
	body, err := s.readTyped(h, objCommit)
	if err != nil {
		return "", nil, err
	}
	header, msg, found := bytes.Cut(body, []byte("\n\n"))
	var sig []string
	var kept [][]byte
	inSig := false
	for _, line := range bytes.Split(header, []byte("\n")) {
		switch {
		case bytes.HasPrefix(line, []byte("gpgsig ")):
			inSig = true
			sig = append(sig, string(line[len("gpgsig "):]))
		case inSig && bytes.HasPrefix(line, []byte(" ")):
			sig = append(sig, string(line[1:]))
		default:
			inSig = false
			kept = append(kept, line)
		}
	}
	if len(sig) == 0 {
		return "", nil, nil
	}
	payload = bytes.Join(kept, []byte("\n"))
	if found {
		payload = append(append(payload, "\n\n"...), msg...)
	}
	return strings.Join(sig, "\n"), payload, nil
}

// Changed lists the files below dir that before has and after has not
// (removed: what a commit deleted or renamed away) or has with other
// content (modified), each in path order, as before has them. Folders the
// two share are not read, so the cost is that of what changed.
func (s *Store) Changed(before, after *Snapshot, dir string) (removed, modified []Entry, err error) {
	dir = strings.TrimSuffix(dir, "/")
	if err := checkDir(dir); err != nil {
		return nil, nil, err
	}
	b, err := before.lookup(dir)
	if isNotExist(err) || (err == nil && b.Mode != modeTree) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	a, err := after.lookup(dir)
	if err != nil && !isNotExist(err) {
		return nil, nil, err
	}
	var afterTree Hash
	if err == nil && a.Mode == modeTree {
		afterTree = a.Blob
	}
	err = s.changedIn(b.Blob, afterTree, dir, before, func(e Entry, gone bool) {
		if gone {
			removed = append(removed, e)
		} else {
			modified = append(modified, e)
		}
	})
	return removed, modified, err
}

// changedIn reports the files of tree from that tree to (zero: none) lacks
// (gone) or holds with another blob.
func (s *Store) changedIn(from, to Hash, dir string, snap *Snapshot, fn func(e Entry, gone bool)) error {
	if from == to {
		return nil
	}
	if to.IsZero() {
		return snap.walkTree(from, dir, nil, func(e Entry) error { fn(e, true); return nil })
	}
	rawFrom, err := s.readTyped(from, objTree)
	if err != nil {
		return err
	}
	rawTo, err := s.readTyped(to, objTree)
	if err != nil {
		return err
	}
	kept := map[string]treeEntry{}
	if err := walkRawTree(rawTo, func(e treeEntry) error { kept[string(e.name)] = e; return nil }); err != nil {
		return err
	}
	return walkRawTree(rawFrom, func(e treeEntry) error {
		p := joinPath(dir, string(e.name))
		other, ok := kept[string(e.name)]
		switch {
		case e.isTree():
			var next Hash
			if ok && other.isTree() {
				next = other.hash
			}
			return s.changedIn(e.hash, next, p, snap, fn)
		case !ok || other.isTree():
			fn(Entry{Path: p, Blob: e.hash, Mode: parseMode(e.mode)}, true)
		case other.hash != e.hash:
			fn(Entry{Path: p, Blob: e.hash, Mode: parseMode(e.mode)}, false)
		}
		return nil
	})
}

// HistoryWalk visits commits newest first by author time, each once, the
// way git log orders history without --first-parent: a merge's second
// parent's line is walked along with the first. Each commit carries a tag
// from the commit that queued it (a file's path there, say).
type HistoryWalk struct {
	s       *Store
	q       commitQueue
	seen    map[Hash]bool
	seq     int
	shallow map[string]bool // read once: a walk asks of every commit
}

// NewHistoryWalk starts an empty walk; Push gives it its first commits.
func (s *Store) NewHistoryWalk() (*HistoryWalk, error) {
	edges, err := s.shallowEdges()
	return &HistoryWalk{s: s, seen: map[Hash]bool{}, shallow: edges}, err
}

// Push queues commit h with tag, unless it was queued before.
func (w *HistoryWalk) Push(h Hash, tag string) error {
	if h.IsZero() || w.seen[h] {
		return nil
	}
	w.seen[h] = true
	c, err := w.s.ReadCommit(h)
	if err != nil {
		return err
	}
	w.seq++
	heap.Push(&w.q, queued{CommitInfo: c, seq: w.seq, tag: tag})
	return nil
}

// Next takes the newest queued commit; ok is false when none is left.
// At the edge of a shallow clone cut is set and c has no parents: they
// are not in this clone.
func (w *HistoryWalk) Next() (c CommitInfo, tag string, cut, ok bool) {
	if w.q.Len() == 0 {
		return CommitInfo{}, "", false, false
	}
	q := heap.Pop(&w.q).(queued)
	if w.shallow[q.ID.String()] {
		q.Parents, cut = nil, true
	}
	return q.CommitInfo, q.tag, cut, true
}
