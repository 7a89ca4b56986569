package gitstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// crashEnv names the step after which the "crash" child kills itself;
// crashMergeEnv, when set, is a second parent that makes its commit a
// merge.
const (
	crashEnv      = "GITSTORE_CRASH"
	crashMergeEnv = "GITSTORE_CRASH_MERGE"
)

// crashSteps are the points crashPoint is called at, in order. landed
// says the commit's content must survive whatever git's advice leads the
// person to do next: from the index rename on, the index holds it.
var crashSteps = []struct {
	name   string
	landed bool
}{
	{"index-locked", false},
	{"objects", false},
	{"ref-locked", false},
	{"worktree-first", false},
	{"worktree", false},
	{"index-written", false},
	{"reflog", false},
	{"index", true},
	{"ref", true},
}

// crashChanges is what the crash child commits: a new file, a new file in
// a new folder, an edit and a delete.
var crashChanges = []Change{
	put("new.md", "new\n"), put("sub/dir/deep.md", "deep\n"),
	put("edit.md", "edited\n"), del("gone.md"),
}

// runCrashChild makes one commit of crashChanges and kills itself with
// SIGKILL right after step.
func runCrashChild(s *Store, step string) int {
	crashHook = func(at string) {
		if at == step {
			p, _ := os.FindProcess(os.Getpid())
			p.Kill()
			time.Sleep(time.Hour)
		}
	}
	_, err := s.Commit(CommitOptions{Author: testSig}, func(tip *Snapshot) (CommitPlan, error) {
		plan := CommitPlan{Message: "crash", Changes: crashChanges}
		if m := os.Getenv(crashMergeEnv); m != "" {
			other, err := ParseHash(m)
			if err != nil {
				return plan, err
			}
			plan.Parents = []Hash{tip.Commit(), other}
		}
		return plan, nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "commit:", err)
		return 1
	}
	return 0
}

// crashChild runs the crash child on dir, with env added, and requires
// it to have been killed at step.
func crashChild(t *testing.T, dir, step string, env ...string) {
	t.Helper()
	cmd := childCmd(t, "crash", dir, "x", 1)
	cmd.Env = append(append(cmd.Env, crashEnv+"="+step), env...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Exited() {
		t.Fatalf("child was not killed at %s: %v\n%s", step, err, out)
	}
}

// lockExists matches git's complaint about a lock file, whose advice is
// to remove it by hand.
var lockExists = regexp.MustCompile(`Unable to create '([^']+\.lock)': File exists`)

// followGitAdvice runs git as a person would after a crash: when git says a
// lock file exists, remove it as its message advises, and run it again.
// "nothing to commit" counts as success.
func followGitAdvice(t *testing.T, dir string, args ...string) {
	t.Helper()
	for range 5 {
		out, err := gitErr(dir, args...)
		if err == nil || strings.Contains(out, "nothing to commit") || strings.Contains(out, "nothing added to commit") {
			return
		}
		m := lockExists.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		if err := os.Remove(m[1]); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatalf("git %s: kept finding lock files", strings.Join(args, " "))
}

// crashJournal reads the commit id the killed child journaled, if any.
func crashJournal(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, ".git", "cc.lock"))
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	var j journal
	if line != "" {
		if err := json.Unmarshal([]byte(line), &j); err != nil {
			t.Fatal(err)
		}
	}
	return j.Commit
}

// treeEntry returns "<blob>" for path in rev, or "" when it has none.
func treeBlob(dir, rev, path string) string {
	out, err := gitErr(dir, "rev-parse", "--verify", "-q", rev+":"+path)
	if err != nil {
		return ""
	}
	return out
}

// TestKillAtEveryStep kills a committing child right after each step of
// Commit, then does what a person would: follow git's advice about lock
// files and commit with git (git add -A && git commit, or git commit -a),
// or just run cc again. Nothing the killed commit made part of the branch
// or the index may be lost, git fsck --strict must pass, and the next cc
// commit must succeed.
func TestKillAtEveryStep(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	actions := map[string][][]string{
		"add-all":  {{"add", "-A"}, {"commit", "-q", "-m", "user"}},
		"commit-a": {{"commit", "-q", "-a", "-m", "user"}},
		"cc":       nil,
	}
	for _, step := range crashSteps {
		for name, cmds := range actions {
			t.Run(step.name+"/"+name, func(t *testing.T) {
				t.Parallel()
				dir := newRepo(t)
				commit(t, openStore(t, dir), "root", put("keep.md", "keep\n"), put("edit.md", "old\n"), put("gone.md", "gone\n"))
				parent := runGit(t, dir, "rev-parse", "HEAD")

				crashChild(t, dir, step.name)
				c := crashJournal(t, dir)
				runGit(t, dir, "fsck", "--strict", "--no-progress")
				head := runGit(t, dir, "rev-parse", "HEAD")
				if head != parent && head != c {
					t.Fatalf("HEAD is %s, neither the parent nor the killed commit", head)
				}
				if step.landed && c == "" {
					t.Fatal("no journaled commit")
				}
				// The state git's advice acts on: wherever the branch has
				// the commit, so does the index.
				if head == c {
					for _, ch := range crashChanges {
						if got, want := stagedBlob(t, dir, ch.Path), treeBlob(dir, c, ch.Path); got != want {
							t.Errorf("%s: index has %q, HEAD has %q", ch.Path, got, want)
						}
					}
				}

				for _, args := range cmds {
					followGitAdvice(t, dir, args...)
				}
				runGit(t, dir, "fsck", "--strict", "--no-progress")
				if got := treeBlob(dir, "HEAD", "keep.md"); got != treeBlob(dir, parent, "keep.md") {
					t.Error("keep.md lost")
				}
				commit(t, openStore(t, dir), "after", put("after.md", "after\n"))
				if step.landed {
					for _, ch := range crashChanges {
						if got, want := treeBlob(dir, "HEAD", ch.Path), treeBlob(dir, c, ch.Path); got != want {
							t.Errorf("%s: final tree has %q, the killed commit %q", ch.Path, got, want)
						}
					}
				}

				if name == "commit-a" {
					// git commit -a leaves new files untracked, as always.
					if out := runGit(t, dir, "status", "--porcelain", "--untracked-files=no"); out != "" {
						t.Fatalf("git status:\n%s", out)
					}
					runGit(t, dir, "fsck", "--strict", "--no-progress")
				} else {
					assertClean(t, dir)
				}
				if name == "cc" && step.landed {
					if got := runGit(t, dir, "rev-parse", "HEAD~1"); got != c {
						t.Errorf("HEAD~1 = %s, want the killed commit %s", got, c)
					}
				}
				if _, err := os.Stat(filepath.Join(dir, ".git", "index.lock")); err == nil {
					t.Fatal("index.lock left behind")
				}
			})
		}
	}
}

// stagedBlob returns the stage-0 blob the index holds for path, or "".
func stagedBlob(t *testing.T, dir, path string) string {
	t.Helper()
	out := runGit(t, dir, "ls-files", "-s", "--", path)
	if f := strings.Fields(out); len(f) >= 4 && f[2] == "0" {
		return f[1]
	}
	return ""
}

// TestKillMergeAtEveryStep kills a child making a merge commit (two
// parents, several paths, as cc sync makes) after each step: the branch
// is the parent or the merge, never half of it, git fsck passes, and the
// next commit lands on top with the merge's second parent kept.
func TestKillMergeAtEveryStep(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	for _, step := range crashSteps {
		t.Run(step.name, func(t *testing.T) {
			t.Parallel()
			dir := newRepo(t)
			commit(t, openStore(t, dir), "root", put("keep.md", "keep\n"), put("edit.md", "old\n"), put("gone.md", "gone\n"))
			parent := runGit(t, dir, "rev-parse", "HEAD")
			runGit(t, dir, "checkout", "-q", "-b", "side")
			runGit(t, dir, "commit", "-q", "--allow-empty", "-m", "side")
			side := runGit(t, dir, "rev-parse", "HEAD")
			runGit(t, dir, "checkout", "-q", "-")

			crashChild(t, dir, step.name, crashMergeEnv+"="+side)
			c := crashJournal(t, dir)
			runGit(t, dir, "fsck", "--strict", "--no-progress")
			if head := runGit(t, dir, "rev-parse", "HEAD"); head != parent && head != c {
				t.Fatalf("HEAD is %s, neither the parent nor the merge", head)
			}
			commit(t, openStore(t, dir), "after", put("after.md", "after\n"))
			assertClean(t, dir)
			if step.landed {
				if got := runGit(t, dir, "rev-parse", "HEAD~1^2"); got != side {
					t.Errorf("the merge's second parent is %s, want %s", got, side)
				}
			}
		})
	}
}
