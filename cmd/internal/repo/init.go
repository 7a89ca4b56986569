package repo

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// Setup is what cc init writes, or found already written.
type Setup struct {
	Root    string
	Site    string // "Hugo", "Jekyll" or ""
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
			return Setup{Root: r.Root(), Already: true, Content: v.config.Content, New: v.config.New}, nil
		}
		root = r.Root()
	}
	out := Setup{Root: root}
	out.Site, out.Content, out.New = detectSite(func(p string) bool { return gitstore.Exists(root, p) })
	if len(content) > 0 {
		out.Content = content
		out.New = out.Content[0]
	}
	if newDir != "" {
		out.New = newDir
	}
	out.config = review.DefaultConfigYAML(out.Content, out.New)
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
