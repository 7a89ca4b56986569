package gitstore

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestPushSendsDeltas: a push of many commits that each change one entry
// of a large folder sends that folder as deltas against the parent's
// version, in chains no deeper than git's own, and the remote's git
// finds the result complete and sound.
func TestPushSendsDeltas(t *testing.T) {
	dir := newRepo(t)
	s := openStore(t, dir)
	first := commit(t, s, "first", eventFiles(300)...)
	remoteDir := filepath.Join(t.TempDir(), "remote.git")
	runGit(t, filepath.Dir(remoteDir), "init", "-q", "--bare", "-b", "main", remoteDir)
	// Keep what is pushed as the pack it came in, to look at its entries.
	runGit(t, remoteDir, "config", "receive.unpackLimit", "1")
	remote := Remote{URL: remoteDir}
	ctx := context.Background()
	if err := s.Push(ctx, remote, "main", Hash{}, first.Commit); err != nil {
		t.Fatal(err)
	}
	tip := first.Commit
	const n = 120
	for i := range n {
		tip = commit(t, s, fmt.Sprintf("event %d", i), put(fmt.Sprintf("events/n%03d.yaml", i), fmt.Sprintf("id: n%d\n", i))).Commit
	}
	before, _ := filepath.Glob(filepath.Join(remoteDir, "objects", "pack", "*.pack"))
	if err := s.Push(ctx, remote, "main", first.Commit, tip); err != nil {
		t.Fatal(err)
	}
	if got := runGit(t, remoteDir, "rev-parse", "main"); got != tip.String() {
		t.Fatalf("the remote is at %s, want %s", got, tip)
	}
	runGit(t, remoteDir, "fsck", "--strict", "--no-progress")
	after, _ := filepath.Glob(filepath.Join(remoteDir, "objects", "pack", "*.pack"))
	after = slices.DeleteFunc(after, func(p string) bool { return slices.Contains(before, p) })
	if len(after) != 1 {
		t.Fatalf("packs %v after the push, %v before: want one new", after, before)
	}
	var trees, treeDeltas, maxDepth int
	for _, line := range strings.Split(runGit(t, remoteDir, "verify-pack", "-v", after[0]), "\n") {
		f := strings.Fields(line)
		if len(f) < 5 || f[1] != "tree" {
			continue
		}
		trees++
		if len(f) >= 7 { // id type size size-in-pack offset depth base
			treeDeltas++
			d, _ := strconv.Atoi(f[5])
			maxDepth = max(maxDepth, d)
		}
	}
	// Each commit brings a root tree (too small to gain from a delta)
	// and a version of events/, which should all be deltas.
	if trees < 2*n || treeDeltas < n-2 {
		t.Fatalf("%d trees sent, %d of them deltas: want events/ in %d versions as deltas", trees, treeDeltas, n)
	}
	// git's pack-objects keeps chains to 50 deltas; a remote should not
	// have to resolve more to read the newest tree.
	if maxDepth > 50 {
		t.Fatalf("a delta chain %d deep, over 50", maxDepth)
	}
}

// TestPushPackNoThin: for a remote that takes no thin pack, every delta's
// base is in the pack itself, so git indexes it without the objects the
// remote already has; the thin pack of the same commits needs them.
func TestPushPackNoThin(t *testing.T) {
	dir := newRepo(t)
	s := openStore(t, dir)
	first := commit(t, s, "first", eventFiles(200)...).Commit
	tip := first
	for i := range 5 {
		tip = commit(t, s, fmt.Sprintf("event %d", i), put(fmt.Sprintf("events/n%03d.yaml", i), "id: n\n")).Commit
	}
	for _, thin := range []bool{false, true} {
		p, err := s.buildPushPack(tip, first, thin)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		err = p.send(&buf)
		p.Close()
		if err != nil {
			t.Fatal(err)
		}
		empty := filepath.Join(t.TempDir(), "empty.git")
		runGit(t, filepath.Dir(empty), "init", "-q", "--bare", empty)
		cmd := exec.Command("git", "index-pack", "--stdin")
		cmd.Dir, cmd.Stdin = empty, &buf
		out, err := cmd.CombinedOutput()
		if thin == (err == nil) {
			t.Fatalf("thin %v: git index-pack: %v\n%s", thin, err, out)
		}
	}
}

// eventFiles are n small event files in one folder, large enough as a
// tree for a push to send it as deltas.
func eventFiles(n int) []Change {
	files := make([]Change, n)
	for i := range files {
		files[i] = put(fmt.Sprintf("events/e%03d.yaml", i), fmt.Sprintf("id: %d\n", i))
	}
	return files
}
