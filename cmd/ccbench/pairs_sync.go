package main

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"time"

	"github.com/cc-content/cc/cmd/internal/gitserver"
)

// setupSync: a bare remote served by git daemon on 127.0.0.1, the
// measured clone, and another clone. The remote is reached over git://
// rather than file:// so that the server's upload-pack and receive-pack
// run in the daemon, not under the measured command: wait4's peak RSS
// covers a command's waited-for children, and over file:// that would be
// the server's work (about 180 MiB on this corpus) on both sides. Before every run (untimed) the other clone pushes n
// events, one commit each, and the measured clone commits n of its own,
// so each sync has to fetch, merge and push. cc does `cc sync`; git does
// `git pull` then `git push`.
func setupSync(n int) func(r *runner) (*pairRun, error) {
	return func(r *runner) (*pairRun, error) {
		remote := filepath.Join(r.work, fmt.Sprintf("remote-%d.git", n))
		if err := git(r.work, r.env, "clone", "-q", "--bare", r.corpus, remote); err != nil {
			return nil, err
		}
		daemon, err := gitserver.Daemon(r.work)
		if err != nil {
			return nil, err
		}
		url := daemon.URL + "/" + filepath.Base(remote)
		fail := func(err error) (*pairRun, error) {
			daemon.Close()
			return nil, err
		}
		mine, err := r.cloneFrom(remote, fmt.Sprintf("sync-%d", n))
		if err != nil {
			return fail(err)
		}
		other := filepath.Join(r.work, fmt.Sprintf("sync-other-%d.git", n))
		if err := git(r.work, r.env, "clone", "-q", "--bare", remote, other); err != nil {
			return fail(err)
		}
		for _, d := range []string{mine, other} {
			if err := git(d, r.env, "remote", "set-url", "origin", url); err != nil {
				return fail(err)
			}
		}
		t := r.man.Typical
		them := people[len(people)-1]
		rng := rand.New(rand.NewPCG(r.man.Seed, 4))
		clock := t.Events
		var theirs string
		commitEvents := func(dir string, who person, body string) error {
			var stream strings.Builder
			for i := range n {
				// The first commit starts from the branch on disk; the
				// others follow the one before, in fast-import's memory.
				from := ""
				if i == 0 {
					from = "from refs/heads/main^0\n"
				}
				clock++
				e := newBenchEvent(rng, t.ID, who, clock, body)
				msg := fmt.Sprintf("review(%s): comment\n\n%s\n\n%s\n", t.Slug, e.body, eventTrailers(e))
				data := e.yaml()
				when := time.Now().Unix()
				fmt.Fprintf(&stream, "commit refs/heads/main\nauthor %s <%s> %d +0000\ncommitter %[1]s <%[2]s> %[3]d +0000\n"+
					"data %d\n%s\n%sM 100644 inline %s\ndata %d\n%s\n\n",
					who.Name, who.Email, when, len(msg), msg, from, eventPath(e), len(data), data)
			}
			stream.WriteString("done\n")
			_, err := gitInput(dir, r.env, []byte(stream.String()), "fast-import", "--quiet", "--done")
			return err
		}
		prepare := func() error {
			// Another person comments and pushes.
			if err := git(other, r.env, "fetch", "-q", "origin", "+refs/heads/main:refs/heads/main"); err != nil {
				return err
			}
			if err := commitEvents(other, them, "Is this number still current?"); err != nil {
				return err
			}
			if err := git(other, r.env, "push", "-q", "origin", "main"); err != nil {
				return err
			}
			if theirs, err = gitOutput(other, r.env, "rev-parse", "main"); err != nil {
				return err
			}
			// And I have comments of my own, committed but not pushed;
			// the index and work tree follow, as after git commit.
			old, err := gitOutput(mine, r.env, "rev-parse", "HEAD")
			if err != nil {
				return err
			}
			if err := commitEvents(mine, personOf(r.man.Me), "Done, thanks."); err != nil {
				return err
			}
			return git(mine, r.env, "read-tree", "-m", "-u", old, "HEAD")
		}
		synced := func(who string) error {
			head, err := gitOutput(mine, r.env, "rev-parse", "HEAD")
			if err != nil {
				return err
			}
			up, err := gitOutput(remote, r.env, "rev-parse", "main")
			if err != nil {
				return err
			}
			if head != up {
				return fmt.Errorf("%s: the remote is at %.12s, the clone at %.12s: nothing was pushed", who, up, head)
			}
			if err := git(mine, r.env, "merge-base", "--is-ancestor", theirs, head); err != nil {
				return fmt.Errorf("%s: the other clone's commit was not merged", who)
			}
			if st, err := gitOutput(mine, r.env, "status", "--porcelain"); err != nil || st != "" {
				return fmt.Errorf("%s: git status is not clean after the sync: %q %v", who, st, err)
			}
			return nil
		}
		return &pairRun{
			ccLine:  "cc sync",
			gitLine: "git pull -q --no-rebase --no-edit; git push -q",
			prepare: prepare,
			stop:    daemon.Close,
			cc: func() (sample, error) {
				s, err := r.ccRun(mine, "sync")
				if err == nil {
					err = synced("cc sync")
				}
				return s, err
			},
			git: func() (sample, error) {
				pull, err := r.gitRun(mine, "pull", "-q", "--no-rebase", "--no-edit")
				if err != nil {
					return sample{}, err
				}
				push, err := r.gitRun(mine, "push", "-q")
				if err != nil {
					return sample{}, err
				}
				return sample{pull.wall + push.wall, max(pull.rssKiB, push.rssKiB)}, synced("git pull + push")
			},
		}, nil
	}
}
