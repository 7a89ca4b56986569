package repo

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cc-content/cc/content"

	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// Setup is what cc init writes, or found already written.
type Setup struct {
	Root    string
	Site    string // the generator's name as people write it ("Hugo", "Docusaurus"), or ""
	IDKey   string // the front-matter key of cc's id
	Content []string
	New     string
	Drafts  int
	Commit  string
	// Already is set when the repository was set up before; the other
	// fields then describe its configuration.
	Already bool
	config  []byte
}

// PlanSetup works out the configuration cc init writes in the repository
// r (nil when dir is not in one yet): the content folders found from the
// site in it, unless content and newDir choose them. Nothing is written,
// so a bad choice leaves no half-made repository behind.
func PlanSetup(r *Repo, dir string, content []string, newDir string) (Setup, error) {
	root := dir
	if r != nil {
		if r.Bare() {
			return Setup{}, fmt.Errorf("cc init needs a work tree; run it in a clone of this repository")
		}
		v, err := r.View()
		if err != nil {
			return Setup{}, err
		}
		if v.HasFile(review.ConfigPath) {
			return Setup{Root: r.Root(), Already: true, Content: v.config.Content, New: v.config.New, IDKey: v.config.Site.Key()}, nil
		}
		root = r.Root()
	}
	out := Setup{Root: root}
	found := detectSite(workTree{
		exists: func(p string) bool { return gitstore.Exists(root, p) },
		isDir:  func(p string) bool { return gitstore.IsWorkDir(root, p) },
		read: func(p string) []byte {
			data, _ := gitstore.ReadWorkFile(root, p, 1<<20)
			return data
		},
		dirs: gitstore.WorkDirs(root),
	})
	out.Site, out.Content, out.New = found.name, found.folders, found.newDir
	if len(content) > 0 {
		out.Content = content
		out.New = out.Content[0]
	}
	if newDir != "" {
		out.New = newDir
	}
	if found.site.IDKey == "" && siteUsesID(root, out.Content) {
		found.site.IDKey = altIDKey
	}
	out.IDKey = found.site.Key()
	out.config = review.DefaultConfigYAML(out.Content, out.New, found.site)
	if _, err := review.ParseConfig(review.ConfigPath, out.config); err != nil {
		var ce *review.ConfigError
		if errors.As(err, &ce) {
			return Setup{}, usagef("--content/--new: %s", ce.Msg)
		}
		return Setup{}, err
	}
	return out, nil
}

// Setup commits the configuration that plan (from PlanSetup) describes and
// the .gitattributes lines cc needs, in one commit.
func (r *Repo) Setup(a Actor, plan Setup) (Setup, error) {
	out := plan
	out.Root = r.Root()
	var err error
	out.Commit, err = r.commit(a, func(v *View) (message, []gitstore.Change, error) {
		attrs, err := gitattributes(v)
		if err != nil {
			return message{}, nil, err
		}
		changes := []gitstore.Change{{Path: review.ConfigPath, Data: plan.config}}
		if attrs != nil {
			changes = append(changes, gitstore.Change{Path: ".gitattributes", Data: attrs})
		}
		msg := message{Subject: "cc: set up content review", Body: fmt.Sprintf("Drafts live in %s.", strings.Join(plan.Content, ", "))}
		msg.trailer("Cc-Action", "init")
		return msg, changes, nil
	})
	if err != nil {
		return out, err
	}
	v, err := r.View()
	if err != nil {
		return out, err
	}
	drafts, err := v.Drafts()
	out.Drafts = len(drafts)
	if err == nil {
		// Written now, so that the first action on one draft finds it
		// without the catalog.
		_, err = v.draftIndex()
	}
	return out, err
}

// altIDKey is where cc keeps its id on a site whose pages use id for
// their own purpose.
const altIDKey = "cc_id"

// siteUsesID reports whether any page in the content folders already has
// an id: in its front matter that is not a cc id: the key then belongs to
// the site, and cc keeps its own id under another.
func siteUsesID(root string, folders []string) bool {
	found := false
	for _, dir := range folders {
		_ = gitstore.WalkWorkFiles(root, dir, func(rel string) bool {
			if !content.IsDraftPath(rel) {
				return true
			}
			data, err := gitstore.ReadWorkFile(root, rel, 64<<10)
			if err != nil {
				return true
			}
			found = content.HasForeignID(data)
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// attrLines are the .gitattributes rules cc needs: drafts and review files
// keep LF so blob ids, and with them approvals, do not depend on the OS.
var attrLines = []string{"*.md text eol=lf", ".cc/** text eol=lf"}

// gitattributes returns the view's .gitattributes with cc's rules added,
// or nil when none is missing. Uncommitted edits to the file are the
// user's: Commit refuses to overwrite them.
func gitattributes(v *View) ([]byte, error) {
	cur, err := v.snap.ReadFile(".gitattributes")
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
