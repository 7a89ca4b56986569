package content

import (
	"slices"
	"strings"
	"time"
)

// Live reports whether the site generator publishes the page at path with
// front matter d when the site is built, as far as front matter and path
// tell:
//
//   - Jekyll (a page under a _posts or _drafts folder): a post is live
//     unless published: false; a page in _drafts is not;
//   - otherwise Hugo's rule: live unless draft is true. A missing draft
//     key is live.
//
// Where the generator's reading is in doubt the page counts as live, so a
// gate errs on the side of asking for approval: only a YAML or TOML
// boolean, or a string Hugo itself reads as true, makes a page a draft,
// and only a boolean false unpublishes a Jekyll post (Jekyll publishes
// published: "false", a string).
func Live(path string, d *Draft) bool {
	meta := d.Meta()
	dirs := strings.Split(path, "/")
	dirs = dirs[:len(dirs)-1]
	switch {
	case slices.Contains(dirs, "_drafts"):
		return false
	case slices.Contains(dirs, "_posts"):
		return meta["published"] != false
	}
	if !marksDraft(meta["draft"]) {
		return true
	}
	// Hugo reads front matter keys whatever their case, and which of
	// draft: and Draft: wins is not said: the page is live if either may
	// make it so.
	for k, v := range meta {
		if k != "draft" && strings.EqualFold(k, "draft") && !marksDraft(v) {
			return true
		}
	}
	return false
}

// marksDraft reports whether Hugo reads the value v of draft: as true.
func marksDraft(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		// Hugo reads strings with strconv.ParseBool.
		return slices.Contains([]string{"1", "t", "T", "TRUE", "true", "True"}, v)
	case int:
		return v == 1
	case int64:
		return v == 1
	}
	return false
}

// JekyllPostPath is where Jekyll wants the draft at p once it is published
// on date: a page under a _drafts folder moves to the _posts folder beside
// it, named <date>-<slug><ext>. ok is false for a page not in _drafts.
func JekyllPostPath(p string, date time.Time) (post string, ok bool) {
	dirs := strings.Split(p, "/")
	file := dirs[len(dirs)-1]
	dirs = dirs[:len(dirs)-1]
	i := slices.Index(dirs, "_drafts")
	if i < 0 {
		return "", false
	}
	dirs[i] = "_posts"
	return strings.Join(append(dirs, date.Format(time.DateOnly)+"-"+file), "/"), true
}
