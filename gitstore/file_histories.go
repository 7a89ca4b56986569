package gitstore

import (
	"path"
	"slices"
	"strings"
)

// FileHistory is the blobs one file had along first parents, newest
// first, once per run of commits that left it unchanged: what
// WalkFileBlobs gives for it, walked to its end.
type FileHistory struct {
	Blobs []Hash
	// Cut is set when the history ended at the boundary of a shallow
	// clone: older versions exist but are not in this repository.
	Cut bool
}

// FileHistories is the history of every file below some folders at one
// commit, found by a single walk for all of them. It never changes once
// made; its histories are shared and must not be modified.
type FileHistories struct {
	tip   Hash
	dirs  []string
	files map[string]*FileHistory
}

// Tip is the commit the histories start from.
func (h *FileHistories) Tip() Hash { return h.tip }

// Of returns the history of the file at path. ok is false when path is
// not below the folders h covers; a covered path the tip lacks has an
// empty history.
func (h *FileHistories) Of(p string) (fh FileHistory, ok bool) {
	if !underDirs(p, h.dirs) {
		return FileHistory{}, false
	}
	if f := h.files[p]; f != nil {
		return *f, true
	}
	return FileHistory{}, true
}

// normalDirs sorts the folders and drops those inside another; "." and ""
// are the whole tree.
func normalDirs(dirs []string) []string {
	var out []string
	for _, d := range dirs {
		out = append(out, strings.TrimPrefix(path.Clean("/"+d), "/"))
	}
	slices.Sort(out)
	out = slices.Compact(out)
	return slices.DeleteFunc(out, func(d string) bool {
		return slices.ContainsFunc(out, func(o string) bool { return o != d && (o == "" || strings.HasPrefix(d, o+"/")) })
	})
}

func underDirs(p string, dirs []string) bool {
	for _, d := range dirs {
		if d == "" || strings.HasPrefix(p, d+"/") {
			return true
		}
	}
	return false
}

// FileHistories finds the history of every file below dirs at commit tip
// by one walk along first parents that compares each commit's folders with
// its parent's and reads only the subtrees that differ. When prev (which
// may be nil) covers the same folders at a commit on tip's first-parent
// line, the walk stops there and goes on with prev's histories, so moving
// the tip costs only the commits since.
func (s *Store) FileHistories(tip Hash, dirs []string, prev *FileHistories) (*FileHistories, error) {
	dirs = normalDirs(dirs)
	if prev != nil && !slices.Equal(prev.dirs, dirs) {
		prev = nil
	}
	if prev != nil && prev.tip == tip {
		return prev, nil
	}
	out := &FileHistories{tip: tip, dirs: dirs, files: map[string]*FileHistory{}}
	if tip.IsZero() {
		return out, nil
	}
	shallow, err := s.shallowCommits()
	if err != nil {
		return nil, err
	}
	c, err := s.ReadCommit(tip)
	if err != nil {
		return nil, err
	}
	trees, err := s.dirTrees(s.SnapshotOf(c), dirs)
	if err != nil {
		return nil, err
	}
	// Only the files some commit changed are followed one by one
	// (touched: nil for one the tip lacks); the others kept one blob
	// from tip to where the walk ends, and are filled in there.
	touched := map[string]*FileHistory{}
	alive := map[string]*FileHistory{} // the touched files present at c
	reached, cut := false, false
	for {
		if prev != nil && c.ID == prev.tip {
			reached = true
			break
		}
		if shallow[c.ID] {
			cut = true
			break
		}
		if len(c.Parents) == 0 {
			break
		}
		p, err := s.ReadCommit(c.Parents[0])
		if err != nil {
			return nil, err
		}
		ptrees, err := s.dirTrees(s.SnapshotOf(p), dirs)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(ptrees, func(h Hash) bool { return !h.IsZero() }) {
			break // no file of the folders is older than c
		}
		for i, d := range dirs {
			var changes []TreeChange
			if err := s.diffTrees(ptrees[i], trees[i], d, &changes); err != nil {
				return nil, err
			}
			for _, ch := range changes {
				f, seen := touched[ch.Path]
				if !seen {
					if ch.To.Mode != 0 {
						f = &FileHistory{Blobs: []Hash{ch.To.Blob}}
						alive[ch.Path] = f
					}
					touched[ch.Path] = f
				}
				switch {
				case alive[ch.Path] == nil:
				case ch.From.Mode == 0: // the file did not exist before c
					delete(alive, ch.Path)
				case ch.From.Blob != f.Blobs[len(f.Blobs)-1]:
					f.Blobs = append(f.Blobs, ch.From.Blob)
				}
			}
		}
		c, trees = p, ptrees
	}
	for p, f := range touched {
		if f != nil {
			out.files[p] = f
		}
	}
	if reached {
		if !out.splice(alive, touched, prev) {
			return s.FileHistories(tip, dirs, nil) // prev was not what it claimed
		}
		return out, nil
	}
	for _, f := range alive {
		f.Cut = cut
	}
	snap, err := s.Snapshot(tip)
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		err := snap.Walk(d, func(e Entry) error {
			if _, seen := touched[e.Path]; !seen {
				out.files[e.Path] = &FileHistory{Blobs: []Hash{e.Blob}, Cut: cut}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// splice ends the files still alive at prev's tip with prev's histories,
// and takes prev's histories of the files no commit since touched. It
// reports false when prev lacks one of them.
func (h *FileHistories) splice(alive, touched map[string]*FileHistory, prev *FileHistories) bool {
	for p, f := range alive {
		old := prev.files[p]
		if old == nil || len(old.Blobs) == 0 || old.Blobs[0] != f.Blobs[len(f.Blobs)-1] {
			return false
		}
		f.Blobs = append(f.Blobs, old.Blobs[1:]...)
		f.Cut = old.Cut
	}
	for p, f := range prev.files {
		if _, seen := touched[p]; !seen {
			h.files[p] = f
		}
	}
	return true
}

// dirTrees is the tree of each folder at snap, zero where it is missing
// or not a folder.
func (s *Store) dirTrees(snap *Snapshot, dirs []string) ([]Hash, error) {
	out := make([]Hash, len(dirs))
	for i, d := range dirs {
		e, err := snap.lookup(d)
		if isNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if e.Mode == modeTree {
			out[i] = e.Blob
		}
	}
	return out, nil
}
