package gitstore

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// headSnapshot opens s at HEAD.
func headSnapshot(t *testing.T, s *Store) *Snapshot {
	t.Helper()
	h, err := s.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot(h)
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

func TestSparseCheckoutIsNotDeletion(t *testing.T) {
	for _, mode := range []string{"cone", "no-cone"} {
		t.Run(mode, func(t *testing.T) {
			dir := newRepo(t)
			writeFile(t, filepath.Join(dir, "in/a.md"), "a\n")
			writeFile(t, filepath.Join(dir, "out/b.md"), "b\n")
			runGit(t, dir, "add", ".")
			runGit(t, dir, "commit", "-q", "-m", "two")
			if mode == "cone" {
				runGit(t, dir, "sparse-checkout", "set", "in")
			} else {
				runGit(t, dir, "sparse-checkout", "set", "--no-cone", "/in/")
			}
			if _, err := os.Stat(filepath.Join(dir, "out/b.md")); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("sparse checkout kept out/b.md: %v", err)
			}
			s := openStore(t, dir)
			changes, err := s.WorktreeChanges(headSnapshot(t, s), func(string) bool { return true }, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(changes) != 0 {
				t.Fatalf("WorktreeChanges = %v, want none", changes)
			}
			if _, err := s.ReadWorktreeFile("out/b.md"); !errors.Is(err, ErrNotCheckedOut) {
				t.Fatalf("ReadWorktreeFile(out/b.md) = %v, want ErrNotCheckedOut", err)
			}
			if _, err := s.ReadWorktreeFile("in/gone.md"); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("ReadWorktreeFile(in/gone.md) = %v, want not exist", err)
			}
		})
	}
}

func TestWorktreeSymlinksRefused(t *testing.T) {
	dir := newRepo(t)
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "secret.md"), "secret\n")
	writeFile(t, filepath.Join(dir, "a.md"), "a\n")
	runGit(t, dir, "add", ".")
	runGit(t, dir, "commit", "-q", "-m", "one")
	if err := os.Symlink(outside, filepath.Join(dir, "linked")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(dir, "link.md")); err != nil {
		t.Fatal(err)
	}
	s := openStore(t, dir)
	for _, p := range []string{"linked/secret.md", "link.md"} {
		if data, err := s.ReadWorktreeFile(p); !errors.Is(err, ErrSymlink) {
			t.Errorf("ReadWorktreeFile(%s) = %q, %v; want ErrSymlink", p, data, err)
		}
	}
	_, err := s.Commit(CommitOptions{Author: testSig}, func(*Snapshot) (CommitPlan, error) {
		return CommitPlan{Message: "escape", Changes: []Change{put("linked/new.md", "x\n")}}, nil
	})
	if !errors.Is(err, ErrSymlink) {
		t.Fatalf("commit through a linked folder = %v, want ErrSymlink", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "new.md")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a file was written outside the repository: %v", err)
	}
	if err := removeWorktreeFile(dir, filepath.Join(dir, "linked", "secret.md")); !errors.Is(err, ErrSymlink) {
		t.Fatalf("removeWorktreeFile through a link = %v, want ErrSymlink", err)
	}
}

func TestSnapshotSymlinkAndMissingBlob(t *testing.T) {
	dir := newRepo(t)
	if err := os.Symlink("/etc/hostname", filepath.Join(dir, "link.md")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "a.md"), "a\n")
	runGit(t, dir, "add", ".")
	runGit(t, dir, "commit", "-q", "-m", "one")
	s := openStore(t, dir)
	snap := headSnapshot(t, s)
	if _, err := snap.ReadFile("link.md"); !errors.Is(err, ErrSymlink) {
		t.Fatalf("ReadFile(link.md) = %v, want ErrSymlink", err)
	}
	e, err := snap.Stat("link.md")
	if err != nil || !e.IsSymlink() || e.IsFile() {
		t.Fatalf("Stat(link.md) = %+v, %v", e, err)
	}

	// Drop a.md's blob and mark the repository a partial clone.
	blob := runGit(t, dir, "rev-parse", "HEAD:a.md")
	if err := os.Remove(filepath.Join(dir, ".git", "objects", blob[:2], blob[2:])); err != nil {
		t.Fatal(err)
	}
	_, err = headSnapshot(t, openStore(t, dir)).ReadFile("a.md")
	var missing *MissingBlobError
	if !errors.As(err, &missing) || missing.Partial || missing.Path != "a.md" {
		t.Fatalf("ReadFile of a missing blob = %v, want a *MissingBlobError for a.md", err)
	}
	runGit(t, dir, "config", "remote.origin.promisor", "true")
	_, err = headSnapshot(t, openStore(t, dir)).ReadFile("a.md")
	if !errors.As(err, &missing) || !missing.Partial {
		t.Fatalf("ReadFile in a partial clone = %v, want a partial *MissingBlobError", err)
	}
}

func TestLineEndingsClean(t *testing.T) {
	dir := newRepo(t)
	writeFile(t, filepath.Join(dir, ".gitattributes"), "*.md text eol=lf\n*.bin binary\n*.txt text=auto\nsub/*.md -text\n")
	writeFile(t, filepath.Join(dir, "deep/.gitattributes"), "*.csv eol=lf\n")
	crlf := []byte("a\r\nb\r\n")
	tests := []struct {
		path, autocrlf string
		committed      string
		want           string
	}{
		{path: "x.md", want: "a\nb\n"},
		{path: "deep/x.md", want: "a\nb\n"},
		{path: "sub/x.md", want: "a\r\nb\r\n"},
		{path: "x.bin", want: "a\r\nb\r\n"},
		{path: "x.txt", want: "a\nb\n"},
		{path: "x.txt", committed: "old\r\n", want: "a\r\nb\r\n"},
		{path: "deep/x.csv", want: "a\nb\n"},
		{path: "x.csv", want: "a\r\nb\r\n"},
		{path: "x.csv", autocrlf: "true", want: "a\nb\n"},
		{path: "x.csv", autocrlf: "input", want: "a\nb\n"},
		{path: "x.csv", autocrlf: "false", want: "a\r\nb\r\n"},
	}
	for _, tt := range tests {
		if tt.autocrlf != "" {
			runGit(t, dir, "config", "core.autocrlf", tt.autocrlf)
		} else {
			_, _ = gitErr(dir, "config", "--unset", "core.autocrlf")
		}
		l, err := openStore(t, dir).LineEndings()
		if err != nil {
			t.Fatal(err)
		}
		got, err := l.Clean(tt.path, crlf, func() ([]byte, error) { return []byte(tt.committed), nil })
		if err != nil || string(got) != tt.want {
			t.Errorf("Clean(%s, autocrlf=%s) = %q, %v; want %q", tt.path, tt.autocrlf, got, err, tt.want)
		}
	}
	l, _ := openStore(t, dir).LineEndings()
	if got, _ := l.Clean("x.txt", []byte("a\r\n\x00"), nil); string(got) != "a\r\n\x00" {
		t.Errorf("text=auto converted a binary file: %q", got)
	}
}
