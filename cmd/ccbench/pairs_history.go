package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// followRounds is how many times the log-follow pair's draft is renamed,
// edited and given an event on a merged branch.
const followRounds = 6

// setupLogFollow: a draft's history with renames and merges. A clone of
// its own gets, on top of the corpus, followRounds rounds of: the typical
// draft renamed (by turns as cc draft mv records it and as a plain git mv
// with an edit, which only git's rename detection pairs), a comment made
// on a side branch while the main line moves on, and a merge commit that
// brings it in. cc lists the draft's whole history (file and events,
// through the renames and the merged lines); git follows the file alone
// with git log --follow, the closest thing git has.
func setupLogFollow(r *runner) (*pairRun, error) {
	dir, err := r.clone("log-follow")
	if err != nil {
		return nil, err
	}
	t := r.man.Typical
	rng := rand.New(rand.NewPCG(r.man.Seed, 5))
	run := func(args ...string) error { return git(dir, r.env, args...) }
	cur, clock := t.Path, t.Events
	for i := 1; i <= followRounds; i++ {
		next := path.Join(path.Dir(t.Path), fmt.Sprintf("%s-%d.md", t.Slug, i))
		if err := run("mv", cur, next); err != nil {
			return nil, err
		}
		subject := fmt.Sprintf("draft(%s-%d): move from %s to %s", t.Slug, i, cur, next)
		trailers := "Cc-Action: draft-mv\nCc-Draft: " + t.ID
		if i%2 == 0 {
			if err := appendParagraph(filepath.Join(dir, next), fmt.Sprintf("Renamed by hand, round %d.", i)); err != nil {
				return nil, err
			}
			subject, trailers = fmt.Sprintf("Rename %s by hand", cur), "Edited outside cc."
		}
		if err := run("commit", "-qam", subject, "-m", trailers); err != nil {
			return nil, err
		}
		cur = next

		side := fmt.Sprintf("side-%d", i)
		if err := run("checkout", "-q", "-b", side); err != nil {
			return nil, err
		}
		clock++
		e := newBenchEvent(rng, t.ID, personOf(r.man.Me), clock, fmt.Sprintf("A note from branch %s.", side))
		if err := writeAndCommit(dir, r.env, eventPath(e), e.yaml(), fmt.Sprintf("review(%s): comment", t.Slug), eventTrailers(e)); err != nil {
			return nil, err
		}
		if err := run("checkout", "-q", "main"); err != nil {
			return nil, err
		}
		other := fmt.Sprintf("content/log-follow-%d.md", i)
		if err := writeAndCommit(dir, r.env, other, []byte(fmt.Sprintf("---\ntitle: Other %d\n---\nAnother page.\n", i)), "Add "+other, "Edited outside cc."); err != nil {
			return nil, err
		}
		if err := run("merge", "-q", "--no-ff", "-m", "Merge branch "+side, side); err != nil {
			return nil, err
		}
	}
	return readOnlyRun(r, dir, []string{"log", t.ID, "-n", "1000000"}, []string{"log", "--follow", "--", cur}), nil
}

func appendParagraph(file, text string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	return os.WriteFile(file, []byte(strings.TrimRight(string(data), "\n")+"\n\n"+text+"\n"), 0o644)
}

// writeAndCommit writes one file and commits it, untimed: history for a
// pair to read.
func writeAndCommit(dir string, env []string, p string, data []byte, subject, trailers string) error {
	full := filepath.Join(dir, p)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return err
	}
	if err := git(dir, env, "add", p); err != nil {
		return err
	}
	return git(dir, env, "commit", "-q", "-m", subject, "-m", trailers)
}
