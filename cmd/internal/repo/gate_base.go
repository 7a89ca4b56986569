package repo

import (
	"fmt"
	"path"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/review"
)

// The views a check compares, and small helpers of its verdict.

// unjudgedView is the tip of the branch with the default configuration,
// for a caller that judges it by another one.
func (r *Repo) unjudgedView() (*View, error) {
	head, err := r.store.Head()
	if err != nil {
		return nil, err
	}
	snap, err := r.store.Snapshot(head.Commit)
	if err != nil {
		return nil, err
	}
	return &View{r: r, head: head, snap: snap, config: review.DefaultConfig()}, nil
}

// baseView is the view of ref, the trusted base of a check.
func (v *View) baseView(ref string) (*View, error) {
	h, err := v.r.store.Resolve(ref)
	if err != nil {
		return nil, fmt.Errorf("--base %s: %w (in a shallow clone, fetch it first: git fetch --depth=1 origin %s)", ref, err, path.Base(ref))
	}
	snap, err := v.r.store.Snapshot(h)
	if err != nil {
		return nil, fmt.Errorf("--base %s: %w", ref, err)
	}
	b, err := v.r.viewOf(snap)
	if err != nil {
		return nil, fmt.Errorf("--base %s: %w", ref, err)
	}
	return b, nil
}

// forkPoint is the commit the change forked from the base at (their merge
// base), judged by the base tip's policy: what the change did is what it
// changed since then, so a change that is behind its base is not blamed
// for what the base did meanwhile. Without a common ancestor in this clone
// it is the base's tip, and the verdict says so.
func (g *gate) forkPoint(tip *View) (*View, error) {
	store := g.head.r.store
	h, ok, err := store.MergeBase(g.head.snap.Commit(), tip.snap.Commit())
	if err != nil {
		return nil, err
	}
	if ok && h == g.head.snap.Commit() {
		// Nothing to judge, which is right only for a change that is
		// empty; far more often the flag names the wrong ref (the pull
		// request's own branch), or a job on the base branch was given
		// --base, and would never audit anything.
		return nil, fmt.Errorf("--base %s: HEAD has no commit that %s lacks, so there is no change to judge; "+
			"name the branch the change goes into, or, on that branch itself, run the full audit: cc check", g.baseRef, g.baseRef)
	}
	if !ok {
		g.out.Notes = append(g.out.Notes, "the change and "+g.baseRef+" share no history in this clone, so the change is compared with "+g.baseRef+" itself; fetch more history (fetch-depth: 0) if that blames it for the base's own changes")
		return tip, nil
	}
	if h == tip.snap.Commit() {
		return tip, nil
	}
	snap, err := store.Snapshot(h)
	if err != nil {
		return nil, err
	}
	return &View{r: g.head.r, snap: snap, config: tip.config}, nil
}

// baseDrafts lists the base's drafts by path. The base shares most
// folders with the tip: the tip's catalog serves every folder whose tree
// id is the same.
func (g *gate) baseDrafts() (map[string]content.CatalogEntry, error) {
	if err := g.judged.loadCatalog(); err != nil {
		return nil, err
	}
	roots, _, err := buildCatalog(g.base.snap, g.policy.Site, g.policy.Content, g.judged.roots)
	if err != nil {
		return nil, err
	}
	drafts := map[string]content.CatalogEntry{}
	for _, root := range roots {
		root.Walk(func(e content.CatalogEntry) { drafts[e.Path] = e })
	}
	return drafts, nil
}

// sameContent is the content comparison approvals use for draft e.
func (v *View) sameContent(e content.CatalogEntry) func(string) bool {
	var now []byte
	return func(blob string) bool {
		if blob == e.Blob {
			return true
		}
		if now == nil {
			data, err := readFileLimited(v.snap, e.Path)
			if err != nil {
				return false
			}
			now = data
		}
		return sameContentAs(v.snap, v.config.Site, e.Blob, now)(blob)
	}
}

// ref names a draft in a command line.
func ref(e content.CatalogEntry) string {
	if e.ID != "" {
		return e.ID
	}
	return e.Path
}

// appendPeople adds the people of more not yet in list.
func appendPeople(list []review.Person, more ...review.Person) []review.Person {
	for _, p := range more {
		dup := false
		for _, q := range list {
			dup = dup || q.Same(p)
		}
		if !dup {
			list = append(list, p)
		}
	}
	return list
}

// authorKeys are the fingerprints of the keys the trusted allowed signers
// let sign for one of authors.
func (g *gate) authorKeys(authors []review.Person) ([]string, error) {
	if !g.trust.HasAllowedSigners() {
		return nil, nil
	}
	signers, err := g.trust.AllowedSigners()
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, a := range authors {
		keys = append(keys, signers.KeysFor(a.Email)...)
	}
	return keys, nil
}
