package repo

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// PathConflict is a file both sides of a sync changed in the same place.
type PathConflict struct {
	Path  string
	Draft content.CatalogEntry // id and title when the file is a draft
	// Regions are where the file now holds both versions between markers;
	// none when one side removed the file and the other changed it.
	Regions []content.MergeConflict
	// Ours and Theirs are who made each side's last change to the file.
	Ours, Theirs review.Person
	// Removed says which side removed the file ("ours", "theirs"), if one did.
	Removed string
	text    []byte // the file with conflict markers, for the work tree
}

// mergePlan is the merge of theirs into ours: the files that change on
// ours, and the conflicts that keep the merge from being made.
type mergePlan struct {
	changes   []gitstore.Change
	conflicts []PathConflict
}

// eventsDir is where review events live; two clones never write the same
// event file, so the union of both sides is their merge.
const eventsDir = ".cc/reviews/"

// planMerge merges theirs into ours file by file from their merge base:
// a file changed on one side takes that side's version; a file changed on
// both is merged as what it is (events: both kept; .cc/config.yaml and a
// draft's front matter key by key; text line by line). resolved holds a
// person's resolution of files that stopped an earlier sync.
func (v *View) planMerge(base, ours, theirs *gitstore.Snapshot, labels content.MergeLabels, resolved map[string][]byte) (mergePlan, error) {
	var plan mergePlan
	dOurs, err := base.Diff(ours)
	if err != nil {
		return plan, err
	}
	dTheirs, err := base.Diff(theirs)
	if err != nil {
		return plan, err
	}
	oursAt := make(map[string]gitstore.TreeChange, len(dOurs))
	for _, c := range dOurs {
		oursAt[c.Path] = c
	}
	for _, t := range dTheirs {
		o, both := oursAt[t.Path]
		if !both {
			ch, err := takeTheirs(theirs, t)
			if err != nil {
				return plan, err
			}
			plan.changes = append(plan.changes, ch)
			continue
		}
		if o.To == t.To {
			continue // the same change on both sides
		}
		merged, conflict, err := v.mergeFile(base, ours, theirs, t.Path, labels)
		if err != nil {
			return plan, err
		}
		if data, ok := resolved[t.Path]; ok {
			merged, conflict = data, nil
		}
		if conflict != nil {
			plan.conflicts = append(plan.conflicts, *conflict)
			continue
		}
		if merged == nil {
			if o.To.Mode != 0 {
				plan.changes = append(plan.changes, gitstore.Change{Path: t.Path, Delete: true})
			}
			continue
		}
		if o.To.Mode == 0 || o.To.Blob != gitstore.BlobHash(merged) {
			plan.changes = append(plan.changes, gitstore.Change{Path: t.Path, Data: merged})
		}
	}
	return plan, nil
}

// takeTheirs is the change that brings one side's version of a file over.
func takeTheirs(theirs *gitstore.Snapshot, t gitstore.TreeChange) (gitstore.Change, error) {
	if t.To.Mode == 0 {
		return gitstore.Change{Path: t.Path, Delete: true}, nil
	}
	if t.To.Mode != 0o100644 || t.From.Mode != 0 && t.From.Mode != 0o100644 {
		return gitstore.Change{}, fmt.Errorf("%s: cc sync merges regular files only, and this is a link, a submodule or an executable on one side; merge with 'git pull' instead", t.Path)
	}
	data, err := theirs.ReadBlob(t.To.Blob)
	if err != nil {
		return gitstore.Change{}, err
	}
	return gitstore.Change{Path: t.Path, Data: data}, nil
}

// mergeFile merges one file both sides changed. merged is nil when both
// removed it; conflict is set when the sides disagree.
func (v *View) mergeFile(base, ours, theirs *gitstore.Snapshot, p string, labels content.MergeLabels) (merged []byte, conflict *PathConflict, err error) {
	var data [3][]byte
	var exists [3]bool
	for i, snap := range []*gitstore.Snapshot{base, ours, theirs} {
		e, err := snap.Stat(p)
		if isNotExist(err) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		if !e.IsFile() || e.Mode != 0o100644 {
			return nil, nil, fmt.Errorf("%s: cc sync merges regular files only; merge with 'git pull' instead", p)
		}
		if data[i], err = readFileLimited(snap, p); err != nil {
			return nil, nil, err
		}
		exists[i] = true
	}
	c := &PathConflict{Path: p}
	switch {
	case !exists[1] && !exists[2]:
		return nil, nil, nil
	case !exists[1] || !exists[2]:
		// Removed on one side, changed on the other: both are kept in the
		// work tree for a person to decide.
		c.Removed = "ours"
		if !exists[2] {
			c.Removed = "theirs"
		}
		c.text = content.Merge3(data[0], data[1], data[2], labels).Text
		return nil, c, nil
	case strings.HasPrefix(p, eventsDir):
		// Event files are written once under a fresh id; two different
		// files at one path are not cc's doing.
		c.text = content.Merge3(data[0], data[1], data[2], labels).Text
		return nil, c, nil
	}
	var res content.MergeResult
	switch {
	case p == review.ConfigPath:
		var ok bool
		if res, ok = content.MergeKeys(data[0], data[1], data[2], labels); !ok {
			res = content.Merge3(data[0], data[1], data[2], labels)
		}
	case v.config.InContent(p):
		res = content.MergeDraft(p, data[0], data[1], data[2], labels)
	case bytes.IndexByte(data[1], 0) >= 0 || bytes.IndexByte(data[2], 0) >= 0:
		return nil, &PathConflict{Path: p, text: data[1]}, nil // binary: nothing to merge line by line
	default:
		res = content.Merge3(data[0], data[1], data[2], labels)
	}
	if len(res.Conflicts) > 0 {
		c.Regions, c.text = res.Conflicts, res.Text
		return nil, c, nil
	}
	return res.Text, nil, nil
}

// describeConflicts fills in who changed each conflicting file last on
// each side and, for drafts, their id and title.
func (v *View) describeConflicts(cs []PathConflict, base, ours, theirs gitstore.Hash) {
	for i := range cs {
		c := &cs[i]
		c.Ours = v.lastChangeBy(ours, base, c.Path)
		c.Theirs = v.lastChangeBy(theirs, base, c.Path)
		if v.config.InContent(c.Path) {
			for _, data := range [][]byte{v.fileAt(ours, c.Path), v.fileAt(theirs, c.Path)} {
				if data != nil {
					c.Draft = catalogEntry(v.config.Site, c.Path, "", data)
					break
				}
			}
		}
	}
}

func (v *View) fileAt(commit gitstore.Hash, p string) []byte {
	snap, err := v.r.store.Snapshot(commit)
	if err != nil {
		return nil
	}
	data, err := readFileLimited(snap, p)
	if err != nil {
		return nil
	}
	return data
}

// maxBlameWalk bounds the commits lastChangeBy looks through.
const maxBlameWalk = 1000

// lastChangeBy is the author of the newest commit between base and tip,
// along first parents, that changed p; zero when none is found.
func (v *View) lastChangeBy(tip, base gitstore.Hash, p string) review.Person {
	s := v.r.store
	blobAt := func(c gitstore.CommitInfo) gitstore.Hash {
		e, err := s.SnapshotOf(c).Stat(p)
		if err != nil {
			return gitstore.Hash{}
		}
		return e.Blob
	}
	h := tip
	for n := 0; n < maxBlameWalk && h != base && !h.IsZero(); n++ {
		c, err := s.ReadCommit(h)
		if err != nil || len(c.Parents) == 0 {
			return review.Person{}
		}
		parent, err := s.ReadCommit(c.Parents[0])
		if err != nil {
			return review.Person{Name: c.Author.Name, Email: c.Author.Email}
		}
		if blobAt(c) != blobAt(parent) {
			return review.Person{Name: c.Author.Name, Email: c.Author.Email}
		}
		h = c.Parents[0]
	}
	return review.Person{}
}

// errBranchMoved stops a sync step whose branch moved under it (another
// cc or git wrote meanwhile); the sync starts the step again.
var errBranchMoved = errors.New("the branch moved during the sync")
