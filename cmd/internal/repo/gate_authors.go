package repo

import (
	"regexp"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// maxAuthorWalk bounds how many commits editors reads back from the tip.
const maxAuthorWalk = 20000

// editors are the authors of draft e that its history shows: everyone
// whose commit changed its content since it was last approved (the
// version before their change had an approval), and whoever created it
// when the walk gets that far. History is walked along first parents from
// the tip, commit by commit, by what each commit did to the file: a
// commit's message is the change's own claim and is not trusted. A
// change of the keys publish writes (draft:) is not an edit; a
// `cc draft mv` is followed to the old path.
func (g *gate) editors(e content.CatalogEntry, sum review.Summary) ([]review.Person, error) {
	approved := map[string]bool{}
	for _, m := range sum.Moves {
		if m.Type == review.TypeApprove {
			approved[m.Blob] = true
		}
	}
	store := g.head.r.store
	var out []review.Person
	p := e.Path
	cur, err := store.ReadCommit(g.head.snap.Commit())
	if err != nil {
		return nil, err
	}
	for n := 0; n < maxAuthorWalk; n++ {
		shallow, err := store.Shallow(cur.ID)
		if err != nil {
			return nil, err
		}
		if shallow {
			// What came before is not in this clone; a depth-1 CI clone
			// knows only the change's own commits.
			g.shallow = true
			return out, nil
		}
		now := store.SnapshotOf(cur)
		before := store.SnapshotOf(gitstore.CommitInfo{}) // a root commit's parent: empty
		var parent gitstore.CommitInfo
		if len(cur.Parents) > 0 {
			if parent, err = store.ReadCommit(cur.Parents[0]); err != nil {
				return nil, err
			}
			before = store.SnapshotOf(parent)
		}
		blobNow, blobBefore := blobAt(now, p), blobAt(before, p)
		author := review.Person{Name: cur.Author.Name, Email: cur.Author.Email}
		if blobBefore == "" && len(cur.Parents) > 0 {
			if old := movedFrom(cur.Message, p); old != "" && blobAt(before, old) != "" {
				p, blobBefore = old, blobAt(before, old)
			}
		}
		switch {
		case blobNow == blobBefore:
		case blobBefore == "":
			return appendPeople(out, author), nil // created it here
		default:
			if !publishOnly(now, before, blobNow, blobBefore) {
				out = appendPeople(out, author)
			}
			// The version before this change was approved: what came
			// earlier was seen by its approver.
			if approvedVersion(before, blobBefore, approved) {
				return out, nil
			}
		}
		if len(cur.Parents) == 0 {
			return out, nil
		}
		cur = parent
	}
	return out, nil
}

// approvedVersion reports whether an approval names blob, or blob as it was
// before cc publish set draft: false.
func approvedVersion(snap *gitstore.Snapshot, blob string, approved map[string]bool) bool {
	if approved[blob] {
		return true
	}
	data, err := readHexBlob(snap, blob)
	return err == nil && approved[unpublishedBlob(data)]
}

// moveSubject is the subject cc draft mv writes.
var moveSubject = regexp.MustCompile(`^draft\([^)]*\): move from (\S+) to (\S+)\n`)

// movedFrom is the old path of a draft that commit message msg says it
// moved to p, or "". A wrong claim only sends the walk to a file whose
// changes are then judged by their content, like any other.
func movedFrom(msg, p string) string {
	m := moveSubject.FindStringSubmatch(msg)
	if m == nil || m[2] != p {
		return ""
	}
	return m[1]
}

// publishOnly reports whether the change from blob before to blob now
// only set the keys publish writes.
func publishOnly(nowSnap, beforeSnap *gitstore.Snapshot, now, before string) bool {
	a, err1 := readHexBlob(beforeSnap, before)
	b, err2 := readHexBlob(nowSnap, now)
	return err1 == nil && err2 == nil && content.EqualIgnoringKeys(a, b, publishKeys...)
}

func readHexBlob(snap *gitstore.Snapshot, blob string) ([]byte, error) {
	h, err := gitstore.ParseHash(blob)
	if err != nil {
		return nil, err
	}
	return snap.ReadBlob(h)
}
