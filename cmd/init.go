package cmd

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/review"
)

type initOptions struct {
	Content []string
	New     string
	JSON    bool
}

type initOutput struct {
	Version int      `json:"version"`
	Root    string   `json:"root"`
	Site    string   `json:"site"`
	Content []string `json:"content"`
	New     string   `json:"new"`
	Drafts  int      `json:"drafts"`
	Commit  string   `json:"commit,omitempty"`
	Already bool     `json:"already"`
}

func newInitCmd(f *Factory) *cobra.Command {
	opts := &initOptions{}
	c := &cobra.Command{
		Use:   "init",
		Short: "Set up cc in a new or existing repository",
		Long: `Set up cc in the current repository (running the equivalent of 'git init'
first if there is none): write .cc/config.yaml with commented defaults and a
.gitattributes that keeps drafts and review files in LF, in one commit.

An existing Hugo or Jekyll site is adopted as it is: its content folders are
found and no content file is moved or changed. Pages without an id are
drafts all the same and get one the first time cc records something on them.`,
		Example: `  cc init
  cc init --content docs --new docs/drafts`,
		Args: exactArgs(),
		RunE: func(c *cobra.Command, args []string) error {
			return initRun(f, opts)
		},
	}
	c.Flags().StringArrayVar(&opts.Content, "content", nil, "a folder that holds drafts (repeatable; default: found from the site)")
	c.Flags().StringVar(&opts.New, "new", "", "folder for new drafts (default: posts/ or _drafts/ in the first content folder)")
	addJSONFlag(c, &opts.JSON)
	return c
}

func initRun(f *Factory, opts *initOptions) error {
	r, err := f.Repo()
	if err != nil && !errors.Is(err, repo.ErrNotRepository) {
		return err
	}
	plan, err := repo.PlanSetup(r, f.Dir, opts.Content, opts.New)
	if err != nil {
		return err
	}
	if plan.Already {
		return initAlready(f, plan, opts)
	}
	if r == nil {
		if r, err = repo.Create(f.Dir, f.repoOptions()); err != nil {
			return err
		}
		fmt.Fprintf(f.IO.ErrOut, "Initialised an empty Git repository in %s\n", r.Root())
	}
	a, err := r.GitIdentity(f.Now())
	if err != nil {
		return err
	}
	done, err := r.Setup(a, plan)
	if err != nil {
		return err
	}
	out := initOutput{Version: jsonFormatVersion, Root: done.Root, Site: done.Site, Content: done.Content, New: done.New, Drafts: done.Drafts, Commit: done.Commit}
	if opts.JSON {
		return writeJSON(f.IO.Out, out)
	}
	site := ""
	if out.Site != "" {
		site = " (" + out.Site + " site)"
	}
	fmt.Fprintf(f.IO.ErrOut, "Set up cc in %s%s: drafts in %s, new drafts in %s, %d found.\n",
		out.Root, site, strings.Join(out.Content, ", "), out.New, out.Drafts)
	return nil
}

// initAlready reports a repository that is set up; flags that would have
// chosen folders are pointed at the file that holds them.
func initAlready(f *Factory, plan repo.Setup, opts *initOptions) error {
	out := initOutput{Version: jsonFormatVersion, Root: plan.Root, Already: true, Content: plan.Content, New: plan.New}
	if opts.JSON {
		return writeJSON(f.IO.Out, out)
	}
	fmt.Fprintf(f.IO.ErrOut, "cc is already set up here (%s).\n", review.ConfigPath)
	if len(opts.Content) > 0 || opts.New != "" {
		fmt.Fprintf(f.IO.ErrOut, "--content and --new change nothing now; edit %s to change the folders.\n", review.ConfigPath)
	}
	return nil
}
