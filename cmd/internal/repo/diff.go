package repo

import (
	"errors"
	"fmt"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// Version is one side of a comparison of a draft: what it is called, its
// blob and its bytes.
type Version struct {
	Label string
	Blob  string
	Data  []byte
}

// Baseline says what a draft's committed version is compared with: the
// content of its latest approval, the draft at a revision, or (neither
// set) its work-tree file.
type Baseline struct {
	SinceApproval bool
	Rev           string
}

// Versions returns the two sides of a comparison of draft e: from is the
// baseline (or, for the work tree, the committed draft) and to is the
// committed draft (or the work-tree file).
func (v *View) Versions(e content.CatalogEntry, b Baseline) (from, to Version, err error) {
	committed, err := readFileLimited(v.snap, e.Path)
	if err != nil {
		return from, to, err
	}
	from = Version{Label: "HEAD", Blob: e.Blob, Data: committed}
	to = from
	switch {
	case b.SinceApproval:
		blob, err := v.lastApproval(e)
		if err != nil {
			return from, to, err
		}
		data, err := v.readBlob(blob)
		if err != nil {
			return from, to, fmt.Errorf("the approved content (blob %s) is not in this clone (%w); fetch more history: git fetch --unshallow", shortBlob(blob), err)
		}
		from = Version{Label: "approved", Blob: blob, Data: data}
	case b.Rev != "":
		h, err := v.r.store.Resolve(b.Rev)
		if err != nil {
			return from, to, err
		}
		snap, err := v.r.store.Snapshot(h)
		if err != nil {
			return from, to, err
		}
		data, err := readFileLimited(snap, e.Path)
		if isNotExist(err) {
			data, err = nil, nil // not there yet: everything is new
		}
		if err != nil {
			return from, to, err
		}
		from = Version{Label: b.Rev, Blob: gitstore.BlobHash(data).String(), Data: data}
	default:
		wt, err := v.r.store.ReadWorktreeFile(e.Path)
		if errors.Is(err, gitstore.ErrNotCheckedOut) {
			break // left out by a sparse checkout: unchanged, not deleted
		}
		if err != nil && !isNotExist(err) {
			return from, to, err
		}
		to = Version{Label: "work tree", Blob: gitstore.BlobHash(wt).String(), Data: wt}
	}
	return from, to, nil
}

// lastApproval is the blob named by the latest approval of draft e.
func (v *View) lastApproval(e content.CatalogEntry) (string, error) {
	if e.ID == "" {
		return "", fmt.Errorf("%s has never been approved", e.Path)
	}
	rv, err := v.Review(e.ID)
	if err != nil {
		return "", err
	}
	for i := len(rv.Events) - 1; i >= 0; i-- {
		if ev := rv.Events[i]; ev.Type == review.TypeApprove {
			return ev.Blob, nil
		}
	}
	return "", fmt.Errorf("%s has never been approved", e.Path)
}

func (v *View) readBlob(blob string) ([]byte, error) {
	h, err := gitstore.ParseHash(blob)
	if err != nil {
		return nil, err
	}
	return v.snap.ReadBlob(h)
}
