package repo

import "sort"

// ThreadRef names an open thread and the draft it belongs to.
type ThreadRef struct {
	ID    string
	Draft string
}

// OpenThreads lists every open thread, by draft id then opening order. It
// reads the review summaries (cached by event folder), not the events, so
// shell completion stays fast on large repositories.
func (v *View) OpenThreads() ([]ThreadRef, error) {
	sums, err := v.summaries()
	if err != nil {
		return nil, err
	}
	drafts := make([]string, 0, len(sums))
	for id := range sums {
		drafts = append(drafts, id)
	}
	sort.Strings(drafts)
	var out []ThreadRef
	for _, d := range drafts {
		for _, t := range sums[d].OpenThreads {
			out = append(out, ThreadRef{ID: t, Draft: d})
		}
	}
	return out, nil
}

// CheckDraftRef returns the error an action would give for ref before it
// does any work: nil when ref names a draft at the tip, or a removed draft
// (see removedDraft). Commands call it before asking for text in an
// editor.
func (v *View) CheckDraftRef(ref string) error {
	_, err := v.FindDraft(ref)
	if err != nil {
		if _, ok := v.removedDraft(ref); ok {
			return nil
		}
	}
	return err
}
