package repo

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// Version is one side of a comparison of a draft: what it is called, its
// blob and its bytes, and where it was: its path, and the commit for a
// version read from history. Missing is set for a side where the draft
// is not there (not yet, or no more).
type Version struct {
	Label   string
	Blob    string
	Data    []byte
	Path    string
	Commit  string
	Missing bool
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
	if e.Blob == RemovedBlob {
		return v.removedVersions(e, b)
	}
	committed, err := readFileLimited(v.snap, e.Path)
	if err != nil {
		return from, to, err
	}
	from = Version{Label: "HEAD", Blob: e.Blob, Data: committed, Path: e.Path}
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
		from = Version{Label: "approved", Blob: blob, Data: data, Path: e.Path}
	case b.Rev != "":
		at, err := v.DraftAt(e, b.Rev)
		if isNotExist(err) {
			// Not there yet: everything is new.
			at, err = Version{Label: b.Rev, Blob: gitstore.BlobHash(nil).String(), Path: e.Path, Missing: true}, nil
		}
		if err != nil {
			return from, to, err
		}
		from = at
	default:
		wt, err := v.r.store.ReadWorktreeFile(e.Path)
		if errors.Is(err, gitstore.ErrNotCheckedOut) {
			break // left out by a sparse checkout: unchanged, not deleted
		}
		if err != nil && !isNotExist(err) {
			return from, to, err
		}
		to = Version{Label: "work tree", Blob: gitstore.BlobHash(wt).String(), Data: wt, Path: e.Path, Missing: err != nil}
	}
	return from, to, nil
}

// removedVersions compares a removed draft (as FindDraftOrRemoved gives
// it) at revision b.Rev with its absence now: there is no file left to
// compare with the work tree or an approval.
func (v *View) removedVersions(e content.CatalogEntry, b Baseline) (from, to Version, err error) {
	if b.Rev == "" {
		return from, to, fmt.Errorf("%s was removed; compare it with a revision that has it: cc diff %s REV ('cc log %s' lists its commits)", draftName(e), e.ID, e.ID)
	}
	if from, err = v.DraftAt(e, b.Rev); err != nil {
		return from, to, err
	}
	to = Version{Label: "HEAD", Blob: gitstore.BlobHash(nil).String(), Path: from.Path, Missing: true}
	return from, to, nil
}

// DraftAt is draft e as it was at revision rev (a branch, tag or commit):
// the file there with e's id, else the file at e's path, else at a path e
// had earlier (a rename git's rename detection pairs). An error wrapping
// fs.ErrNotExist says the draft was not there.
func (v *View) DraftAt(e content.CatalogEntry, rev string) (Version, error) {
	h, err := v.r.store.Resolve(rev)
	if err != nil {
		return Version{}, err
	}
	snap, err := v.r.store.Snapshot(h)
	if err != nil {
		return Version{}, err
	}
	p, err := v.pathAt(e, snap)
	if err != nil {
		return Version{}, err
	}
	data, err := readFileLimited(snap, p)
	if err != nil {
		return Version{}, err
	}
	return Version{Label: rev, Blob: gitstore.BlobHash(data).String(), Data: data, Path: p, Commit: h.String()}, nil
}

// pathAt is where draft e's file is in snap: at its path, else at the
// newest path its history had that snap has, else (snap on another line
// of history) wherever snap has its id. A file counts when its id is e's,
// or either has none.
func (v *View) pathAt(e content.CatalogEntry, snap *gitstore.Snapshot) (string, error) {
	is := func(p string) bool {
		data, err := readFileLimited(snap, p)
		if err != nil {
			return false
		}
		id := catalogEntry(v.config.Site, p, "", data).ID
		return e.ID == "" || id == "" || id == e.ID
	}
	if e.Blob != RemovedBlob && is(e.Path) {
		return e.Path, nil
	}
	found := ""
	_, err := v.walkDraft(e, func(d draftVersion) bool {
		if d.Path != "" && is(d.Path) {
			found = d.Path
		}
		return found == ""
	})
	if err != nil || found != "" {
		return found, err
	}
	if e.ID != "" {
		then, err := v.r.viewOf(snap)
		if err != nil {
			return "", err
		}
		if other, err := then.FindDraft(e.ID); err == nil && other.ID == e.ID {
			return other.Path, nil
		}
	}
	return "", fmt.Errorf("%s is not at %s: %w", draftName(e), snap.Commit(), fs.ErrNotExist)
}

// draftName names a draft in a message: its path, or the id of a removed
// one.
func draftName(e content.CatalogEntry) string {
	if e.Blob == RemovedBlob {
		return "draft " + e.ID
	}
	return e.Path
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
