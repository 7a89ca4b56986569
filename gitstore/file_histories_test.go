package gitstore

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// makeFileHistoryRepo makes, with git, a history of edits, renames,
// deletes and re-creations, a file turned into a folder and back, a mode
// change, a file outside the folders, and side branches merged in with
// edits of their own.
func makeFileHistoryRepo(t *testing.T) string {
	dir := t.TempDir()
	git := func(args ...string) string {
		t.Helper()
		return strings.TrimSpace(runGit(t, dir, args...))
	}
	git("init", "-q", "-b", "main")
	rng := rand.New(rand.NewPCG(7, 14))
	names := []string{"content/a.md", "content/b.md", "content/x/c.md", "content/x/y/d.md", "content/e.md", "blog/f.md", "other/g.md"}
	write := func(p string) {
		writeFile(t, filepath.Join(dir, p), fmt.Sprintf("%s %d\n", p, rng.IntN(4)))
	}
	for _, p := range names {
		write(p)
	}
	git("add", "-A")
	git("commit", "-q", "-m", "start")
	for i := range 60 {
		switch i % 20 {
		case 5: // renamed away and back later
			git("mv", "content/b.md", "content/x/b2.md")
		case 9:
			git("mv", "-f", "content/x/b2.md", "content/b.md")
		case 7: // deleted, then made again
			git("rm", "-q", "content/e.md")
		case 11:
			write("content/e.md")
		case 12: // a file turned into a folder, and back
			git("rm", "-q", "content/a.md")
			write("content/a.md/inner.md")
		case 14:
			git("rm", "-q", "-r", "content/a.md")
			write("content/a.md")
		case 15:
			git("update-index", "--chmod=+x", "content/x/c.md")
		case 3, 17: // a side branch with edits, merged
			git("checkout", "-q", "-b", fmt.Sprintf("side%d", i))
			write("content/x/c.md")
			write("content/side.md")
			git("add", "-A")
			git("commit", "-q", "--allow-empty", "-m", "side")
			git("checkout", "-q", "main")
			write("content/x/y/d.md")
			git("add", "-A")
			git("commit", "-q", "--allow-empty", "-m", "main beside side")
			git("merge", "-q", "--no-ff", "-m", "merge", fmt.Sprintf("side%d", i))
			continue
		default:
			write(names[rng.IntN(len(names))])
		}
		git("add", "-A")
		git("commit", "-q", "--allow-empty", "-m", fmt.Sprint(i))
	}
	return dir
}

// walkedHistory is what WalkFileBlobs gives for path, walked to its end.
func walkedHistory(t *testing.T, s *Store, tip Hash, path string) FileHistory {
	t.Helper()
	var h FileHistory
	w, err := s.WalkFileBlobs(tip, path, Hash{}, func(b Hash) bool { h.Blobs = append(h.Blobs, b); return true })
	if err != nil {
		t.Fatal(err)
	}
	if !w.Next.IsZero() {
		t.Fatalf("%s: walk stopped early at %s", path, w.Next)
	}
	h.Cut = w.Cut
	return h
}

// checkFileHistories checks that h gives every path what WalkFileBlobs
// gives it from h's tip.
func checkFileHistories(t *testing.T, s *Store, h *FileHistories, paths []string) {
	t.Helper()
	for _, p := range paths {
		got, ok := h.Of(p)
		want := walkedHistory(t, s, h.Tip(), p)
		if !ok {
			t.Errorf("%s: not covered", p)
			continue
		}
		if !slices.Equal(got.Blobs, want.Blobs) || got.Cut != want.Cut {
			t.Errorf("at %s, %s: shared history %v cut %v, walked %v cut %v", h.Tip(), p, got.Blobs, got.Cut, want.Blobs, want.Cut)
		}
	}
}

func TestFileHistoriesAgreeWithWalkFileBlobs(t *testing.T) {
	dir := makeFileHistoryRepo(t)
	s := openStore(t, dir)
	dirs := []string{"content", "./blog/", "content/x"}
	paths := []string{"content/a.md", "content/b.md", "content/x/c.md", "content/x/y/d.md", "content/e.md",
		"blog/f.md", "content/side.md", "content/a.md/inner.md", "content/x/b2.md", "content/never.md"}
	revs := strings.Fields(runGit(t, dir, "rev-list", "--first-parent", "main"))
	var all []*FileHistories
	for _, rev := range revs {
		tip, _ := ParseHash(rev)
		h, err := s.FileHistories(tip, dirs, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkFileHistories(t, s, h, paths)
		all = append(all, h)
	}
	if _, ok := all[0].Of("other/g.md"); ok {
		t.Error("other/g.md is covered, outside the folders")
	}
	// Grown from an older tip, from a commit off the first-parent line
	// (a side branch), and from an encoded copy, the histories are the
	// same as made afresh.
	tip := all[0].Tip()
	side, _ := s.Resolve("side17")
	sideH, err := s.FileHistories(side, dirs, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, prev := range []*FileHistories{all[1], all[7], all[len(all)-1], sideH} {
		parsed, err := ParseFileHistories(prev.Encode())
		if err != nil {
			t.Fatal(err)
		}
		for _, from := range []*FileHistories{prev, parsed} {
			grown, err := s.FileHistories(tip, dirs, from)
			if err != nil {
				t.Fatal(err)
			}
			if string(grown.Encode()) != string(all[0].Encode()) {
				t.Errorf("grown from %s: differs from histories made afresh", prev.Tip())
			}
		}
	}
	// Histories of other folders are not grown from.
	other, err := s.FileHistories(tip, []string{"blog"}, all[1])
	if err != nil {
		t.Fatal(err)
	}
	checkFileHistories(t, s, other, []string{"blog/f.md"})
	if _, ok := other.Of("content/b.md"); ok {
		t.Error("content/b.md is covered by histories of blog")
	}

	// In shallow clones the histories end at the boundary, cut, as the
	// walk of one file does.
	for _, depth := range []string{"1", "4", "9"} {
		clone := filepath.Join(t.TempDir(), "clone")
		runGit(t, dir, "clone", "-q", "--no-local", "--depth", depth, "--branch", "main", dir, clone)
		cs := openStore(t, clone)
		ctip, _ := cs.Resolve("HEAD")
		h, err := cs.FileHistories(ctip, dirs, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkFileHistories(t, cs, h, paths)
		if got, _ := h.Of("blog/f.md"); !got.Cut {
			t.Errorf("depth %s: blog/f.md is not cut", depth)
		}
		// Grown from an older tip, what is cut stays cut.
		if depth == "1" {
			continue // no older commit
		}
		older, err := cs.Resolve("HEAD~1")
		if err != nil {
			t.Fatal(err)
		}
		prev, err := cs.FileHistories(older, dirs, nil)
		if err != nil {
			t.Fatal(err)
		}
		grown, err := cs.FileHistories(ctip, dirs, prev)
		if err != nil {
			t.Fatal(err)
		}
		if string(grown.Encode()) != string(h.Encode()) {
			t.Errorf("depth %s: grown from HEAD~1, the histories differ from those made afresh", depth)
		}
	}
}

func TestWalkFileBlobsEndsAtAFolder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "c/a.md"), "one\n")
	runGit(t, dir, "init", "-q", "-b", "main")
	runGit(t, dir, "add", "-A")
	runGit(t, dir, "commit", "-q", "-m", "one")
	runGit(t, dir, "rm", "-q", "c/a.md")
	writeFile(t, filepath.Join(dir, "c/a.md/b.md"), "b\n")
	runGit(t, dir, "add", "-A")
	runGit(t, dir, "commit", "-q", "-m", "folder")
	runGit(t, dir, "rm", "-q", "-r", "c/a.md")
	writeFile(t, filepath.Join(dir, "c/a.md"), "two\n")
	runGit(t, dir, "add", "-A")
	runGit(t, dir, "commit", "-q", "-m", "two")
	s := openStore(t, dir)
	tip, _ := s.Resolve("HEAD")
	got := walkedHistory(t, s, tip, "c/a.md")
	if want := []Hash{BlobHash([]byte("two\n"))}; !slices.Equal(got.Blobs, want) {
		t.Errorf("history %v, want only %v", got.Blobs, want)
	}
}

func FuzzParseFileHistories(f *testing.F) {
	h := &FileHistories{tip: BlobHash([]byte("t")), dirs: []string{"blog", "content"}, files: map[string]*FileHistory{
		"content/a.md": {Blobs: []Hash{BlobHash([]byte("1")), BlobHash([]byte("2"))}},
		"blog/b.md":    {Blobs: []Hash{BlobHash([]byte("3"))}, Cut: true},
	}}
	f.Add(h.Encode())
	f.Add([]byte(fileHistoriesMagic))
	f.Add([]byte(fileHistoriesMagic + strings.Repeat("\xff", 40)))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got *FileHistories
		var err error
		checkBudget(t, len(data), memoryBudget(len(data)), func() { got, err = ParseFileHistories(data) })
		if err != nil {
			return
		}
		// What is accepted is written back as it was read.
		again, err := ParseFileHistories(got.Encode())
		if err != nil {
			t.Fatalf("encoded histories do not parse: %v", err)
		}
		if string(again.Encode()) != string(got.Encode()) {
			t.Fatal("histories changed through an encoding")
		}
	})
}

func TestParseFileHistoriesRefuses(t *testing.T) {
	good := (&FileHistories{dirs: []string{"content"}, files: map[string]*FileHistory{
		"content/a.md": {Blobs: []Hash{BlobHash([]byte("1"))}},
	}}).Encode()
	if _, err := ParseFileHistories(good); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"truncated":     good[:len(good)-1],
		"trailing":      append(slices.Clone(good), 0),
		"other magic":   append([]byte("cc-file-histories 2\n"), good[len(fileHistoriesMagic):]...),
		"outside":       []byte(strings.Replace(string(good), "content/a.md", "contenX/a.md", 1)),
		"bad cut":       []byte(strings.Replace(string(good), "a.md\x00", "a.md\x02", 1)),
		"unsorted dirs": []byte(strings.Replace(string(good), "\x01\x07content", "\x01\x08content/", 1)),
	} {
		if _, err := ParseFileHistories(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
