//go:build unix

package gitstore

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func init() { childModes["fsize"] = runFsizeChild }

// fsizeLimit is the largest file the fsize child may write: more than any
// object, journal or reflog of its commit, less than its index.
const fsizeLimit = 16 << 10

// runFsizeChild makes one commit of crashChanges with files limited to
// fsizeLimit bytes, so that writing the index fails (EFBIG) after the
// objects, the work tree and the ref lock. It exits 3 when the commit
// fails, as it should.
func runFsizeChild(s *Store) int {
	signal.Ignore(syscall.SIGXFSZ)
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	lim.Cur = fsizeLimit
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	_, err := s.Commit(CommitOptions{Author: testSig}, func(*Snapshot) (CommitPlan, error) {
		return CommitPlan{Message: "never made", Changes: crashChanges}, nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "commit:", err)
		return 3
	}
	return 0
}

// TestIndexWriteFails makes a commit whose new index cannot be written:
// the commit fails and leaves the branch, its reflog, the index and the
// work tree as they were, and the next commit works.
func TestIndexWriteFails(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := newRepo(t)
	changes := []Change{put("keep.md", "keep\n"), put("edit.md", "old\n"), put("gone.md", "gone\n")}
	for i := range 300 {
		changes = append(changes, put(fmt.Sprintf("many/%03d.md", i), "many\n"))
	}
	commit(t, openStore(t, dir), "root", changes...)
	if fi, err := os.Stat(filepath.Join(dir, ".git", "index")); err != nil || fi.Size() <= fsizeLimit {
		t.Fatalf("the index must be larger than %d bytes: %v, %v", fsizeLimit, fi.Size(), err)
	}
	head := runGit(t, dir, "rev-parse", "HEAD")
	reflog := runGit(t, dir, "reflog", "--format=%H %gs")

	out, err := childCmd(t, "fsize", dir, "x", 1).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "update index") {
		t.Fatalf("the child's commit did not fail on the index: %v\n%s", err, out)
	}

	if got := runGit(t, dir, "rev-parse", "HEAD"); got != head {
		t.Errorf("HEAD moved to %s", got)
	}
	if got := runGit(t, dir, "reflog", "--format=%H %gs"); got != reflog {
		t.Errorf("the reflog changed:\n%s\nwas:\n%s", got, reflog)
	}
	if _, err := os.Stat(filepath.Join(dir, ".git", "index.lock")); err == nil {
		t.Error("index.lock left behind")
	}
	assertClean(t, dir)
	runGit(t, dir, "fsck", "--strict", "--no-progress")
	commit(t, openStore(t, dir), "after", put("after.md", "after\n"))
	assertClean(t, dir)
}
