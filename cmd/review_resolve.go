package cmd

import (
	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/review"
)

type reviewStateOptions struct {
	Thread  string
	Message messageFlag
	Sign    signFlags
	JSON    bool
}

// newReviewStateCmd makes `cc review resolve` and `cc review reopen`, which
// differ only in the event they record.
func newReviewStateCmd(f *Factory, verb string) *cobra.Command {
	opts := &reviewStateOptions{}
	typ, short, example := review.TypeResolve, "Mark a thread resolved", "  cc review resolve 01JDXY8Q2W3E -m \"Done in the intro.\"\n  cc review resolve 01JDXY8Q2W3E --sign"
	if verb == "reopen" {
		typ, short, example = review.TypeReopen, "Reopen a resolved thread", "  cc review reopen 01JDXY8Q2W3E -m \"Still unclear.\"\n  cc review reopen 01JDXY8Q2W3E --sign"
	}
	c := &cobra.Command{
		Use:     verb + " <thread> [-m TEXT]",
		Short:   short,
		Long:    short + ". <thread> is a thread id or a unique prefix of one, as 'cc review show' prints it.",
		Example: example,
		Args:    exactArgs("<thread>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Thread = args[0]
			return reviewStateRun(f, opts, typ)
		},
	}
	addMessageFlag(c, &opts.Message, "a note (optional; - reads stdin)")
	addSignFlags(c, &opts.Sign)
	addJSONFlag(c, &opts.JSON)
	return c
}

func reviewStateRun(f *Factory, opts *reviewStateOptions, typ review.Type) error {
	return recordNoted(f, &opts.Message, &opts.Sign, opts.JSON, func(r *repo.Repo, a repo.Actor, text string) (repo.Recorded, error) {
		return r.SetThreadState(a, opts.Thread, typ, text)
	})
}
