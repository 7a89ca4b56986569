package gitstore

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// childEnv switches the test binary into a helper process (see runChild),
// so concurrency and crash tests use real separate processes.
const childEnv = "GITSTORE_TEST_CHILD"

func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		os.Exit(runChild(mode))
	}
	// Keep the host's git configuration out of every test.
	home, err := os.MkdirTemp("", "gitstore-home-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for k, v := range map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"),
		"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "", "GIT_CONFIG_COUNT": "",
		"GIT_AUTHOR_NAME": "", "GIT_AUTHOR_EMAIL": "", "GIT_AUTHOR_DATE": "",
		"GIT_COMMITTER_NAME": "", "GIT_COMMITTER_EMAIL": "", "GIT_COMMITTER_DATE": "",
		"EMAIL": "", "GIT_DIR": "", "GIT_WORK_TREE": "", "GIT_INDEX_FILE": "",
	} {
		if v == "" {
			os.Unsetenv(k)
		} else {
			os.Setenv(k, v)
		}
	}
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}

// childModes are the helper processes that make one commit their own way
// (the crash child, ...), by the mode runChild is given.
var childModes = map[string]func(*Store) int{
	"crash": func(s *Store) int { return runCrashChild(s, os.Getenv(crashEnv)) },
}

// runChild commits in a loop: GITSTORE_DIR is the repository, GITSTORE_N
// the number of commits (0: until killed), GITSTORE_TAG names the files.
// A mode of childModes makes its own commit instead.
func runChild(mode string) int {
	dir, tag := os.Getenv("GITSTORE_DIR"), os.Getenv("GITSTORE_TAG")
	var n int
	fmt.Sscan(os.Getenv("GITSTORE_N"), &n)
	s, err := Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if run, ok := childModes[mode]; ok {
		return run(s)
	}
	sig := Signature{Name: "Child " + tag, Email: tag + "@example.com", When: time.Now()}
	for i := 0; n == 0 || i < n; i++ {
		path := fmt.Sprintf("c/%s/%d.md", tag, i)
		if mode == "shared" { // all children write into one folder
			path = fmt.Sprintf("c/%s-%d.md", tag, i)
		}
		_, err := s.Commit(CommitOptions{Author: sig}, func(tip *Snapshot) (CommitPlan, error) {
			return CommitPlan{
				Message: fmt.Sprintf("child %s %d", tag, i),
				Changes: []Change{{Path: path, Data: []byte(fmt.Sprintf("%s %d\n", tag, i))}},
			}, nil
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "commit:", err)
			return 1
		}
		if n == 0 {
			fmt.Println(i) // the parent reads progress
		}
	}
	return 0
}

// runGit runs the real git in dir and returns its trimmed stdout.
func runGit(t testing.TB, dir string, args ...string) string {
	t.Helper()
	out, err := gitErr(dir, args...)
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func gitErr(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Git User", "GIT_AUTHOR_EMAIL=git@example.com",
		"GIT_COMMITTER_NAME=Git User", "GIT_COMMITTER_EMAIL=git@example.com")
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// newRepo makes a repository with the real git and returns its path.
func newRepo(t testing.TB, initArgs ...string) string {
	t.Helper()
	dir := t.TempDir()
	runGit(t, dir, append([]string{"init", "-q", "-b", "main"}, initArgs...)...)
	return dir
}

func openStore(t testing.TB, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var testSig = Signature{Name: "Ada Lovelace", Email: "ada@example.com", When: time.Unix(1764000000, 0).In(time.FixedZone("", 3600))}

// commit makes one commit of changes with a fixed identity.
func commit(t testing.TB, s *Store, msg string, changes ...Change) Result {
	t.Helper()
	res, err := s.Commit(CommitOptions{Author: testSig}, func(*Snapshot) (CommitPlan, error) {
		return CommitPlan{Message: msg, Changes: changes}, nil
	})
	if err != nil {
		t.Fatalf("commit %q: %v", msg, err)
	}
	return res
}

func put(path, data string) Change { return Change{Path: path, Data: []byte(data)} }
func del(path string) Change       { return Change{Path: path, Delete: true} }

// assertClean checks with git itself that the repository is sound and the
// index and work tree match HEAD.
func assertClean(t testing.TB, dir string) {
	t.Helper()
	runGit(t, dir, "fsck", "--strict", "--no-progress")
	if out := runGit(t, dir, "status", "--porcelain", "--untracked-files=all"); out != "" {
		t.Fatalf("git status not clean:\n%s", out)
	}
	if out := runGit(t, dir, "diff", "--cached", "--name-status"); out != "" {
		t.Fatalf("git diff --cached not empty:\n%s", out)
	}
	// A cached-tree node left valid for a changed folder would make git
	// write a stale tree here.
	if got, want := runGit(t, dir, "write-tree"), runGit(t, dir, "rev-parse", "HEAD^{tree}"); got != want {
		t.Fatalf("git write-tree = %s, HEAD^{tree} = %s: stale cached tree", got, want)
	}
}

func writeFile(t testing.TB, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
