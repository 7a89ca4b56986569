package cmd

import (
	"github.com/spf13/cobra"

	"github.com/cc-content/cc/review"
)

type reviewEditOptions struct {
	Event   string
	Message messageFlag
	Sign    signFlags
	JSON    bool
}

func newReviewEditCmd(f *Factory) *cobra.Command {
	opts := &reviewEditOptions{}
	c := &cobra.Command{
		Use:   "edit <comment> -m TEXT",
		Short: "Change the text of your own comment or reply",
		Long: `Record new text for a comment, reply or suggestion note you wrote. The old
event stays in history; 'cc review show' shows the latest text, marked edited.`,
		Example: `  cc review edit 01JDXY8Q2W3E -m "Which week in March?"
  cc review edit 01JDXY8Q2W3E -m "Which week in March?" --sign`,
		Args: exactArgs("<comment>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Event = args[0]
			return reviewRewordRun(f, opts, review.TypeEdit)
		},
	}
	addMessageFlag(c, &opts.Message, "the new text (- reads stdin)")
	addSignFlags(c, &opts.Sign)
	addJSONFlag(c, &opts.JSON)
	return c
}

func newReviewRetractCmd(f *Factory) *cobra.Command {
	opts := &reviewEditOptions{}
	c := &cobra.Command{
		Use:   "retract <comment>",
		Short: "Withdraw your own comment or reply",
		Long: `Withdraw a comment, reply or suggestion you wrote. It stays in history and
in 'cc review show' as retracted; its thread stays as it is.`,
		Example: `  cc review retract 01JDXY8Q2W3E
  cc review retract 01JDXY8Q2W3E --sign`,
		Args: exactArgs("<comment>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Event = args[0]
			return reviewRewordRun(f, opts, review.TypeRetract)
		},
	}
	addSignFlags(c, &opts.Sign)
	addJSONFlag(c, &opts.JSON)
	return c
}

// reviewRewordRun records an edit or a retraction of one's own message.
func reviewRewordRun(f *Factory, opts *reviewEditOptions, typ review.Type) error {
	r, a, sig, err := opts.Sign.acting(f)
	if err != nil {
		return err
	}
	v, err := r.View()
	if err != nil {
		return err
	}
	if _, err := v.FindEvent(opts.Event); err != nil {
		return err
	}
	text := ""
	if typ == review.TypeEdit {
		if text, err = opts.Message.text(f, true, "# The new text. Lines starting with # are dropped.\n"); err != nil {
			return err
		}
	}
	rec, err := r.Reword(a, opts.Event, typ, text)
	err = sig.done(f, err)
	return printEvent(f, rec, err, opts.JSON)
}
