package gitstore

import (
	"cmp"
	"errors"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Reading many blobs at once, as git index-pack resolves a pack: a blob
// read by itself follows its delta chain down to a whole object and
// inflates every link on the way, and the next blob of the same chain
// does it again (the base cache keeps 8 MiB, far less than the bases of a
// large repository's reviews). ReadBlobs first reads only the headers of
// the blobs it is asked for and of their bases, which makes a forest:
// every whole object (or REF_DELTA on a base in another pack) roots a
// family of deltas. Each family is then resolved once, top down in pack
// order, each link inflated once and dropped when its deltas are done, one
// family per core at a time; a blob is handed over as soon as it is made.
//
// Whatever this pass cannot resolve (an object that is loose or in an
// alternate's loose folder, a damaged entry, a delta cycle, a blob over
// its limit, an object that is not a blob) is read afterwards by itself,
// so it gets exactly the answer, or the error, of ReadBlob or ReadBlobMax.

// BlobRead is one blob for ReadBlobs to read.
type BlobRead struct {
	ID Hash
	// Max is the largest size accepted, as ReadBlobMax's limit; 0 reads
	// the blob whatever its size, as ReadBlob.
	Max int64
}

// ReadBlobs reads the blobs reads and calls fn once for each, with its
// index in reads and its body or the error that ReadBlob (ReadBlobMax when
// Max is set) gives for it. It calls fn from up to one goroutine per core,
// in no particular order, and stops at the first error fn returns. fn must
// not modify body: equal ids share one.
func (t *Snapshot) ReadBlobs(reads []BlobRead, fn func(i int, body []byte, err error) error) error {
	return t.s.db.readBatch(reads, objBlob, t.kept, t.bases, func(i int) ([]byte, error) {
		if reads[i].Max > 0 {
			return t.ReadBlobMax(reads[i].ID, reads[i].Max)
		}
		return t.ReadBlob(reads[i].ID)
	}, fn)
}

// WithBases returns t whose ReadBlobs keeps the objects it makes, up to
// max bytes, and starts the next call's delta chains from them. A pass
// that reads a large repository's files a chunk at a time, to keep its
// memory flat, then resolves the chains that its chunks share once, not
// once per chunk: git chains the files of different folders together.
// The objects kept go with the Snapshot returned.
func (t *Snapshot) WithBases(max int) *Snapshot {
	c := *t
	c.bases = newBaseRing(max)
	return &c
}

// readBatch reads the objects reads, which should be of type want, and
// calls fn for each as ReadBlobs does. It takes the objects of type want
// that kept holds (a Spill's group) from there, and what it cannot resolve
// together it reads with alone. It starts from the objects in bases, and
// adds to it those it makes.
func (db *objectDB) readBatch(reads []BlobRead, want objType, kept map[Hash][]byte, bases *baseRing, alone func(i int) ([]byte, error), fn func(i int, body []byte, err error) error) error {
	var stop atomic.Bool
	var mu sync.Mutex
	var firstErr error
	call := func(i int, body []byte, err error) bool {
		if stop.Load() {
			return false
		}
		if err := fn(i, body, err); err != nil {
			mu.Lock()
			if firstErr == nil {
				firstErr = err
			}
			mu.Unlock()
			stop.Store(true)
			return false
		}
		return true
	}
	done := make([]bool, len(reads))
	left := len(reads)
	if len(kept) > 0 {
		var taken atomic.Int64
		inParts(len(reads), func(from, to int) {
			for i := from; i < to; i++ {
				body, ok := kept[reads[i].ID]
				if !ok || (reads[i].Max > 0 && int64(len(body)) > reads[i].Max) {
					continue
				}
				done[i] = true
				taken.Add(1)
				if !call(i, body, nil) {
					return
				}
			}
		})
		left -= int(taken.Load())
		if stop.Load() {
			return firstErr
		}
	}
	var b batchPlan
	if left >= minBatch {
		b = db.planBatch(reads, done, bases)
	}
	eachParallel(len(b.roots), func(k int) bool {
		root := b.roots[k]
		b.roots[k] = nil // a family done is garbage
		return db.resolveFamily(root, nil, "", 0, bases, nil, func(n *batchNode, typ objType, body []byte) bool {
			for _, i := range n.want {
				if m := reads[i].Max; typ != want || (m > 0 && int64(len(body)) > m) {
					continue // read alone below, for its error
				}
				done[i] = true
				if !call(i, body, nil) {
					return false
				}
			}
			return true
		})
	})
	var rest []int
	for i, ok := range done {
		if !ok {
			rest = append(rest, i)
		}
	}
	eachParallel(len(rest), func(k int) bool {
		body, err := alone(rest[k])
		return call(rest[k], body, err)
	})
	return firstErr
}

// minBatch is the fewest reads that readBatch plans together: a few
// objects seldom share a delta chain, and read alone they are served by
// the cache of bases and trees that the reads before them filled.
const minBatch = 64

// eachParallel calls fn(0), …, fn(n-1) on up to one goroutine per core,
// stopping once a call returns false.
func eachParallel(n int, fn func(k int) bool) {
	var next atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := int(next.Add(1) - 1); k < n && !stop.Load(); k = int(next.Add(1) - 1) {
				if !fn(k) {
					stop.Store(true)
				}
			}
		}()
	}
	wg.Wait()
}

// batchNode is one pack entry that ReadBlobs needs: a blob asked for, or
// a base of one.
type batchNode struct {
	p        *pack
	off      int64
	e        packEntry
	want     []int // indices of the reads that asked for it
	children []*batchNode
	// max is the largest limit of the reads that want it, -1 when one
	// of them has none, so an entry too large for all of them, and needed
	// by no delta, is left to be refused from its header.
	max int64
	// made is the object itself, of type madeType, when a call before
	// made it (WithBases): it is a root, and its header is not read.
	made     []byte
	madeType objType
}

// batchPlan is the forest of the entries ReadBlobs needs.
type batchPlan struct {
	roots []*batchNode
}

// planBatch finds the reads not done in the packs and reads the headers
// of their entries and of every base below them, down to a whole object
// or one in bases. An entry whose header cannot be read, and so everything above it,
// is in no family: its reads are left to be read alone.
func (db *objectDB) planBatch(reads []BlobRead, done []bool, bases *baseRing) batchPlan {
	_, packs := db.lists()
	// A node is found by its pack's place in packs and its offset, in one
	// number (a pack's offsets are far below 2^48): a map of those is
	// quicker than one of pairs. A repository has a few packs, and most
	// look-ups are in the one before.
	nodes := make(map[uint64]*batchNode, len(reads))
	var queue []*batchNode
	var b batchPlan
	lastPack, lastPlace := (*pack)(nil), uint64(0)
	node := func(p *pack, off int64) *batchNode {
		if p != lastPack {
			lastPack, lastPlace = p, uint64(slices.Index(packs, p))<<48
		}
		k := lastPlace | uint64(off)
		if n, ok := nodes[k]; ok {
			return n
		}
		n := &batchNode{p: p, off: off}
		nodes[k] = n
		if t, data, ok := bases.get(p, off); ok {
			n.made, n.madeType = data, t
			b.roots = append(b.roots, n)
			return n
		}
		queue = append(queue, n)
		return n
	}
	// The look-ups and the headers, the most of this pass, are read on
	// every core; the forest is built on one.
	found := make([]packEntryAt, len(reads))
	inParts(len(reads), func(from, to int) {
		for i := from; i < to; i++ {
			if done[i] {
				continue
			}
			for _, p := range packs {
				if off, ok := p.find(reads[i].ID); ok {
					found[i] = packEntryAt{p: p, off: off}
					break
				}
			}
		}
	})
	for i, f := range found {
		if f.p == nil {
			continue
		}
		n := node(f.p, f.off)
		n.want = append(n.want, i)
		if r := reads[i]; n.max >= 0 && r.Max > 0 {
			n.max = max(n.max, r.Max)
		} else {
			n.max = -1 // one read takes any size
		}
	}
	for len(queue) > 0 {
		// In pack order, a round at a time (the bases found are the next
		// round): the headers are then read a window at a time.
		round := queue
		queue = nil
		slices.SortFunc(round, byOffset)
		heads := readHeaders(round)
		for i, n := range round {
			if heads[i].err == nil {
				b.add(n, heads[i].e, node)
			}
		}
	}
	slices.SortFunc(b.roots, byOffset)
	for _, n := range nodes {
		slices.SortFunc(n.children, byOffset)
	}
	return b
}

// add puts n, whose header is e, in the forest: as a root, or under its
// base, which node finds or makes.
func (b *batchPlan) add(n *batchNode, e packEntry, node func(*pack, int64) *batchNode) {
	n.e = e
	var base *batchNode
	switch e.typ {
	case packObjOfsDelta:
		base = node(n.p, e.baseOff)
	case packObjRefDelta:
		if off, ok := n.p.find(e.baseID); ok {
			base = node(n.p, off)
		}
	}
	if base == nil {
		b.roots = append(b.roots, n) // a whole object, or a base read by id
		return
	}
	base.children = append(base.children, n)
}

// packEntryAt is where an entry is.
type packEntryAt struct {
	p   *pack
	off int64
}

// inParts calls fn on the parts of [0, n), on up to one goroutine per
// core; a part is at least minPart long, so a short list is one call.
func inParts(n int, fn func(from, to int)) {
	const minPart = 512
	parts := min(4*runtime.GOMAXPROCS(0), (n+minPart-1)/minPart)
	eachParallel(parts, func(k int) bool {
		fn(k*n/parts, (k+1)*n/parts)
		return true
	})
}

// byOffset orders entries as they lie in their packs.
func byOffset(a, b *batchNode) int {
	if c := cmp.Compare(a.p.base, b.p.base); c != 0 {
		return c
	}
	return cmp.Compare(a.off, b.off)
}

// resolveFamily makes n from base (of type t; nil for a root) and gives it
// to emit, then does the same for the deltas on it, depth entries below
// the root, and keeps what it makes in bases (when not nil). The last
// delta on an entry is done in the same frame, which lets the entry go: a
// chain of deltas holds one body at a time. emit may add children to the
// entry it is given. It stops early, reporting false, when emit does; a
// link that fails is skipped with everything above it (whose reads are
// then read alone), and given to fail when it is not nil.
func (db *objectDB) resolveFamily(n *batchNode, base []byte, t objType, depth int, bases *baseRing, fail func(*batchNode, error), emit func(*batchNode, objType, []byte) bool) bool {
	for ; depth <= maxDeltaChain; depth++ {
		body, bt := n.made, n.madeType
		if bt == "" {
			var err error
			body, bt, err = db.makeEntry(n, base, t)
			n.e.stream = nil // read once
			if err != nil {
				if fail != nil {
					fail(n, err)
				}
				return true
			}
			bases.add(n.p, n.off, bt, body)
		}
		if len(n.want) > 0 && !emit(n, bt, body) {
			return false
		}
		last := len(n.children) - 1
		if last < 0 {
			return true
		}
		for _, c := range n.children[:last] {
			if !db.resolveFamily(c, body, bt, depth+1, bases, fail, emit) {
				return false
			}
		}
		n, base, t = n.children[last], body, bt
	}
	return true
}

// errSkip is makeEntry's answer for an entry better read alone.
var errSkip = errors.New("read alone")

// makeEntry inflates n and, for a delta, applies it to base; a root delta
// on a base in another pack (or loose) reads that base by id. An entry
// that no delta needs and that every read of it refuses as too large is
// not inflated.
func (db *objectDB) makeEntry(n *batchNode, base []byte, t objType) ([]byte, objType, error) {
	e := n.e
	whole := e.typ != packObjOfsDelta && e.typ != packObjRefDelta
	leaf := len(n.children) == 0
	if whole {
		if leaf && n.max > 0 && e.size > uint64(n.max) {
			return nil, "", errSkip
		}
		body, err := n.p.inflate(e)
		return body, packTypes[e.typ], err
	}
	if base == nil {
		bt, data, err := db.readDepth(e.baseID, 1, noLimit)
		if err != nil {
			return nil, "", err
		}
		base, t = data, bt
	}
	var delta []byte
	var err error
	if leaf && n.max > 0 {
		delta, err = n.p.inflateChecked(e, func(head []byte) error {
			size, err := deltaResultSize(head)
			if err == nil && size > uint64(n.max) {
				err = errSkip
			}
			return err
		})
	} else {
		delta, err = n.p.inflate(e)
	}
	if err != nil {
		return nil, "", err
	}
	body, err := applyDelta(base, delta)
	return body, t, err
}
