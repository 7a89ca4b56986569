package gitstore

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCommitDuringGC runs cc commits in several processes while a loop
// runs git repack -ad, git gc --prune=now and git pack-refs --all against
// the same repository: prune removes fresh temporary object files, empty
// fan-out folders and unreachable loose objects, repack and pack-refs move
// objects and refs under the writers. Every commit must succeed and be in
// the history, and git fsck --strict must find nothing wrong.
func TestCommitDuringGC(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := newRepo(t)
	commit(t, openStore(t, dir), "root", put("README.md", "r\n"))
	stop := filepath.Join(t.TempDir(), "stop")
	counter := filepath.Join(t.TempDir(), "rounds")
	// Every command's failure is ignored: gc may find a ref locked by a
	// commit in progress, which is not what this test is about.
	script := fmt.Sprintf(`
n=0
until [ -e %[1]q ] && [ $n -ge 2 ]; do
  git repack -a -d -q 2>/dev/null
  git gc -q --prune=now 2>/dev/null
  git pack-refs --all 2>/dev/null
  n=$((n+1)); echo $n > %[2]q
done`, stop, counter)
	loop := exec.Command("sh", "-c", script)
	loop.Dir = dir
	if err := loop.Start(); err != nil {
		t.Fatal(err)
	}
	const procs, each = 4, 12
	var wg sync.WaitGroup
	errs := make(chan error, procs)
	startChildren(t, &wg, errs, "own", dir, procs, each)
	wg.Wait()
	close(errs)
	if err := os.WriteFile(stop, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := loop.Wait(); err != nil {
		t.Fatalf("gc loop: %v", err)
	}
	for err := range errs {
		t.Error(err)
	}
	rounds, _ := os.ReadFile(counter)
	t.Logf("%s gc rounds ran", strings.TrimSpace(string(rounds)))
	assertChildCommits(t, commitSubjects(t, dir), procs, each)
	if n := runGit(t, dir, "rev-list", "--count", "HEAD"); n != fmt.Sprint(procs*each+1) {
		t.Errorf("%s commits, want %d", n, procs*each+1)
	}
	assertClean(t, dir)
	commit(t, openStore(t, dir), "after gc", put("after.md", "a\n"))
	assertClean(t, dir)
}

// TestWriteObjectAgain writes an object that exists loose: the file keeps
// its bytes, its modification time moves to now (so a prune with a grace
// period keeps it, as git freshens it), and no temporary file is left.
// It also writes one whose fan-out folder a prune removed.
func TestWriteObjectAgain(t *testing.T) {
	s := openStore(t, newRepo(t))
	body := []byte("the same bytes\n")
	h, err := s.writeObject(objBlob, body)
	if err != nil {
		t.Fatal(err)
	}
	objDir := filepath.Join(s.commonDir, "objects")
	final := filepath.Join(objDir, h.String()[:2], h.String()[2:])
	before, err := os.ReadFile(final)
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-48 * time.Hour)
	if err := os.Chtimes(final, old, old); err != nil {
		t.Fatal(err)
	}
	if again, err := s.writeObject(objBlob, body); err != nil || again != h {
		t.Fatalf("writing it again: %v, %v", again, err)
	}
	fi, err := os.Stat(final)
	if err != nil {
		t.Fatal(err)
	}
	if time.Since(fi.ModTime()) > time.Hour {
		t.Errorf("the loose object was not freshened: %v", fi.ModTime())
	}
	if after, _ := os.ReadFile(final); !bytes.Equal(after, before) {
		t.Error("the loose object's file changed")
	}

	other := []byte("in a folder a prune removed\n")
	h2 := objectHash(objBlob, other)
	fanout := filepath.Join(objDir, h2.String()[:2])
	if err := os.RemoveAll(fanout); err != nil {
		t.Fatal(err)
	}
	if got, err := s.writeObject(objBlob, other); err != nil || got != h2 {
		t.Fatalf("writing into a missing fan-out folder: %v, %v", got, err)
	}
	if got, err := s.readTyped(h2, objBlob); err != nil || !bytes.Equal(got, other) {
		t.Fatalf("reading it back: %q, %v", got, err)
	}

	tmps, _ := filepath.Glob(filepath.Join(objDir, "tmp_obj_*"))
	if len(tmps) > 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
	runGit(t, s.root, "fsck", "--strict")
}
