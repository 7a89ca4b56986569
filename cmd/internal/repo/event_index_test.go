package repo

import (
	"strings"
	"testing"

	"github.com/cc-content/cc/review"
)

// The event index finds every event by its folder, cold and warm, and
// after git alone changed the folders: a new event file is found, files
// that are not events of the folder itself are not.
func TestDraftOfEventFolders(t *testing.T) {
	r, dir := newContentRepo(t)
	var drafts []string
	var threads []*review.Event
	for _, title := range []string{"First light", "Second thoughts", "Third way"} {
		d := must[Changed](t)(r.NewDraft(as(ada, t0), NewDraft{Title: title, Body: []byte("Words to talk about.\n")}))
		drafts = append(drafts, d.Entry.ID)
		threads = append(threads, must[Recorded](t)(r.Comment(as(grace, t0), d.Entry.ID, Comment{Body: "Why?"})).Event)
	}
	find := func(ref string) (string, error) {
		t.Helper()
		return r.mustView(t).DraftOfEvent(ref)
	}
	for _, cold := range []bool{true, false} {
		r = openFresh(t, dir, cold)
		for i, ev := range threads {
			// Every event is made at t0: a prefix of 12 letters would be
			// mostly its time, and may name two.
			for _, ref := range []string{ev.ID, strings.ToLower(ev.ID[:20])} {
				if got, err := find(ref); err != nil || got != drafts[i] {
					t.Fatalf("cold=%v: %s is in %q (%v), want %s", cold, ref, got, err, drafts[i])
				}
			}
		}
	}

	// git adds an event to the second folder, a file that is no event, and
	// an event file one folder too deep.
	folder := ".cc/reviews/" + drafts[1] + "/"
	old := git(t, dir, "show", "HEAD:"+folder+threads[1].ID+".yaml")
	added := "01KZZZZZZZZZZZZZZZZZZZZZZZ"
	writeFile(t, dir, folder+added+".yaml", strings.Replace(old, threads[1].ID, added, 1))
	writeFile(t, dir, folder+"01KYYYYYYYYYYYYYYYYYYYYYYY.txt", "notes\n")
	writeFile(t, dir, folder+"old/01KXXXXXXXXXXXXXXXXXXXXXXX.yaml", old)
	// ... and renames the first folder's event.
	first := ".cc/reviews/" + drafts[0] + "/"
	git(t, dir, "mv", first+threads[0].ID+".yaml", first+"01KWWWWWWWWWWWWWWWWWWWWWWW.yaml")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "events from outside cc")
	r = openFresh(t, dir, false)
	if got, err := find(added[:14]); err != nil || got != drafts[1] {
		t.Fatalf("the event git added is in %q (%v), want %s", got, err, drafts[1])
	}
	if got, err := find("01KWWWWWWWWW"); err != nil || got != drafts[0] {
		t.Fatalf("the renamed event is in %q (%v), want %s", got, err, drafts[0])
	}
	for _, ref := range []string{"01KYYYYYYYYY", "01KXXXXXXXXX", threads[0].ID} {
		if got, err := find(ref); err == nil {
			t.Errorf("%s is no event of a folder now, found in %s", ref, got)
		}
	}
	if got, err := find(threads[2].ID); err != nil || got != drafts[2] {
		t.Fatalf("an unchanged folder's event is in %q (%v), want %s", got, err, drafts[2])
	}

	// git removes the third folder: its events are gone from the index,
	// which was written back when the cache had none.
	git(t, dir, "rm", "-q", "-r", ".cc/reviews/"+drafts[2])
	git(t, dir, "commit", "-q", "-m", "a review removed")
	r = openFresh(t, dir, false)
	if got, err := find(threads[2].ID); err == nil {
		t.Fatalf("an event of a removed folder was found in %s", got)
	}
	if got, err := find(threads[1].ID); err != nil || got != drafts[1] {
		t.Fatalf("after a removal, %s is in %q (%v), want %s", threads[1].ID, got, err, drafts[1])
	}
}
