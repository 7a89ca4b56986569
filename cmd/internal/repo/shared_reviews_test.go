package repo

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cc-content/cc/gitstore"
)

func TestEventFilesRoundTrip(t *testing.T) {
	in := map[string]cachedFolder{
		"k3x9q2": {tree: gitstore.Hash{1, 2}, files: map[string][]byte{".cc/reviews/k3x9q2/01A.yaml": []byte("type: comment\n"), ".cc/reviews/k3x9q2/01B.yaml": {}}},
		"ab2cd3": {tree: gitstore.Hash{3}, files: map[string][]byte{}},
	}
	enc := encodeEventFiles(in)
	got, err := decodeEventFiles(enc)
	if err != nil || !reflect.DeepEqual(got, in) {
		t.Fatalf("got %+v, %v", got, err)
	}
	if again := encodeEventFiles(got); !bytes.Equal(again, enc) {
		t.Fatal("the same folders encoded to other bytes")
	}
	for _, damaged := range [][]byte{nil, enc[:len(enc)-1], append(bytes.Clone(enc), 0), []byte("cc-event-files 0\n" + string(enc[len(eventFilesMagic):]))} {
		if got, err := decodeEventFiles(damaged); err == nil {
			t.Errorf("read a damaged cache of %d bytes as %+v", len(damaged), got)
		}
	}
}

func FuzzDecodeEventFiles(f *testing.F) {
	f.Add(encodeEventFiles(map[string]cachedFolder{"k3x9q2": {files: map[string][]byte{"a.yaml": []byte("x")}}}))
	f.Add([]byte(eventFilesMagic + "\xff\xff\xff\xff\x0f"))
	f.Add([]byte(eventFilesMagic + "\x01\x01k"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got map[string]cachedFolder
		var err error
		checkBudget(t, len(data), func() { got, err = decodeEventFiles(data) })
		if err != nil {
			return
		}
		again, err := decodeEventFiles(encodeEventFiles(got))
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("what was read does not read back: %+v, %v", again, err)
		}
	})
}

// PrepareReviews takes a folder from the cache an earlier run wrote when
// its tree is the same, and reads one a commit changed since from the
// packs.
func TestPrepareReviewsUsesTheCacheOfUnchangedFolders(t *testing.T) {
	r, dir := newContentRepo(t)
	var ids []string
	for _, title := range []string{"One", "Two"} {
		made, err := r.NewDraft(as(ada, t0), NewDraft{Title: title, Body: []byte("Words of " + title + ".\n")})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, made.Entry.ID)
		if _, err := r.Comment(as(grace, t0.Add(time.Minute)), made.Entry.ID, Comment{Quote: title, Body: "About " + title}); err != nil {
			t.Fatal(err)
		}
	}
	comments := func(id string) string {
		t.Helper()
		served, err := Open(Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		served.ShareReviews()
		v, err := served.View()
		if err != nil {
			t.Fatal(err)
		}
		if err := v.PrepareReviews(); err != nil {
			t.Fatal(err)
		}
		e, err := v.FindDraft(id)
		if err != nil {
			t.Fatal(err)
		}
		p, err := v.Page(e, nil, t0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, ev := range p.Review.Events {
			texts = append(texts, ev.Body)
		}
		return strings.Join(texts, "|")
	}
	if got := comments(ids[0]); got != "About One" {
		t.Fatalf("first start: %q", got)
	}
	// The cache now holds both folders; one is changed in the cache only,
	// the other by a new comment.
	cached, err := decodeEventFiles(r.store.ReadCache(eventFilesCache))
	if err != nil || len(cached) != 2 {
		t.Fatalf("cache after the first start: %d folders, %v", len(cached), err)
	}
	for p := range cached[ids[0]].files {
		cached[ids[0]].files[p] = bytes.Replace(cached[ids[0]].files[p], []byte("About One"), []byte("From the cache"), 1)
	}
	if err := r.store.WriteCache(eventFilesCache, encodeEventFiles(cached)); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Comment(as(grace, t0.Add(2*time.Minute)), ids[1], Comment{Body: "Again"}); err != nil {
		t.Fatal(err)
	}
	if got := comments(ids[0]); got != "From the cache" {
		t.Errorf("unchanged folder: %q, want what the cache holds", got)
	}
	if got := comments(ids[1]); got != "About Two|Again" {
		t.Errorf("changed folder: %q, want it read again", got)
	}
}
