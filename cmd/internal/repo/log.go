package repo

import (
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
	// Path is where the draft's file was in this commit, for the history
	// of one draft ("" once it is removed); "" in the log of the branch.
	Path string
}

// History is a list of commits, newest first.
type History struct {
	Commits []LogEntry
	// Truncated is set when history went on past the last commit listed:
	// the max limit, or the boundary of a shallow clone.
	Truncated bool
}

// Log lists at most max commits, newest first. With draft nil it is cc's
// actions on the branch, following the first parent. With a draft it is
// every commit that changed the draft's file or its events, back to the
// one that created it: through renames and along merged lines (see
// walkDraft); a removed draft (as FindDraftOrRemoved gives it) included.
func (v *View) Log(draft *content.CatalogEntry, max int) (History, error) {
	if draft != nil {
		return v.draftLog(*draft, max)
	}
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
		if trailer(c.Message, "Cc-Action") != "" {
			out.Commits = append(out.Commits, logEntry(c, ""))
		}
		h = parent
	}
	return out, nil
}

func (v *View) draftLog(e content.CatalogEntry, max int) (History, error) {
	var out History
	cut, err := v.walkDraft(e, func(d draftVersion) bool {
		if len(out.Commits) == max {
			out.Truncated = true
			return false
		}
		p := d.Path
		if p != "" && blobAt(v.r.store.SnapshotOf(d.Commit), p) == "" {
			p = "" // the commit that removed it
		}
		out.Commits = append(out.Commits, logEntry(d.Commit, p))
		return true
	})
	out.Truncated = out.Truncated || cut
	return out, err
}

func logEntry(c gitstore.CommitInfo, p string) LogEntry {
	return LogEntry{
		Commit: c.ID.String(), Time: c.Author.When, Author: review.Person{Name: c.Author.Name, Email: c.Author.Email},
		Action: trailer(c.Message, "Cc-Action"), Drafts: trailers(c.Message, "Cc-Draft"), Subject: firstLine(c.Message), Path: p,
	}
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
