package gitstore

import (
	"path/filepath"
	"strings"
	"testing"
)

// MergeBase agrees with git merge-base on a history with branches and
// merges.
func TestMergeBaseAgreesWithGit(t *testing.T) {
	dir := t.TempDir()
	git := func(args ...string) string {
		t.Helper()
		return strings.TrimSpace(runGit(t, dir, args...))
	}
	git("init", "-q", "-b", "main")
	// All in one second, as cc's own commits often are: the order of the
	// graph, not of time, must decide.
	commit := func(name string) {
		t.Helper()
		writeFile(t, filepath.Join(dir, name), name+"\n")
		git("add", name)
		git("commit", "-q", "--date=2026-11-29T10:00:00Z", "-m", name)
	}
	commit("a")
	commit("b")
	git("checkout", "-q", "-b", "side")
	commit("c")
	commit("d")
	git("checkout", "-q", "main")
	commit("e")
	git("merge", "-q", "--no-ff", "-m", "merge side", "side")
	commit("f")
	git("checkout", "-q", "side")
	commit("g")
	git("checkout", "-q", "--orphan", "lone")
	commit("h")

	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, pair := range [][2]string{{"main", "side"}, {"side", "main"}, {"main", "main~2"}, {"side~1", "main~1"}, {"main", "lone"}} {
		a, err := s.Resolve(pair[0])
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.Resolve(pair[1])
		if err != nil {
			t.Fatal(err)
		}
		got, ok, err := s.MergeBase(a, b)
		if err != nil {
			t.Fatal(err)
		}
		want := ""
		if pair[1] != "lone" {
			want = git("merge-base", pair[0], pair[1])
		}
		if ok != (want != "") || ok && got.String() != want {
			t.Errorf("MergeBase(%s, %s) = %s, %v; git says %q", pair[0], pair[1], got, ok, want)
		}
	}
}
