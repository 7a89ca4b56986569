package repo

import (
	"bytes"
	"encoding/hex"
	"math"
	"path"
	"runtime/debug"
	"slices"
	"sync"

	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// summariesCache keeps each draft's review summary by the tree id of its
// event folder: only folders that changed are read and folded again.
const summariesCache = "summaries"

// summaries returns the review summary of every draft with events in the
// view, by draft id.
func (v *View) summaries() (map[string]review.Summary, error) {
	out := map[string]review.Summary{}
	err := v.eachSummary(func(id string, s review.Summary) error {
		out[id] = s
		return nil
	})
	return out, err
}

// summaryKey is event folder d's key in the summaries cache: id@tree.
func summaryKey(d gitstore.Entry) string { return string(appendSummaryKey(nil, d)) }

func appendSummaryKey(b []byte, d gitstore.Entry) []byte {
	b = append(b, path.Base(d.Path)...)
	b = append(b, '@')
	return hex.AppendEncode(b, d.Blob[:])
}

// compareSummaryKeys orders event folders by their keys in the summaries
// cache, without making the keys.
func compareSummaryKeys(a, b gitstore.Entry) int {
	var ka, kb [128]byte
	return bytes.Compare(appendSummaryKey(ka[:0], a), appendSummaryKey(kb[:0], b))
}

// eachSummary calls each with the review summary of every event folder of
// the view, by draft id, in the order of the folders' keys in the
// summaries cache (id@tree). The folders the cache lacks are read a chunk
// at a time, and the cache is written as their summaries come: what
// eachSummary holds does not grow with the number of events.
func (v *View) eachSummary(each func(id string, s review.Summary) error) error {
	r := &summaryRun{ready: make(chan struct{})}
	r.prepare(v)
	defer r.stop()
	return r.each(v, each)
}

// summaryRun is eachSummary in two steps, the first of which can start
// ahead, on a goroutine of its own (startSummaries): listing the event
// folders, reading the cache and, when folders are not in it, reading
// all their event files in pack order (see summarizer). A full audit
// starts it before it reads the drafts, so that each step fills the
// cores the other leaves idle.
type summaryRun struct {
	ready   chan struct{} // closed once prepare is done
	folders []gitstore.Entry
	cached  map[string]review.Summary
	sm      *summarizer // nil when the cache has every folder
	err     error
	// A run started ahead reads at most summarizeAhead folders before
	// each is called: begin is closed then, or by stop, which sets
	// dropped first when each was not called.
	begin      chan struct{}
	beginOnce  sync.Once
	startAhead bool
	dropped    bool
}

// summarizeAhead is how many event folders a run started ahead reads
// while its caller reads the drafts. At 100,000 drafts reading both at
// once raised the peak from 190 to 198 MiB, for no time saved: each kept
// both cores busy; at 10,000 drafts it saved a tenth of the time. (A
// variable, so that a test can make a run wait.)
var summarizeAhead = 32768

// startSummaries prepares v's summaries on a goroutine; the caller must
// call each or stop.
func (v *View) startSummaries() *summaryRun {
	r := &summaryRun{ready: make(chan struct{}), begin: make(chan struct{}), startAhead: true}
	go r.prepare(v)
	return r
}

// prepare lists the event folders and starts the summarizer on those the
// cache lacks.
func (r *summaryRun) prepare(v *View) {
	defer close(r.ready)
	folders, err := v.snap.ReadDir(reviewsDir)
	if isNotExist(err) {
		return
	}
	if err != nil {
		r.err = err
		return
	}
	r.folders = slices.DeleteFunc(folders, func(d gitstore.Entry) bool { return !d.IsDir() })
	if r.cached, err = review.DecodeSummaries(v.r.store.ReadCache(summariesCache)); err != nil {
		r.cached = nil
	}
	stale := slices.DeleteFunc(slices.Clone(r.folders), func(d gitstore.Entry) bool {
		_, ok := r.cached[summaryKey(d)]
		return ok
	})
	if len(stale) == 0 {
		return
	}
	slices.SortFunc(r.folders, compareSummaryKeys)
	slices.SortFunc(stale, compareSummaryKeys)
	if r.startAhead && len(stale) > summarizeAhead {
		if <-r.begin; r.dropped {
			return
		}
	}
	r.sm = newSummarizer(v.snap, stale, summarizeChunk)
}

// beginNow lets a run started ahead read however many folders it has,
// or, with drop, end without reading them.
func (r *summaryRun) beginNow(drop bool) {
	if r.startAhead {
		r.beginOnce.Do(func() {
			r.dropped = drop
			close(r.begin)
		})
	}
}

// each calls fn as eachSummary does.
func (r *summaryRun) each(v *View, each func(id string, s review.Summary) error) error {
	r.beginNow(false)
	<-r.ready
	if r.err != nil {
		return r.err
	}
	if r.sm == nil {
		for _, d := range r.folders {
			if err := each(path.Base(d.Path), r.cached[summaryKey(d)]); err != nil {
				return err
			}
		}
		return nil
	}
	out := v.newSummariesWriter()
	defer out.abort()
	var fresh []review.Summary
	for _, d := range r.folders {
		key := summaryKey(d)
		s, ok := r.cached[key]
		if !ok {
			if len(fresh) == 0 {
				var err error
				if fresh, err = r.sm.next(); err != nil {
					return err
				}
			}
			s, fresh = fresh[0], fresh[1:]
		}
		out.add(key, s)
		if err := each(path.Base(d.Path), s); err != nil {
			return err
		}
	}
	out.commit()
	return nil
}

// stop ends the run, whether or not each was called or finished.
func (r *summaryRun) stop() {
	r.beginNow(true) // a run whose each was called has begun already
	<-r.ready
	if r.sm != nil {
		r.sm.close()
	}
}

// summariesWriter writes the summaries cache as the summaries come, in
// key order. The cache is a hint: when it cannot be written, it is not.
type summariesWriter struct {
	file *gitstore.CacheFile // nil once it failed or ended
	enc  *review.SummaryEncoder
}

func (v *View) newSummariesWriter() *summariesWriter {
	file, err := v.r.store.CreateCache(summariesCache)
	if err != nil {
		return &summariesWriter{}
	}
	return &summariesWriter{file: file, enc: review.NewSummaryEncoder(file)}
}

func (w *summariesWriter) add(key string, s review.Summary) {
	if w.file != nil && w.enc.Add(key, s) != nil {
		w.abort()
	}
}

// commit puts the cache in place of the old one.
func (w *summariesWriter) commit() {
	if w.file == nil {
		return
	}
	if w.enc.Close() == nil {
		_ = w.file.Commit()
	} else {
		w.file.Abort()
	}
	w.file = nil
}

// abort leaves the old cache, unless the new one was committed.
func (w *summariesWriter) abort() {
	if w.file != nil {
		w.file.Abort()
		w.file = nil
	}
}

// summarizeChunk is how many event folders summarize folds in one pass:
// their files are held until each folder is complete, so memory stays
// flat however many drafts there are. (A variable, so that a test can
// read a few folders in many chunks.)
var summarizeChunk = 2048

// summarizeHeadroom is how much more the memory limit allows while
// summarize runs: the reads of every event file while they are spilled
// in pack order (24 bytes each), then a chunk's file lists, its files and
// the folders not yet complete, 20 to 30 MB for 2,048 folders of ten
// events. No more: the limit is what a cold check's peak comes to, and at
// 100,000 drafts that peak must stay under 200 MiB with 40 to 50 MB of
// pack indexes and program mapped beside the heap.
const summarizeHeadroom = 48 << 20

// withHeadroom raises the soft memory limit (see cmd's tuneGC) by extra
// and returns the function that lowers it again. Under a limit with the
// collector otherwise off, data held for a while leaves less room for
// garbage: holding a chunk made the collector run twice as often.
// Without a limit it does nothing. Passes that overlap (cc serve) share
// one raise, and the last to end lowers it.
func withHeadroom(extra int64) (restore func()) {
	headroom.Lock()
	defer headroom.Unlock()
	if headroom.passes == 0 {
		headroom.limit = debug.SetMemoryLimit(-1)
		if headroom.limit != math.MaxInt64 {
			debug.SetMemoryLimit(headroom.limit + extra)
		}
	}
	headroom.passes++
	return func() {
		headroom.Lock()
		defer headroom.Unlock()
		if headroom.passes--; headroom.passes == 0 && headroom.limit != math.MaxInt64 {
			debug.SetMemoryLimit(headroom.limit)
		}
	}
}

// headroom is what withHeadroom's passes share: how many run, and the
// limit before the first. The limit is the process's, and so is this.
var headroom struct {
	sync.Mutex
	passes int
	limit  int64
}

// summarize reads and folds the event folders dirs, on every core: a
// first check of a large repository reads every event file.
func summarize(snap *gitstore.Snapshot, dirs []gitstore.Entry) (map[string]review.Summary, error) {
	sm := newSummarizer(snap, dirs, summarizeChunk)
	defer sm.close()
	out := make(map[string]review.Summary, len(dirs))
	for k := 0; k*summarizeChunk < len(dirs); k++ {
		sums, err := sm.next()
		if err != nil {
			return nil, err
		}
		for j, s := range sums {
			out[path.Base(dirs[k*summarizeChunk+j].Path)] = s
		}
	}
	return out, nil
}

// summarizer reads and folds event folders a chunk at a time. With more
// than one chunk it first lists the folders of them all and reads their
// event files in the order they lie in the packs, into a spill
// (gitstore.Snapshot.SpillTrees), and each chunk takes its files from
// there: git chains the events of different drafts together, and chunk
// by chunk each chain was resolved again by every chunk with a file on
// it.
type summarizer struct {
	snap    *gitstore.Snapshot
	dirs    []gitstore.Entry
	size    int             // folders per chunk
	spill   *gitstore.Spill // nil with one chunk, or when none could be written
	done    int             // chunks that next returned
	ahead   chan folded     // the chunk being folded, if any
	restore func()
}

// folded is what chunk returned.
type folded struct {
	sums []review.Summary
	err  error
}

// newSummarizer makes a summarizer for the folders dirs, size of them a
// chunk.
func newSummarizer(snap *gitstore.Snapshot, dirs []gitstore.Entry, size int) *summarizer {
	sm := &summarizer{snap: snap, dirs: dirs, size: size, restore: func() {}}
	if len(dirs) >= size/4 {
		sm.restore = withHeadroom(summarizeHeadroom)
	}
	if len(dirs) <= size {
		return sm
	}
	var chunks [][]gitstore.Entry
	for start := 0; start < len(dirs); start += size {
		chunks = append(chunks, dirs[start:min(start+size, len(dirs))])
	}
	// Without a spill (a tree that cannot be read, a spill that cannot
	// be written) each chunk reads its own folders, and fails as they do.
	sm.spill, _ = snap.SpillTrees(chunks, blobLimit)
	return sm
}

// next returns the summaries of the next chunk, and starts folding the
// one after it: what its caller does with these (judging each draft,
// writing the cache, on one goroutine) then overlaps that fold.
func (sm *summarizer) next() ([]review.Summary, error) {
	if sm.ahead == nil {
		sm.foldAhead()
	}
	r := <-sm.ahead
	sm.ahead = nil
	if sm.done++; r.err == nil && sm.done*sm.size < len(sm.dirs) {
		sm.foldAhead()
	}
	return r.sums, r.err
}

// foldAhead starts folding chunk sm.done.
func (sm *summarizer) foldAhead() {
	ch := make(chan folded, 1)
	sm.ahead = ch
	go func(k int) {
		sums, err := sm.chunk(k)
		ch <- folded{sums, err}
	}(sm.done)
}

func (sm *summarizer) close() {
	if sm.ahead != nil {
		<-sm.ahead // the spill is read until the fold ends
	}
	if sm.spill != nil {
		sm.spill.Close()
	}
	sm.restore()
}

// chunk returns the summaries of the folders of chunk k, in their order.
func (sm *summarizer) chunk(k int) ([]review.Summary, error) {
	dirs := sm.dirs[k*sm.size : min((k+1)*sm.size, len(sm.dirs))]
	snap := sm.snap
	var files [][]gitstore.Entry
	var err error
	if sm.spill != nil {
		files, snap, err = sm.spill.Group(snap, k)
	} else {
		files, err = snap.WalkTrees(dirs)
	}
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(dirs))
	for j, d := range dirs {
		ids[j] = path.Base(d.Path)
	}
	sums := make([]review.Summary, len(dirs))
	err = foldReviews(snap, ids, files, func(j int, r *review.Review) error {
		sums[j] = review.Summarize(r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sums, nil
}
