package cmd

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
)

type syncOptions struct {
	Remote   string
	Continue bool
	Abort    bool
	Retries  int
	Rebase   bool
	JSON     bool
}

func newSyncCmd(f *Factory) *cobra.Command {
	opts := &syncOptions{}
	c := &cobra.Command{
		Use:   "sync [REMOTE]",
		Short: "Bring in others' work, merge it, and send yours out",
		Long: `Fetch the remote's branch, save the drafts you edited (as 'cc draft save'),
merge, and push. REMOTE is a remote's name or a URL; by default the branch's
upstream, else origin. Transports: paths and file://, ssh (agent, key files,
known_hosts), git://, and HTTP(S) with a token (CC_GIT_TOKEN, and
CC_GIT_USERNAME) or git's credential helpers; cc stores no credential.

The merge is file by file: review events from both sides are all kept, a
draft's front matter and .cc/config.yaml are merged key by key, and text is
merged line by line. When both sides changed the same lines, nothing is
committed: the draft holds both versions between <<<<<<< and >>>>>>>
markers, cc says which lines and whose, and exits with 3. Edit the draft to
what should stay, then run 'cc sync --continue'; or 'cc sync --abort'.

With --rebase, your commits since you last synced are replayed on the
remote's tip, each keeping its author, date and message, so history stays
one line; when they do not replay cleanly, cc merges instead.

A push the remote rejects because someone pushed first is fetched, merged
and pushed again (--retries times). When the remote cannot be reached,
nothing changes locally.`,
		Example: `  cc sync
  cc sync upstream
  cc sync --rebase
  cc sync --continue
  CC_GIT_TOKEN=$TOKEN cc sync https://git.example.com/team/site.git`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			tuneGCForSync()
			if len(args) == 1 {
				opts.Remote = args[0]
			}
			if opts.Continue && opts.Abort {
				return usageErrorf("--continue and --abort cannot be used together")
			}
			if (opts.Continue || opts.Abort) && opts.Remote != "" {
				return usageErrorf("--continue and --abort take no REMOTE: they go on with the sync that stopped")
			}
			return syncRun(f, opts)
		},
	}
	c.Flags().BoolVar(&opts.Continue, "continue", false, "finish a sync that stopped on conflicts, once the drafts are edited")
	c.Flags().BoolVar(&opts.Abort, "abort", false, "give up a sync that stopped on conflicts and put your version back")
	c.Flags().BoolVar(&opts.Rebase, "rebase", false, "replay your commits on the remote's tip instead of making a merge commit")
	c.Flags().IntVar(&opts.Retries, "retries", repo.DefaultRetries, "how often to fetch, merge and push again when someone pushed first")
	addJSONFlag(c, &opts.JSON)
	return c
}

func syncRun(f *Factory, opts *syncOptions) error {
	if opts.Retries < 1 {
		return usageErrorf("--retries must be at least 1, not %d", opts.Retries)
	}
	r, a, err := f.Acting()
	if err != nil {
		return err
	}
	if opts.Abort {
		paths, err := r.AbortSync()
		if err != nil {
			return err
		}
		return printSyncAborted(f, paths, opts.JSON)
	}
	ropts := repo.SyncOptions{Remote: opts.Remote, Retries: opts.Retries, Rebase: opts.Rebase}
	var res repo.Synced
	if opts.Continue {
		res, err = r.ContinueSync(context.Background(), a, ropts)
	} else {
		res, err = r.Sync(context.Background(), a, ropts)
	}
	var conflict *repo.SyncConflictError
	if errors.As(err, &conflict) {
		if perr := printSyncConflict(f, res, conflict, opts.JSON); perr != nil {
			return perr
		}
		return errGateNotMet
	}
	if err != nil {
		return err
	}
	return printSynced(f, res, opts.JSON)
}
