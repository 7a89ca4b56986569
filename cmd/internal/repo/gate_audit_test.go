package repo

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/review"
)

// The full audit judges drafts as their reviews are read, in the order
// of the summaries cache (id@tree, where "ab-c@" comes before "ab@"), yet
// its verdict lists bad event files by id, then stray files of
// .cc/reviews, then drafts in path order, and reads the same from the
// cache as cold.
func TestAuditReadsInVerdictOrder(t *testing.T) {
	r, dir := newContentRepo(t)
	var ids []string
	for _, title := range []string{"One", "Two", "Three", "Four"} {
		d := must[Changed](t)(r.NewDraft(as(ada, t0), NewDraft{Title: title, Body: []byte("We launch in March.\n")}))
		id := d.Entry.ID
		must[Recorded](t)(r.Submit(as(ada, t0.Add(time.Hour)), id, ReviewRequest{Reviewers: []string{grace.Email}}, ""))
		must[Recorded](t)(r.Approve(as(grace, t0.Add(2*time.Hour)), id, ""))
		must[Recorded](t)(r.Publish(as(ada, t0.Add(3*time.Hour)), id, ""))
		ids = append(ids, id)
	}
	// Paths in the reverse order of ids, each edited since its approval.
	slices.Sort(ids)
	var want []string
	for _, e := range must[[]content.CatalogEntry](t)(must[*View](t)(r.View()).Drafts()) {
		k := slices.Index(ids, e.ID)
		p := "content/posts/" + string(rune('z'-k)) + ".md"
		git(t, dir, "mv", e.Path, p)
		body := string(must[[]byte](t)(os.ReadFile(filepath.Join(dir, p))))
		writeFile(t, dir, p, strings.Replace(body, "March", "April", 1))
	}
	for k := range ids {
		want = append(want, "content/posts/"+string(rune('z'-len(ids)+1+k))+".md")
	}
	for _, id := range []string{"ab-c", "ab"} {
		writeFile(t, dir, ".cc/reviews/"+id+"/bad.yaml", "type: [broken\n")
	}
	writeFile(t, dir, ".cc/reviews/README", "stray\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "edits and stray files")
	want = append([]string{".cc/reviews/ab", ".cc/reviews/ab-c", ".cc/reviews/README"}, want...)

	now := t0.Add(5 * time.Hour)
	cold := must[Verdict](t)(r.Check(now, ""))
	var got []string
	for _, f := range cold.Failing {
		got = append(got, f.Entry.Path)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("the audit fails\n%v\nwant\n%v", got, want)
	}
	if cold.Checked != len(want) {
		t.Errorf("%d checked; want %d", cold.Checked, len(want))
	}
	cache := r.store.ReadCache(summariesCache)
	sums, err := review.DecodeSummaries(cache)
	if err != nil || len(sums) != len(ids)+2 {
		t.Fatalf("the summaries cache holds %d summaries (%v); want %d", len(sums), err, len(ids)+2)
	}
	warm := must[Verdict](t)(r.Check(now, ""))
	if !reflect.DeepEqual(warm, cold) {
		t.Fatalf("from the cache the audit fails %+v; cold %+v", warm.Failing, cold.Failing)
	}

	// Read a folder at a time, each chunk read while the one before is
	// judged, the audit and its cache are the same.
	defer func(n int) { summarizeChunk = n }(summarizeChunk)
	summarizeChunk = 1
	if err := os.RemoveAll(filepath.Join(dir, ".git", "cc")); err != nil {
		t.Fatal(err)
	}
	chunked := must[Verdict](t)(r.Check(now, ""))
	if !reflect.DeepEqual(chunked, cold) {
		t.Fatalf("a folder at a time the audit fails %+v; at once %+v", chunked.Failing, cold.Failing)
	}
	if again := r.store.ReadCache(summariesCache); !bytes.Equal(again, cache) {
		t.Fatalf("a folder at a time the summaries cache is\n%q\nat once\n%q", again, cache)
	}

	// Too many folders to read beside the drafts: the event files are
	// read once the drafts are, with the same verdict.
	defer func(n int) { summarizeAhead = n }(summarizeAhead)
	summarizeAhead = 1
	if err := os.RemoveAll(filepath.Join(dir, ".git", "cc")); err != nil {
		t.Fatal(err)
	}
	if after := must[Verdict](t)(r.Check(now, "")); !reflect.DeepEqual(after, cold) {
		t.Fatalf("reading the event files after the drafts, the audit fails %+v; beside them %+v", after.Failing, cold.Failing)
	}
}

// A full audit that stops before it judges (the drafts could not be
// read) does not go on to read the event files it held back.
func TestSummaryRunStoppedBeforeItBegan(t *testing.T) {
	r, _ := newContentRepo(t)
	for _, title := range []string{"One", "Two"} {
		d := must[Changed](t)(r.NewDraft(as(ada, t0), NewDraft{Title: title, Body: []byte("We launch in March.\n")}))
		must[Recorded](t)(r.Submit(as(ada, t0.Add(time.Hour)), d.Entry.ID, ReviewRequest{Reviewers: []string{grace.Email}}, ""))
	}
	defer func(n int) { summarizeAhead = n }(summarizeAhead)
	summarizeAhead = 0
	v := must[*View](t)(r.View())
	run := v.startSummaries()
	run.stop()
	if run.sm != nil || len(run.folders) != 2 {
		t.Fatalf("stopped before it began, the run listed %d folders and made a summarizer: %v", len(run.folders), run.sm != nil)
	}
	run = v.startSummaries()
	err := run.each(v, func(string, review.Summary) error { return nil })
	run.stop()
	if err != nil || run.sm == nil {
		t.Fatalf("begun, the run read nothing: %v", err)
	}
}
