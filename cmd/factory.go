package cmd

import (
	"crypto/rand"
	"io"
	"os"
	"time"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/content"
)

// Factory carries what commands need from the outside world, so tests can
// replace any of it.
type Factory struct {
	IO      *IOStreams
	Version string
	// Dir is where repository discovery starts.
	Dir    string
	Now    func() time.Time
	Random io.Reader
	Getenv func(string) string
	// Executable is the path of the running cc, for commands that run cc
	// again as a child (demo).
	Executable func() (string, error)
}

func newFactory(version string, streams *IOStreams) *Factory {
	dir, _ := os.Getwd()
	return &Factory{
		IO:         streams,
		Version:    version,
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
