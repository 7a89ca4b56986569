package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// prBase is the base of the check-base pair's pull request: the corpus
// HEAD, as the clone's remote-tracking branch, the way CI names it.
const prBase = "origin/main"

// setupCheckBase: a pull request. A clone of its own gets one commit on top
// of the corpus that adds a paragraph to the typical draft, as a writer's
// branch would, and cc gates it with `cc check --base origin/main` (the
// policy and allowed signers read from the base, the drafts changed since
// it checked too). git reads the same events as for check: every event blob
// at the tip. cc runs once here, untimed, so that its cache is warm even
// with -warmup 0, as it is for check after its warm-up.
func setupCheckBase(r *runner) (*pairRun, error) { return checkBase(r, "pull-request", false) }

// setupCheckBaseCold is check-base on a fresh CI runner: a clone whose
// pack git made (freshClone), and cc's cache removed before every run,
// untimed.
func setupCheckBaseCold(r *runner) (*pairRun, error) { return checkBase(r, "pull-request-cold", true) }

// setupCheckCold is the full audit on a fresh CI runner: a clone whose
// pack git made (freshClone), and cc's cache removed before every run,
// untimed. git reads every event blob.
func setupCheckCold(r *runner) (*pairRun, error) {
	dir, err := r.freshClone("cold")
	if err != nil {
		return nil, err
	}
	ga := []string{"grep", "-c", ".", "HEAD", "--", ".cc/reviews"}
	return &pairRun{
		ccLine:  "rm -rf .git/cc; cc check",
		gitLine: "git " + strings.Join(ga, " "),
		prepare: func() error { return os.RemoveAll(filepath.Join(dir, ".git", "cc")) },
		cc:      func() (sample, error) { return r.ccRun(dir, "check") },
		git:     func() (sample, error) { return r.gitRun(dir, ga...) },
	}, nil
}

func checkBase(r *runner, clone string, cold bool) (*pairRun, error) {
	dir, err := r.cloneOnce(clone, cold)
	if err != nil {
		return nil, err
	}
	t := r.man.Typical
	full := filepath.Join(dir, t.Path)
	content, err := os.ReadFile(full)
	if err != nil {
		return nil, err
	}
	edited := strings.TrimRight(string(content), "\n") + "\n\n" +
		"This paragraph was added on a branch, for review before it is merged.\n"
	if err := os.WriteFile(full, []byte(edited), 0o644); err != nil {
		return nil, err
	}
	if err := git(dir, r.env, "add", t.Path); err != nil {
		return nil, err
	}
	if err := git(dir, r.env, "commit", "-q", "-m", fmt.Sprintf("draft(%s): save", t.Slug),
		"-m", "Cc-Action: draft-save\nCc-Draft: "+t.ID); err != nil {
		return nil, err
	}
	ahead, err := gitOutput(dir, r.env, "rev-list", "--count", prBase+"..HEAD")
	if err != nil {
		return nil, err
	}
	if ahead != "1" {
		return nil, fmt.Errorf("the pull request is %s commits ahead of %s, want 1", ahead, prBase)
	}
	ca := []string{"check", "--base", prBase}
	ga := []string{"grep", "-c", ".", "HEAD", "--", ".cc/reviews"}
	run := &pairRun{
		ccLine:  "cc " + strings.Join(ca, " "),
		gitLine: "git " + strings.Join(ga, " "),
		prepare: func() error { return nil },
		cc:      func() (sample, error) { return r.ccRun(dir, ca...) },
		git:     func() (sample, error) { return r.gitRun(dir, ga...) },
	}
	if cold {
		run.ccLine = "rm -rf .git/cc; " + run.ccLine
		run.prepare = func() error { return os.RemoveAll(filepath.Join(dir, ".git", "cc")) }
	} else if r.cc != "" {
		// Warm the cache; whether this run works is judged on the timed ones.
		_, _ = r.sp.run(dir, r.env, r.cc, ca...)
	}
	return run, nil
}
