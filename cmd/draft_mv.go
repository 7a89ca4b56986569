package cmd

import (
	"fmt"
	"path"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
)

type draftMvOptions struct {
	Draft  string
	Target string
	JSON   bool
}

func newDraftMvCmd(f *Factory) *cobra.Command {
	opts := &draftMvOptions{}
	c := &cobra.Command{
		Use:   "mv <draft> <new-slug|new-path.md|folder/>",
		Short: "Rename or move a draft, keeping its id and review history",
		Long: `Rename a draft to a new slug in its folder, move it to another path, or move
it into another content folder (a target ending in /). The id stays, so its
review threads and approvals follow it. A page bundle moves with all its files.`,
		Example: `  cc draft mv our-launch-plan launch-plan
  cc draft mv k3x9q2 content/archive/
  cc draft mv k3x9q2 content/notes/2026-launch.md`,
		Args: exactArgs("<draft>", "<target>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft, opts.Target = args[0], args[1]
			return draftMvRun(f, opts)
		},
	}
	addJSONFlag(c, &opts.JSON)
	return c
}

func draftMvRun(f *Factory, opts *draftMvOptions) error {
	r, e, err := f.openDraft(opts.Draft)
	if err != nil {
		return err
	}
	to, err := r.moveTarget(e, opts.Target)
	if err != nil {
		return err
	}
	if to == e.Path {
		return usageErrorf("%s is already at %s", opts.Draft, to)
	}
	moved := entryOutput(e)
	res, err := r.commit(func(tip *gitstore.Snapshot) (message, []gitstore.Change, error) {
		cur, err := r.findDraft(e.Path)
		if err != nil {
			return message{}, nil, err
		}
		changes, err := r.moveFiles(tip, cur.Path, to)
		if err != nil {
			return message{}, nil, err
		}
		moved = entryOutput(content.CatalogEntry{Path: to, ID: cur.ID, Title: cur.Title, Blob: cur.Blob})
		msg := message{Subject: fmt.Sprintf("draft(%s): move from %s to %s", content.SlugOf(to), cur.Path, to)}
		msg.trailer("Cc-Action", "draft-mv")
		if cur.ID != "" {
			msg.trailer("Cc-Draft", cur.ID)
		}
		return msg, changes, nil
	})
	if err != nil {
		return err
	}
	moved.Commit = res.Commit.String()
	if opts.JSON {
		return writeJSON(f.IO.Out, moved)
	}
	fmt.Fprintf(f.IO.ErrOut, "Moved %s to %s\n", e.Path, to)
	return nil
}

// moveTarget works out the new path of a draft from what the user typed.
func (r *repo) moveTarget(e content.CatalogEntry, target string) (string, error) {
	bundle := r.isBundle(e.Path)
	var to string
	switch {
	case strings.HasSuffix(target, "/"):
		dir, ok := r.repoPath(target)
		if !ok {
			dir = path.Clean(target)
		}
		to = path.Join(dir, path.Base(e.Path))
		if bundle {
			to = path.Join(dir, e.Slug(), path.Base(e.Path))
		}
	case hasMarkdownExt(target):
		p, ok := r.repoPath(target)
		if !ok {
			p = path.Clean(target)
		}
		to = p
	default:
		if err := content.ValidateSlug(target); err != nil {
			return "", usageErrorf("target %q: %s", target, err)
		}
		to = path.Join(path.Dir(e.Path), target+path.Ext(e.Path))
		if bundle {
			to = path.Join(path.Dir(path.Dir(e.Path)), target, path.Base(e.Path))
		}
	}
	if !r.config.InContent(to) {
		return "", usageErrorf("%s is not inside a content folder (%s)", to, strings.Join(r.config.Content, ", "))
	}
	return to, nil
}

// isBundle reports whether p is a Hugo leaf bundle, index.md, whose folder
// (images and all) belongs to the page. A section's _index.md is a page of
// its own and its folder holds other drafts; so does a content folder.
func (r *repo) isBundle(p string) bool {
	base := path.Base(p)
	if strings.TrimSuffix(base, path.Ext(base)) != "index" {
		return false
	}
	dir := path.Dir(p)
	for _, root := range r.config.Content {
		if dir == root || root == "." || root == "" {
			return false
		}
	}
	return true
}

// moveFiles is the change set that moves a draft, and the rest of its page
// bundle with it.
func (r *repo) moveFiles(tip *gitstore.Snapshot, from, to string) ([]gitstore.Change, error) {
	if r.pathUsed(tip, to) {
		return nil, fmt.Errorf("%s already exists", to)
	}
	pairs := [][2]string{{from, to}}
	if r.isBundle(from) && r.isBundle(to) {
		pairs = nil
		fromDir, toDir := path.Dir(from), path.Dir(to)
		err := tip.Walk(fromDir, func(e gitstore.Entry) error {
			pairs = append(pairs, [2]string{e.Path, toDir + strings.TrimPrefix(e.Path, fromDir)})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	var changes []gitstore.Change
	for _, p := range pairs {
		data, err := tip.ReadFile(p[0])
		if err != nil {
			return nil, err
		}
		changes = append(changes, gitstore.Change{Path: p[0], Delete: true}, gitstore.Change{Path: p[1], Data: data})
	}
	return changes, nil
}

func hasMarkdownExt(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	return ext == ".md" || ext == ".markdown"
}
