package cmd

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/content"
)

type draftNewOptions struct {
	Title    string
	Slug     string
	Dir      string
	BodyFile string
	JSON     bool
}

func newDraftNewCmd(f *Factory) *cobra.Command {
	opts := &draftNewOptions{}
	c := &cobra.Command{
		Use:   "new --title TITLE [--slug SLUG] [--dir DIR] [--body-file FILE|-]",
		Short: "Create a draft and commit it",
		Long: `Create a draft with a new id, commit it, and print the id on stdout.

The file is <dir>/<slug>.md (or <dir>/<slug>/index.md when the repository uses
Hugo page bundles). The slug comes from the title unless --slug is given; a
taken slug gets a number appended.`,
		Example: `  cc draft new --title "Our launch plan"
  id=$(cc draft new --title "Release notes 2.0" --dir content/notes --body-file notes.md)
  echo "Hello." | cc draft new --title Hello --body-file -`,
		Args: exactArgs(),
		RunE: func(c *cobra.Command, args []string) error {
			return draftNewRun(f, opts)
		},
	}
	c.Flags().StringVarP(&opts.Title, "title", "t", "", "title of the draft (required)")
	c.Flags().StringVar(&opts.Slug, "slug", "", "file name without .md (default: from the title)")
	c.Flags().StringVar(&opts.Dir, "dir", "", "content folder to create it in (default: 'new' in .cc/config.yaml)")
	c.Flags().StringVar(&opts.BodyFile, "body-file", "", "read the Markdown body from `FILE` (- for stdin)")
	addJSONFlag(c, &opts.JSON)
	return c
}

func draftNewRun(f *Factory, opts *draftNewOptions) error {
	if strings.TrimSpace(opts.Title) == "" {
		return usageErrorf("--title is required")
	}
	body, err := readBodyFile(f, opts.BodyFile)
	if err != nil {
		return err
	}
	r, a, err := f.Acting()
	if err != nil {
		return err
	}
	created, err := r.NewDraft(a, repo.NewDraft{Title: opts.Title, Slug: opts.Slug, Dir: opts.Dir, Body: body})
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, changedOutput(created))
	}
	fmt.Fprintf(f.IO.ErrOut, "Created %s (%s)\n", created.Entry.Path, created.Entry.ID)
	_, err = fmt.Fprintln(f.IO.Out, created.Entry.ID)
	return err
}

// readBodyFile reads --body-file: a file, or stdin for "-".
func readBodyFile(f *Factory, name string) ([]byte, error) {
	if name == "" {
		return nil, nil
	}
	var rd io.Reader
	if name == "-" {
		rd = f.IO.In
	} else {
		file, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("--body-file: %w", err)
		}
		defer file.Close()
		rd = file
	}
	data, err := io.ReadAll(io.LimitReader(rd, content.MaxDraftSize+1))
	if err != nil {
		return nil, fmt.Errorf("--body-file %s: %w", name, err)
	}
	if len(data) > content.MaxDraftSize {
		return nil, fmt.Errorf("--body-file %s: larger than the %d MiB a draft may have", name, content.MaxDraftSize>>20)
	}
	// A draft is text: its front matter is YAML and anchors count
	// characters, so bytes that are not UTF-8 are refused, not mended; like
	// any text given to cc that is not UTF-8, a usage error naming the flag.
	if i := invalidUTF8(string(data)); i >= 0 {
		line := bytes.Count(data[:i], []byte("\n")) + 1
		col := i - bytes.LastIndexByte(data[:i], '\n')
		return nil, usageErrorf("--body-file %s:%d:%d: not valid UTF-8 (byte %#x); save the file as UTF-8 first", name, line, col, data[i])
	}
	return data, nil
}
