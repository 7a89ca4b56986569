package gitstore

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Changed lists what git diff --no-renames lists as deleted and as
// modified for a folder, and a HistoryWalk visits what git rev-list does, each once.
func TestChangedAndHistoryWalkAgreeWithGit(t *testing.T) {
	dir := t.TempDir()
	git := func(args ...string) string {
		t.Helper()
		return strings.TrimSpace(runGit(t, dir, args...))
	}
	git("init", "-q", "-b", "main")
	for _, f := range []string{"content/a.md", "content/x/b.md", "content/x/y/c.md", "content/d.md", "other/e.md"} {
		writeFile(t, filepath.Join(dir, f), f+"\n")
	}
	git("add", ".")
	git("commit", "-q", "-m", "one")
	git("mv", "content/x/b.md", "content/b.md")
	git("rm", "-q", "-r", "content/x/y", "other")
	// A file turned into a folder: the file is gone, the folder is new.
	git("rm", "-q", "content/d.md")
	writeFile(t, filepath.Join(dir, "content/a.md"), "changed\n")
	writeFile(t, filepath.Join(dir, "content/d.md/f.md"), "f\n")
	git("add", ".")
	git("commit", "-q", "-m", "two")
	git("checkout", "-q", "-b", "side", "HEAD~1")
	writeFile(t, filepath.Join(dir, "content/g.md"), "g\n")
	git("add", ".")
	git("commit", "-q", "-m", "three")
	git("checkout", "-q", "main")
	git("merge", "-q", "--no-ff", "-m", "merge", "side")

	s := openStore(t, dir)
	snap := func(rev string) *Snapshot {
		h, err := s.Resolve(rev)
		if err != nil {
			t.Fatal(err)
		}
		sn, err := s.Snapshot(h)
		if err != nil {
			t.Fatal(err)
		}
		return sn
	}
	for _, dirName := range []string{"content", "content/x", "other", "missing"} {
		removed, modified, err := s.Changed(snap("main~1^"), snap("main~1"), dirName)
		if err != nil {
			t.Fatal(err)
		}
		for filter, got := range map[string][]Entry{"D": removed, "M": modified} {
			var paths []string
			for _, e := range got {
				paths = append(paths, e.Path)
			}
			want := git("diff", "--name-only", "--no-renames", "--diff-filter="+filter, "main~1^", "main~1", "--", dirName)
			if strings.Join(paths, "\n") != want {
				t.Errorf("Changed in %s, %s: %q, git says %q", dirName, filter, paths, want)
			}
		}
	}

	w, err := s.NewHistoryWalk()
	if err != nil {
		t.Fatal(err)
	}
	head, _ := s.Resolve("main")
	if err := w.Push(head, "tag"); err != nil {
		t.Fatal(err)
	}
	var seen []string
	for {
		c, tag, cut, ok := w.Next()
		if !ok {
			break
		}
		if tag != "tag" || cut {
			t.Errorf("commit %s: tag %q, cut %v", c.ID, tag, cut)
		}
		seen = append(seen, c.ID.String())
		for _, p := range c.Parents {
			if err := w.Push(p, tag); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := strings.Fields(git("rev-list", "main"))
	slices.Sort(seen)
	slices.Sort(want)
	if !slices.Equal(seen, want) {
		t.Errorf("walk visited %q, git rev-list lists %q", seen, want)
	}

	// At the edge of a shallow clone, Next says so and gives no parents.
	if err := os.WriteFile(filepath.Join(dir, ".git", "shallow"), []byte(head.String()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err = s.NewHistoryWalk()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Push(head, ""); err != nil {
		t.Fatal(err)
	}
	if c, _, cut, ok := w.Next(); !ok || !cut || len(c.Parents) != 0 {
		t.Errorf("shallow edge: cut %v, parents %v", cut, c.Parents)
	}
}
