package repo

import (
	"fmt"
	"path"
	"strings"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
)

// NewDraft is what a new draft starts with. Slug and Dir are optional: the
// slug comes from the title, the folder from the configuration's new.
type NewDraft struct {
	Title string
	Slug  string
	Dir   string
	Body  []byte
}

// Changed is a draft an action changed, and the commit that holds it.
type Changed struct {
	Entry  content.CatalogEntry
	Commit string
	// Live is set by Remove for a page the site published: its removal
	// needs approval before the gate lets it through.
	Live bool
}

// NewDraft creates a draft with a new id in one commit.
func (r *Repo) NewDraft(a Actor, nd NewDraft) (Changed, error) {
	title := strings.TrimSpace(nd.Title)
	if title == "" {
		return Changed{}, usagef("--title is required")
	}
	if nd.Slug != "" {
		if err := content.ValidateSlug(nd.Slug); err != nil {
			return Changed{}, usagef("--slug: %s", err)
		}
	}
	v, err := r.View()
	if err != nil {
		return Changed{}, err
	}
	dir := v.config.New
	if nd.Dir != "" {
		d, ok := r.repoPath(nd.Dir)
		if !ok {
			d = path.Clean(strings.TrimSuffix(nd.Dir, "/"))
		}
		if !v.config.InContent(d + "/x.md") {
			return Changed{}, usagef("--dir %s is not inside a content folder (%s); add it to %s", nd.Dir, strings.Join(v.config.Content, ", "), ".cc/config.yaml")
		}
		dir = d
	}
	var created Changed
	created.Commit, err = r.commit(a, func(v *View) (message, []gitstore.Change, error) {
		id, err := v.newID(nil)
		if err != nil {
			return message{}, nil, err
		}
		file, slug, err := v.freePath(dir, nd.Slug, title)
		if err != nil {
			return message{}, nil, err
		}
		data := v.config.Site.New(file, id, title, a.Now, nd.Body).Bytes()
		if _, err := v.config.Site.Parse(file, data); err != nil {
			return message{}, nil, fmt.Errorf("--body-file: %w", err)
		}
		created.Entry = content.CatalogEntry{ID: id, Title: title, Path: file, Blob: gitstore.BlobHash(data).String()}
		msg := message{Subject: fmt.Sprintf("draft(%s): new %s", slug, quoteSubject(title))}
		msg.trailer("Cc-Action", "draft-new")
		msg.trailer("Cc-Draft", id)
		return msg, []gitstore.Change{{Path: file, Data: data}}, nil
	})
	return created, err
}

// freePath picks the file for a new draft: the slug given (which must be
// free) or one made from the title, numbered until it is free in the view
// and in the work tree.
func (v *View) freePath(dir, slug, title string) (string, string, error) {
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
		if v.config.Bundles {
			file = path.Join(dir, s, "index.md")
		}
		if !v.pathUsed(file) {
			return file, s, nil
		}
		if explicit {
			return "", "", fmt.Errorf("%s already exists; choose another --slug", file)
		}
	}
	return "", "", fmt.Errorf("no free file name for slug %q in %s", slug, dir)
}

// pathUsed reports whether file is committed or present in the work tree.
func (v *View) pathUsed(file string) bool {
	return v.HasFile(file) || v.r.store.WorktreeHas(file)
}
