package cmd

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
	b.WriteString(oneLine(m.Subject))
	b.WriteString("\n\n")
	if body := strings.TrimSpace(m.Body); body != "" {
		b.WriteString(body)
		b.WriteString("\n\n")
	}
	for _, t := range m.Trailers {
		b.WriteString(t[0] + ": " + oneLine(t[1]) + "\n")
	}
	return b.String()
}

// oneLine keeps user text from breaking the subject or a trailer.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// quoteSubject shortens text for a commit subject.
func quoteSubject(s string) string {
	s = oneLine(s)
	if r := []rune(s); len(r) > 50 {
		s = string(r[:49]) + "…"
	}
	return `"` + s + `"`
}

// commit records one action as one commit on the current branch. build is
// called with the branch tip, again if another writer moved the branch
// first.
func (r *repo) commit(build func(tip *gitstore.Snapshot) (message, []gitstore.Change, error)) (gitstore.Result, error) {
	now := r.f.Now()
	author, err := r.store.Author(now)
	if err != nil {
		return gitstore.Result{}, err
	}
	committer, err := r.store.Committer(now)
	if err != nil {
		return gitstore.Result{}, err
	}
	opts := gitstore.CommitOptions{Author: author, Committer: committer}
	res, err := r.store.Commit(opts, func(tip *gitstore.Snapshot) (gitstore.CommitPlan, error) {
		if tip.Commit() != r.tip.Commit() {
			// Another writer won; answer from what is there now, policy
			// included.
			cfg, err := loadConfig(tip)
			if err != nil {
				return gitstore.CommitPlan{}, err
			}
			r.tip, r.loaded, r.config = tip, false, cfg
		}
		msg, changes, err := build(tip)
		return gitstore.CommitPlan{Message: msg.String(), Changes: changes}, err
	})
	if err != nil {
		return res, err
	}
	if tip, err := r.store.Snapshot(res.Commit); err == nil {
		r.tip, r.loaded = tip, false
	}
	return res, nil
}
