package cmd

import (
	"fmt"
	"path"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

type checkOptions struct {
	Base string
	JSON bool
}

type problemOutput struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Fix     string `json:"fix"`
}

type checkedDraft struct {
	draftOutput
	State    string          `json:"state"`
	Changed  bool            `json:"changed"`
	Problems []problemOutput `json:"problems"`
}

type checkOutput struct {
	Version int            `json:"version"`
	Commit  string         `json:"commit"`
	Base    string         `json:"base,omitempty"`
	Policy  string         `json:"policy"`
	Checked int            `json:"checked"`
	Passed  bool           `json:"passed"`
	Failing []checkedDraft `json:"failing"`
}

func newCheckCmd(f *Factory) *cobra.Command {
	opts := &checkOptions{}
	c := &cobra.Command{
		Use:   "check [--base REF]",
		Short: "CI gate: every draft that must be approved is",
		Long: `Check every draft whose state requires approval (and, with --base, every
draft changed since REF): are its approvals present and valid (of the current
content, by people allowed, not self-approval where the policy forbids it), are
the reviewers its path requires among them, are its threads resolved?

Each failing draft is printed with the reason and the command that would fix
it. Exit 0 when all pass, 3 when any fails.

With --base, the policy is read from .cc/config.yaml at REF, so a change cannot
loosen the rules that judge it. Works without a terminal, on a detached HEAD
and in a shallow clone (REF must be fetched: git fetch --depth=1 origin main).`,
		Example: `  cc check
  cc check --base origin/main --json`,
		Args: exactArgs(),
		RunE: func(c *cobra.Command, args []string) error {
			return checkRun(f, opts)
		},
	}
	c.Flags().StringVar(&opts.Base, "base", "", "judge by the policy at `REF` and also check drafts changed since it")
	addJSONFlag(c, &opts.JSON)
	return c
}

func checkRun(f *Factory, opts *checkOptions) error {
	r, err := f.openRepo()
	if err != nil {
		return err
	}
	out := checkOutput{Version: jsonFormatVersion, Commit: r.tip.Commit().String(), Policy: review.ConfigPath + " at HEAD", Failing: []checkedDraft{}}
	var base map[string]content.CatalogEntry // path -> draft at base
	if opts.Base != "" {
		if base, err = r.useBase(opts.Base); err != nil {
			return err
		}
		out.Base, out.Policy = opts.Base, review.ConfigPath+" at "+opts.Base
	}
	entries, err := r.drafts()
	if err != nil {
		return err
	}
	summaries, err := r.summaries()
	if err != nil {
		return err
	}
	now := r.f.Now()
	for _, e := range entries {
		was, inBase := base[e.Path]
		changed := base != nil && (!inBase || was.Blob != e.Blob)
		// A draft that cannot be read cannot be shown to be approved, and
		// an id that changed would cut a draft off from its approvals.
		var early []problemOutput
		if e.Problem != "" {
			early = append(early, problemOutput{Code: "unreadable", Message: e.Problem, Fix: "fix the front matter and run cc draft save"})
		} else if inBase && was.ID != "" && was.ID != e.ID {
			early = append(early, problemOutput{Code: "id-changed",
				Message: fmt.Sprintf("its id was %s at %s and is %q now; an id is never changed or removed", was.ID, opts.Base, e.ID),
				Fix:     fmt.Sprintf("put back 'id: %s' in its front matter", was.ID)})
		}
		if len(early) > 0 {
			out.Checked++
			out.Failing = append(out.Failing, checkedDraft{draftOutput: entryOutput(e), Changed: changed, Problems: early})
			continue
		}
		sum := summaries[e.ID]
		facts := review.DraftFacts{ID: e.ID, Path: e.Path, Blob: e.Blob}
		st := review.Evaluate(r.config, facts, sum, r.sameContent(e), now)
		if !review.NeedsCheck(r.config, st, changed) {
			continue
		}
		// Authors matter only for drafts that are checked: read them now.
		if d, err := r.parseAt(e); err == nil {
			facts.Authors = draftAuthors(d)
			st = review.Evaluate(r.config, facts, sum, r.sameContent(e), now)
		}
		out.Checked++
		if len(st.Problems) == 0 {
			continue
		}
		cd := checkedDraft{draftOutput: entryOutput(e), State: st.State, Changed: changed}
		for _, p := range st.Problems {
			cd.Problems = append(cd.Problems, problemOutput{Code: p.Code, Message: p.Message, Fix: p.Fix})
		}
		out.Failing = append(out.Failing, cd)
	}
	out.Passed = len(out.Failing) == 0
	if opts.JSON {
		if err := writeJSON(f.IO.Out, out); err != nil {
			return err
		}
	} else {
		printCheck(f, out)
	}
	if !out.Passed {
		return errGateNotMet
	}
	return nil
}

func printCheck(f *Factory, out checkOutput) {
	for _, d := range out.Failing {
		fmt.Fprintf(f.IO.Out, "FAIL %s %s (%s)", d.ID, d.Path, d.State)
		if d.Changed {
			fmt.Fprint(f.IO.Out, ", changed")
		}
		fmt.Fprintln(f.IO.Out)
		for _, p := range d.Problems {
			fmt.Fprintf(f.IO.Out, "  - %s\n", p.Message)
			if p.Fix != "" {
				fmt.Fprintf(f.IO.Out, "    fix: %s\n", p.Fix)
			}
		}
	}
	if out.Passed {
		fmt.Fprintf(f.IO.ErrOut, "ok: %d draft%s checked against %s\n", out.Checked, plural(out.Checked), out.Policy)
	} else {
		fmt.Fprintf(f.IO.ErrOut, "%d of %d draft%s checked failed against %s\n", len(out.Failing), out.Checked, plural(out.Checked), out.Policy)
	}
}

// useBase reads the policy from REF and returns the blobs of its drafts, so
// check can tell what changed. The policy of the change under review never
// judges the change.
func (r *repo) useBase(ref string) (map[string]content.CatalogEntry, error) {
	h, err := r.store.Resolve(ref)
	if err != nil {
		return nil, fmt.Errorf("--base %s: %w (in a shallow clone, fetch it first: git fetch --depth=1 origin %s)", ref, err, path.Base(ref))
	}
	snap, err := r.store.Snapshot(h)
	if err != nil {
		return nil, fmt.Errorf("--base %s: %w", ref, err)
	}
	if r.config, err = loadConfig(snap); err != nil {
		return nil, fmt.Errorf("--base %s: %w", ref, err)
	}
	if err := r.loadCatalog(); err != nil {
		return nil, err
	}
	// The base shares most folders with the tip: the tip's catalog serves
	// every folder whose tree id is the same.
	roots, _, err := buildCatalog(snap, r.config.Content, r.roots)
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
func (r *repo) sameContent(e content.CatalogEntry) func(string) bool {
	var now []byte
	return func(blob string) bool {
		if blob == e.Blob {
			return true
		}
		if now == nil {
			data, err := r.tip.ReadFile(e.Path)
			if err != nil {
				return false
			}
			now = data
		}
		return sameContentAs(r.tip, e.Blob, now)(blob)
	}
}

func (r *repo) parseAt(e content.CatalogEntry) (*content.Draft, error) {
	data, err := r.tip.ReadFile(e.Path)
	if err != nil {
		return nil, err
	}
	return content.Parse(e.Path, data)
}

// summariesCache keeps each draft's review summary by the tree id of its
// event folder: only folders that changed are read and folded again.
const summariesCache = "summaries"

// summaries returns the review summary of every draft with events at the
// tip, by draft id.
func (r *repo) summaries() (map[string]review.Summary, error) {
	dirs, err := r.tip.ReadDir(".cc/reviews")
	if isNotExist(err) {
		return map[string]review.Summary{}, nil
	}
	if err != nil {
		return nil, err
	}
	cached, err := review.DecodeSummaries(r.store.ReadCache(summariesCache))
	if err != nil {
		cached = nil
	}
	out := make(map[string]review.Summary, len(dirs))
	keys := make(map[string]string, len(dirs))
	var stale []gitstore.Entry
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		id := path.Base(d.Path)
		key := id + "@" + d.Blob.String()
		keys[id] = key
		if s, ok := cached[key]; ok {
			out[id] = s
			continue
		}
		stale = append(stale, d)
	}
	fresh, err := summarize(r.tip, stale)
	if err != nil {
		return nil, err
	}
	for id, s := range fresh {
		out[id] = s
	}
	if len(fresh) > 0 {
		byKey := make(map[string]review.Summary, len(out))
		for id, s := range out {
			byKey[keys[id]] = s
		}
		_ = r.store.WriteCache(summariesCache, review.EncodeSummaries(byKey))
	}
	return out, nil
}

// summarize reads and folds the event folders dirs, on every core: a
// first check of a large repository reads every event file.
func summarize(snap *gitstore.Snapshot, dirs []gitstore.Entry) (map[string]review.Summary, error) {
	sums, err := parallel(dirs, func(d gitstore.Entry) (review.Summary, error) {
		rv, err := loadReviewTree(snap, path.Base(d.Path), func(fn func(gitstore.Entry) error) error {
			return snap.WalkTree(d.Blob, d.Path, fn)
		})
		if err != nil {
			return review.Summary{}, err
		}
		return review.Summarize(rv), nil
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string]review.Summary, len(dirs))
	for i, d := range dirs {
		out[path.Base(d.Path)] = sums[i]
	}
	return out, nil
}
