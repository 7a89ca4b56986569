package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/review"
)

type reviewRequestOptions struct {
	Draft     string
	Reviewers []string
	Due       string
	JSON      bool
}

func newReviewRequestCmd(f *Factory) *cobra.Command {
	opts := &reviewRequestOptions{}
	c := &cobra.Command{
		Use:   "request <draft> --reviewer R [--reviewer R...] [--due 2d|DATE]",
		Short: "Ask people to review a draft, by when",
		Long: `Ask one or more reviewers (an email, or a name as git knows it) to review a
draft, by a due time: a duration from now (2d, 1w, 36h) or a date. Without
--due, review.due from .cc/config.yaml applies (3d by default).`,
		Example: `  cc review request our-launch-plan --reviewer grace@example.com --due 2d
  cc review request k3x9q2 --reviewer grace@example.com --reviewer ci-bot@example.com --due 2026-12-01`,
		Args: exactArgs("<draft>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft = args[0]
			if len(opts.Reviewers) == 0 {
				return usageErrorf("--reviewer is required")
			}
			return reviewRequestRun(f, opts)
		},
	}
	c.Flags().StringArrayVarP(&opts.Reviewers, "reviewer", "r", nil, "who should review (repeatable)")
	c.Flags().StringVar(&opts.Due, "due", "", "by when: 2d, 1w, 36h or 2026-12-01 (default: review.due in .cc/config.yaml)")
	addJSONFlag(c, &opts.JSON)
	return c
}

func reviewRequestRun(f *Factory, opts *reviewRequestOptions) error {
	return recordOn(f, opts.Draft, false, opts.JSON, func(r *repo, ctx *eventContext, ev *review.Event) (eventCommit, error) {
		due, err := r.dueOrDefault(opts.Due)
		if err != nil {
			return eventCommit{}, err
		}
		ec, err := requestReviewers(ctx, ev, opts.Reviewers, due)
		if err != nil {
			return eventCommit{}, err
		}
		ec.Subject = "request review from " + strings.Join(opts.Reviewers, ", ")
		return ec, nil
	})
}

// dueOrDefault is --due, or the configured default.
func (r *repo) dueOrDefault(flag string) (string, error) {
	if flag == "" {
		flag = r.config.Review.Due
	}
	return parseDue(flag, r.f.Now())
}

// requestReviewers fills ev as a request-review of the first reviewer and
// adds one more event for each other reviewer, all in the same commit.
func requestReviewers(ctx *eventContext, ev *review.Event, reviewers []string, due string) (eventCommit, error) {
	var ec eventCommit
	for i, who := range reviewers {
		who = strings.TrimSpace(who)
		if who == "" {
			return ec, usageErrorf("--reviewer must not be empty")
		}
		e := ev
		if i > 0 {
			next := *ev
			next.ID = review.NewEventID(ev.Time, ctx.Random)
			e = &next
		}
		e.Type, e.Reviewer, e.Due = review.TypeRequestReview, who, due
		if i > 0 {
			ec.Changes = append(ec.Changes, eventChange(e))
		}
	}
	ec.Body = fmt.Sprintf("Due %s.", due)
	return ec, nil
}
