package repo

import (
	"fmt"
	"path"
	"strings"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// ReviewRequest asks reviewers for a draft by a due time: a duration from
// now (2d, 1w, 36h), a date or an RFC 3339 time; "" means review.due from
// the configuration.
type ReviewRequest struct {
	Reviewers []string
	Due       string
}

// RequestReview asks reviewers for the draft ref names, one event each, in
// one commit.
func (r *Repo) RequestReview(a Actor, ref string, req ReviewRequest) (Recorded, error) {
	return r.recordEvent(a, ref, func(ctx *eventContext, ev *review.Event) (eventCommit, error) {
		ec, err := ctx.requestReviewers(ev, req)
		if err != nil {
			return eventCommit{}, err
		}
		ec.Subject = "request review from " + strings.Join(req.Reviewers, ", ")
		return ec, nil
	})
}

// Submit sends the draft ref names to review, asking req's reviewers (if
// any) in the same commit.
func (r *Repo) Submit(a Actor, ref string, req ReviewRequest, note string) (Recorded, error) {
	return r.recordEvent(a, ref, withDefaults(func(ctx *eventContext, ev *review.Event) (eventCommit, error) {
		if _, err := ctx.due(req.Due); err != nil {
			return eventCommit{}, err
		}
		if err := review.CanSubmit(ctx.view.config, ctx.status(), ctx.Actor.Author); err != nil {
			return eventCommit{}, err
		}
		var ec eventCommit
		if len(req.Reviewers) > 0 {
			asked := *ev
			asked.ID = review.NewEventID(ev.Time, r.random)
			var err error
			if ec, err = ctx.requestReviewers(&asked, req); err != nil {
				return eventCommit{}, err
			}
			ec.Changes = append(ec.Changes, eventChange(&asked))
		}
		ev.Type, ev.Body = review.TypeSubmit, note
		ec.Subject = "submit for review"
		if len(req.Reviewers) > 0 {
			ec.Subject += " by " + strings.Join(req.Reviewers, ", ")
		}
		ec.Body = strings.TrimSpace(note + "\n\n" + ec.Body)
		return ec, nil
	}))
}

// due is the due time asked for, or the configured default.
func (ctx *eventContext) due(asked string) (string, error) {
	if asked == "" {
		asked = ctx.view.config.Review.Due
	}
	return ParseDue(asked, ctx.Actor.Now)
}

// requestReviewers fills ev as a request-review of the first reviewer and
// adds one more event for each other reviewer, all in the same commit.
func (ctx *eventContext) requestReviewers(ev *review.Event, req ReviewRequest) (eventCommit, error) {
	var ec eventCommit
	due, err := ctx.due(req.Due)
	if err != nil {
		return ec, err
	}
	for i, who := range req.Reviewers {
		who = strings.TrimSpace(who)
		if who == "" {
			return ec, usagef("--reviewer must not be empty")
		}
		e := ev
		if i > 0 {
			next := *ev
			next.ID = review.NewEventID(ev.Time, ctx.view.r.random)
			e = &next
		}
		e.Type, e.Reviewer, e.Due = review.TypeRequestReview, who, due
		if i > 0 {
			ec.Changes = append(ec.Changes, eventChange(e))
		}
		unknown, err := ctx.warnUnknown(who)
		if err != nil {
			return ec, err
		}
		ec.Warnings = append(ec.Warnings, unknown...)
	}
	ec.Body = fmt.Sprintf("Due %s.", due)
	ec.Warnings = append(ctx.warnPast(due), ec.Warnings...)
	return ec, nil
}

// Approve approves the draft ref names as committed at the tip: the
// approval names its blob.
func (r *Repo) Approve(a Actor, ref, note string) (Recorded, error) {
	return r.judge(a, ref, review.TypeApprove, note)
}

// RequestChanges records that the draft ref names needs changes, and why.
func (r *Repo) RequestChanges(a Actor, ref, note string) (Recorded, error) {
	return r.judge(a, ref, review.TypeRequestChanges, note)
}

// judge records an approval or a request for changes of the draft's
// committed content.
//
// A draft that is gone from the content folders can still be judged: the
// approval of its removal names RemovedBlob, and the gate asks for the
// policy's approvals of a live page's removal as of any other change.
func (r *Repo) judge(a Actor, ref string, typ review.Type, note string) (Recorded, error) {
	var uncommitted string
	rec, err := r.recordEventOn(a, ref, true, withDefaults(func(ctx *eventContext, ev *review.Event) (eventCommit, error) {
		ev.Type, ev.Body = typ, note
		uncommitted = ""
		if ctx.Draft == nil {
			if typ == review.TypeRequestChanges {
				return eventCommit{Subject: "request changes to its removal", Body: note}, nil
			}
			ev.Blob = RemovedBlob
			return eventCommit{Subject: "approve removal", Body: note}, nil
		}
		if wt, err := r.store.ReadWorktreeFile(ctx.Entry.Path); err == nil && gitstore.BlobHash(wt).String() != ctx.Blob {
			uncommitted = ctx.Entry.Path
		}
		cfg := ctx.view.config
		if typ == review.TypeRequestChanges {
			if err := review.CanRequestChanges(cfg, ctx.status(), ctx.Actor.Author); err != nil {
				return eventCommit{}, err
			}
			return eventCommit{Subject: "request changes", Body: note}, nil
		}
		if err := review.CanApprove(cfg, draftFacts(ctx.Entry, ctx.Draft, ctx.Blob), ctx.status(), ctx.Actor.Author); err != nil {
			return eventCommit{}, err
		}
		ev.Blob = ctx.Blob
		return eventCommit{Subject: fmt.Sprintf("approve %s", shortBlob(ctx.Blob)), Body: note}, nil
	}))
	rec.Uncommitted = uncommitted
	return rec, err
}

// Publish records that the draft ref names is published, when the policy
// allows it, and makes it live for the site generator in the same commit:
// draft: false in its front matter (Hugo), and a Jekyll draft moves from
// _drafts/<slug>.md to _posts/<date>-<slug>.md, keeping its id and review.
func (r *Repo) Publish(a Actor, ref, note string) (Recorded, error) {
	return r.recordEvent(a, ref, withDefaults(func(ctx *eventContext, ev *review.Event) (eventCommit, error) {
		if err := review.CanPublish(ctx.view.config, ctx.status(), ctx.Actor.Author); err != nil {
			return eventCommit{}, err
		}
		ev.Type, ev.Body = review.TypePublish, note
		ec := eventCommit{Subject: "publish", Body: note}
		file, changed := ctx.Entry.Path, false
		if v, ok := ctx.Draft.Get("draft"); ok && v != "false" {
			if err := ctx.Draft.SetBool("draft", false); err != nil {
				return eventCommit{}, err
			}
			changed = true
		}
		// The post is dated as its commit is: GIT_AUTHOR_DATE when set.
		date := a.AuthorTime
		if date.IsZero() {
			date = a.Now
		}
		if post, ok := content.JekyllPostPath(file, date); ok {
			if err := ctx.view.checkPostPath(file, post); err != nil {
				return eventCommit{}, err
			}
			ec.Subject = "publish as " + post
			ec.Changes = append(ec.Changes, gitstore.Change{Path: file, Delete: true})
			file, changed = post, true
		}
		if changed {
			ec.Changes = append(ec.Changes, gitstore.Change{Path: file, Data: ctx.Draft.Bytes()})
		}
		return ec, nil
	}))
}

// checkPostPath says why a Jekyll draft at from cannot be published to
// post, if it cannot.
func (v *View) checkPostPath(from, post string) error {
	if !v.config.InContent(post) {
		return fmt.Errorf("%s: publishing moves it to %s, which is not in a content folder (%s); add %s to content in %s", from, post, strings.Join(v.config.Content, ", "), path.Dir(post), review.ConfigPath)
	}
	if v.HasFile(post) {
		return fmt.Errorf("%s: publishing moves it to %s, which already exists", from, post)
	}
	return nil
}

func shortBlob(h string) string {
	if len(h) > 7 {
		return h[:7]
	}
	return h
}
