package repo

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// placements are the threads of every draft at the tip as r places them,
// made afresh (no cache).
func placements(t *testing.T, dir string, share bool) map[string][]Placed {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(gitCommonDir(t, dir), "cc", "cache")); err != nil {
		t.Fatal(err)
	}
	r, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if share {
		r.ShareFileHistories()
	}
	v := r.mustView(t)
	drafts, err := v.Drafts()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]Placed{}
	for _, e := range drafts {
		p, err := v.Page(e, nil, t0.Add(48*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Path] = p.Threads
	}
	return out
}

func gitCommonDir(t *testing.T, dir string) string {
	return filepath.Join(dir, strings.TrimSpace(git(t, dir, "rev-parse", "--git-common-dir")))
}

// edit replaces old with new in the draft at p and commits it with git.
func edit(t *testing.T, dir, p, old, new string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, p))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s lacks %q", p, old)
	}
	writeFile(t, dir, p, strings.Replace(string(data), old, new, 1))
	git(t, dir, "commit", "-qam", "edit "+p)
}

// Threads are placed the same whether a draft's history is walked on its
// own or looked up in the histories shared by every file: after edits,
// renames, a merge, a delete and re-creation, in a shallow clone, and
// after the tip moved on.
func TestSharedFileHistoriesPlaceThreadsAsTheWalk(t *testing.T) {
	r, dir := newContentRepo(t)
	body := "We launch in March.\n\nThen we measure.\n\nThe budget is small.\n\nAsk Lin about it.\n"
	var paths []string
	for i, title := range []string{"Plan", "Notes", "Gone"} {
		d, err := r.NewDraft(as(ada, t0.Add(time.Duration(i)*time.Minute)), NewDraft{Title: title, Body: []byte(body)})
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, d.Entry.Path)
	}
	at := t0
	comment := func(ref, quote string) {
		t.Helper()
		at = at.Add(time.Minute)
		if _, err := r.Comment(as(grace, at), ref, Comment{Body: "About " + quote, Quote: quote}); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range paths {
		comment(p, "in March")
		comment(p, "budget is small")
	}
	edit(t, dir, paths[0], "We launch in March.", "Budgets come first.\n\nWe launch in March.")
	comment(paths[0], "Ask Lin")
	edit(t, dir, paths[0], "Ask Lin", "Ask Grace")
	edit(t, dir, paths[1], "The budget is small.", "The budget is very small.")
	// A branch edits and comments on a version the main line never had.
	git(t, dir, "checkout", "-q", "-b", "side")
	edit(t, dir, paths[0], "Then we measure.", "Then we measure twice.")
	comment(paths[0], "measure twice")
	git(t, dir, "checkout", "-q", "main")
	edit(t, dir, paths[1], "Then we measure.", "Then we count.")
	git(t, dir, "merge", "-q", "--no-edit", "side")
	// A renamed draft, and one deleted and made again.
	renamed := strings.Replace(paths[1], ".md", "-renamed.md", 1)
	git(t, dir, "mv", paths[1], renamed)
	git(t, dir, "commit", "-qm", "rename")
	edit(t, dir, renamed, "Then we count.", "Then we count again.")
	gone, err := os.ReadFile(filepath.Join(dir, paths[2]))
	if err != nil {
		t.Fatal(err)
	}
	git(t, dir, "rm", "-q", paths[2])
	git(t, dir, "commit", "-qm", "delete")
	writeFile(t, dir, paths[2], strings.Replace(string(gone), "in March", "in May", 1))
	git(t, dir, "add", paths[2])
	git(t, dir, "commit", "-qm", "again")

	check := func(dir string) {
		t.Helper()
		walked, shared := placements(t, dir, false), placements(t, dir, true)
		if len(walked) != 3 {
			t.Fatalf("placed threads of %d drafts, want 3", len(walked))
		}
		if !reflect.DeepEqual(walked, shared) {
			t.Errorf("placed with shared histories:\n%s\nwalked:\n%s", describePlaced(shared), describePlaced(walked))
		}
	}
	check(dir)
	moved := describePlaced(placements(t, dir, true))
	if !strings.Contains(moved, "moved") || !strings.Contains(moved, "fuzzy") || !strings.Contains(moved, "revisions 3") {
		t.Errorf("no thread is followed through versions, so the history checks little:\n%s", moved)
	}

	// The tip moves on under a Repo that shares the histories: they grow,
	// kept in the cache, and place as the walk does.
	shared, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	shared.ShareFileHistories()
	before := shared.mustView(t)
	if err := before.PrepareFileHistories(); err != nil {
		t.Fatal(err)
	}
	kept, err := before.fileHistories()
	if err != nil {
		t.Fatal(err)
	}
	edit(t, dir, paths[0], "Budgets come first.", "Budgets come first and last.")
	comment(paths[0], "first and last")
	edit(t, dir, paths[0], "Budgets come", "Money comes")
	v := shared.mustView(t)
	e, err := v.FindDraft(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	grown, err := v.Page(e, nil, t0.Add(48*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	// A page begun at the old tip gets the histories kept for it.
	if again, err := before.fileHistories(); err != nil || again != kept {
		t.Errorf("the old tip's histories were made again (%v)", err)
	}
	if want := placements(t, dir, false)[paths[0]]; !reflect.DeepEqual(grown.Threads, want) {
		t.Errorf("after the tip moved, placed with shared histories:\n%s\nwalked:\n%s",
			describePlaced(map[string][]Placed{"": grown.Threads}), describePlaced(map[string][]Placed{"": want}))
	}

	for _, depth := range []string{"2", "5"} {
		clone := filepath.Join(t.TempDir(), "clone")
		git(t, dir, "clone", "-q", "--no-local", "--depth", depth, dir, clone)
		check(clone)
	}
}

func describePlaced(m map[string][]Placed) string {
	var b strings.Builder
	for p, threads := range m {
		for _, th := range threads {
			fmt.Fprintf(&b, "%s %q:", p, th.Thread.Anchor.Quote)
			if th.Match != nil {
				fmt.Fprintf(&b, " %s %d-%d revisions %d cut %v", th.Match.State, th.Match.Start, th.Match.End, th.Match.Revisions, th.Match.HistoryCut)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
