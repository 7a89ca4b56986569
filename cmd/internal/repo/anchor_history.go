package repo

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
)

// fileHistory is the versions a file had along the first parents of tip,
// newest first, as far back as a walk went: what anchors are followed
// through. It is kept in the cache, keyed by the file's path, and grown at
// either end: a later tip walks back only to the cached one, and an anchor
// made on an older version walks on from where the last walk stopped.
type fileHistory struct {
	path  string
	tip   gitstore.Hash
	blobs []gitstore.Hash
	next  gitstore.Hash // where to walk on from; zero once history ended
	cut   bool          // it ended at a shallow clone's boundary
}

func fileHistoryCache(path string) string {
	return "file-history-" + gitstore.BlobHash([]byte(path)).String()
}

func (h *fileHistory) encode() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "cc-file-history 1\npath %s\ntip %s\nnext %s\ncut %t\n", h.path, h.tip, h.next, h.cut)
	for _, x := range h.blobs {
		b.WriteString(x.String() + "\n")
	}
	return []byte(b.String())
}

// decodeFileHistory reads a cached history of path; anything unexpected
// is no cache at all.
func decodeFileHistory(data []byte, path string) (*fileHistory, bool) {
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) < 5 || lines[0] != "cc-file-history 1" || lines[1] != "path "+path {
		return nil, false
	}
	h := &fileHistory{path: path}
	var err error
	tip, _ := strings.CutPrefix(lines[2], "tip ")
	next, _ := strings.CutPrefix(lines[3], "next ")
	if h.tip, err = gitstore.ParseHash(tip); err != nil {
		return nil, false
	}
	if h.next, err = gitstore.ParseHash(next); err != nil {
		return nil, false
	}
	switch lines[4] {
	case "cut true":
		h.cut = true
	case "cut false":
	default:
		return nil, false
	}
	for _, l := range lines[5:] {
		x, err := gitstore.ParseHash(l)
		if err != nil {
			return nil, false
		}
		h.blobs = append(h.blobs, x)
	}
	return h, len(h.blobs) > 0
}

// history returns the versions of the file at path back to the oldest of
// want, or as far as history goes when some are not in it: all of them
// when the repository shares the histories of every file. When those
// cannot be made, the walk of this one file says why.
func (v *View) history(path string, want map[gitstore.Hash]bool) (*fileHistory, error) {
	store, tip := v.r.store, v.snap.Commit()
	if all, err := v.fileHistories(); err == nil && all != nil {
		if f, ok := all.Of(path); ok {
			return &fileHistory{path: path, tip: tip, blobs: f.Blobs, cut: f.Cut}, nil
		}
	}
	name := fileHistoryCache(path)
	cached, ok := decodeFileHistory(store.ReadCache(name), path)
	h := &fileHistory{path: path, tip: tip}
	seen, need := map[gitstore.Hash]bool{}, len(want)
	add := func(b gitstore.Hash) bool {
		if n := len(h.blobs); n == 0 || h.blobs[n-1] != b {
			h.blobs = append(h.blobs, b)
		}
		if want[b] && !seen[b] {
			seen[b] = true
			need--
		}
		return need > 0
	}
	changed := true
	if ok && cached.tip == tip {
		h.next, h.cut, changed = cached.next, cached.cut, false
		for _, b := range cached.blobs {
			add(b)
		}
	} else {
		until := gitstore.Hash{}
		if ok {
			until = cached.tip
		}
		w, err := store.WalkFileBlobs(tip, path, until, add)
		if err != nil {
			return nil, err
		}
		h.next, h.cut = w.Next, w.Cut
		if w.Reached {
			for _, b := range cached.blobs {
				add(b)
			}
			h.next, h.cut = cached.next, cached.cut
		}
	}
	if need > 0 && !h.next.IsZero() {
		w, err := store.WalkFileBlobs(h.next, path, gitstore.Hash{}, add)
		if err != nil {
			return nil, err
		}
		h.next, h.cut, changed = w.Next, w.Cut, true
	}
	if changed && len(h.blobs) > 0 {
		_ = store.WriteCache(name, h.encode()) // only a hint for the next run
	}
	return h, nil
}

// matchAnchors finds anchors again in draft d (the file e when committed
// is set, or the work tree's copy of it), following each through the
// versions of the file since the one it was made on. An anchor made on a
// version that is not on the file's first-parent history (it came with a
// merge, or the file was renamed since) is followed from that version
// straight to this one; one made on a version this repository lacks (a
// shallow or partial clone) is found by search, and says so.
func (v *View) matchAnchors(e content.CatalogEntry, d *content.Draft, committed bool, anchors []content.Anchor) ([]content.AnchorMatch, error) {
	body := string(d.Body)
	cur, err := gitstore.ParseHash(e.Blob)
	if err != nil {
		return nil, fmt.Errorf("%s: blob %q: %w", e.Path, e.Blob, err)
	}
	want := map[gitstore.Hash]bool{}
	for _, a := range anchors {
		if h, err := gitstore.ParseHash(a.Blob); err == nil && h != cur {
			want[h] = true
		}
	}
	// chain is the versions to follow anchors through, oldest first,
	// ending with the current one.
	chain := []gitstore.Hash{cur}
	if len(want) > 0 {
		h, err := v.history(e.Path, want)
		if err != nil {
			return nil, err
		}
		oldest := 0
		for k, b := range h.blobs {
			if want[b] {
				oldest = k
			}
		}
		chain = chain[:0]
		for k := oldest; k >= 0; k-- {
			chain = append(chain, h.blobs[k])
		}
		if chain[len(chain)-1] != cur {
			chain = append(chain, cur)
		}
	}
	key := anchorsKey(chain, body, anchors)
	name := "anchors-" + gitstore.BlobHash([]byte(e.Path)).String()
	if out, ok := decodeMatches(v.r.store.ReadCache(name), key, len(anchors)); ok {
		return out, nil
	}
	// revs are the bodies oldest first; at[b] is the index of blob b's.
	var revs []string
	at := map[string]int{}
	complete := true
	for _, b := range chain {
		text := &body // d is the committed version: not read again
		if b != cur || !committed {
			if text, err = v.versionBody(e.Path, b); err != nil {
				return nil, err
			}
		}
		if text == nil {
			revs, at, complete = nil, map[string]int{}, false // an unreadable version cuts the history there
			continue
		}
		at[b.String()] = len(revs)
		revs = append(revs, *text)
	}
	if len(revs) == 0 || revs[len(revs)-1] != body {
		revs = append(revs, body)
	}
	from := make([]int, len(anchors))
	for i, a := range anchors {
		k, ok := at[a.Blob]
		switch {
		case a.Blob == "":
			k = len(revs) - 1
		case !ok:
			k, complete = -1, false
		}
		from[i] = k
	}
	out := content.FollowAnchors(revs, anchors, from)
	// Anchors made on a version off the history: followed straight from
	// it when this repository has it.
	for i, a := range anchors {
		if from[i] >= 0 || a.Blob == "" {
			continue
		}
		bh, err := gitstore.ParseHash(a.Blob)
		if err != nil {
			continue
		}
		text, err := v.versionBody(e.Path, bh)
		if err != nil {
			return nil, err
		}
		if text != nil {
			out[i] = content.FollowAnchors([]string{*text, body}, []content.Anchor{a}, []int{0})[0]
		}
	}
	// Only an answer that depends on nothing but the versions named in the
	// key is kept: a version missing now may be fetched later. A server's
	// repository (one that shares histories) keeps its pages instead: a
	// file written for every page it makes costs it more than it saves
	// the next command.
	if complete && !v.r.hist.on.Load() {
		_ = v.r.store.WriteCache(name, encodeMatches(key, out))
	}
	return out, nil
}

// anchorsKey names everything matchAnchors' answer depends on: the
// versions by blob id, the text placed on, and every anchor.
func anchorsKey(chain []gitstore.Hash, body string, anchors []content.Anchor) string {
	h := sha256.New()
	for _, b := range chain {
		h.Write(b[:])
	}
	fmt.Fprintf(h, "\x00%d\x00%s", len(body), body)
	for _, a := range anchors {
		fmt.Fprintf(h, "\x00%d:%s\x00%d:%s\x00%d:%s\x00%d\x00%s", len(a.Quote), a.Quote, len(a.Prefix), a.Prefix, len(a.Suffix), a.Suffix, a.Position, a.Blob)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func encodeMatches(key string, ms []content.AnchorMatch) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "cc-anchors 1 %s %d\n", key, len(ms))
	for _, m := range ms {
		fmt.Fprintf(&b, "%d %d %d %s %d %t\n", m.State, m.Start, m.End, strconv.FormatFloat(m.Score, 'g', -1, 64), m.Revisions, m.HistoryCut)
	}
	return []byte(b.String())
}

// decodeMatches reads matches cached under key; anything unexpected is no
// cache at all.
func decodeMatches(data []byte, key string, n int) ([]content.AnchorMatch, bool) {
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != n+1 || lines[0] != fmt.Sprintf("cc-anchors 1 %s %d", key, n) {
		return nil, false
	}
	out := make([]content.AnchorMatch, n)
	for i, l := range lines[1:] {
		f := strings.Fields(l)
		if len(f) != 6 {
			return nil, false
		}
		var nums [4]int
		for k, x := range []string{f[0], f[1], f[2], f[4]} {
			v, err := strconv.Atoi(x)
			if err != nil {
				return nil, false
			}
			nums[k] = v
		}
		score, err := strconv.ParseFloat(f[3], 64)
		if err != nil || nums[0] < int(content.AnchorAnchored) || nums[0] > int(content.AnchorOrphaned) {
			return nil, false
		}
		out[i] = content.AnchorMatch{State: content.AnchorState(nums[0]), Start: nums[1], End: nums[2], Score: score, Revisions: nums[3], HistoryCut: f[5] == "true"}
	}
	return out, true
}

// versionBody returns the body of an old version of the draft at p, or
// nil when this repository lacks it or it no longer parses.
func (v *View) versionBody(p string, h gitstore.Hash) (*string, error) {
	data, err := readBlobLimited(v.snap, p, h)
	var missing *gitstore.MissingBlobError
	if errors.As(err, &missing) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	d, err := content.Parse(p, data)
	if err != nil {
		return nil, nil
	}
	s := string(d.Body)
	return &s, nil
}
