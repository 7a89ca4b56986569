package repo

import (
	"slices"
	"strings"
	"time"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// LogEntry is one commit of the audit trail.
type LogEntry struct {
	Commit  string
	Time    time.Time
	Author  review.Person
	Action  string   // the Cc-Action trailer, "" for a plain git commit
	Drafts  []string // the Cc-Draft trailers
	Subject string
}

// History is a list of commits, newest first.
type History struct {
	Commits []LogEntry
	// Truncated is set when history went on past the last commit listed:
	// the max limit, or the boundary of a shallow clone.
	Truncated bool
}

// Log lists at most max commits, newest first, following the first
// parent: cc's actions when draft is nil, else every commit that changed
// the draft's file or its events, back to the one that created it.
func (v *View) Log(draft *content.CatalogEntry, max int) (History, error) {
	var out History
	store := v.r.store
	for h := v.snap.Commit(); !h.IsZero(); {
		if len(out.Commits) == max {
			out.Truncated = true
			break
		}
		c, err := store.ReadCommit(h)
		if err != nil {
			return out, err
		}
		var parent gitstore.Hash
		if len(c.Parents) > 0 {
			parent = c.Parents[0]
		}
		if shallow, err := store.Shallow(h); err != nil {
			return out, err
		} else if shallow {
			parent, out.Truncated = gitstore.Hash{}, true
		}
		action := trailer(c.Message, "Cc-Action")
		include := action != ""
		if draft != nil {
			changed, created, err := v.draftChanged(c, parent, *draft)
			if err != nil {
				return out, err
			}
			include = changed
			if created {
				parent = gitstore.Hash{} // nothing older is its history
			}
		}
		if include {
			out.Commits = append(out.Commits, LogEntry{
				Commit: c.ID.String(), Time: c.Author.When, Author: review.Person{Name: c.Author.Name, Email: c.Author.Email},
				Action: action, Drafts: trailers(c.Message, "Cc-Draft"), Subject: firstLine(c.Message),
			})
		}
		h = parent
	}
	return out, nil
}

// draftChanged reports whether commit c changed draft e's file or its
// events, compared with parent, and whether c created the draft. A commit
// cc made for other drafts says so in its trailers and is passed over
// without reading trees; any other commit is compared, the events folder
// only when .cc changed at all.
func (v *View) draftChanged(c gitstore.CommitInfo, parent gitstore.Hash, e content.CatalogEntry) (changed, created bool, err error) {
	if trailer(c.Message, "Cc-Action") != "" && e.ID != "" && !slices.Contains(trailers(c.Message, "Cc-Draft"), e.ID) {
		return false, false, nil
	}
	now, err := v.r.store.Snapshot(c.ID)
	if err != nil {
		return false, false, err
	}
	before, err := v.r.store.Snapshot(parent)
	if err != nil {
		return false, false, err
	}
	fileNow, fileBefore := blobAt(now, e.Path), blobAt(before, e.Path)
	eventsNow, eventsBefore := "", ""
	if e.ID != "" {
		if ccNow, ccBefore := treeAt(now, ".cc"), treeAt(before, ".cc"); ccNow != ccBefore || fileBefore == "" {
			eventsNow, eventsBefore = treeAt(now, reviewDir(e.ID)), treeAt(before, reviewDir(e.ID))
		}
	}
	changed = fileNow != fileBefore || eventsNow != eventsBefore
	return changed, fileBefore == "" && eventsBefore == "", nil
}

func blobAt(snap *gitstore.Snapshot, p string) string {
	if e, err := snap.Stat(p); err == nil {
		return e.Blob.String()
	}
	return ""
}

func treeAt(snap *gitstore.Snapshot, dir string) string {
	if h, err := snap.TreeHash(dir); err == nil {
		return h.String()
	}
	return ""
}

// trailers returns the values of a trailer key in a commit message.
func trailers(msg, key string) []string {
	var out []string
	for _, line := range strings.Split(msg, "\n") {
		if v, ok := strings.CutPrefix(line, key+": "); ok {
			out = append(out, strings.TrimSpace(v))
		}
	}
	return out
}

func trailer(msg, key string) string {
	if v := trailers(msg, key); len(v) > 0 {
		return v[0]
	}
	return ""
}

func firstLine(msg string) string {
	line, _, _ := strings.Cut(msg, "\n")
	return line
}
