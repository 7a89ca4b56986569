package repo

import (
	"path"

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

// summarize reads and folds the event folders dirs, on every core: a
// first check of a large repository reads every event file.
func summarize(snap *gitstore.Snapshot, dirs []gitstore.Entry) (map[string]review.Summary, error) {
	sums, err := parallel(dirs, func(d gitstore.Entry) (review.Summary, error) {
		rv, err := loadReviewTree(snap, path.Base(d.Path), func(fn func(gitstore.Entry) error) error {
			return snap.WalkTree(d.Blob, d.Path, fn)
		})
		if err != nil {
			return review.Summary{}, err
		}
		return review.Summarize(rv), nil
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string]review.Summary, len(dirs))
	for i, d := range dirs {
		out[path.Base(d.Path)] = sums[i]
	}
	return out, nil
}
