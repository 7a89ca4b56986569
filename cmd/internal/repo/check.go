package repo

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
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
	// Notes are things the gate says once, whatever the verdict: that
	// approvals are not signed, for one.
	Notes []string
}

// Passed reports whether every checked draft passed.
func (v Verdict) Passed() bool { return len(v.Failing) == 0 }

// Failing is a draft that does not pass the gate, and why.
type Failing struct {
	Entry    content.CatalogEntry
	State    string
	Changed  bool // changed since the base
	Problems []review.Problem
	// WaitsOn is who owes what on the draft (review.Owes), as the board
	// says it: the people its problems wait on.
	WaitsOn []review.Owed
}

// Check is the CI gate as of now. Without base it is the full audit: every
// draft whose state requires approval must be approved by the policy, and
// every event file must be readable. With base (the protected branch a
// change is merged into) the base is trusted and the change is not:
//
//   - the policy, path rules and allowed signers are read from base;
//   - event files of base that the change modified, renamed or deleted
//     fail, and so does an event file the change adds that cannot be read;
//   - a draft keeps its identity: one whose id was removed or changed, or
//     that moved, is matched to its base version (by path, then by
//     content) and judged as it, its base path's rules included;
//   - every page the site will publish (content.Live) that is new or
//     changed needs approval, and a live page that disappears needs an
//     approved removal;
//   - whoever changed a draft's content since it was last approved is one
//     of its authors, and may not approve it without self_approval.
//
// Duplicate ids fail either way. With base, the drafts the change does not
// touch are trusted as the base judged them, unless the policy changed
// (gate_scope.go says what touched means).
func (r *Repo) Check(now time.Time, base string) (Verdict, error) {
	var head *View
	var err error
	if base == "" {
		head, err = r.View()
	} else {
		// Nothing the change could have written judges it. Its runs may
		// have saved the cache folder that CI restores (a pull request's
		// earlier push can run a workflow of its own), and a planted
		// verdict, summary or history would be believed: the gate reads
		// what it judges from the objects. Its cost grows with the change,
		// so it needs no cache. The change's own configuration judges
		// nothing, and may not even parse: the tip is read with the base's.
		r.store.IgnoreCaches()
		head, err = r.unjudgedView()
	}
	if err != nil {
		return Verdict{}, err
	}
	g := &gate{now: now, head: head, judged: head, trust: head, failing: map[string]*Failing{}}
	g.out = Verdict{Commit: head.snap.Commit().String(), Policy: review.ConfigPath + " at HEAD"}
	if base != "" {
		tip, err := head.baseView(base)
		if err != nil {
			return Verdict{}, err
		}
		g.baseRef, g.trust = base, tip
		g.judged = head.withConfig(tip.config)
		g.out.Base, g.out.Policy = base, review.ConfigPath+" at "+base
		if g.base, err = g.forkPoint(tip); err != nil {
			return Verdict{}, err
		}
	}
	g.policy = g.judged.config
	g.keys = newKeyJudge(head, g.trust, now)
	if err := g.run(); err != nil {
		return Verdict{}, err
	}
	return g.out, nil
}

// gate is one run of Check.
type gate struct {
	now     time.Time
	head    *View // the change: the tip
	judged  *View // the tip, its drafts found by the trusted policy's folders
	base    *View // what the change started from: where it forked from the base; nil for the full audit
	trust   *View // where policy and allowed signers come from: the base's tip, or head
	baseRef string
	policy  review.Config

	drafts    []content.CatalogEntry
	summaries map[string]review.Summary
	sums      *summaryRun                     // the full audit's, started before the drafts are read
	was       map[string]content.CatalogEntry // path -> draft at base
	identity  map[string]content.CatalogEntry // head path -> the base draft it is
	keys      *keyJudge
	blobs     map[treePath]string // pathBlob's memo
	walkCut   bool                // editors stopped at maxAuthorWalk commits
	failing   map[string]*Failing // by head (or base) path
	order     []string
	out       Verdict
}

func (g *gate) run() error {
	if g.base == nil {
		// The full audit reads every event file, and the catalog every
		// draft: each leaves a core idle at times (a batch planned on
		// one, the end of a batch), which the other fills.
		g.sums = g.judged.startSummaries()
		defer g.sums.stop()
	}
	if err := g.collect(); err != nil {
		return err
	}
	if g.base != nil {
		if err := g.evidence(); err != nil {
			return err
		}
		if err := g.identities(); err != nil {
			return err
		}
		if err := g.siteConfig(); err != nil {
			return err
		}
		if err := g.foreignPages(); err != nil {
			return err
		}
	}
	g.duplicates()
	if g.base == nil {
		if err := g.audit(); err != nil {
			return err
		}
	} else if err := g.judgeAll(); err != nil {
		return err
	}
	if g.base != nil {
		if err := g.removals(); err != nil {
			return err
		}
	}
	g.keys.save()
	for _, p := range g.order {
		g.out.Failing = append(g.out.Failing, *g.failing[p])
	}
	if g.walkCut {
		g.out.Notes = append(g.out.Notes, fmt.Sprintf("a draft's history is longer than %d commits; whoever changed it before that is not counted among its authors", maxAuthorWalk))
	}
	if !g.policy.Workflow.RequireSigned && g.out.Checked > 0 {
		g.out.Notes = append(g.out.Notes, "approvals are unsigned (workflow.require_signed is false in "+g.out.Policy+
			"), so they are only as honest as the people who can push; see .cc/allowed_signers in docs/format.md")
	}
	return nil
}

// collect reads the drafts the check judges, their base versions and
// their reviews: with a base and the same policy, only what the change
// touches (gate_scope.go); otherwise every draft. The full audit leaves
// the reviews to audit, which reads them as it judges.
func (g *gate) collect() error {
	if g.base != nil && !g.policyChanged() {
		return g.scoped()
	}
	var err error
	if g.drafts, err = g.judged.Drafts(); err != nil || g.base == nil {
		return err
	}
	if g.summaries, err = g.judged.summaries(); err != nil {
		return err
	}
	g.was, err = g.baseDrafts()
	return err
}

// judgeAll judges the drafts of a check with a base, whose reviews
// collect read.
func (g *gate) judgeAll() error {
	live := map[string]bool{}
	for _, e := range g.drafts {
		live[e.ID] = true
	}
	open := map[string]int{}
	var bad []string
	for id, sum := range g.summaries {
		if n := len(sum.OpenThreads); n > 0 && !live[id] {
			open[id] = n
		}
		if len(sum.Problems) > 0 {
			bad = append(bad, id)
		}
	}
	g.leftBehind(open)
	sort.Strings(bad) // the report reads the same every run
	for _, id := range bad {
		if treeAt(g.base.snap, reviewsDir+"/"+id) != treeAt(g.head.snap, reviewsDir+"/"+id) {
			g.badEvents(id, g.summaries[id])
		}
	}
	if err := g.strayEventFiles(); err != nil {
		return err
	}
	for _, e := range g.drafts {
		if err := g.judge(e, g.summaries[e.ID]); err != nil {
			return err
		}
	}
	return nil
}

// fail records a problem of draft e; a draft is counted as checked once.
func (g *gate) fail(e content.CatalogEntry, changed bool, p review.Problem) *Failing {
	f := g.failing[e.Path]
	if f == nil {
		f = &Failing{Entry: e, Changed: changed}
		g.failing[e.Path] = f
		g.order = append(g.order, e.Path)
		g.out.Checked++
	}
	f.Problems = append(f.Problems, p)
	return f
}

// judge applies the policy to one draft of the change, whose review
// summary is sum.
func (g *gate) judge(e content.CatalogEntry, sum review.Summary) (err error) {
	if f := g.failing[e.Path]; f != nil {
		if e.Problem != "" || f.Problems[0].Code == codeIDChanged || f.Problems[0].Code == codeDuplicateID {
			return nil // it cannot be shown to be approved; nothing more to say
		}
	}
	if e.Problem != "" {
		fix := "fix the front matter and run cc draft save"
		if strings.HasSuffix(e.Problem, notAFile) {
			fix = "put the files themselves in the content folder, where they are reviewed, or make this change on its own, merged by someone allowed to bypass the gate"
		}
		g.fail(e, g.changed(e), review.Problem{Code: "unreadable", Message: e.Problem, Fix: fix})
		return nil
	}
	changed := g.changed(e)
	facts := review.DraftFacts{ID: e.ID, Path: e.Path, Blob: e.Blob}
	was, known := g.identity[e.Path]
	if known && was.Path != e.Path {
		facts.BasePath = was.Path
	}
	st := review.Evaluate(g.policy, facts, sum, g.judged.sameContent(e), g.now)
	var d *content.Draft
	live := false
	if changed {
		var perr error
		if d, perr = g.judged.ParseDraft(e); perr == nil {
			live = g.judged.config.Site.Live(e.Path, d)
		}
	}
	if !review.NeedsCheck(g.policy, st, changed) && !live {
		if f := g.failing[e.Path]; f != nil {
			f.State = st.State
		}
		return nil
	}
	// What only a checked draft needs: its authors, and its signatures.
	if d == nil {
		d, _ = g.judged.ParseDraft(e)
	}
	if d != nil {
		facts.Authors = draftAuthors(d)
	}
	if known {
		facts.Authors = appendPeople(facts.Authors, g.baseAuthors(was)...)
	}
	if g.policy.Workflow.RequireSigned {
		if sum, err = g.keys.verified(sum, review.TypeApprove, review.TypePublish); err != nil {
			return err
		}
	}
	unknown := false
	if changed {
		var more []review.Person
		if more, unknown, err = g.editors(e, sum, facts.Authors); err != nil {
			return err
		}
		facts.Authors = appendPeople(facts.Authors, more...)
	}
	if facts.AuthorKeys, err = g.authorKeys(facts.Authors); err != nil {
		return err
	}
	st = review.Evaluate(g.policy, facts, sum, g.judged.sameContent(e), g.now)
	if unknown {
		st.Problems = append(st.Problems, shallowProblem())
	}
	f := g.failing[e.Path]
	if !review.NeedsCheck(g.policy, st, changed) && !live {
		// Its approvals, judged in full, do not approve it, and it is
		// work in progress that this change did not touch.
		if f != nil {
			f.State = st.State
		}
		return nil
	}
	if f == nil {
		g.out.Checked++
	}
	// When only some may publish, a page goes live by their cc publish.
	unpublished := live && len(g.policy.Workflow.Publishers) > 0 && !review.PublishedByPublisher(g.policy.Workflow, sum)
	if len(st.Problems) == 0 && !unpublished {
		if f != nil {
			f.State = st.State
		}
		return nil
	}
	if f == nil {
		f = &Failing{Entry: e, Changed: changed}
		g.failing[e.Path] = f
		g.order = append(g.order, e.Path)
	}
	f.State = st.State
	site := g.judged.config.Site
	if publishers := g.policy.Workflow.Publishers; unpublished {
		fix := fmt.Sprintf("ask one of them to run cc publish %s", ref(e))
		if how := site.Unpublish(); how != "" {
			fix = fmt.Sprintf("keep it unpublished (%s) and %s", how, fix)
		}
		f.Problems = append(f.Problems, review.Problem{Code: codeUnpublished,
			Message: fmt.Sprintf("the site will publish it (%s), but it was never published with cc publish by one of %s (workflow.publishers)", site.LiveWhy(e.Path), strings.Join(publishers, ", ")),
			Fix:     fix})
	}
	if live && !review.NeedsCheck(g.policy, st, changed) {
		fix := fmt.Sprintf("send it to review (cc submit %s)", ref(e))
		if how := site.Unpublish(); how != "" {
			fix += fmt.Sprintf(", or keep it unpublished (%s)", how)
		}
		f.Problems = append(f.Problems, review.Problem{Code: codeLive,
			Message: fmt.Sprintf("the site will publish it (%s) and it changed since %s, so it needs approval like any change", site.LiveWhy(e.Path), g.baseRef),
			Fix:     fix})
	}
	f.Problems = append(f.Problems, st.Problems...)
	f.WaitsOn = review.Owes(g.policy, st, sum, sum.Loop(), g.now)
	return nil
}

// changed reports whether draft e is new or changed since the base: its
// content, or its path.
func (g *gate) changed(e content.CatalogEntry) bool {
	if g.base == nil {
		return false
	}
	was, ok := g.identity[e.Path]
	return !ok || was.Path != e.Path || (was.Blob != e.Blob && !g.idWrittenOnly(was, e))
}

// idWrittenOnly reports whether draft e differs from its base version was
// only by the id cc wrote into it, as it does the first time it records
// something about a page that has none (a comment on an adopted page):
// the site builds the same page, so that is no change to gate.
func (g *gate) idWrittenOnly(was, e content.CatalogEntry) bool {
	if was.ID != "" || e.ID == "" {
		return false
	}
	read := func(blob string) ([]byte, error) {
		h, err := gitstore.ParseHash(blob)
		if err != nil {
			return nil, err
		}
		return readBlobLimited(g.judged.snap, e.Path, h)
	}
	before, err := read(was.Blob)
	if err != nil {
		return false
	}
	now, err := read(e.Blob)
	if err != nil {
		return false
	}
	d, err := g.judged.config.Site.Parse(e.Path, before)
	if err != nil || d.SetID(e.ID) != nil {
		return false
	}
	return bytes.Equal(d.Bytes(), now)
}
