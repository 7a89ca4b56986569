package gitstore

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestWorkDirs(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"website/blog", "docs", ".git", "node_modules/x", ".vitepress"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "README.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := WorkDirs(root), []string{"docs", "website"}; !slices.Equal(got, want) {
		t.Errorf("WorkDirs = %q, want %q", got, want)
	}
	if !IsWorkDir(root, "website/blog") || IsWorkDir(root, "README.md") || IsWorkDir(root, "missing") {
		t.Error("IsWorkDir does not tell a folder from a file or nothing")
	}
	if got := WorkDirs(filepath.Join(root, "missing")); got != nil {
		t.Errorf("WorkDirs of a missing folder = %q, want none", got)
	}
}
