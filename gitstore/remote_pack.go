package gitstore

import (
	"container/heap"
	"fmt"
	"io"

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
