package cmd

import (
	"crypto/rand"
	"io"
	"os"
	"time"

	"github.com/cc-content/cc/gitstore"
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

// Store opens the repository that contains f.Dir.
func (f *Factory) Store() (*gitstore.Store, error) {
	return gitstore.Open(f.Dir)
}
