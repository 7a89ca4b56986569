package repo

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cc-content/cc/review"
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

// No action on one draft reads the review of every draft, with the caches
// gone (a fresh clone) or not, nor, with the caches there, the catalog:
// what each reads grows with that draft, not with the repository.
func TestSingleDraftActionsReadTheirDraftOnly(t *testing.T) {
	r, dir := newContentRepo(t)
	body := []byte("The launch is in March.\n\nThe price is ten euros.\n")
	var id string
	other := must[Changed](t)(r.NewDraft(as(ada, t0), NewDraft{Title: "Other", Body: body})).Entry.ID
	must[Recorded](t)(r.Comment(as(grace, t0), other, Comment{Body: "A review of another draft."}))
	gitDir := strings.TrimSpace(git(t, dir, "rev-parse", "--absolute-git-dir"))
	summaries := filepath.Join(gitDir, "cc", "cache", summariesCache)

	var thread, suggestion, reply string
	actions := []struct {
		name string
		do   func(r *Repo) (Recorded, error)
	}{
		{"comment", func(r *Repo) (Recorded, error) {
			rec, err := r.Comment(as(grace, t0), id, Comment{Body: "Which week?", Quote: "March"})
			if err == nil {
				thread = rec.Event.ID
			}
			return rec, err
		}},
		{"reply", func(r *Repo) (Recorded, error) {
			rec, err := r.Comment(as(ada, t0), id, Comment{Body: "The second.", ReplyTo: thread})
			if err == nil {
				reply = rec.Event.ID
			}
			return rec, err
		}},
		{"suggest", func(r *Repo) (Recorded, error) {
			rec, err := r.Suggest(as(grace, t0), id, Suggestion{Quote: "ten", Replacement: "twelve"})
			if err == nil {
				suggestion = rec.Event.ID
			}
			return rec, err
		}},
		{"edit", func(r *Repo) (Recorded, error) {
			return r.Reword(as(ada, t0), reply, review.TypeEdit, "The second week.")
		}},
		{"apply", func(r *Repo) (Recorded, error) { return r.Apply(as(ada, t0), suggestion) }},
		{"resolve", func(r *Repo) (Recorded, error) {
			return r.SetThreadState(as(grace, t0), thread, review.TypeResolve, "")
		}},
		{"reopen", func(r *Repo) (Recorded, error) {
			return r.SetThreadState(as(grace, t0), thread, review.TypeReopen, "")
		}},
		{"decide", func(r *Repo) (Recorded, error) {
			return r.Decide(as(grace, t0), thread, Decision{Text: "The second week.", Followups: []Followup{{Who: "zed@example.com"}}})
		}},
		{"request review", func(r *Repo) (Recorded, error) {
			return r.RequestReview(as(ada, t0), id, ReviewRequest{Reviewers: []string{"zed@example.com"}})
		}},
		{"assign", func(r *Repo) (Recorded, error) {
			return r.Assign(as(ada, t0), id, Assignment{Who: "yuri@example.com"})
		}},
		{"request changes", func(r *Repo) (Recorded, error) { return r.RequestChanges(as(grace, t0), id, "Not yet.") }},
		{"approve", func(r *Repo) (Recorded, error) { return r.Approve(as(grace, t0), id, "") }},
		{"retract", func(r *Repo) (Recorded, error) { return r.Reword(as(ada, t0), reply, review.TypeRetract, "") }},
		{"save", func(r *Repo) (Recorded, error) {
			v := r.mustView(t)
			e, err := v.FindDraft(id)
			if err != nil {
				return Recorded{}, err
			}
			writeFile(t, dir, e.Path, "---\nid: "+id+"\ntitle: Launch\n---\nThe launch is in April.\n")
			_, err = r.Save(as(ada, t0), []string{id}, "", SaveOptions{})
			return Recorded{}, err
		}},
		{"move", func(r *Repo) (Recorded, error) {
			_, _, err := r.Move(as(ada, t0), id, "moved-"+id)
			return Recorded{}, err
		}},
		{"remove", func(r *Repo) (Recorded, error) {
			_, err := r.Remove(as(ada, t0), id)
			return Recorded{}, err
		}},
	}
	for _, cold := range []bool{true, false} {
		id = must[Changed](t)(r.NewDraft(as(ada, t0), NewDraft{Title: fmt.Sprintf("Launch %v", cold), Body: body})).Entry.ID
		for _, a := range actions {
			if cold {
				if err := os.RemoveAll(filepath.Join(gitDir, "cc")); err != nil {
					t.Fatal(err)
				}
			}
			r := openFresh(t, dir, false)
			v := viewOfNextWrite(t, r)
			if _, err := a.do(r); err != nil {
				t.Fatalf("cold=%v: %s: %v", cold, a.name, err)
			}
			if _, err := os.Stat(summaries); err == nil {
				t.Fatalf("cold=%v: %s read every draft's review", cold, a.name)
			}
			// Cold, naming the draft by id builds the draft index once.
			if !cold && catalogRead(v) {
				t.Fatalf("%s read the catalog", a.name)
			}
		}
	}
}
