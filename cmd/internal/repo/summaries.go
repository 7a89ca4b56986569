package repo

import (
	"math"
	"path"
	"runtime/debug"
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
	dirs, err := v.snap.ReadDir(".cc/reviews")
	if isNotExist(err) {
		return map[string]review.Summary{}, nil
	}
	if err != nil {
		return nil, err
	}
	cached, err := review.DecodeSummaries(v.r.store.ReadCache(summariesCache))
	if err != nil {
		cached = nil
	}
	out := make(map[string]review.Summary, len(dirs))
	keys := make(map[string]string, len(dirs))
	var stale []gitstore.Entry
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		id := path.Base(d.Path)
		key := id + "@" + d.Blob.String()
		keys[id] = key
		if s, ok := cached[key]; ok {
			out[id] = s
			continue
		}
		stale = append(stale, d)
	}
	fresh, err := summarize(v.snap, stale)
	if err != nil {
		return nil, err
	}
	for id, s := range fresh {
		out[id] = s
	}
	if len(fresh) > 0 {
		byKey := make(map[string]review.Summary, len(out))
		for id, s := range out {
			byKey[keys[id]] = s
		}
		_ = v.r.store.WriteCache(summariesCache, review.EncodeSummaries(byKey))
	}
	return out, nil
}

// summarizeChunk is how many event folders summarize reads in one pass:
// their files are held until each folder is complete, so memory stays
// flat however many drafts there are.
const summarizeChunk = 4096

// summarizeBases is how much of the event files and their delta bases
// that a chunk of summarize made is kept for the chunks after it: git
// chains the events of different drafts together, and a chain that
// crosses chunks is otherwise resolved again by each. The memory limit is
// raised by as much: with less room for garbage, the collector ran half
// as often again, and cost more than the inflations saved.
const summarizeBases = 24 << 20

// summarizeHeadroom is what a chunk of summarize holds, beyond what the
// command does otherwise: the chunk's file lists, its delta families and
// the files of the folders not yet complete (about 40 MB for 4,096
// folders of ten events).
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
	if len(dirs) >= summarizeChunk/4 {
		defer withHeadroom(summarizeHeadroom + summarizeBases)()
	}
	if len(dirs) > summarizeChunk {
		snap = snap.WithBases(summarizeBases)
	}
	out := make(map[string]review.Summary, len(dirs))
	for start := 0; start < len(dirs); start += summarizeChunk {
		chunk := dirs[start:min(start+summarizeChunk, len(dirs))]
		files, err := snap.WalkTrees(chunk)
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(chunk))
		for k, d := range chunk {
			ids[k] = path.Base(d.Path)
		}
		sums := make([]review.Summary, len(chunk))
		err = foldReviews(snap, ids, files, func(k int, r *review.Review) error {
			sums[k] = review.Summarize(r)
			return nil
		})
		if err != nil {
			return nil, err
		}
		for k, id := range ids {
			out[id] = sums[k]
		}
	}
	return out, nil
}
