package gitstore

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// git commit reads the index before it takes index.lock, and writes what
// it read back through the lock before it moves HEAD. A commit that lands
// in between, cc's or another git's, has its index entries overwritten;
// git then fails with "cannot lock ref 'HEAD'" because HEAD moved, and the
// next git commit made from that index deletes the other commit's files.
// These tests pin that down, so that the concurrency test can tell git's
// race from a fault of cc.

// staleIndexMsg is what a git commit that wrote back a stale index prints.
const staleIndexMsg = "cannot lock ref 'HEAD'"

// TestGitCommitStaleIndex holds a git commit between its read of the index
// and its index.lock with a core.fsmonitor hook, which git runs right after
// reading the index, lands another commit of b.md meanwhile, and checks that
// git leaves the same state whether that commit was cc's or git's own.
func TestGitCommitStaleIndex(t *testing.T) {
	for _, other := range []string{"cc", "git"} {
		t.Run(other, func(t *testing.T) {
			dir := newRepo(t)
			s := openStore(t, dir)
			commit(t, s, "root", put("README.md", "r\n"))
			hook := filepath.Join(t.TempDir(), "hook")
			// The hook says it was reached and waits (at most 30 s) for go.
			writeFile(t, hook, "#!/bin/sh\ntouch \"$0.reached\"\ni=0\n"+
				"while [ ! -e \"$0.go\" ] && [ $i -lt 3000 ]; do sleep 0.01; i=$((i+1)); done\nexit 1\n")
			if err := os.Chmod(hook, 0o755); err != nil {
				t.Fatal(err)
			}
			git := exec.Command("git", "-c", "core.fsmonitor="+hook, "commit", "-q", "--allow-empty", "-m", "held")
			git.Dir = dir
			git.Env = append(os.Environ(), "GIT_AUTHOR_NAME=G", "GIT_AUTHOR_EMAIL=g@x", "GIT_COMMITTER_NAME=G", "GIT_COMMITTER_EMAIL=g@x")
			var stderr bytes.Buffer
			git.Stderr = &stderr
			if err := git.Start(); err != nil {
				t.Fatal(err)
			}
			waitForFile(t, hook+".reached")

			if other == "cc" {
				commit(t, s, "other", put("b.md", "b\n"))
			} else {
				writeFile(t, filepath.Join(dir, "b.md"), "b\n")
				runGit(t, dir, "add", "b.md")
				runGit(t, dir, "commit", "-q", "-m", "other")
			}
			writeFile(t, hook+".go", "")
			if err := git.Wait(); err == nil || !strings.Contains(stderr.String(), staleIndexMsg) {
				t.Fatalf("held git commit: %v, %s; want it to fail with %q", err, stderr.String(), staleIndexMsg)
			}

			if got := runGit(t, dir, "log", "-1", "--format=%s"); got != "other" {
				t.Errorf("HEAD is %q, want the other commit", got)
			}
			runGit(t, dir, "cat-file", "-e", "HEAD:b.md")
			if got, want := runGit(t, dir, "status", "--porcelain"), "D  b.md\n?? b.md"; got != want {
				t.Fatalf("git status after the failed commit:\n%s\nwant:\n%s", got, want)
			}
			// The way back that README.md gives.
			runGit(t, dir, "restore", "--staged", "b.md")
			assertClean(t, dir)
		})
	}
}

func waitForFile(t *testing.T, path string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(path); err == nil {
			return
		}
	}
	t.Fatalf("%s did not appear", path)
}

// childFile matches the files the children of TestConcurrentWithGit write.
var childFile = regexp.MustCompile(`^c/(p[0-9]+)/([0-9]+)\.md$`)

// removeStaleIndexDrops accounts for git's race after TestConcurrentWithGit.
// windows holds one line "before after" for each git commit of the loop that
// failed on HEAD: HEAD before it started, and HEAD once the ref lock was free
// after it failed; such a commit wrote back an index it read in between. A
// child's file may then be untracked, but only if the cc commit that added it
// landed in one of those windows, a git commit deleted it, and it holds what
// the child wrote. Each such file is removed, so that the caller's checks
// judge the rest exactly.
func removeStaleIndexDrops(t *testing.T, dir, windows string) {
	t.Helper()
	landed := map[string]bool{}
	for _, w := range strings.Split(strings.TrimSpace(windows), "\n") {
		if before, after, ok := strings.Cut(w, " "); ok {
			for _, c := range strings.Fields(runGit(t, dir, "rev-list", before+".."+after)) {
				landed[c] = true
			}
		}
	}
	deletedByGit := map[string]bool{}
	for _, p := range strings.Fields(runGit(t, dir, "log", "--author=^G <g@x>$", "--diff-filter=D", "--name-only", "--format=")) {
		deletedByGit[p] = true
	}
	for _, line := range strings.Split(runGit(t, dir, "status", "--porcelain", "--untracked-files=all"), "\n") {
		p, ok := strings.CutPrefix(line, "?? ")
		m := childFile.FindStringSubmatch(p)
		if !ok || m == nil || !deletedByGit[p] || !landed[runGit(t, dir, "log", "-1", "--format=%H", "--diff-filter=A", "--", p)] {
			continue // left for assertClean to report
		}
		data, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		if want := m[1] + " " + m[2] + "\n"; string(data) != want {
			t.Errorf("%s holds %q, want %q", p, data, want)
		}
		t.Logf("%s: committed by cc while a git commit that failed on HEAD held a stale index, then deleted by a git commit", p)
		if err := os.Remove(filepath.Join(dir, p)); err != nil {
			t.Fatal(err)
		}
	}
}
