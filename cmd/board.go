package cmd

import (
	"sort"
	"time"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/review"
)

// draftStatus is one draft on the board: where it is and what it waits
// for, from the same summaries and policy cc check uses.
type draftStatus struct {
	Entry  content.CatalogEntry
	Status review.Status
}

// board evaluates every draft that has review events (every draft with
// all), in path order. The authors self-approval and inboxes go by are
// the drafts' submitters: reading every draft's front matter would make
// the board as slow as reading the whole site.
func (r *repo) board(all bool) ([]draftStatus, error) {
	entries, err := r.drafts()
	if err != nil {
		return nil, err
	}
	summaries, err := r.summaries()
	if err != nil {
		return nil, err
	}
	now := r.f.Now()
	var out []draftStatus
	for _, e := range entries {
		sum, has := summaries[e.ID]
		if e.Problem != "" || (!has && !all) {
			continue
		}
		facts := review.DraftFacts{ID: e.ID, Path: e.Path, Blob: e.Blob}
		out = append(out, draftStatus{e, review.Evaluate(r.config, facts, sum, r.sameContent(e), now)})
	}
	return out, nil
}

// owes is what a draft waits for: who, what, and since when.
type owes struct {
	Who   string    `json:"who"`
	What  string    `json:"what"`
	Since time.Time `json:"since"`
	Due   time.Time `json:"due,omitzero"`
	Late  bool      `json:"overdue"`
}

// waitsOn lists who owes the next step on a draft, oldest first.
func waitsOn(st review.Status, cfg review.Config) []owes {
	var out []owes
	authors := authorOf(st)
	for _, c := range st.ChangesRequested {
		out = append(out, owes{Who: authors, What: "changes requested by " + c.By.String(), Since: c.Time})
	}
	for _, q := range st.Requests {
		if !q.Answered && st.State != review.StatePublished {
			out = append(out, owes{Who: q.Reviewer, What: "review", Since: q.Since, Due: q.Due, Late: q.Overdue})
		}
	}
	if st.OpenThreads > 0 && cfg.Workflow.ResolveThreads && st.State != review.StatePublished {
		out = append(out, owes{Who: authors, What: "resolve open threads"})
	}
	if st.State == review.StateApproved {
		who := "a publisher"
		if len(cfg.Workflow.Publishers) > 0 {
			who = cfg.Workflow.Publishers[0]
		}
		out = append(out, owes{Who: who, What: "publish"})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Since.Before(out[j].Since) })
	return out
}
