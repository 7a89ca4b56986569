package gitstore

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
