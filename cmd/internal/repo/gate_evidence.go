package repo

import (
	"fmt"
	"path"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// Problem codes the gate adds to the policy's (review.Problem codes).
const (
	codeEvidence    = "evidence-changed"
	codeBadEvent    = "bad-event"
	codeDuplicateID = "duplicate-id"
	codeIDChanged   = "id-changed"
	codeLive        = "live"
	codeRemoved     = "removed"
	codeUnpublished = "not-published"
	codeSiteConfig  = "site-config"
	codeForeignPage = "not-a-draft"
	codeShallow     = "shallow-history"
)

const reviewsDir = ".cc/reviews"

// evidence fails every draft whose review evidence of the base the change
// rewrote: an event file (or a draft's whole review folder) modified,
// renamed or deleted. Events are append-only; an edit or a retraction is
// a new event. Folders whose tree ids match are not read.
func (g *gate) evidence() error {
	baseTree, headTree := treeAt(g.base.snap, reviewsDir), treeAt(g.head.snap, reviewsDir)
	if baseTree == "" || baseTree == headTree {
		return nil
	}
	before, err := g.base.snap.ReadDir(reviewsDir)
	if err != nil {
		return err
	}
	after := map[string]gitstore.Entry{}
	if headTree != "" {
		now, err := g.head.snap.ReadDir(reviewsDir)
		if err != nil {
			return err
		}
		for _, e := range now {
			after[e.Path] = e
		}
	}
	for _, b := range before {
		a, ok := after[b.Path]
		id := path.Base(b.Path)
		switch {
		case ok && a.Blob == b.Blob:
			continue
		case !ok && b.IsDir():
			g.evidenceFail(id, fmt.Sprintf("its review folder %s/ of %s was deleted", b.Path, g.baseRef), b.Path)
			continue
		case !b.IsDir() || !a.IsDir():
			g.evidenceFail(id, fmt.Sprintf("%s of %s was changed or removed", b.Path, g.baseRef), b.Path)
			continue
		}
		if err := g.evidenceFolder(id, b, a); err != nil {
			return err
		}
	}
	return nil
}

// evidenceFolder compares one draft's review folder in the base and in
// the change: every base file must be there, unchanged.
func (g *gate) evidenceFolder(id string, b, a gitstore.Entry) error {
	was, err := g.base.snap.ReadDir(b.Path)
	if err != nil {
		return err
	}
	is, err := g.head.snap.ReadDir(a.Path)
	if err != nil {
		return err
	}
	now := map[string]gitstore.Hash{}
	for _, e := range is {
		now[e.Path] = e.Blob
	}
	for _, e := range was {
		blob, ok := now[e.Path]
		switch {
		case !ok:
			g.evidenceFail(id, fmt.Sprintf("event file %s of %s was deleted or renamed", e.Path, g.baseRef), e.Path)
		case blob != e.Blob:
			g.evidenceFail(id, fmt.Sprintf("event file %s of %s was changed", e.Path, g.baseRef), e.Path)
		}
	}
	return nil
}

func (g *gate) evidenceFail(draftID, msg, file string) {
	g.fail(g.draftByID(draftID), true, review.Problem{Code: codeEvidence,
		Message: msg + "; review events are never changed or deleted, only added to",
		Fix:     fmt.Sprintf("restore it: git checkout %s -- %s", g.baseRef, file)})
}

// badEvents fails the draft whose review summary sum counts event files
// that cannot be read or do not belong where they are, once per file: in
// the folders the change added or changed (every folder, for the full
// audit). A reader skips such a file; the gate must not.
func (g *gate) badEvents(id string, sum review.Summary) {
	for _, p := range sum.Problems {
		g.fail(g.draftByID(id), true, review.Problem{Code: codeBadEvent,
			Message: p + " (an event file the gate cannot count is refused, not skipped)",
			Fix:     "fix the file, or remove it if cc did not write it; cc review show " + id + " lists the problems"})
	}
}

// strayEventFiles fails the files of .cc/reviews that the change added or
// changed (every one, for the full audit): entries that are not folders
// are not anyone's events, and a change may not add them.
func (g *gate) strayEventFiles() error {
	entries, err := g.head.snap.ReadDir(reviewsDir)
	if isNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || g.base != nil && blobAt(g.base.snap, e.Path) == e.Blob.String() {
			continue
		}
		g.fail(content.CatalogEntry{Path: e.Path, Title: e.Path}, true, review.Problem{Code: codeBadEvent,
			Message: fmt.Sprintf("%s is a file; %s holds one folder per draft", e.Path, reviewsDir),
			Fix:     "remove it: git rm " + e.Path})
	}
	return nil
}

// draftByID is the draft of the change whose id is id, else the base's,
// else a stand-in named by its review folder.
func (g *gate) draftByID(id string) content.CatalogEntry {
	for _, e := range g.drafts {
		if e.ID == id {
			return e
		}
	}
	for _, e := range g.was {
		if e.ID == id {
			return e
		}
	}
	return content.CatalogEntry{ID: id, Path: reviewsDir + "/" + id, Title: "(review folder " + id + ")"}
}
