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
	folders, err := v.snap.ReadDir(reviewsDir)
	if isNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	folders = slices.DeleteFunc(folders, func(d gitstore.Entry) bool { return !d.IsDir() })
	cached, err := review.DecodeSummaries(v.r.store.ReadCache(summariesCache))
	if err != nil {
		cached = nil
	}
	isCached := func(d gitstore.Entry) bool {
		_, ok := cached[summaryKey(d)]
		return ok
	}
	stale := 0
	if len(cached) == 0 {
		stale = len(folders)
	} else {
		for _, d := range folders {
			if !isCached(d) {
				stale++
			}
		}
	}
	if stale == 0 {
		for _, d := range folders {
			if err := each(path.Base(d.Path), cached[summaryKey(d)]); err != nil {
				return err
			}
		}
		return nil
	}
	slices.SortFunc(folders, compareSummaryKeys)
	out := v.newSummariesWriter()
	defer out.abort()
	sm := newSummarizer(v.snap, stale)
	defer sm.close()
	chunks, stop := sm.ahead(folders, isCached)
	defer stop()
	for start := 0; start < len(folders); start += summarizeChunk {
		chunk := folders[start:min(start+summarizeChunk, len(folders))]
		next := <-chunks
		if next.err != nil {
			return next.err
		}
		fresh := next.sums
		for _, d := range chunk {
			key := summaryKey(d)
			s, ok := cached[key]
			if !ok {
				s, fresh = fresh[0], fresh[1:]
			}
			out.add(key, s)
			if err := each(path.Base(d.Path), s); err != nil {
				return err
			}
		}
	}
	out.commit()
	return nil
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

// summarizeChunk is how many event folders summarize reads in one pass:
// their files are held until each folder is complete, so memory stays
// flat however many drafts there are. The delta families a pass reads
// grow with the pack: at 100,000 drafts and 1,000,000 events a pass of
// 4,096 folders held 50 MB of them, and left the collector too little
// room; 2,048 costs no more time at 10,000 drafts. (A variable, so that
// a test can read a few folders in many chunks.)
var summarizeChunk = 2048

// summarizeBases is how much of the event files and their delta bases
// that a chunk of summarize made is kept for the chunks after it: git
// chains the events of different drafts together, and a chain that
// crosses chunks is otherwise resolved again by each. The memory limit is
// raised by as much: with less room for garbage, the collector ran half
// as often again, and cost more than the inflations saved.
const summarizeBases = 24 << 20

// summarizeHeadroom is how much more the memory limit allows while
// summarize holds a chunk: the chunk's file lists, its delta families and
// the files of the folders not yet complete, 20 to 30 MB for 2,048
// folders of ten events. No more: the limit is what a cold check's peak
// comes to, and at 100,000 drafts that peak must stay under 200 MiB with
// 40 to 50 MB of pack indexes and program mapped beside the heap.
const summarizeHeadroom = 24 << 20

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
	sm := newSummarizer(snap, len(dirs))
	defer sm.close()
	out := make(map[string]review.Summary, len(dirs))
	for start := 0; start < len(dirs); start += summarizeChunk {
		chunk := dirs[start:min(start+summarizeChunk, len(dirs))]
		sums, err := sm.chunk(chunk)
		if err != nil {
			return nil, err
		}
		for k, d := range chunk {
			out[path.Base(d.Path)] = sums[k]
		}
	}
	return out, nil
}

// summarizer reads and folds event folders a chunk at a time, sharing
// delta bases between the chunks.
type summarizer struct {
	snap    *gitstore.Snapshot
	restore func()
}

// newSummarizer makes a summarizer for n folders in all.
func newSummarizer(snap *gitstore.Snapshot, n int) *summarizer {
	sm := &summarizer{snap: snap, restore: func() {}}
	if n >= summarizeChunk/4 {
		sm.restore = withHeadroom(summarizeHeadroom + summarizeBases)
	}
	if n > summarizeChunk {
		sm.snap = snap.WithBases(summarizeBases)
	}
	return sm
}

func (sm *summarizer) close() { sm.restore() }

// summarized is what the summarizer made of one chunk.
type summarized struct {
	sums []review.Summary
	err  error
}

// ahead reads the folders not cached, a chunk of summarizeChunk folders
// at a time, one chunk ahead of the caller: while the caller judges the
// summaries of one chunk on one core, the next is read on every core. It
// stops at the first error, which it sends; stop ends it, and returns
// once it has ended.
func (sm *summarizer) ahead(folders []gitstore.Entry, cached func(gitstore.Entry) bool) (chunks <-chan summarized, stop func()) {
	out := make(chan summarized)
	quit := make(chan struct{})
	var done sync.WaitGroup
	done.Go(func() {
		for start := 0; start < len(folders); start += summarizeChunk {
			chunk := folders[start:min(start+summarizeChunk, len(folders))]
			sums, err := sm.chunk(slices.DeleteFunc(slices.Clone(chunk), cached))
			select {
			case out <- summarized{sums, err}:
			case <-quit:
				return
			}
			if err != nil {
				return
			}
		}
	})
	return out, func() {
		close(quit)
		done.Wait()
	}
}

// chunk returns the summaries of the event folders dirs, at most
// summarizeChunk of them, in their order.
func (sm *summarizer) chunk(dirs []gitstore.Entry) ([]review.Summary, error) {
	if len(dirs) == 0 {
		return nil, nil
	}
	files, err := sm.snap.WalkTrees(dirs)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(dirs))
	for k, d := range dirs {
		ids[k] = path.Base(d.Path)
	}
	sums := make([]review.Summary, len(dirs))
	err = foldReviews(sm.snap, ids, files, func(k int, r *review.Review) error {
		sums[k] = review.Summarize(r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sums, nil
}
