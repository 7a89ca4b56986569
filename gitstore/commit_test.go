package gitstore

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCommitUnbornAddModifyDelete(t *testing.T) {
	dir := newRepo(t)
	s := openStore(t, dir)
	if h, err := s.Head(); err != nil || h.Branch != "main" || !h.Commit.IsZero() {
		t.Fatalf("Head on unborn = %+v, %v", h, err)
	}
	r1 := commit(t, s, "first\n\nbody", put("posts/a.md", "A\n"), put("README.md", "hi\n"))
	if !r1.Parent.IsZero() || r1.Branch != "main" {
		t.Fatalf("first result %+v", r1)
	}
	assertClean(t, dir)
	if got := runGit(t, dir, "rev-parse", "HEAD"); got != r1.Commit.String() {
		t.Fatalf("HEAD %s, want %s", got, r1.Commit)
	}
	if got := runGit(t, dir, "log", "-1", "--format=%an <%ae>%n%s%n%b"); got != "Ada Lovelace <ada@example.com>\nfirst\nbody" {
		t.Fatalf("log: %q", got)
	}
	if got := runGit(t, dir, "reflog", "-1", "--format=%gs"); got != "commit (initial): first" {
		t.Fatalf("reflog: %q", got)
	}

	r2 := commit(t, s, "second", put("posts/a.md", "A2\n"), put("posts/deep/new/b.md", "B\n"))
	if r2.Parent != r1.Commit {
		t.Fatalf("parent %s, want %s", r2.Parent, r1.Commit)
	}
	assertClean(t, dir)
	if got := runGit(t, dir, "show", "HEAD:posts/deep/new/b.md"); got != "B" {
		t.Fatalf("show: %q", got)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "posts/a.md")); string(b) != "A2\n" {
		t.Fatalf("work tree: %q", b)
	}

	commit(t, s, "third", del("posts/deep/new/b.md"))
	assertClean(t, dir)
	if _, err := os.Stat(filepath.Join(dir, "posts/deep")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("emptied folder still there: %v", err)
	}
	if got := runGit(t, dir, "ls-tree", "-r", "--name-only", "HEAD"); got != "README.md\nposts/a.md" {
		t.Fatalf("tree: %q", got)
	}
	if got := runGit(t, dir, "rev-list", "--count", "HEAD"); got != "3" {
		t.Fatalf("count %s", got)
	}
	// git can keep working on top.
	writeFile(t, filepath.Join(dir, "g.txt"), "git\n")
	runGit(t, dir, "add", "g.txt")
	runGit(t, dir, "commit", "-q", "-m", "by git")
	commit(t, s, "fourth", put("posts/c.md", "C\n"))
	assertClean(t, dir)
}

func TestCommitOnGitHistory(t *testing.T) {
	dir := newRepo(t)
	writeFile(t, filepath.Join(dir, "x/1.md"), "1\n")
	writeFile(t, filepath.Join(dir, "x-y.md"), "sorts between x and x/\n")
	writeFile(t, filepath.Join(dir, "x.md"), "x\n")
	runGit(t, dir, "add", ".")
	runGit(t, dir, "commit", "-q", "-m", "init")
	runGit(t, dir, "write-tree") // fills the index's cached-tree extension
	s := openStore(t, dir)
	commit(t, s, "add in order-sensitive places", put("x/0.md", "0\n"), put("x0", "z\n"), put("x/2/3.md", "3\n"))
	assertClean(t, dir)
	commit(t, s, "delete", del("x/1.md"), del("x.md"))
	assertClean(t, dir)
}

func TestDirtyAndErrors(t *testing.T) {
	dir := newRepo(t)
	s := openStore(t, dir)
	commit(t, s, "first", put("a.md", "A\n"))
	writeFile(t, filepath.Join(dir, "a.md"), "user edit\n")
	_, err := s.Commit(CommitOptions{Author: testSig}, func(*Snapshot) (CommitPlan, error) {
		return CommitPlan{Message: "x", Changes: []Change{put("a.md", "cc\n")}}, nil
	})
	var de *DirtyError
	if !errors.As(err, &de) || de.Path != "a.md" || err.Error() != "a.md has uncommitted changes" {
		t.Fatalf("got %v, want DirtyError", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.md")); string(b) != "user edit\n" {
		t.Fatal("user edit overwritten")
	}
	// Already holding the planned content is fine (cmd wrote it first).
	commit(t, s, "save edit", put("a.md", "user edit\n"))
	assertClean(t, dir)
	// Untracked file in the way.
	writeFile(t, filepath.Join(dir, "b.md"), "mine\n")
	if _, err := s.Commit(CommitOptions{Author: testSig}, func(*Snapshot) (CommitPlan, error) {
		return CommitPlan{Message: "x", Changes: []Change{del("a.md"), put("b.md", "cc\n")}}, nil
	}); !errors.As(err, &de) {
		t.Fatalf("got %v, want DirtyError", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a.md")); err != nil {
		t.Fatal("a.md removed by a failed commit")
	}
	os.Remove(filepath.Join(dir, "b.md"))
	for _, bad := range []string{"/abs", "../x", "a/../b", ".git/config", "a//b", "a/.git/x", "nul\x00", ""} {
		if _, err := s.Commit(CommitOptions{Author: testSig}, func(*Snapshot) (CommitPlan, error) {
			return CommitPlan{Message: "x", Changes: []Change{put(bad, "x")}}, nil
		}); err == nil || !strings.Contains(err.Error(), "invalid path") {
			t.Errorf("path %q: got %v", bad, err)
		}
	}
	if _, err := s.Commit(CommitOptions{Author: testSig}, func(*Snapshot) (CommitPlan, error) {
		return CommitPlan{Message: "x", Changes: []Change{put("a.md", "user edit\n")}}, nil
	}); !errors.Is(err, ErrNothingToCommit) {
		t.Fatalf("no-op: %v", err)
	}
	if _, err := s.Commit(CommitOptions{}, func(*Snapshot) (CommitPlan, error) {
		return CommitPlan{Message: "x", Changes: []Change{put("z.md", "z")}}, nil
	}); err == nil {
		t.Fatal("commit without identity succeeded")
	}
	assertClean(t, dir)
	// Conflicted index entries refuse the commit.
	runGit(t, dir, "checkout", "-q", "-b", "other")
	commit(t, s, "other side", put("a.md", "other\n"))
	runGit(t, dir, "checkout", "-q", "main")
	commit(t, s, "main side", put("a.md", "main\n"))
	if _, err := gitErr(dir, "merge", "other"); err == nil {
		t.Fatal("merge should conflict")
	}
	if _, err := s.Commit(CommitOptions{Author: testSig}, func(*Snapshot) (CommitPlan, error) {
		return CommitPlan{Message: "x", Changes: []Change{put("a.md", "main\n")}}, nil
	}); err == nil || !strings.Contains(err.Error(), "conflict") {
		t.Fatalf("conflicted path: %v", err)
	}
}

func TestPackedRefsAndEmptyLooseRef(t *testing.T) {
	dir := newRepo(t)
	s := openStore(t, dir)
	r1 := commit(t, s, "first", put("a.md", "A\n"))
	runGit(t, dir, "pack-refs", "--all")
	if _, err := os.Stat(filepath.Join(dir, ".git/refs/heads/main")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("pack-refs left the loose ref")
	}
	r2 := commit(t, s, "second", put("b.md", "B\n"))
	if r2.Parent != r1.Commit {
		t.Fatal("parent not read from packed-refs")
	}
	assertClean(t, dir)
	runGit(t, dir, "pack-refs", "--all")
	// An empty loose ref (an interrupted writer) stands for "not here".
	writeFile(t, filepath.Join(dir, ".git/refs/heads/main"), "")
	r3 := commit(t, s, "third", put("c.md", "C\n"))
	if r3.Parent != r2.Commit {
		t.Fatalf("parent %s, want %s", r3.Parent, r2.Commit)
	}
	assertClean(t, dir)
}

func TestDetachedHead(t *testing.T) {
	dir := newRepo(t)
	s := openStore(t, dir)
	r1 := commit(t, s, "first", put("a.md", "A\n"))
	runGit(t, dir, "checkout", "-q", "--detach")
	r2 := commit(t, s, "detached", put("b.md", "B\n"))
	if r2.Branch != "" || r2.Parent != r1.Commit {
		t.Fatalf("result %+v", r2)
	}
	if got := runGit(t, dir, "rev-parse", "HEAD"); got != r2.Commit.String() {
		t.Fatal("HEAD not moved")
	}
	if got := runGit(t, dir, "rev-parse", "main"); got != r1.Commit.String() {
		t.Fatal("main moved")
	}
	assertClean(t, dir)
}

func TestLinkedWorktree(t *testing.T) {
	dir := newRepo(t)
	s := openStore(t, dir)
	commit(t, s, "first", put("a.md", "A\n"))
	wt := filepath.Join(t.TempDir(), "wt")
	runGit(t, dir, "worktree", "add", "-q", "-b", "feature", wt)
	ws := openStore(t, filepath.Join(wt))
	if ws.Root() != wt || ws.CommonDir() != filepath.Join(dir, ".git") || ws.GitDir() == ws.CommonDir() {
		t.Fatalf("root %s gitdir %s common %s", ws.Root(), ws.GitDir(), ws.CommonDir())
	}
	r := commit(t, ws, "in worktree", put("b.md", "B\n"))
	if r.Branch != "feature" {
		t.Fatalf("branch %q", r.Branch)
	}
	assertClean(t, wt)
	assertClean(t, dir)
	if got := runGit(t, dir, "rev-parse", "feature"); got != r.Commit.String() {
		t.Fatal("feature not moved")
	}
}

func TestBareRepository(t *testing.T) {
	src := newRepo(t)
	s := openStore(t, src)
	commit(t, s, "first", put("a.md", "A\n"))
	bare := filepath.Join(t.TempDir(), "bare.git")
	runGit(t, src, "clone", "-q", "--bare", src, bare)
	b := openStore(t, bare)
	if !b.Bare() || b.Root() != "" {
		t.Fatal("not bare")
	}
	r := commit(t, b, "bare commit", put("dir/b.md", "B\n"))
	if got := runGit(t, bare, "show", r.Commit.String()+":dir/b.md"); got != "B" {
		t.Fatalf("show %q", got)
	}
	runGit(t, bare, "fsck", "--strict", "--no-progress")
	if _, err := os.Stat(filepath.Join(bare, "index")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("bare repository got an index")
	}
}

func TestIndexVersions(t *testing.T) {
	for _, v := range []string{"2", "3", "4"} {
		t.Run("v"+v, func(t *testing.T) {
			dir := newRepo(t)
			writeFile(t, filepath.Join(dir, "keep/k.md"), "k\n")
			runGit(t, dir, "add", ".")
			runGit(t, dir, "commit", "-q", "-m", "init")
			runGit(t, dir, "update-index", "--index-version", v)
			if v == "3" {
				// An intent-to-add entry forces extended flags.
				writeFile(t, filepath.Join(dir, "ita.md"), "i\n")
				runGit(t, dir, "add", "-N", "ita.md")
			}
			s := openStore(t, dir)
			commit(t, s, "one", put("new/a.md", "A\n"), put("keep/k.md", "k2\n"))
			commit(t, s, "two", del("new/a.md"))
			if v == "3" {
				runGit(t, dir, "rm", "-q", "--cached", "ita.md")
				os.Remove(filepath.Join(dir, "ita.md"))
			}
			assertClean(t, dir)
			if got := runGit(t, dir, "ls-files", "--stage"); !strings.Contains(got, "keep/k.md") {
				t.Fatalf("ls-files: %s", got)
			}
		})
	}
}

func TestSnapshotReads(t *testing.T) {
	dir := newRepo(t)
	s := openStore(t, dir)
	r := commit(t, s, "first", put("b/x.md", "X\n"), put("b-c.md", "BC\n"), put("a.md", "A\n"), put("b/y/z.md", "Z\n"))
	snap, err := s.Snapshot(r.Commit)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := snap.ReadFile("b/y/z.md"); err != nil || string(b) != "Z\n" {
		t.Fatalf("ReadFile %q %v", b, err)
	}
	if _, err := snap.ReadFile("b/nope.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing: %v", err)
	}
	if _, err := snap.Stat("a.md/x"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("under a file: %v", err)
	}
	var paths []string
	if err := snap.Walk("", func(e Entry) error { paths = append(paths, e.Path); return nil }); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(paths, " "); got != "a.md b-c.md b/x.md b/y/z.md" {
		t.Fatalf("walk: %s", got)
	}
	if err := snap.Walk("nope", func(Entry) error { t.Fatal("called"); return nil }); err != nil {
		t.Fatal(err)
	}
	th, err := snap.TreeHash("b")
	if err != nil || th.String() != runGit(t, dir, "rev-parse", "HEAD:b") {
		t.Fatalf("TreeHash %s %v", th, err)
	}
	e, _ := snap.Stat("a.md")
	if e.Blob != BlobHash([]byte("A\n")) || e.Mode != 0o100644 {
		t.Fatalf("stat %+v", e)
	}
	if b, _ := snap.ReadBlob(e.Blob); string(b) != "A\n" {
		t.Fatal("ReadBlob")
	}
	empty, _ := s.Snapshot(Hash{})
	if _, err := empty.ReadFile("a.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("empty snapshot has files")
	}
}

func TestResolve(t *testing.T) {
	dir := newRepo(t)
	s := openStore(t, dir)
	r1 := commit(t, s, "first", put("a.md", "A\n"))
	r2 := commit(t, s, "second", put("b.md", "B\n"))
	runGit(t, dir, "tag", "-a", "-m", "v1", "v1", r1.Commit.String())
	runGit(t, dir, "tag", "light", r1.Commit.String())
	runGit(t, dir, "update-ref", "refs/remotes/origin/main", r1.Commit.String())
	for rev, want := range map[string]Hash{
		"HEAD": r2.Commit, "main": r2.Commit, "refs/heads/main": r2.Commit, "v1": r1.Commit,
		"light": r1.Commit, "origin/main": r1.Commit, r2.Commit.String(): r2.Commit,
		r1.Commit.String()[:9]: r1.Commit, "HEAD~1": r1.Commit, "main^": r1.Commit,
	} {
		got, err := s.Resolve(rev)
		if err != nil || got != want {
			t.Errorf("Resolve(%q) = %s, %v; want %s", rev, got, err, want)
		}
	}
	if _, err := s.Resolve("nope"); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("Resolve(nope): %v", err)
	}
}

func TestOpen(t *testing.T) {
	dir := newRepo(t)
	sub := filepath.Join(dir, "a", "b")
	os.MkdirAll(sub, 0o755)
	s := openStore(t, sub)
	if s.Root() != dir || s.GitDir() != filepath.Join(dir, ".git") || s.Bare() {
		t.Fatalf("root %s gitdir %s", s.Root(), s.GitDir())
	}
	if _, err := Open(t.TempDir()); !errors.Is(err, ErrNotRepository) {
		t.Fatalf("got %v", err)
	}
}

func TestWorktreeChanges(t *testing.T) {
	dir := newRepo(t)
	s := openStore(t, dir)
	r := commit(t, s, "first", put("p/a.md", "A\n"), put("p/b.md", "B\n"), put("p/c.md", "C\n"), put("other.txt", "o\n"), put(".gitignore", "*.tmp\nbuild/\n"))
	writeFile(t, filepath.Join(dir, "p/a.md"), "A changed\n")
	os.Remove(filepath.Join(dir, "p/b.md"))
	writeFile(t, filepath.Join(dir, "p/new.md"), "N\n")
	writeFile(t, filepath.Join(dir, "p/x.tmp"), "ignored\n")
	writeFile(t, filepath.Join(dir, "build/y.md"), "ignored\n")
	writeFile(t, filepath.Join(dir, "other.txt"), "not matched\n")
	snap, _ := s.Snapshot(r.Commit)
	got, err := s.WorktreeChanges(snap, func(p string) bool { return strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".tmp") }, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []FileChange{{"p/a.md", Modified}, {"p/b.md", Deleted}, {"p/new.md", Added}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if b, err := s.ReadWorktreeFile("p/a.md"); err != nil || string(b) != "A changed\n" {
		t.Fatal("ReadWorktreeFile")
	}
}

// TestWorktreeChangesEnter: the folders enter rejects are skipped on both
// sides, so a file edited or removed there is neither Modified nor taken
// for Deleted.
func TestWorktreeChangesEnter(t *testing.T) {
	dir := newRepo(t)
	s := openStore(t, dir)
	r := commit(t, s, "first", put("p/a.md", "A\n"), put("q/b.md", "B\n"), put("q/sub/c.md", "C\n"), put("p/q/d.md", "D\n"))
	writeFile(t, filepath.Join(dir, "p/a.md"), "A changed\n")
	writeFile(t, filepath.Join(dir, "q/b.md"), "B changed\n")
	writeFile(t, filepath.Join(dir, "q/new.md"), "N\n")
	os.Remove(filepath.Join(dir, "q/sub/c.md"))
	os.Remove(filepath.Join(dir, "p/q/d.md"))
	snap, _ := s.Snapshot(r.Commit)
	var entered []string
	got, err := s.WorktreeChanges(snap, func(p string) bool { return strings.HasSuffix(p, ".md") }, func(d string) bool {
		entered = append(entered, d)
		return d != "q"
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []FileChange{{"p/a.md", Modified}, {"p/q/d.md", Deleted}}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if slices.Contains(entered, "q/sub") {
		t.Fatalf("entered %v: a folder inside a rejected one was asked about", entered)
	}
}
