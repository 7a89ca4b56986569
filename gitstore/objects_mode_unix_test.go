//go:build unix

package gitstore

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestObjectModeUnderUmask: a loose object cc writes is 0444 whatever the
// umask, so in a repository a group shares (git init --shared=group) the
// group's git can read it, also where git made the folder 2770.
func TestObjectModeUnderUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	dir := newRepo(t, "--shared=group")
	writeFile(t, filepath.Join(dir, "a.md"), "a\n")
	runGit(t, dir, "add", "-A")
	runGit(t, dir, "commit", "-qm", "base")
	s := openStore(t, dir)
	body := []byte("b, new\n")
	hex := BlobHash(body).String()
	fan := filepath.Join(dir, ".git", "objects", hex[:2])
	// The base commit's objects may have made the folder already (its
	// commit id changes with the time).
	if err := os.Mkdir(fan, 0o770); err != nil && !os.IsExist(err) {
		t.Fatal(err)
	}
	if err := os.Chmod(fan, 0o2770); err != nil {
		t.Fatal(err)
	}
	if _, err := s.writeObject(objBlob, body); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(fan, hex[2:]))
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o444 {
		t.Errorf("object %s is %v, want -r--r--r--", hex, got)
	}
}
