package gitstore

import (
	"container/heap"
	"fmt"
)

// MergeBase returns the best common ancestor of commits a and b, as git
// merge-base does: the newest commit reachable from both. ok is false when
// they share no history that this repository holds (unrelated branches,
// or a shallow clone whose edge cuts it off).
//
// It paints ancestors of a and of b newest first, by author time, and
// stops once every commit still queued is known to lie below a common
// ancestor, so it reads only the history since the two diverged.
func (s *Store) MergeBase(a, b Hash) (Hash, bool, error) {
	if a == b {
		return a, true, nil
	}
	const (
		fromA = 1 << iota
		fromB
		stale
	)
	p := newPainter(s)
	flags, q := p.flags, &p.q
	push := func(h Hash, f uint8) error {
		if err := p.push(h, f); err != nil {
			return fmt.Errorf("merge base: %w", err)
		}
		return nil
	}
	var found []CommitInfo
	if err := push(a, fromA); err != nil {
		return Hash{}, false, err
	}
	if err := push(b, fromB); err != nil {
		return Hash{}, false, err
	}
	for q.Len() > 0 && !q.allStale(flags, stale) {
		c := heap.Pop(q).(queued).CommitInfo
		f := flags[c.ID]
		if f&(fromA|fromB) == fromA|fromB && f&stale == 0 {
			found = append(found, c)
			f |= stale
			flags[c.ID] = f
		}
		shallow, err := s.Shallow(c.ID)
		if err != nil {
			return Hash{}, false, err
		}
		if shallow {
			continue
		}
		for _, p := range c.Parents {
			if flags[p]&f == f {
				continue // it knows all this already
			}
			// Queued again when it learns something, so that what it
			// learns reaches its own parents.
			if err := push(p, f); err != nil {
				return Hash{}, false, err
			}
		}
	}
	// Commits made in one second come out in the order they were queued,
	// which is not always the graph's: of the common ancestors found, the
	// best is one that no other found one descends from.
	for _, c := range found {
		redundant := false
		for _, other := range found {
			if other.ID != c.ID && !redundant {
				var err error
				if redundant, err = s.reaches(other, c); err != nil {
					return Hash{}, false, err
				}
			}
		}
		if !redundant {
			return c.ID, true, nil
		}
	}
	return Hash{}, false, nil
}

// reaches reports whether target is an ancestor of from, looking only at
// commits no older than target (by author time), as history runs forward.
func (s *Store) reaches(from, target CommitInfo) (bool, error) {
	queue := []CommitInfo{from}
	seen := map[Hash]bool{from.ID: true}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, p := range c.Parents {
			if p == target.ID {
				return true, nil
			}
			if seen[p] {
				continue
			}
			seen[p] = true
			pc, err := s.ReadCommit(p)
			if err != nil {
				return false, err
			}
			if !pc.Author.When.Before(target.Author.When) {
				queue = append(queue, pc)
			}
		}
	}
	return false, nil
}

// painter walks history newest first (by author time), marking each
// commit with the flags of the tips it was reached from.
type painter struct {
	s     *Store
	flags map[Hash]uint8
	q     commitQueue
	seq   int
}

func newPainter(s *Store) *painter { return &painter{s: s, flags: map[Hash]uint8{}} }

// push reads commit h, adds flags f to it and queues it.
func (p *painter) push(h Hash, f uint8) error {
	c, err := p.s.ReadCommit(h)
	if err != nil {
		return err
	}
	p.flags[h] |= f
	p.seq++
	heap.Push(&p.q, queued{CommitInfo: c, seq: p.seq})
	return nil
}

// queued is a commit in a commitQueue, with the order it was queued in.
type queued struct {
	CommitInfo
	seq int
	tag string // what a HistoryWalk carries along with the commit
}

// commitQueue is a max-heap of commits by author time, first queued first
// among equals.
type commitQueue []queued

func (q commitQueue) Len() int { return len(q) }
func (q commitQueue) Less(i, j int) bool {
	if !q[i].Author.When.Equal(q[j].Author.When) {
		return q[i].Author.When.After(q[j].Author.When)
	}
	return q[i].seq < q[j].seq
}
func (q commitQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *commitQueue) Push(x any)   { *q = append(*q, x.(queued)) }
func (q *commitQueue) Pop() any {
	old := *q
	c := old[len(old)-1]
	*q = old[:len(old)-1]
	return c
}

func (q commitQueue) allStale(flags map[Hash]uint8, stale uint8) bool {
	for _, c := range q {
		if flags[c.ID]&stale == 0 {
			return false
		}
	}
	return true
}
