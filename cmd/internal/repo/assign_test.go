package repo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Whether someone is known comes from the configuration, the draft's own
// review and the last commits, on every parent: no other draft's review is
// read, so an assignment costs the same in a repository of any size.
func TestAssignKnowsWithoutOtherReviews(t *testing.T) {
	r, dir := newContentRepo(t)
	one := must[Changed](t)(r.NewDraft(as(ada, t0), NewDraft{Title: "One"})).Entry.ID
	two := must[Changed](t)(r.NewDraft(as(ada, t0), NewDraft{Title: "Two"})).Entry.ID

	// A colleague's commit comes in as the second parent of a merge.
	git(t, dir, "checkout", "-q", "-b", "side", "HEAD~1")
	writeFile(t, dir, "notes.txt", "from the side\n")
	git(t, dir, "add", "notes.txt")
	git(t, dir, "-c", "user.name=Yuri Side", "-c", "user.email=yuri@example.com", "commit", "-q", "-m", "side")
	git(t, dir, "checkout", "-q", "main")
	git(t, dir, "merge", "-q", "--no-ff", "-m", "merge side", "side")

	gitDir := strings.TrimSpace(git(t, dir, "rev-parse", "--absolute-git-dir"))
	summaries := filepath.Join(gitDir, "cc", "cache", summariesCache)
	warned := func(draft, who string) bool {
		t.Helper()
		if err := os.RemoveAll(filepath.Join(gitDir, "cc", "cache")); err != nil {
			t.Fatal(err)
		}
		r := openFresh(t, dir, true)
		rec := must[Recorded](t)(r.Assign(as(grace, t0), draft, Assignment{Who: who}))
		if _, err := os.Stat(summaries); err == nil {
			t.Fatalf("assigning %s read every draft's review", who)
		}
		for _, w := range rec.Warnings {
			if strings.Contains(w, "check the spelling") {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		draft, who string
		warn       bool
	}{
		{one, "zed@example.com", true},       // nobody has seen zed
		{one, "zed@example.com", false},      // one's review has now
		{two, "Zed <zed@example.com>", true}, // two's has not, nor any commit
		{two, "yuri@example.com", false},     // a merged commit's author
		{two, "Ada Writer", false},           // the drafts' author
		{two, "grace@example.com", false},    // the author of the assignments
	} {
		if got := warned(c.draft, c.who); got != c.warn {
			t.Errorf("assigning %s on %s: warned %v, want %v", c.who, c.draft, got, c.warn)
		}
	}
}
