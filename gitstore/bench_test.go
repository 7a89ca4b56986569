package gitstore

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// makeBigRepo builds, with git fast-import, a repository of folders x
// perFolder Markdown drafts plus a matching index and work tree, the shape
// DESIGN.md §5 measures (10,000 drafts in 100 folders).
func makeBigRepo(tb testing.TB, folders, perFolder int) string {
	tb.Helper()
	dir := newRepo(tb)
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = dir
	in, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(in)
	fmt.Fprintf(w, "commit refs/heads/main\ncommitter Bench <bench@example.com> 1764000000 +0000\ndata 5\nseed\n")
	for f := range folders {
		for d := range perFolder {
			body := fmt.Sprintf("---\nid: d%05d\ntitle: Draft %d\n---\nBody of draft %d in folder %d.\n", f*perFolder+d, d, d, f)
			fmt.Fprintf(w, "M 100644 inline posts/f%03d/draft-%05d.md\ndata %d\n%s\n", f, d, len(body), body)
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	in.Close()
	if err := cmd.Wait(); err != nil {
		tb.Fatal(err)
	}
	runGit(tb, dir, "reset", "-q", "--hard", "main")
	return dir
}

func BenchmarkCommit(b *testing.B) {
	dir := makeBigRepo(b, 100, 100)
	s := openStore(b, dir)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		path := fmt.Sprintf("posts/f%03d/new-%06d.md", i%100, i)
		data := []byte(fmt.Sprintf("---\nid: n%05d\n---\nNew draft %d.\n", i, i))
		if _, err := s.Commit(CommitOptions{Author: testSig}, func(*Snapshot) (CommitPlan, error) {
			return CommitPlan{Message: "draft: new", Changes: []Change{{Path: path, Data: data}}}, nil
		}); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.StopTimer()
	assertClean(b, dir)
}

// BenchmarkGitAddCommit is the yardstick: the same commit with git add +
// git commit.
func BenchmarkGitAddCommit(b *testing.B) {
	dir := makeBigRepo(b, 100, 100)
	i := 0
	for b.Loop() {
		rel := fmt.Sprintf("posts/f%03d/new-%06d.md", i%100, i)
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(fmt.Sprintf("new %d\n", i)), 0o644); err != nil {
			b.Fatal(err)
		}
		runGit(b, dir, "add", rel)
		runGit(b, dir, "commit", "-q", "-m", "draft: new")
		i++
	}
}

// benchCorpus is the large repository made by ccbench corpus, if present.
func benchCorpus(b *testing.B) string {
	dir := os.Getenv("CC_BENCH_CORPUS")
	if dir == "" {
		dir = "/tmp/corpus10k"
	}
	if _, err := os.Stat(filepath.Join(dir, ".git", "objects", "pack")); err != nil {
		b.Skipf("no corpus at %s (make one with go run ./cmd/ccbench corpus -dir %s)", dir, dir)
	}
	return dir
}

// BenchmarkReadObjectPacked reads objects from packs: warm (one Store,
// many objects) and cold (a fresh Store per read, as each cc command
// starts), on the ccbench corpus and on a small pack with long delta
// chains.
func BenchmarkReadObjectPacked(b *testing.B) {
	b.Run("corpus/warm", func(b *testing.B) { benchReadWarm(b, benchCorpus(b)) })
	b.Run("corpus/cold", func(b *testing.B) { benchReadCold(b, benchCorpus(b)) })
	small := func(b *testing.B) string {
		dir := makeHistory(b)
		runGit(b, dir, "gc", "-q", "--aggressive")
		return dir
	}
	b.Run("small/warm", func(b *testing.B) { benchReadWarm(b, small(b)) })
	b.Run("small/cold", func(b *testing.B) { benchReadCold(b, small(b)) })
}

func packedIDs(b *testing.B, dir string, n int) []Hash {
	cmd := exec.Command("git", "rev-list", "--objects", "--all")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		b.Fatal(err)
	}
	var ids []Hash
	for line := range strings.Lines(string(out)) {
		if h, err := ParseHash(line[:40]); err == nil {
			ids = append(ids, h)
		}
		if len(ids) == n {
			break
		}
	}
	return ids
}

func benchReadWarm(b *testing.B, dir string) {
	ids := packedIDs(b, dir, 20000)
	s := openStore(b, dir)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, _, err := s.readObject(ids[i%len(ids)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func benchReadCold(b *testing.B, dir string) {
	ids := packedIDs(b, dir, 1000)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s := openStore(b, dir)
		if _, _, err := s.readObject(ids[i%len(ids)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkPushPack builds the pack of a push of 20 commits that each
// change one draft of a 10,000-draft repository: each commit's trees are
// read with their parents' to find what changed.
func BenchmarkPushPack(b *testing.B) {
	dir := makeBigRepo(b, 100, 100)
	s := openStore(b, dir)
	known, err := s.Resolve("HEAD")
	if err != nil {
		b.Fatal(err)
	}
	var tip Hash
	for i := range 20 {
		path := fmt.Sprintf("posts/f%03d/draft-%05d.md", i*5, i)
		data := []byte(fmt.Sprintf("---\nid: d%05d\n---\nEdited %d.\n", i, i))
		res, err := s.Commit(CommitOptions{Author: testSig}, func(*Snapshot) (CommitPlan, error) {
			return CommitPlan{Message: "draft: edit", Changes: []Change{{Path: path, Data: data}}}, nil
		})
		if err != nil {
			b.Fatal(err)
		}
		tip = res.Commit
	}
	b.ReportAllocs()
	for b.Loop() {
		p, err := s.buildPushPack(tip, known, true)
		if err != nil {
			b.Fatal(err)
		}
		if p.count != 20*5 { // a commit, three trees and a blob each
			b.Fatalf("pack has %d objects, want %d", p.count, 20*5)
		}
		p.Close()
	}
}
