package repo

import (
	"strings"
	"testing"
)

// A removed draft that never had a review is found by its id in history:
// by the Cc-Draft trailer of cc's commit that added it, or, added and
// removed with plain git, by the front matter of the file a commit
// removed or gave another id. Its log then reaches back to its start.
func TestRemovedDraftWithoutReview(t *testing.T) {
	r, dir := newContentRepo(t)
	byCC, err := r.NewDraft(as(ada, t0), NewDraft{Title: "Gone soon"})
	if err != nil {
		t.Fatal(err)
	}
	git(t, dir, "rm", "-q", byCC.Entry.Path)
	git(t, dir, "commit", "-q", "-m", "remove by hand")

	writeFile(t, dir, "content/plain.md", "---\nid: p4a5n6\ntitle: Plain\n---\nWritten by hand.\n")
	writeFile(t, dir, "content/renumbered.md", "---\nid: q4r5s6\ntitle: Renumbered\n---\nIts id changes.\n")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "add by hand")
	git(t, dir, "mv", "content/plain.md", "content/moved.md")
	git(t, dir, "commit", "-q", "-m", "rename by hand")
	git(t, dir, "rm", "-q", "content/moved.md")
	writeFile(t, dir, "content/renumbered.md", "---\nid: q4r5s7\ntitle: Renumbered\n---\nIts id changes.\n")
	git(t, dir, "commit", "-qam", "remove and renumber by hand")
	live, err := r.NewDraft(as(ada, t0), NewDraft{Title: "Still here"})
	if err != nil {
		t.Fatal(err)
	}

	v := r.mustView(t)
	for _, c := range []struct {
		ref, id string
		commits int
	}{
		{byCC.Entry.ID, byCC.Entry.ID, 2},
		{byCC.Entry.ID[:4], byCC.Entry.ID, 2},
		{"p4a5n6", "p4a5n6", 3},
		{"q4r5s6", "q4r5s6", 2},
	} {
		e, err := v.FindDraftOrRemoved(c.ref)
		if err != nil {
			t.Fatalf("%s: %v", c.ref, err)
		}
		if e.ID != c.id || e.Blob != RemovedBlob {
			t.Fatalf("%s: found %+v, want removed draft %s", c.ref, e, c.id)
		}
		if err := v.CheckDraftRef(c.ref); err != nil {
			t.Fatalf("%s: CheckDraftRef: %v", c.ref, err)
		}
		h, err := v.Log(&e, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Commits) != c.commits {
			t.Fatalf("%s: log has %d commits, want %d: %+v", c.ref, len(h.Commits), c.commits, h.Commits)
		}
		if first := h.Commits[len(h.Commits)-1]; first.Path == "" {
			t.Fatalf("%s: log does not reach the file: %+v", c.ref, h.Commits)
		}
	}
	if e, err := v.FindDraftOrRemoved(live.Entry.ID); err != nil || e.Blob == RemovedBlob || e.Path != live.Entry.Path {
		t.Fatalf("a live draft: %+v, %v", e, err)
	}
	for _, ref := range []string{"q4r5s7x", "zz9zz9", "z"} {
		_, err := v.FindDraftOrRemoved(ref)
		if err == nil || !strings.Contains(err.Error(), "no draft matches") {
			t.Fatalf("%s: %v, want no draft matches", ref, err)
		}
	}
}
