package cmd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/gitstore"
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
	store, err := f.Store()
	if err != nil && !errors.Is(err, gitstore.ErrNotRepository) {
		return err
	}
	if store != nil {
		if store.Bare() {
			return fmt.Errorf("cc init needs a work tree; run it in a clone of this repository")
		}
		r, err := f.openRepo()
		if err != nil {
			return err
		}
		if _, err := r.tip.Stat(review.ConfigPath); err == nil {
			return initAlready(f, r, opts)
		}
	}
	// Work out and check the configuration before creating anything, so a
	// bad flag leaves no half-made repository behind.
	root := f.Dir
	if store != nil {
		root = store.Root()
	}
	out := initOutput{Version: jsonFormatVersion, Root: root}
	out.Site, out.Content, out.New = detectSite(func(p string) bool {
		_, err := os.Stat(filepath.Join(root, filepath.FromSlash(p)))
		return err == nil
	})
	if len(opts.Content) > 0 {
		out.Content = opts.Content
		out.New = out.Content[0]
	}
	if opts.New != "" {
		out.New = opts.New
	}
	config := review.DefaultConfigYAML(out.Content, out.New)
	if _, err := review.ParseConfig(review.ConfigPath, config); err != nil {
		var ce *review.ConfigError
		if errors.As(err, &ce) {
			return usageErrorf("--content/--new: %s", ce.Msg)
		}
		return err
	}
	if store == nil {
		if store, err = gitstore.Init(f.Dir); err != nil {
			return err
		}
		fmt.Fprintf(f.IO.ErrOut, "Initialised an empty Git repository in %s\n", store.Root())
		out.Root = store.Root()
	}
	r, err := f.openRepo()
	if err != nil {
		return err
	}
	res, err := r.commit(func(tip *gitstore.Snapshot) (message, []gitstore.Change, error) {
		attrs, err := gitattributes(tip)
		if err != nil {
			return message{}, nil, err
		}
		changes := []gitstore.Change{{Path: review.ConfigPath, Data: config}}
		if attrs != nil {
			changes = append(changes, gitstore.Change{Path: ".gitattributes", Data: attrs})
		}
		msg := message{Subject: "cc: set up content review", Body: fmt.Sprintf("Drafts live in %s.", strings.Join(out.Content, ", "))}
		msg.trailer("Cc-Action", "init")
		return msg, changes, nil
	})
	if err != nil {
		return err
	}
	out.Commit = res.Commit.String()
	if r.config, err = loadConfig(r.tip); err != nil {
		return err
	}
	drafts, err := r.drafts()
	if err != nil {
		return err
	}
	out.Drafts = len(drafts)
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

// detectSite finds the content folders of a Hugo or Jekyll site.
func detectSite(exists func(string) bool) (site string, folders []string, newDir string) {
	for _, name := range []string{"hugo.toml", "hugo.yaml", "hugo.json", "config.toml"} {
		if exists(name) {
			newDir = "content"
			if exists("content/posts") {
				newDir = "content/posts"
			}
			return "Hugo", []string{"content"}, newDir
		}
	}
	if exists("_config.yml") || exists("_config.yaml") {
		for _, d := range []string{"_posts", "_drafts"} {
			if exists(d) {
				folders = append(folders, d)
			}
		}
		if len(folders) == 0 {
			folders = []string{"_posts", "_drafts"}
		}
		newDir = folders[len(folders)-1]
		return "Jekyll", folders, newDir
	}
	def := review.DefaultConfig()
	return "", def.Content, def.New
}

// attrLines are the .gitattributes rules cc needs: drafts and review files
// keep LF so blob ids, and with them approvals, do not depend on the OS.
var attrLines = []string{"*.md text eol=lf", ".cc/** text eol=lf"}

// gitattributes returns the tip's .gitattributes with cc's rules added, or
// nil when none is missing. Uncommitted edits to the file are the user's:
// Commit refuses to overwrite them.
func gitattributes(tip *gitstore.Snapshot) ([]byte, error) {
	cur, err := tip.ReadFile(".gitattributes")
	if isNotExist(err) {
		cur, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, l := range strings.Split(string(cur), "\n") {
		have[strings.TrimSpace(l)] = true
	}
	var add []string
	for _, l := range attrLines {
		if !have[l] {
			add = append(add, l)
		}
	}
	if len(add) == 0 {
		return nil, nil
	}
	text := string(cur)
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	if text != "" {
		text += "\n"
	}
	text += "# Added by cc: drafts and review files keep LF line endings.\n" + strings.Join(add, "\n") + "\n"
	return []byte(text), nil
}

// initAlready reports a repository that is set up; flags that would have
// chosen folders are pointed at the file that holds them.
func initAlready(f *Factory, r *repo, opts *initOptions) error {
	out := initOutput{Version: jsonFormatVersion, Root: r.store.Root(), Already: true, Content: r.config.Content, New: r.config.New}
	if opts.JSON {
		return writeJSON(f.IO.Out, out)
	}
	fmt.Fprintf(f.IO.ErrOut, "cc is already set up here (%s).\n", review.ConfigPath)
	if len(opts.Content) > 0 || opts.New != "" {
		fmt.Fprintf(f.IO.ErrOut, "--content and --new change nothing now; edit %s to change the folders.\n", review.ConfigPath)
	}
	return nil
}
