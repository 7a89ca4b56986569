package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/review"
)

type approveOptions struct {
	Draft   string
	Message messageFlag
	Sign    signFlags
	JSON    bool
}

func newApproveCmd(f *Factory) *cobra.Command {
	opts := &approveOptions{}
	c := &cobra.Command{
		Use:   "approve <draft> [-m TEXT]",
		Short: "Approve a draft as it is committed now",
		Long: `Approve the draft's content as committed at the tip of the current branch:
the approval names the draft's blob, and counts only while the draft's
content is that blob's (publishing's own draft: false aside). Any later edit
makes it stale, and 'cc check' then asks for a new one.

Works without a terminal, with identity from GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL,
on a detached HEAD and in a shallow clone, so CI can approve as a bot.`,
		Example: `  cc approve our-launch-plan -m "Good to go."
  GIT_AUTHOR_NAME=ci-bot GIT_AUTHOR_EMAIL=ci-bot@example.com cc approve k3x9q2 -m "Links and spelling pass."
  cc approve our-launch-plan --sign                  # with git config user.signingKey
  cc approve k3x9q2 --key ~/.ssh/id_ed25519.pub       # the key in the ssh agent`,
		Args: exactArgs("<draft>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft = args[0]
			return approveRun(f, opts, review.TypeApprove)
		},
	}
	addMessageFlag(c, &opts.Message, "a note (optional; - reads stdin)")
	addSignFlags(c, &opts.Sign)
	addJSONFlag(c, &opts.JSON)
	return c
}

func newRequestChangesCmd(f *Factory) *cobra.Command {
	opts := &approveOptions{}
	c := &cobra.Command{
		Use:   "request-changes <draft> -m TEXT",
		Short: "Ask for changes before a draft can be approved",
		Long: `Record that the draft needs changes, and why. It withdraws your earlier
approval of the draft, if any, and sends the draft back to draft.`,
		Example: `  cc request-changes our-launch-plan -m "The dates in the intro disagree."
  cc request-changes k3x9q2 -m "Cite the source." --sign`,
		Args: exactArgs("<draft>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft = args[0]
			return approveRun(f, opts, review.TypeRequestChanges)
		},
	}
	addMessageFlag(c, &opts.Message, "what needs to change (- reads stdin)")
	addSignFlags(c, &opts.Sign)
	addJSONFlag(c, &opts.JSON)
	return c
}

// approveRun records an approval or a request for changes of the draft's
// committed content.
func approveRun(f *Factory, opts *approveOptions, typ review.Type) error {
	r, a, sig, err := opts.Sign.acting(f)
	if err != nil {
		return err
	}
	v, err := r.View()
	if err != nil {
		return err
	}
	if err := v.CheckDraftRef(opts.Draft); err != nil {
		return err
	}
	required := typ == review.TypeRequestChanges
	text, err := opts.Message.text(f, required, "# What needs to change? Lines starting with # are dropped.\n")
	if err != nil {
		return err
	}
	judge := r.Approve
	if typ == review.TypeRequestChanges {
		judge = r.RequestChanges
	}
	rec, err := judge(a, opts.Draft, text)
	err = sig.done(f, err)
	if err == nil && rec.Uncommitted != "" {
		fmt.Fprintf(f.IO.ErrOut, "note: %s has uncommitted changes; this %s is of the committed version\n", rec.Uncommitted, typ)
	}
	return printEvent(f, rec, err, opts.JSON)
}
