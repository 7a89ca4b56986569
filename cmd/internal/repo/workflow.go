package repo

import (
	"net/mail"
	"strings"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// publishKeys are the front-matter keys cc writes on publish; an approval
// of a draft still holds when only these changed.
var publishKeys = []string{"draft"}

// status evaluates the workflow policy for the draft of ctx, as its events
// stand before the event being recorded.
func (ctx *eventContext) status() review.Status {
	facts := draftFacts(ctx.Entry, ctx.Draft, ctx.Blob)
	same := sameContentAs(ctx.view.snap, ctx.view.config.Site, ctx.Blob, ctx.Draft.Bytes())
	sum := review.Summarize(ctx.Review)
	if ctx.view.config.Workflow.RequireSigned {
		// The events are in hand; a signature that cannot be judged
		// (allowed_signers unreadable) leaves its approval uncounted.
		sum, _ = keyed(sum, func(id string) (review.SignatureVerdict, error) {
			for _, e := range ctx.Review.Events {
				if e.ID == id {
					return ctx.view.VerifyEvent(e, "", ctx.Actor.Now)
				}
			}
			return review.SignatureVerdict{State: review.SignatureInvalid, Reason: "its event is not in the review"}, nil
		})
	}
	return review.Evaluate(ctx.view.config, facts, sum, same, ctx.Actor.Now)
}

// sameContentAs reports, for an approved blob, whether the draft whose
// blob is now current (with content now) still has that content, ignoring
// the keys publish writes.
func sameContentAs(snap *gitstore.Snapshot, site content.Site, current string, now []byte) func(string) bool {
	unpublished := ""
	return func(blob string) bool {
		if blob == current {
			return true
		}
		// Publishing flips draft: true to false and nothing else, so the
		// approved blob is usually now's with the flag set back. This needs
		// no object, which a depth-1 clone would not have.
		if unpublished == "" {
			unpublished = unpublishedBlob(site, now)
		}
		if blob == unpublished {
			return true
		}
		h, err := gitstore.ParseHash(blob)
		if err != nil {
			return false
		}
		old, err := snap.ReadBlob(h)
		if err != nil {
			return false
		}
		return content.EqualIgnoringKeys(old, now, publishKeys...)
	}
}

// unpublishedBlob is the blob of a draft of site as it was before cc
// publish set draft: false, or "-" when it has no draft: false.
func unpublishedBlob(site content.Site, now []byte) string {
	d, err := site.Parse("", now)
	if err != nil {
		return "-"
	}
	if v, ok := d.Get("draft"); !ok || v != "false" {
		return "-"
	}
	if d.SetBool("draft", true) != nil {
		return "-"
	}
	return gitstore.BlobHash(d.Bytes()).String()
}

func draftFacts(e content.CatalogEntry, d *content.Draft, blob string) review.DraftFacts {
	return review.DraftFacts{ID: e.ID, Path: e.Path, Blob: blob, Authors: draftAuthors(d)}
}

// draftAuthors reads the front matter's author or authors: "Name <email>",
// an email, or a name.
func draftAuthors(d *content.Draft) []review.Person {
	var names []string
	meta := d.Meta()
	for _, key := range []string{"author", "authors"} {
		switch v := meta[key].(type) {
		case string:
			names = append(names, v)
		case []any:
			for _, x := range v {
				if s, ok := x.(string); ok {
					names = append(names, s)
				}
			}
		}
	}
	var out []review.Person
	for _, n := range names {
		n = strings.TrimSpace(n)
		if a, err := mail.ParseAddress(n); err == nil {
			out = append(out, review.Person{Name: a.Name, Email: a.Address})
		} else if n != "" {
			out = append(out, review.Person{Name: n})
		}
	}
	return out
}
