package repo

import (
	"fmt"
	"path"
	"time"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/review"
)

// Verdict is the gate's answer: which drafts it checked against which
// policy, and those that fail.
type Verdict struct {
	Commit  string
	Base    string // the --base revision, "" without one
	Policy  string // where the policy was read: ".cc/config.yaml at HEAD"
	Checked int
	Failing []Failing
}

// Passed reports whether every checked draft passed.
func (v Verdict) Passed() bool { return len(v.Failing) == 0 }

// Failing is a draft that does not pass the gate, and why.
type Failing struct {
	Entry    content.CatalogEntry
	State    string
	Changed  bool // changed since the base
	Problems []review.Problem
}

// Check is the CI gate as of now: every draft whose state requires
// approval (and, with base, every draft changed since base) must be
// approved by the policy. With base, the policy is read from base, so a
// change cannot loosen the rules that judge it.
func (r *Repo) Check(now time.Time, base string) (Verdict, error) {
	v, err := r.View()
	if err != nil {
		return Verdict{}, err
	}
	out := Verdict{Commit: v.snap.Commit().String(), Policy: review.ConfigPath + " at HEAD"}
	var was map[string]content.CatalogEntry // path -> draft at base
	if base != "" {
		if v, was, err = v.judgedBy(base); err != nil {
			return Verdict{}, err
		}
		out.Base, out.Policy = base, review.ConfigPath+" at "+base
	}
	entries, err := v.Drafts()
	if err != nil {
		return Verdict{}, err
	}
	summaries, err := v.summaries()
	if err != nil {
		return Verdict{}, err
	}
	for _, e := range entries {
		old, inBase := was[e.Path]
		changed := was != nil && (!inBase || old.Blob != e.Blob)
		// A draft that cannot be read cannot be shown to be approved, and
		// an id that changed would cut a draft off from its approvals.
		var early []review.Problem
		if e.Problem != "" {
			early = append(early, review.Problem{Code: "unreadable", Message: e.Problem, Fix: "fix the front matter and run cc draft save"})
		} else if inBase && old.ID != "" && old.ID != e.ID {
			early = append(early, review.Problem{Code: "id-changed",
				Message: fmt.Sprintf("its id was %s at %s and is %q now; an id is never changed or removed", old.ID, base, e.ID),
				Fix:     fmt.Sprintf("put back 'id: %s' in its front matter", old.ID)})
		}
		if len(early) > 0 {
			out.Checked++
			out.Failing = append(out.Failing, Failing{Entry: e, Changed: changed, Problems: early})
			continue
		}
		sum := summaries[e.ID]
		facts := review.DraftFacts{ID: e.ID, Path: e.Path, Blob: e.Blob}
		st := review.Evaluate(v.config, facts, sum, v.sameContent(e), now)
		if !review.NeedsCheck(v.config, st, changed) {
			continue
		}
		// Authors matter only for drafts that are checked: read them now.
		if d, err := v.ParseDraft(e); err == nil {
			facts.Authors = draftAuthors(d)
			st = review.Evaluate(v.config, facts, sum, v.sameContent(e), now)
		}
		out.Checked++
		if len(st.Problems) > 0 {
			out.Failing = append(out.Failing, Failing{Entry: e, State: st.State, Changed: changed, Problems: st.Problems})
		}
	}
	return out, nil
}

// judgedBy returns v judged by the policy at ref, and the drafts of ref by
// path, so the gate can tell what changed. The policy of the change under
// review never judges the change: even which folders hold drafts comes
// from ref.
func (v *View) judgedBy(ref string) (*View, map[string]content.CatalogEntry, error) {
	h, err := v.r.store.Resolve(ref)
	if err != nil {
		return nil, nil, fmt.Errorf("--base %s: %w (in a shallow clone, fetch it first: git fetch --depth=1 origin %s)", ref, err, path.Base(ref))
	}
	snap, err := v.r.store.Snapshot(h)
	if err != nil {
		return nil, nil, fmt.Errorf("--base %s: %w", ref, err)
	}
	cfg, err := loadConfig(snap)
	if err != nil {
		return nil, nil, fmt.Errorf("--base %s: %w", ref, err)
	}
	judged := v.withConfig(cfg)
	if err := judged.loadCatalog(); err != nil {
		return nil, nil, err
	}
	// The base shares most folders with the tip: the tip's catalog serves
	// every folder whose tree id is the same.
	roots, _, err := buildCatalog(snap, cfg.Content, judged.roots)
	if err != nil {
		return nil, nil, err
	}
	drafts := map[string]content.CatalogEntry{}
	for _, root := range roots {
		root.Walk(func(e content.CatalogEntry) { drafts[e.Path] = e })
	}
	return judged, drafts, nil
}

// sameContent is the content comparison approvals use for draft e.
func (v *View) sameContent(e content.CatalogEntry) func(string) bool {
	var now []byte
	return func(blob string) bool {
		if blob == e.Blob {
			return true
		}
		if now == nil {
			data, err := v.snap.ReadFile(e.Path)
			if err != nil {
				return false
			}
			now = data
		}
		return sameContentAs(v.snap, e.Blob, now)(blob)
	}
}
