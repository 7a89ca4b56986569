package gitstore

import "container/heap"

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
