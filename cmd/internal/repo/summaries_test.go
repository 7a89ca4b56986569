package repo

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// The summarizer folds folders a chunk at a time; with more than one
// chunk it spills the event files of them all in pack order first. Its
// summaries are those of one chunk read directly, for folders with bad,
// oversized, shared and nested event files.
func TestSummarizerInChunks(t *testing.T) {
	r, dir := newContentRepo(t)
	var ids []string
	for k := range 7 {
		d := must[Changed](t)(r.NewDraft(as(ada, t0), NewDraft{Title: fmt.Sprintf("Post %d", k), Body: []byte("We launch in March.\n")}))
		id := d.Entry.ID
		must[Recorded](t)(r.Submit(as(ada, t0.Add(time.Hour)), id, ReviewRequest{Reviewers: []string{grace.Email}}, ""))
		if k%2 == 0 {
			must[Recorded](t)(r.Approve(as(grace, t0.Add(2*time.Hour)), id, ""))
		}
		ids = append(ids, id)
	}
	writeFile(t, dir, ".cc/reviews/"+ids[1]+"/bad.yaml", "type: [broken\n")
	writeFile(t, dir, ".cc/reviews/"+ids[2]+"/big.yaml", "body: "+strings.Repeat("x", review.MaxEventSize)+"\n")
	writeFile(t, dir, ".cc/reviews/"+ids[3]+"/bad.yaml", "type: [broken\n")
	writeFile(t, dir, ".cc/reviews/"+ids[4]+"/sub/deep.yaml", "type: comment\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "odd event files")
	git(t, dir, "gc", "-q", "--aggressive")

	v := must[*View](t)(r.View())
	dirs := slices.DeleteFunc(must[[]gitstore.Entry](t)(v.snap.ReadDir(reviewsDir)), func(d gitstore.Entry) bool { return !d.IsDir() })
	if len(dirs) != len(ids) {
		t.Fatalf("%d event folders, want %d", len(dirs), len(ids))
	}
	fold := func(size int) ([]review.Summary, bool) {
		sm := newSummarizer(v.snap, dirs, size)
		defer sm.close()
		var sums []review.Summary
		for k := 0; k*size < len(dirs); k++ {
			sums = append(sums, must[[]review.Summary](t)(sm.next())...)
		}
		return sums, sm.spill != nil
	}
	want, spilled := fold(len(dirs))
	if spilled {
		t.Fatal("one chunk was spilled")
	}
	if p := fmt.Sprint(want); strings.Count(p, "bad.yaml:1:") != 2 || !strings.Contains(p, "big.yaml: event file is") || !strings.Contains(p, "sub/deep.yaml") {
		t.Fatalf("the summaries lack the problems of the odd files: %+v", want)
	}
	got, spilled := fold(2)
	if !spilled {
		t.Fatal("four chunks were not spilled")
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("in chunks of 2 the summaries are\n%+v\nin one\n%+v", got, want)
	}
}
