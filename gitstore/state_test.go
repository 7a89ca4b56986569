package gitstore

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// conflicted makes a repository whose branches main and side both change
// f.md, so merging, rebasing or cherry-picking one onto the other stops.
func conflicted(t *testing.T) string {
	t.Helper()
	dir := newRepo(t)
	writeFile(t, filepath.Join(dir, "f.md"), "base\n")
	runGit(t, dir, "add", "f.md")
	runGit(t, dir, "commit", "-qm", "base")
	runGit(t, dir, "checkout", "-qb", "side")
	writeFile(t, filepath.Join(dir, "f.md"), "side\n")
	runGit(t, dir, "commit", "-qam", "side")
	runGit(t, dir, "checkout", "-q", "main")
	writeFile(t, filepath.Join(dir, "f.md"), "main\n")
	runGit(t, dir, "commit", "-qam", "main")
	return dir
}

func TestInProgress(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stop   []string // a git command that stops; it fails
		want   Operation
		inTree bool // run it in a linked worktree
	}{
		{"merge", []string{"merge", "-q", "side"}, Operation{"merge", "MERGE_HEAD", "git commit", "git merge --abort"}, false},
		{"rebase", []string{"rebase", "-q", "side"}, Operation{"rebase", "rebase-merge", "git rebase --continue", "git rebase --abort"}, false},
		{"rebase apply", []string{"rebase", "--apply", "-q", "side"}, Operation{"rebase", "rebase-apply", "git rebase --continue", "git rebase --abort"}, false},
		{"cherry-pick", []string{"cherry-pick", "side"}, Operation{"cherry-pick", "CHERRY_PICK_HEAD", "git cherry-pick --continue", "git cherry-pick --abort"}, false},
		{"revert", []string{"revert", "--no-edit", "HEAD~1"}, Operation{"revert", "REVERT_HEAD", "git revert --continue", "git revert --abort"}, false},
		{"merge in a linked worktree", []string{"merge", "-q", "side"}, Operation{"merge", "MERGE_HEAD", "git commit", "git merge --abort"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := conflicted(t)
			if tc.name == "revert" {
				// Reverting "base" conflicts with "main", which changed it.
				runGit(t, dir, "checkout", "-q", "main")
			}
			at := dir
			if tc.inTree {
				at = filepath.Join(t.TempDir(), "wt")
				runGit(t, dir, "worktree", "add", "-q", "-b", "other", at, "main")
			}
			s := openStore(t, at)
			if _, ok, err := s.InProgress(); err != nil || ok {
				t.Fatalf("before: InProgress = %v, %v", ok, err)
			}
			if out, err := gitErr(at, tc.stop...); err == nil {
				t.Fatalf("git %s did not stop:\n%s", strings.Join(tc.stop, " "), out)
			}
			got, ok, err := s.InProgress()
			if err != nil || !ok || got != tc.want {
				t.Fatalf("InProgress = %+v, %v, %v; want %+v", got, ok, err, tc.want)
			}
			if tc.inTree {
				if _, ok, _ := openStore(t, dir).InProgress(); ok {
					t.Fatal("the main worktree reports the linked worktree's merge")
				}
			}
		})
	}
}

func TestInProgressSequence(t *testing.T) {
	dir := conflicted(t)
	runGit(t, dir, "checkout", "-q", "side")
	writeFile(t, filepath.Join(dir, "g.md"), "g\n")
	runGit(t, dir, "add", "g.md")
	runGit(t, dir, "commit", "-qm", "g")
	runGit(t, dir, "checkout", "-q", "main")
	if _, err := gitErr(dir, "cherry-pick", "side~1", "side"); err == nil {
		t.Fatal("cherry-pick did not stop")
	}
	// Resolving the first pick by hand leaves only the sequencer.
	writeFile(t, filepath.Join(dir, "f.md"), "both\n")
	runGit(t, dir, "commit", "-qam", "resolved")
	got, ok, err := openStore(t, dir).InProgress()
	want := Operation{"cherry-pick", "sequencer", "git cherry-pick --continue", "git cherry-pick --abort"}
	if err != nil || !ok || got != want {
		t.Fatalf("InProgress = %+v, %v, %v; want %+v", got, ok, err, want)
	}
}

func TestInProgressBisect(t *testing.T) {
	dir := conflicted(t)
	runGit(t, dir, "bisect", "start", "main", "main~2")
	got, ok, err := openStore(t, dir).InProgress()
	if err != nil || !ok || got.Name != "bisect" || got.Finish != "git bisect reset" {
		t.Fatalf("InProgress = %+v, %v, %v", got, ok, err)
	}
}

// oneFileRepo makes a repository whose one commit holds a.md.
func oneFileRepo(t *testing.T) (string, *Store) {
	t.Helper()
	dir := newRepo(t)
	writeFile(t, filepath.Join(dir, "a.md"), "a\n")
	runGit(t, dir, "add", "a.md")
	runGit(t, dir, "commit", "-qm", "a")
	return dir, openStore(t, dir)
}

func TestSplitIndex(t *testing.T) {
	dir, s := oneFileRepo(t)
	if got, err := s.SplitIndex(); err != nil || got != (SplitIndex{}) {
		t.Fatalf("plain index: SplitIndex = %+v, %v", got, err)
	}
	writeFile(t, filepath.Join(dir, "b.md"), "b\n")
	runGit(t, dir, "add", "b.md")
	runGit(t, dir, "update-index", "--split-index")
	writeFile(t, filepath.Join(dir, "a.md"), "a2\n")
	runGit(t, dir, "add", "a.md") // a replaced entry: nameless in the split index
	if got, err := s.SplitIndex(); err != nil || got != (SplitIndex{Index: true}) {
		t.Fatalf("split index: SplitIndex = %+v, %v", got, err)
	}
	if _, err := loadIndex(filepath.Join(dir, ".git", "index")); !errors.Is(err, errSplitIndex) {
		t.Fatalf("loadIndex of a split index: %v, want errSplitIndex", err)
	}
	runGit(t, dir, "update-index", "--no-split-index")
	runGit(t, dir, "config", "core.splitIndex", "true")
	if got, err := s.SplitIndex(); err != nil || got != (SplitIndex{Config: true}) {
		t.Fatalf("core.splitIndex: SplitIndex = %+v, %v", got, err)
	}
}

// TestSplitIndexKeepsIndexForCommit checks that the index SplitIndex read
// serves the next commit only while git has not replaced it: what git
// staged in between, a new file or a changed one, stays staged.
func TestSplitIndexKeepsIndexForCommit(t *testing.T) {
	dir, s := oneFileRepo(t)
	for i, stage := range []func(){
		func() {},
		func() {
			writeFile(t, filepath.Join(dir, "b.md"), "b\n")
			runGit(t, dir, "add", "b.md")
		},
		func() {
			writeFile(t, filepath.Join(dir, "a.md"), "c\n")
			runGit(t, dir, "add", "a.md")
		},
	} {
		if _, err := s.SplitIndex(); err != nil {
			t.Fatal(err)
		}
		stagedBefore := runGit(t, dir, "diff", "--cached", "--name-only")
		stage()
		want := runGit(t, dir, "diff", "--cached", "--name-only")
		commit(t, s, "cc", put(fmt.Sprintf("cc-%d.md", i), "cc\n"))
		if got := runGit(t, dir, "diff", "--cached", "--name-only"); got != want {
			t.Fatalf("step %d: staged before %q, git staged %q, after the commit %q", i, stagedBefore, want, got)
		}
		runGit(t, dir, "fsck", "--strict", "--no-progress")
		runGit(t, dir, "commit", "-qm", "git", "--allow-empty")
	}
}
