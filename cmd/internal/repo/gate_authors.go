package repo

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// maxAuthorWalk bounds how many commits editors reads back from the tip.
const maxAuthorWalk = 20000

// editors are the authors of draft e that its history shows: everyone
// whose commit changed its content since a version of it was approved,
// and whoever created it when the walk gets that far. History is walked
// from the tip along every parent (a merge brings in its second parent's
// edits too), commit by commit, by what each commit did to the file: a
// commit's message is the change's own claim and is not trusted. A commit
// counts for its author and, when it is SSH-signed, for its signer.
//
// A line of history stops at a change whose previous version an approval
// that counts (signed, under require_signed) covers, given by someone
// who is not already known as an editor: what came before was seen by
// them. A change of only the keys publish writes (draft:) is not an edit,
// and does not stop the walk either, so it cannot hide the edit before it.
// A `cc draft mv` is followed to the old path. sum must be keyed (see
// keyJudge) when the policy requires signatures.
//
// known are the authors the caller has already (front matter, base). The
// walk stops once every approval of the draft is by a known author or an
// editor found, by name or by key: more editors would change nothing the
// gate decides, and a draft's history can be most of the repository's.
//
// unknown reports that a line of history went past the edge of a shallow
// clone before that: who changed the draft there cannot be told, so the
// caller must not count the approvals as given by someone else.
func (g *gate) editors(e content.CatalogEntry, sum review.Summary, known []review.Person) (out []review.Person, unknown bool, err error) {
	approvers := map[string][]review.Person{} // blob -> who approved it, in ways that count
	for _, m := range sum.Moves {
		if m.Type == review.TypeApprove && (!g.policy.Workflow.RequireSigned || m.Key != "") {
			approvers[m.Blob] = append(approvers[m.Blob], m.By())
		}
	}
	store := g.head.r.store
	cut := false
	type step struct {
		c    gitstore.CommitInfo
		path string
	}
	head, err := store.ReadCommit(g.head.snap.Commit())
	if err != nil {
		return nil, false, err
	}
	queue := []step{{head, e.Path}}
	seen := map[gitstore.Hash]bool{head.ID: true}
	settled := g.settledBy(sum, known)
	for n := 0; len(queue) > 0; n++ {
		if settled(out) {
			break
		}
		if n == maxAuthorWalk {
			g.walkCut = true
			break
		}
		cur := queue[0]
		queue = queue[1:]
		shallow, err := store.Shallow(cur.c.ID)
		if err != nil {
			return nil, false, err
		}
		if shallow {
			// What came before is not in this clone, nor what this
			// commit changed.
			cut = true
			continue
		}
		now := store.SnapshotOf(cur.c)
		blobNow := g.pathBlob(cur.c, cur.path)
		if len(cur.c.Parents) == 0 {
			if blobNow != "" {
				out = appendPeople(out, g.editorsOf(cur.c)...) // created it in the first commit
			}
			continue
		}
		type side struct {
			c          gitstore.CommitInfo
			path, blob string
			before     *gitstore.Snapshot
		}
		var sides []side
		same := false
		for _, ph := range cur.c.Parents {
			pc, err := store.ReadCommit(ph)
			if err != nil {
				return nil, false, err
			}
			before := store.SnapshotOf(pc)
			p, blob := cur.path, g.pathBlob(pc, cur.path)
			if blob == "" {
				if old := movedFrom(cur.c.Message, cur.path); old != "" && g.pathBlob(pc, old) != "" {
					p, blob = old, g.pathBlob(pc, old)
				}
			}
			same = same || blob == blobNow
			sides = append(sides, side{pc, p, blob, before})
		}
		if blobNow == "" {
			continue // not there (yet) on this line
		}
		edited := !same
		if edited && len(sides) == 1 && sides[0].blob != "" && publishOnly(now, sides[0].before, blobNow, sides[0].blob) {
			edited = false
		}
		if edited {
			out = appendPeople(out, g.editorsOf(cur.c)...)
		}
		for _, sd := range sides {
			switch {
			case sd.blob == "":
				if len(sides) == 1 {
					out = appendPeople(out, g.editorsOf(cur.c)...) // created it here
				}
				continue
			case sd.blob != blobNow && edited && g.coveredBy(approvers, sd.before, sd.blob, out):
				continue // its approver saw what came before
			}
			if !seen[sd.c.ID] {
				seen[sd.c.ID] = true
				queue = append(queue, step{sd.c, sd.path})
			}
		}
	}
	return out, cut && !settled(out), nil
}

// shallowProblem is the failure of a draft whose editors editors could
// not tell: an approval by one of them would not count, and which do
// cannot be known.
func shallowProblem() review.Problem {
	return review.Problem{Code: codeShallow,
		Message: "who changed it since it was last approved is beyond the edge of this shallow clone, so an approval by one of its own editors cannot be told from another",
		Fix:     "fetch the history: git fetch --unshallow (fetch-depth: 0 in actions/checkout)"}
}

// settledBy returns whether, with editors found so far, every approval in
// sum is by one of the draft's authors: then finding more editors cannot
// change which approvals count. Without any author, the policy falls
// back to the submitters, so nothing is settled while there are
// approvals.
func (g *gate) settledBy(sum review.Summary, known []review.Person) func(editors []review.Person) bool {
	var approvals []review.Move
	for _, m := range sum.Moves {
		if m.Type == review.TypeApprove {
			approvals = append(approvals, m)
		}
	}
	checked := -1
	var keys []string
	return func(editors []review.Person) bool {
		if len(approvals) == 0 {
			return true
		}
		authors := appendPeople(append([]review.Person(nil), known...), editors...)
		if len(authors) == 0 {
			return false
		}
		if checked != len(editors) {
			checked = len(editors)
			var err error
			if keys, err = g.authorKeys(authors); err != nil {
				return false
			}
		}
		for _, a := range approvals {
			if !isOneOf(authors, a.By()) && (a.Key == "" || !slices.Contains(keys, a.Key)) {
				return false
			}
		}
		return true
	}
}

// pathBlob is the id of what is at path p in commit c, "" when nothing
// is, as blobAt gives it. Sub-trees are looked up through a memo by tree
// id: a commit that left p's folder as it was costs one read of its root
// tree, however deep p is, which is most commits of a draft's history.
func (g *gate) pathBlob(c gitstore.CommitInfo, p string) string {
	if g.blobs == nil {
		g.blobs = map[treePath]string{}
	}
	return g.blobBelow(c.Tree, p)
}

// treePath is a path below a tree.
type treePath struct {
	tree gitstore.Hash
	path string
}

func (g *gate) blobBelow(tree gitstore.Hash, p string) string {
	key := treePath{tree, p}
	if b, ok := g.blobs[key]; ok {
		return b
	}
	name, rest, deeper := strings.Cut(p, "/")
	out := ""
	e, err := g.head.r.store.SnapshotOf(gitstore.CommitInfo{Tree: tree}).Stat(name)
	switch {
	case err != nil:
	case !deeper:
		out = e.Blob.String()
	case e.IsDir():
		out = g.blobBelow(e.Blob, rest)
	}
	g.blobs[key] = out
	return out
}

// editorsOf is who made commit c: its author, as git records it, and, for
// an SSH-signed commit, the people the trusted allowed signers give its
// key (the author line is anyone's to write; a signature is not).
func (g *gate) editorsOf(c gitstore.CommitInfo) []review.Person {
	people := []review.Person{{Name: c.Author.Name, Email: c.Author.Email}}
	if !g.trust.HasAllowedSigners() {
		return people
	}
	signers, err := g.trust.AllowedSigners()
	if err != nil {
		return people
	}
	armored, payload, err := g.head.r.store.CommitSignature(c.ID)
	if err != nil || armored == "" {
		return people
	}
	for _, email := range review.CommitSigners(payload, armored, signers) {
		people = append(people, review.Person{Email: email})
	}
	return people
}

// coveredBy reports whether an approval that counts, by someone who is not
// one of editors, names blob (or blob as it was before cc publish set
// draft: false).
func (g *gate) coveredBy(approvers map[string][]review.Person, snap *gitstore.Snapshot, blob string, editors []review.Person) bool {
	who := approvers[blob]
	if data, err := readHexBlob(snap, blob); err == nil {
		who = append(who, approvers[unpublishedBlob(g.policy.Site, data)]...)
	}
	for _, p := range who {
		if !isOneOf(editors, p) {
			return true
		}
	}
	return false
}

func isOneOf(people []review.Person, p review.Person) bool {
	for _, q := range people {
		if q.Same(p) {
			return true
		}
	}
	return false
}

// moveSubject is the subject cc draft mv writes.
var moveSubject = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^draft\([^)]*\): move from (\S+) to (\S+)\n`)
})

// movedFrom is the old path of a draft that commit message msg says it
// moved to p, or "". A wrong claim only sends the walk to a file whose
// changes are then judged by their content, like any other.
func movedFrom(msg, p string) string {
	m := moveSubject().FindStringSubmatch(msg)
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
