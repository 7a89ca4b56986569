package repo

import (
	"fmt"
	"path"
	"strings"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// Move renames or moves the draft ref names, keeping its id: target is a
// new slug, a new path ending in .md or .markdown, or a folder ending in /.
// A page bundle moves with all its files.
func (r *Repo) Move(a Actor, ref, target string) (from string, moved Changed, err error) {
	v, err := r.View()
	if err != nil {
		return "", Changed{}, err
	}
	e, err := v.FindDraft(ref)
	if err != nil {
		return "", Changed{}, err
	}
	to, err := v.moveTarget(e, target)
	if err != nil {
		return "", Changed{}, err
	}
	if to == e.Path {
		return "", Changed{}, usagef("%s is already at %s", ref, to)
	}
	moved.Entry = e
	moved.Commit, err = r.commit(a, func(v *View) (message, []gitstore.Change, error) {
		cur, err := v.FindDraft(e.Path)
		if err != nil {
			return message{}, nil, err
		}
		changes, err := v.moveFiles(cur.Path, to)
		if err != nil {
			return message{}, nil, err
		}
		moved.Entry = content.CatalogEntry{Path: to, ID: cur.ID, Title: cur.Title, Blob: cur.Blob}
		msg := message{Subject: fmt.Sprintf("draft(%s): move from %s to %s", content.SlugOf(to), cur.Path, to)}
		msg.trailer("Cc-Action", "draft-mv")
		if cur.ID != "" {
			msg.trailer("Cc-Draft", cur.ID)
		}
		return msg, changes, nil
	})
	return e.Path, moved, err
}

// moveTarget works out the new path of a draft from what the user typed.
func (v *View) moveTarget(e content.CatalogEntry, target string) (string, error) {
	bundle := v.isBundle(e.Path)
	var to string
	switch {
	case strings.HasSuffix(target, "/"):
		dir, ok := v.r.repoPath(target)
		if !ok {
			dir = path.Clean(target)
		}
		to = path.Join(dir, path.Base(e.Path))
		if bundle {
			to = path.Join(dir, e.Slug(), path.Base(e.Path))
		}
	case hasMarkdownExt(target):
		p, ok := v.r.repoPath(target)
		if !ok {
			p = path.Clean(target)
		}
		to = p
	default:
		if err := content.ValidateSlug(target); err != nil {
			return "", usagef("target %q: %s", target, err)
		}
		to = path.Join(path.Dir(e.Path), target+path.Ext(e.Path))
		if bundle {
			to = path.Join(path.Dir(path.Dir(e.Path)), target, path.Base(e.Path))
		}
	}
	if !v.config.InContent(to) {
		return "", usagef("%s is not inside a content folder (%s)", to, strings.Join(v.config.Content, ", "))
	}
	return to, nil
}

// isBundle reports whether p is a Hugo leaf bundle, index.md, whose folder
// (images and all) belongs to the page. A section's _index.md is a page of
// its own and its folder holds other drafts; so does a content folder.
func (v *View) isBundle(p string) bool {
	base := path.Base(p)
	if strings.TrimSuffix(base, path.Ext(base)) != "index" {
		return false
	}
	dir := path.Dir(p)
	for _, root := range v.config.Content {
		if dir == root || root == "." || root == "" {
			return false
		}
	}
	return true
}

// moveFiles is the change set that moves a draft, and the rest of its page
// bundle with it.
func (v *View) moveFiles(from, to string) ([]gitstore.Change, error) {
	if v.pathUsed(to) {
		return nil, fmt.Errorf("%s already exists", to)
	}
	pairs := [][2]string{{from, to}}
	if v.isBundle(from) && v.isBundle(to) {
		pairs = nil
		fromDir, toDir := path.Dir(from), path.Dir(to)
		err := v.snap.Walk(fromDir, func(e gitstore.Entry) error {
			pairs = append(pairs, [2]string{e.Path, toDir + strings.TrimPrefix(e.Path, fromDir)})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	var changes []gitstore.Change
	for _, p := range pairs {
		data, err := readFileLimited(v.snap, p[0])
		if err != nil {
			return nil, err
		}
		changes = append(changes, gitstore.Change{Path: p[0], Delete: true}, gitstore.Change{Path: p[1], Data: data})
	}
	return changes, nil
}

func hasMarkdownExt(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	return ext == ".md" || ext == ".markdown" || ext == ".mdx"
}

// Remove removes the draft ref names (a page bundle with all its files) in
// one commit. Its review events stay.
func (r *Repo) Remove(a Actor, ref string) (Changed, error) {
	v, err := r.View()
	if err != nil {
		return Changed{}, err
	}
	e, err := v.FindDraft(ref)
	if err != nil {
		return Changed{}, err
	}
	removed := Changed{Entry: e, Live: v.isLive(e)}
	if removed.Live && e.ID == "" {
		// Its removal needs an approval, and an approval names a draft by
		// its id.
		return Changed{}, fmt.Errorf("%s is live and has no id yet, so its removal could not be approved; give it one first with any review action, such as: cc review comment %s -m \"Retiring this page\"", e.Path, e.Path)
	}
	removed.Commit, err = r.commit(a, func(v *View) (message, []gitstore.Change, error) {
		cur, err := v.FindDraft(e.Path)
		if err != nil {
			return message{}, nil, err
		}
		changes := []gitstore.Change{{Path: cur.Path, Delete: true}}
		if v.isBundle(cur.Path) {
			changes = nil
			err := v.snap.Walk(path.Dir(cur.Path), func(e gitstore.Entry) error {
				changes = append(changes, gitstore.Change{Path: e.Path, Delete: true})
				return nil
			})
			if err != nil {
				return message{}, nil, err
			}
		}
		msg := message{Subject: fmt.Sprintf("draft(%s): remove %s", cur.Slug(), quoteSubject(cur.Title))}
		msg.trailer("Cc-Action", "draft-rm")
		if cur.ID != "" {
			msg.trailer("Cc-Draft", cur.ID)
		}
		return msg, changes, nil
	})
	return removed, err
}

// isLive reports whether draft e is published: by cc, or for its site
// generator.
func (v *View) isLive(e content.CatalogEntry) bool {
	if e.ID != "" {
		if rv, err := v.Review(e.ID); err == nil && review.Summarize(rv).Published() {
			return true
		}
	}
	d, err := v.ParseDraft(e)
	return err != nil || v.config.Site.Live(e.Path, d)
}
