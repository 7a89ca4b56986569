package gitstore

import (
	"fmt"
	"strings"
	"testing"
)

// TestHeadFollowsGitAtOnce checks that the ref files a store keeps are
// read again as soon as git replaces them, however quickly it does.
func TestHeadFollowsGitAtOnce(t *testing.T) {
	dir := t.TempDir()
	runGit(t, dir, "init", "-q", "-b", "main")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		runGit(t, dir, "commit", "-q", "--allow-empty", "-m", fmt.Sprint("c", i))
		want := strings.TrimSpace(runGit(t, dir, "rev-parse", "HEAD"))
		hd, err := s.Head()
		if err != nil || hd.Commit.String() != want || hd.Branch != "main" {
			t.Fatalf("after commit %d: %+v, %v; want %s on main", i, hd, err, want)
		}
		if i%5 == 4 {
			runGit(t, dir, "checkout", "-q", "-b", fmt.Sprint("b", i))
			if hd, _ := s.Head(); hd.Branch != fmt.Sprint("b", i) {
				t.Fatalf("after checkout: branch %q", hd.Branch)
			}
			runGit(t, dir, "checkout", "-q", "main")
		}
	}
	runGit(t, dir, "pack-refs", "--all")
	want := strings.TrimSpace(runGit(t, dir, "rev-parse", "HEAD"))
	if hd, err := s.Head(); err != nil || hd.Commit.String() != want {
		t.Fatalf("after pack-refs: %+v, %v", hd, err)
	}
}
