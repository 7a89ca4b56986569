package gitstore

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// Init makes dir (created if needed) a new repository with a work tree, as
// `git init` does, on the branch named by init.defaultBranch, else "main".
func Init(dir string) (*Store, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, err
	}
	cfg, err := loadConfig(configEnv{getenv: os.Getenv}, "")
	if err != nil {
		return nil, err
	}
	branch, ok := cfg.get("init.defaultbranch")
	if !ok || branch == "" {
		branch = "main"
	}
	if !plumbing.NewBranchReferenceName(branch).IsBranch() || checkPath(branch) != nil {
		return nil, fmt.Errorf("init.defaultBranch %q is not a valid branch name", branch)
	}
	_, err = git.PlainInitWithOptions(abs, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName(branch)},
	})
	if err != nil {
		return nil, fmt.Errorf("init %s: %w", abs, err)
	}
	return Open(abs)
}
