package repo

import (
	"strings"
	"testing"
	"time"

	"github.com/cc-content/cc/review"
)

// owed finds the item of draft id on the board that kind names, or nil.
func owed(t *testing.T, r *Repo, now time.Time, id, kind string) (*review.Owed, DraftStatus) {
	t.Helper()
	board, err := r.mustView(t).Board(now, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range board {
		if d.Entry.ID != id {
			continue
		}
		for i := range d.WaitsOn {
			if d.WaitsOn[i].Kind == kind {
				return &d.WaitsOn[i], d
			}
		}
		return nil, d
	}
	t.Fatalf("draft %s is not on the board", id)
	return nil, DraftStatus{}
}

func inboxKinds(t *testing.T, r *Repo, now time.Time, p review.Person) []string {
	t.Helper()
	items, err := r.mustView(t).Inbox(now, p)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.Kind)
	}
	return out
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// A published draft edited afterwards fails the gate; the board says who
// can let it through instead of "published, waits on -".
func TestOwesEditedPublishedDraftAgreesWithCheck(t *testing.T) {
	r, dir := newContentRepo(t)
	d := must[Changed](t)(r.NewDraft(as(ada, t0), NewDraft{Title: "Plan", Body: []byte("We launch in March.\n")}))
	id := d.Entry.ID
	must[Recorded](t)(r.Submit(as(ada, t0.Add(time.Hour)), id, ReviewRequest{Reviewers: []string{grace.Email}}, ""))
	must[Recorded](t)(r.Approve(as(grace, t0.Add(2*time.Hour)), id, ""))
	must[Recorded](t)(r.Publish(as(ada, t0.Add(3*time.Hour)), id, ""))
	writeFile(t, dir, d.Entry.Path, strings.Replace(string(must[[]byte](t)(r.WorktreeFile(d.Entry.Path))), "March", "April", 1))
	must[Saved](t)(r.Save(as(ada, t0.Add(4*time.Hour)), []string{id}, "April", SaveOptions{}))

	now := t0.Add(5 * time.Hour)
	verdict := must[Verdict](t)(r.Check(now, ""))
	if verdict.Passed() {
		t.Fatal("check passed an edited published draft")
	}
	o, ds := owed(t, r, now, id, review.OwedApproval)
	if ds.Status.State != review.StatePublished || o == nil {
		t.Fatalf("board: %s waits on %+v; want an approval owed", ds.Status.State, ds.WaitsOn)
	}
	if !o.IsFor(grace, ds.Status.Authors) || !strings.Contains(o.What, "earlier version") {
		t.Fatalf("owed %+v; want grace to approve the edit", o)
	}
	if got := inboxKinds(t, r, now, grace); len(got) != 1 || got[0] != review.OwedApproval {
		t.Fatalf("grace's inbox: %v", got)
	}
	// check's message names the same people for the same things.
	if len(verdict.Failing) != 1 || len(verdict.Failing[0].WaitsOn) != len(ds.WaitsOn) {
		t.Fatalf("check waits on %+v; the board on %+v", verdict.Failing, ds.WaitsOn)
	}
	for i, o := range verdict.Failing[0].WaitsOn {
		if o.Kind != ds.WaitsOn[i].Kind || strings.Join(o.Who, ",") != strings.Join(ds.WaitsOn[i].Who, ",") || o.What != ds.WaitsOn[i].What {
			t.Fatalf("check waits on %+v; the board on %+v", o, ds.WaitsOn[i])
		}
	}
}

// After changes were asked, made and the draft submitted again, the
// reviewer owes the next step, not the writer.
func TestOwesResubmitMovesTheTurnToTheReviewer(t *testing.T) {
	r, dir := newContentRepo(t)
	d := must[Changed](t)(r.NewDraft(as(ada, t0), NewDraft{Title: "Plan", Body: []byte("We launch in March.\n")}))
	id := d.Entry.ID
	must[Recorded](t)(r.Submit(as(ada, t0.Add(time.Hour)), id, ReviewRequest{Reviewers: []string{grace.Email}}, ""))
	must[Recorded](t)(r.RequestChanges(as(grace, t0.Add(2*time.Hour)), id, "Name the week."))
	now := t0.Add(3 * time.Hour)
	if got := inboxKinds(t, r, now, ada); len(got) != 1 || got[0] != review.OwedChanges {
		t.Fatalf("ada's inbox after request-changes: %v", got)
	}
	writeFile(t, dir, d.Entry.Path, strings.Replace(string(must[[]byte](t)(r.WorktreeFile(d.Entry.Path))), "March", "the second week of March", 1))
	must[Saved](t)(r.Save(as(ada, t0.Add(4*time.Hour)), []string{id}, "", SaveOptions{}))
	must[Recorded](t)(r.Submit(as(ada, t0.Add(5*time.Hour)), id, ReviewRequest{}, "Week named."))
	now = t0.Add(6 * time.Hour)
	if got := inboxKinds(t, r, now, ada); len(got) != 0 {
		t.Fatalf("ada's inbox after resubmitting: %v; want nothing", got)
	}
	if got := inboxKinds(t, r, now, grace); len(got) != 1 || got[0] != review.OwedRereview {
		t.Fatalf("grace's inbox after the resubmit: %v; want the changes to review", got)
	}
}

// Asking the same reviewer twice is one thing they owe.
func TestOwesDuplicateRequestListedOnce(t *testing.T) {
	r, _ := newContentRepo(t)
	d := must[Changed](t)(r.NewDraft(as(ada, t0), NewDraft{Title: "Plan", Body: []byte("We launch in March.\n")}))
	id := d.Entry.ID
	must[Recorded](t)(r.Submit(as(ada, t0.Add(time.Hour)), id, ReviewRequest{Reviewers: []string{grace.Email}, Due: "1d"}, ""))
	must[Recorded](t)(r.RequestReview(as(ada, t0.Add(2*time.Hour)), id, ReviewRequest{Reviewers: []string{"GRACE@example.com"}, Due: "3d"}))
	now := t0.Add(30 * time.Hour)
	items := must[[]Item](t)(r.mustView(t).Inbox(now, grace))
	if len(items) != 1 {
		t.Fatalf("grace's inbox lists %d items: %+v", len(items), items)
	}
	if it := items[0]; !it.Since.Equal(t0.Add(time.Hour)) || !it.Due.Equal(t0.Add(74*time.Hour)) || it.Late {
		t.Fatalf("the request %+v; want it since the first ask, due by the second", it.Owed)
	}
}

// A draft in a state of the config's own waits on the people allowed to
// move it on.
func TestOwesCustomStateWaitsOnWhoMayMoveIt(t *testing.T) {
	r, dir := newContentRepo(t)
	writeFile(t, dir, ".cc/config.yaml", "version: 1\ncontent: [content]\nnew: content/posts\nworkflow:\n"+
		"  states: [draft, copy-edit, in-review, approved, published]\n  transitions:\n"+
		"    - {action: submit, from: draft, to: copy-edit}\n"+
		"    - {action: submit, from: copy-edit, to: in-review, by: [eve@example.com]}\n"+
		"    - {action: approve, from: in-review, to: approved}\n"+
		"    - {action: request-changes, from: \"*\", to: draft}\n"+
		"    - {action: publish, from: approved, to: published}\n")
	git(t, dir, "add", ".cc/config.yaml")
	git(t, dir, "commit", "-q", "-m", "copy-edit state")
	d := must[Changed](t)(r.NewDraft(as(ada, t0), NewDraft{Title: "Plan", Body: []byte("We launch in March.\n")}))
	must[Recorded](t)(r.Submit(as(ada, t0.Add(time.Hour)), d.Entry.ID, ReviewRequest{}, ""))
	now := t0.Add(2 * time.Hour)
	o, ds := owed(t, r, now, d.Entry.ID, review.OwedMove)
	if ds.Status.State != "copy-edit" || o == nil || strings.Join(o.Who, ",") != "eve@example.com" || o.What != "submit (to in-review)" {
		t.Fatalf("board: %s waits on %+v; want eve to submit it to in-review", ds.Status.State, ds.WaitsOn)
	}
	eve := review.Person{Name: "Eve Editor", Email: "eve@example.com"}
	if got := inboxKinds(t, r, now, eve); len(got) != 1 || got[0] != review.OwedMove {
		t.Fatalf("eve's inbox: %v", got)
	}
}
