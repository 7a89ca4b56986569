package repo

import (
	"strings"

	"github.com/cc-content/cc/gitstore"
)

// message is a commit message in cc's format: a subject that reads on its
// own, an optional body, and trailers that make the action queryable
// (docs/format.md).
type message struct {
	Subject  string
	Body     string
	Trailers [][2]string
}

func (m *message) trailer(key, value string) { m.Trailers = append(m.Trailers, [2]string{key, value}) }

func (m message) String() string {
	var b strings.Builder
	b.WriteString(OneLine(m.Subject))
	b.WriteString("\n\n")
	if body := strings.TrimSpace(m.Body); body != "" {
		b.WriteString(body)
		b.WriteString("\n\n")
	}
	for _, t := range m.Trailers {
		b.WriteString(t[0] + ": " + OneLine(t[1]) + "\n")
	}
	return b.String()
}

// OneLine keeps text from breaking a line: a commit subject, a trailer, a
// row of a table.
func OneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// quoteSubject shortens text for a commit subject.
func quoteSubject(s string) string {
	s = OneLine(s)
	if r := []rune(s); len(r) > 50 {
		s = string(r[:49]) + "…"
	}
	return `"` + s + `"`
}

// commit records one action by a as one commit on the current branch.
// build is called with a view of the branch tip, again if another writer
// moved the branch first (the policy is then read again too). It returns
// the new commit's id. Nothing is written while the repository is in a
// state no commit should be made in (CheckWritable). parents, when given,
// are the commit's parents in place of the tip (a merge).
func (r *Repo) commit(a Actor, build func(v *View) (message, []gitstore.Change, error), parents ...gitstore.Hash) (string, error) {
	if err := r.CheckWritable(); err != nil {
		return "", err
	}
	var built *View
	var changes []gitstore.Change
	res, err := r.store.Commit(a.commitOptions(), func(tip *gitstore.Snapshot) (gitstore.CommitPlan, error) {
		v, err := r.viewAt(tip)
		if err != nil {
			return gitstore.CommitPlan{}, err
		}
		built = v
		var msg message
		msg, changes, err = build(v)
		if err == nil {
			err = checkWriteLimits(changes)
		}
		return gitstore.CommitPlan{Message: msg.String(), Changes: changes, Parents: parents}, err
	})
	if err != nil {
		return "", err
	}
	// The draft index is a cache: one not brought up to date is rebuilt
	// by the next look-up.
	_ = built.updateDraftIndex(res.Commit, changes)
	return res.Commit.String(), nil
}

// viewAt is the view of tip: the current one when tip is its commit, so
// what it read is reused.
func (r *Repo) viewAt(tip *gitstore.Snapshot) (*View, error) {
	r.mu.Lock()
	cur := r.cur
	r.mu.Unlock()
	if cur != nil && cur.snap.Commit() == tip.Commit() {
		return cur, nil
	}
	return r.viewOf(tip)
}
