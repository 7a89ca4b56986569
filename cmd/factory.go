package cmd

import (
	"crypto/rand"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/content"
)

// Factory carries what commands need from the outside world, so tests can
// replace any of it.
type Factory struct {
	IO      *IOStreams
	Version string
	// Name is how the user calls cc: "cc", or "git cc" when the binary
	// runs as git-cc (a Git subcommand).
	Name string
	// Dir is where repository discovery starts.
	Dir    string
	Now    func() time.Time
	Random io.Reader
	Getenv func(string) string
	// Executable is the path of the running cc, for commands that run cc
	// again as a child (demo).
	Executable func() (string, error)

	// typed is the file holding what the user wrote in the editor during
	// this command, named to them if the command then fails.
	typed string
}

func newFactory(version string, streams *IOStreams) *Factory {
	dir, _ := os.Getwd()
	return &Factory{
		IO:         streams,
		Version:    version,
		Name:       programName(os.Args[0]),
		Dir:        dir,
		Now:        time.Now,
		Random:     rand.Reader,
		Getenv:     os.Getenv,
		Executable: os.Executable,
	}
}

func (f *Factory) repoOptions() repo.Options {
	return repo.Options{Dir: f.Dir, Random: f.Random}
}

// Repo opens the repository that contains f.Dir.
func (f *Factory) Repo() (*repo.Repo, error) {
	return repo.Open(f.repoOptions())
}

// View opens the repository and looks at the tip of its branch.
func (f *Factory) View() (*repo.View, error) {
	r, err := f.Repo()
	if err != nil {
		return nil, err
	}
	return r.View()
}

// Draft opens the repository and finds the draft ref names at the tip of
// its branch.
func (f *Factory) Draft(ref string) (*repo.Repo, *repo.View, content.CatalogEntry, error) {
	r, err := f.Repo()
	if err != nil {
		return nil, nil, content.CatalogEntry{}, err
	}
	v, err := r.View()
	if err != nil {
		return nil, nil, content.CatalogEntry{}, err
	}
	e, err := v.FindDraft(ref)
	return r, v, e, err
}

// DraftOrRemoved is Draft for commands that also read a removed draft's
// history (log, diff, draft show --at): a reference to no draft may name
// a removed one by its id.
func (f *Factory) DraftOrRemoved(ref string) (*repo.View, content.CatalogEntry, error) {
	v, err := f.View()
	if err != nil {
		return nil, content.CatalogEntry{}, err
	}
	e, err := v.FindDraftOrRemoved(ref)
	return v, e, err
}

// Acting opens the repository for an action, and says who acts: the
// identity git would record, now.
func (f *Factory) Acting() (*repo.Repo, repo.Actor, error) {
	r, err := f.Repo()
	if err != nil {
		return nil, repo.Actor{}, err
	}
	a, err := r.GitIdentity(f.Now())
	return r, a, err
}

// programName is the name cc shows in help and hints for the program run
// as arg0: "git cc" for a binary installed or linked as git-cc (git runs
// it for "git cc ..."), else "cc".
func programName(arg0 string) string {
	base := strings.TrimSuffix(filepath.Base(arg0), ".exe")
	if base == "git-cc" {
		return "git cc"
	}
	return "cc"
}
