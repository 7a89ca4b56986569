package gitstore

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func childCmd(t testing.TB, mode, dir, tag string, n int) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, "GITSTORE_DIR="+dir, "GITSTORE_TAG="+tag, fmt.Sprintf("GITSTORE_N=%d", n))
	return cmd
}

// commitSubjects returns the subjects of all commits reachable from HEAD.
func commitSubjects(t testing.TB, dir string) map[string]bool {
	t.Helper()
	got := map[string]bool{}
	for _, s := range strings.Split(runGit(t, dir, "log", "--format=%s"), "\n") {
		got[s] = true
	}
	return got
}

func TestConcurrentProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := newRepo(t)
	commit(t, openStore(t, dir), "root", put("README.md", "r\n"))
	const procs, each = 8, 5
	var wg sync.WaitGroup
	errs := make(chan error, procs)
	startChildren(t, &wg, errs, "shared", dir, procs, each)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assertChildCommits(t, commitSubjects(t, dir), procs, each)
	if n := runGit(t, dir, "rev-list", "--count", "HEAD"); n != fmt.Sprint(procs*each+1) {
		t.Errorf("%s commits, want %d", n, procs*each+1)
	}
	assertClean(t, dir)
}

// TestConcurrentWithGit races cc processes against a shell loop that runs
// real git add + git commit on the same branch. git may fail on
// index.lock or on HEAD; the loop retries. Every commit either side reports
// as made must be in the final history, and the work tree must be clean but
// for git's own race (see TestGitCommitStaleIndex).
func TestConcurrentWithGit(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := newRepo(t)
	commit(t, openStore(t, dir), "root", put("README.md", "r\n"))
	const procs, each, gitCommits = 3, 8, 15
	script := fmt.Sprintf(`
i=0
while [ $i -lt %d ]; do
  mkdir -p g && echo "g $i" > g/$i.txt
  tries=0
  while :; do
    if git add g/$i.txt 2>/dev/null; then
      before=$(git rev-parse HEAD)
      git commit -q -m "git $i" 2>"$GIT_LOG.err" && break
      if grep -q %q "$GIT_LOG.err"; then
        # The commits that landed meanwhile: wait for the one holding the ref lock.
        while [ -e .git/refs/heads/main.lock ]; do sleep 0.01; done
        echo "$before $(git rev-parse HEAD)" >> "$GIT_LOG"
      fi
    fi
    tries=$((tries+1)); [ $tries -gt 400 ] && exit 1
    sleep 0.01
  done
  i=$((i+1))
done`, gitCommits, staleIndexMsg)
	gitLog := filepath.Join(t.TempDir(), "git.log")
	var wg sync.WaitGroup
	errs := make(chan error, procs+1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		cmd := exec.Command("sh", "-c", script)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=G", "GIT_AUTHOR_EMAIL=g@x", "GIT_COMMITTER_NAME=G", "GIT_COMMITTER_EMAIL=g@x", "GIT_LOG="+gitLog)
		if out, err := cmd.CombinedOutput(); err != nil {
			errs <- fmt.Errorf("git loop: %v\n%s", err, out)
		}
	}()
	startChildren(t, &wg, errs, "own", dir, procs, each)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	subjects := commitSubjects(t, dir)
	for i := range gitCommits {
		if !subjects[fmt.Sprintf("git %d", i)] {
			t.Errorf("lost git commit %d", i)
		}
	}
	assertChildCommits(t, subjects, procs, each)
	log, err := os.ReadFile(gitLog)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	removeStaleIndexDrops(t, dir, string(log))
	assertClean(t, dir)
}

// startChildren starts procs child processes that each make each commits
// in mode; failures go to errs.
func startChildren(t *testing.T, wg *sync.WaitGroup, errs chan<- error, mode, dir string, procs, each int) {
	for p := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if out, err := childCmd(t, mode, dir, fmt.Sprintf("p%d", p), each).CombinedOutput(); err != nil {
				errs <- fmt.Errorf("child %d: %v\n%s", p, err, out)
			}
		}()
	}
}

// assertChildCommits fails for every child commit missing from subjects.
func assertChildCommits(t *testing.T, subjects map[string]bool, procs, each int) {
	t.Helper()
	for p := range procs {
		for i := range each {
			if s := fmt.Sprintf("child p%d %d", p, i); !subjects[s] {
				t.Errorf("lost commit %q", s)
			}
		}
	}
}

// TestKillDuringCommit kills a committing child at random moments; after
// each kill the repository must pass git fsck --strict, the branch must
// point at a complete commit, and a fresh Commit must work without repair.
func TestKillDuringCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := newRepo(t)
	s := openStore(t, dir)
	commit(t, s, "root", put("README.md", "r\n"))
	rng := rand.New(rand.NewPCG(1, 2))
	interrupted := 0
	defer func() { t.Logf("%d of 30 kills interrupted a commit", interrupted) }()
	for round := range 30 {
		cmd := childCmd(t, "own", dir, fmt.Sprintf("k%d", round), 0)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Let it make a commit or two, then kill it somewhere inside the next.
		sc := bufio.NewScanner(stdout)
		sc.Scan()
		time.Sleep(time.Duration(rng.IntN(4000)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGKILL)
		for sc.Scan() {
		}
		cmd.Wait()

		runGit(t, dir, "fsck", "--strict", "--no-progress")
		runGit(t, dir, "cat-file", "-e", "HEAD^{tree}")
		if fi, err := os.Stat(filepath.Join(dir, ".git", "cc.lock")); err == nil && fi.Size() > 0 {
			interrupted++
		}
		commit(t, s, fmt.Sprintf("after kill %d", round), put(fmt.Sprintf("after/%d.md", round), "ok\n"))
		assertClean(t, dir)
		if _, err := os.Stat(filepath.Join(dir, ".git", "index.lock")); err == nil {
			t.Fatal("index.lock left behind")
		}
	}
}
