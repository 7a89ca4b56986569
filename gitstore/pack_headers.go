package gitstore

import "io"

// Reading the headers of many entries of a pack: a planned batch reads
// those of every round of its forest together.

// headerRead is the header of an entry, or why it could not be read.
type headerRead struct {
	e   packEntry
	err error
}

// readHeaders reads the headers of round, which is in pack order, a
// window of the pack at a time, in parts on every core.
func readHeaders(round []*batchNode) []headerRead {
	heads := make([]headerRead, len(round))
	inParts(len(round), func(from, to int) {
		var hr headerReader
		last := from // the furthest entry the window of round[i] would reach
		for i := from; i < to; i++ {
			n := round[i]
			last = max(last, i)
			for last+1 < to && round[last+1].p == n.p && round[last+1].off < n.off+headerWindow &&
				round[last+1].off-round[last].off < headerGap {
				last++
			}
			next := int64(0) // where the entry after n starts, when the window holds it
			if i < last {
				next = round[i+1].off
			}
			heads[i].e, heads[i].err = hr.entry(n.p, n.off, round[last].off, next)
		}
	})
	return heads
}

// headerReader reads entry headers a window of the pack at a time: one
// read for the entries that lie close together, and no more than them.
type headerReader struct {
	p     *pack
	start int64
	buf   []byte
}

// headerWindow is how much of a pack headerReader reads at once.
const headerWindow = 64 << 10

// headerGap is the widest gap between two headers that one read of a
// window spans: a read costs about as much as copying a few kilobytes, and
// the deeper rounds of a large pack's families find their headers far
// apart. Windows that spanned any gap read the pack about nine times over
// in a cold check.
const headerGap = 4 << 10

// entry is p.entry(off), from the window when it holds the header; a
// window read anew reaches the header at upto, the last one wanted within
// headerWindow of off. When next, the offset of an entry after off, is
// not 0, the window holds it, and so the whole stream of the entry at off,
// which ends before it: a small stream is kept with the entry, and is not
// read again when it is inflated.
func (r *headerReader) entry(p *pack, off, upto, next int64) (packEntry, error) {
	if off < 12 || off >= p.size-20 {
		return p.entry(off) // for its error
	}
	end := min(off+maxEntryHeader, p.size)
	if r.p != p || off < r.start || end > r.start+int64(len(r.buf)) {
		want := min(max(upto, off)+maxEntryHeader, p.size) - off
		if int64(cap(r.buf)) < want {
			r.buf = make([]byte, max(want, 2*int64(cap(r.buf))))
		}
		n, err := p.f.ReadAt(r.buf[:want], off)
		if n < int(end-off) {
			r.p = nil
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return packEntry{}, err
		}
		r.p, r.start, r.buf = p, off, r.buf[:n]
	}
	e, err := p.parseEntry(off, r.buf[off-r.start:end-r.start])
	if err == nil && next > e.dataOff && next <= r.start+int64(len(r.buf)) && e.size <= maxSmallInflate {
		e.stream = append([]byte(nil), r.buf[e.dataOff-r.start:next-r.start]...)
	}
	return e, err
}
