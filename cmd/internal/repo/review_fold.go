package repo

import (
	"errors"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// folderFiles is what was read of one event folder.
type folderFiles struct {
	byPath map[string][]byte
	// tooLarge are the files over their size limit, read as problems of
	// the review.
	tooLarge []error
}

// review folds the folder's files into the review of draft draftID.
func (f folderFiles) review(draftID string) *review.Review {
	r := review.Load(draftID, f.byPath)
	if f.tooLarge != nil {
		r.Problems = slices.Concat(f.tooLarge, r.Problems)
	}
	return r
}

// foldReviews reads the event folders of the drafts ids, whose files are
// files (files[k] is folder k's), as readFolders does, and calls fold with
// each folder's review.
func foldReviews(snap *gitstore.Snapshot, ids []string, files [][]gitstore.Entry, fold func(k int, r *review.Review) error) error {
	return readFolders(snap, files, func(k int, f folderFiles) error {
		return fold(k, f.review(ids[k]))
	})
}

// readFolders reads the event folders whose files are files (files[k] is
// folder k's) in one pass over the packs (gitstore.Snapshot.ReadBlobs),
// and calls got with each folder as soon as all its files are read: on up
// to one goroutine per core, in no particular order. A file over its size
// limit is a problem of its review, as a file that does not parse is, not
// a failure to read it.
func readFolders(snap *gitstore.Snapshot, files [][]gitstore.Entry, got func(k int, f folderFiles) error) error {
	type folder struct {
		data     [][]byte
		tooLarge []error
		left     atomic.Int64
	}
	folders := make([]folder, len(files))
	var reads []gitstore.BlobRead
	var owners [][2]int // folder and file of each read
	for k, es := range files {
		folders[k].data = make([][]byte, len(es))
		folders[k].tooLarge = make([]error, len(es))
		folders[k].left.Store(int64(len(es)))
		for j, e := range es {
			reads = append(reads, gitstore.BlobRead{ID: e.Blob, Max: blobLimit(e)})
			owners = append(owners, [2]int{k, j})
		}
	}
	finish := func(k int) error {
		f := &folders[k]
		out := folderFiles{byPath: make(map[string][]byte, len(files[k]))}
		for j, e := range files[k] {
			if f.tooLarge[j] != nil {
				out.tooLarge = append(out.tooLarge, f.tooLarge[j])
				continue
			}
			out.byPath[e.Path] = f.data[j]
		}
		f.data = nil
		return got(k, out)
	}
	for k, es := range files {
		if len(es) == 0 {
			if err := finish(k); err != nil {
				return err
			}
		}
	}
	return snap.ReadBlobs(reads, func(i int, body []byte, err error) error {
		k, j := owners[i][0], owners[i][1]
		f := &folders[k]
		if err != nil {
			p := files[k][j].Path
			err = tooLarge(p, err)
			var fe *review.FileError
			if !errors.As(err, &fe) {
				return fmt.Errorf("read %s: %w", p, err)
			}
			f.tooLarge[j] = err
		} else {
			f.data[j] = body
		}
		if f.left.Add(-1) == 0 {
			return finish(k)
		}
		return nil
	})
}
