package cmd

import (
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
)

type draftNewOptions struct {
	Title    string
	Slug     string
	Dir      string
	BodyFile string
	JSON     bool
}

type draftOutput struct {
	Version int            `json:"version"`
	ID      string         `json:"id"`
	Title   string         `json:"title"`
	Path    string         `json:"path"`
	Slug    string         `json:"slug"`
	Blob    string         `json:"blob,omitempty"`
	Commit  string         `json:"commit,omitempty"`
	Problem string         `json:"problem,omitempty"`
	Meta    map[string]any `json:"meta,omitempty"`
	Body    *string        `json:"body,omitempty"`
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
	title := strings.TrimSpace(opts.Title)
	if title == "" {
		return usageErrorf("--title is required")
	}
	if opts.Slug != "" {
		if err := content.ValidateSlug(opts.Slug); err != nil {
			return usageErrorf("--slug: %s", err)
		}
	}
	body, err := readBodyFile(f, opts.BodyFile)
	if err != nil {
		return err
	}
	r, err := f.openRepo()
	if err != nil {
		return err
	}
	dir := r.config.New
	if opts.Dir != "" {
		d, ok := r.repoPath(opts.Dir)
		if !ok {
			d = path.Clean(strings.TrimSuffix(opts.Dir, "/"))
		}
		if !r.config.InContent(d + "/x.md") {
			return usageErrorf("--dir %s is not inside a content folder (%s); add it to %s", opts.Dir, strings.Join(r.config.Content, ", "), ".cc/config.yaml")
		}
		dir = d
	}

	var created draftOutput
	res, err := r.commit(func(tip *gitstore.Snapshot) (message, []gitstore.Change, error) {
		taken, err := r.idTaken()
		if err != nil {
			return message{}, nil, err
		}
		id, err := content.NewID(f.Random, taken)
		if err != nil {
			return message{}, nil, err
		}
		file, slug, err := r.freePath(tip, dir, opts.Slug, title)
		if err != nil {
			return message{}, nil, err
		}
		data := content.New(id, title, f.Now(), body).Bytes()
		if _, err := content.Parse(file, data); err != nil {
			return message{}, nil, fmt.Errorf("--body-file: %w", err)
		}
		created = draftOutput{Version: jsonFormatVersion, ID: id, Title: title, Path: file, Slug: slug, Blob: gitstore.BlobHash(data).String()}
		msg := message{Subject: fmt.Sprintf("draft(%s): new %s", slug, quoteSubject(title))}
		msg.trailer("Cc-Action", "draft-new")
		msg.trailer("Cc-Draft", id)
		return msg, []gitstore.Change{{Path: file, Data: data}}, nil
	})
	if err != nil {
		return err
	}
	created.Commit = res.Commit.String()
	if opts.JSON {
		return writeJSON(f.IO.Out, created)
	}
	fmt.Fprintf(f.IO.ErrOut, "Created %s (%s)\n", created.Path, created.ID)
	_, err = fmt.Fprintln(f.IO.Out, created.ID)
	return err
}

// freePath picks the file for a new draft: the slug given (which must be
// free) or one made from the title, numbered until it is free in the tip
// and in the work tree.
func (r *repo) freePath(tip *gitstore.Snapshot, dir, slug, title string) (string, string, error) {
	explicit := slug != ""
	if !explicit {
		slug = content.Slugify(title)
	}
	for n := 1; n < 1000; n++ {
		s := slug
		if n > 1 {
			s = fmt.Sprintf("%s-%d", slug, n)
		}
		file := path.Join(dir, s+".md")
		if r.config.Bundles {
			file = path.Join(dir, s, "index.md")
		}
		if !r.pathUsed(tip, file) {
			return file, s, nil
		}
		if explicit {
			return "", "", fmt.Errorf("%s already exists; choose another --slug", file)
		}
	}
	return "", "", fmt.Errorf("no free file name for slug %q in %s", slug, dir)
}

func (r *repo) pathUsed(tip *gitstore.Snapshot, file string) bool {
	if _, err := tip.Stat(file); err == nil {
		return true
	}
	if r.store.Root() == "" {
		return false
	}
	_, err := os.Lstat(r.store.Root() + "/" + file)
	return err == nil
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
	return data, nil
}
