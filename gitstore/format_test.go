package gitstore

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenRefusesFormat(t *testing.T) {
	for _, tc := range []struct {
		name   string
		config map[string]string
		want   string // in the error; "" means Open succeeds
	}{
		{"sha256", map[string]string{"core.repositoryformatversion": "1", "extensions.objectFormat": "sha256"}, "cc supports SHA-1 repositories only"},
		{"sha256 in version 0", map[string]string{"extensions.objectFormat": "sha256"}, "cc supports SHA-1 repositories only"},
		{"sha1 named", map[string]string{"core.repositoryformatversion": "1", "extensions.objectFormat": "sha1"}, ""},
		{"reftable", map[string]string{"core.repositoryformatversion": "1", "extensions.refStorage": "reftable"}, "cc supports the files format only"},
		{"version 2", map[string]string{"core.repositoryformatversion": "2"}, "repository format version 2"},
		{"unknown", map[string]string{"core.repositoryformatversion": "1", "extensions.compatObjectFormat": "sha256"}, "extensions.compatobjectformat"},
		{"unknown in version 0", map[string]string{"extensions.somethingNew": "true"}, ""},
		{"accepted", map[string]string{"core.repositoryformatversion": "1", "extensions.worktreeConfig": "true",
			"extensions.preciousObjects": "true", "extensions.partialClone": "origin", "extensions.noop": "true"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := newRepo(t)
			// The format version first: git refuses to read a version 0
			// repository that already names a version 1 extension.
			if v, ok := tc.config["core.repositoryformatversion"]; ok {
				runGit(t, dir, "config", "core.repositoryformatversion", v)
			}
			for k, v := range tc.config {
				if k != "core.repositoryformatversion" {
					runGit(t, dir, "config", k, v)
				}
			}
			_, err := Open(dir)
			var ue *UnsupportedError
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("Open: %v", err)
			case tc.want != "" && (!errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("Open: %v; want an UnsupportedError with %q", err, tc.want)
			}
		})
	}
}

// TestSHA1CopyHint runs the command the SHA-256 refusal suggests and opens
// the copy it makes.
func TestSHA1CopyHint(t *testing.T) {
	dir := newRepo(t, "--object-format=sha256")
	writeFile(t, filepath.Join(dir, "f.md"), "hello\n")
	runGit(t, dir, "add", "f.md")
	runGit(t, dir, "commit", "-qm", "one")
	_, err := Open(dir)
	var ue *UnsupportedError
	if !errors.As(err, &ue) {
		t.Fatalf("Open: %v", err)
	}
	_, cmd, ok := strings.Cut(ue.Fix, ": ")
	if !ok || !strings.HasPrefix(cmd, "git init --object-format=sha1 ") {
		t.Fatalf("fix: %q", ue.Fix)
	}
	sh := exec.Command("sh", "-c", cmd)
	sh.Dir = dir
	if out, err := sh.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, out)
	}
	cp := openStore(t, filepath.Join(filepath.Dir(dir), filepath.Base(dir)+"-sha1"))
	head, err := cp.Head()
	if err != nil || head.Branch != "main" {
		t.Fatalf("copy: Head = %+v, %v", head, err)
	}
	snap, err := cp.Snapshot(head.Commit)
	if err != nil {
		t.Fatal(err)
	}
	if data, err := snap.ReadFile("f.md"); err != nil || string(data) != "hello\n" {
		t.Fatalf("copy: f.md = %q, %v", data, err)
	}
	assertClean(t, cp.Root())
}

// TestSHA1EmptyHint runs what the refusal suggests for a SHA-256 work tree
// without commits: its git dir moves out and a SHA-1 one takes its place.
func TestSHA1EmptyHint(t *testing.T) {
	dir := newRepo(t, "--object-format=sha256")
	writeFile(t, filepath.Join(dir, "f.md"), "kept\n")
	_, err := Open(dir)
	var ue *UnsupportedError
	if !errors.As(err, &ue) || !strings.Contains(ue.Fix, "no commits yet") {
		t.Fatalf("Open: %v", err)
	}
	_, cmd, _ := strings.Cut(ue.Fix, ": ")
	sh := exec.Command("sh", "-c", cmd)
	sh.Dir = dir
	if out, err := sh.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, out)
	}
	s := openStore(t, dir)
	commit(t, s, "first", put("g.md", "g\n"))
	if out := runGit(t, dir, "status", "--porcelain"); out != "?? f.md" {
		t.Fatalf("git status after the first commit: %q", out)
	}
}
