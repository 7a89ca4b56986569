package repo

import (
	"bytes"
	"fmt"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
)

// Restored is what a restore committed: the draft as it is now, and the
// version it brought back.
type Restored struct {
	Changed
	From Version
}

// Restore brings back draft ref as it was at revision rev, as one new
// commit that names the commit it restored (Cc-Restored). The draft keeps
// its id and its current path; a removed draft (named by its id) comes
// back where it was at rev. Nothing is rewritten: the history keeps every
// version in between.
func (r *Repo) Restore(a Actor, ref, rev string) (Restored, error) {
	v, err := r.View()
	if err != nil {
		return Restored{}, err
	}
	e, err := v.FindDraftOrRemoved(ref)
	if err != nil {
		return Restored{}, err
	}
	at, err := v.DraftAt(e, rev)
	if isNotExist(err) {
		return Restored{}, fmt.Errorf("%s was not a draft yet, or no more, at %s; 'cc log %s' lists its versions", draftName(e), rev, ref)
	}
	if err != nil {
		return Restored{}, err
	}
	out := Restored{From: at}
	out.Commit, err = r.commit(a, func(v *View) (message, []gitstore.Change, error) {
		find := e.ID
		if find == "" {
			find = e.Path
		}
		cur, err := v.FindDraftOrRemoved(find)
		if err != nil {
			return message{}, nil, err
		}
		p, id := cur.Path, cur.ID
		if cur.Blob == RemovedBlob {
			p = at.Path
			if v.pathUsed(p) {
				return message{}, nil, fmt.Errorf("%s is taken by another file now; move that first (cc draft mv), then restore", p)
			}
		}
		data := at.Data
		d, err := v.config.Site.Parse(p, data)
		if err != nil {
			return message{}, nil, fmt.Errorf("%s at %s: %w", at.Path, rev, err)
		}
		if id != "" && d.ID != id {
			// The draft is the same page: its review stays with it.
			if err := d.SetID(id); err != nil {
				return message{}, nil, fmt.Errorf("%s: keep its id %s: %w", p, id, err)
			}
			data = d.Bytes()
		}
		if now, err := readFileLimited(v.snap, p); err == nil && bytes.Equal(now, data) {
			return message{}, nil, usagef("%s is already as it was at %s; nothing to restore", p, rev)
		}
		out.Entry = content.CatalogEntry{Path: p, ID: id, Title: d.Title, Blob: gitstore.BlobHash(data).String()}
		short := at.Commit[:min(len(at.Commit), 7)]
		msg := message{
			Subject: fmt.Sprintf("draft(%s): restore the version of %s", out.Entry.Slug(), short),
			Body:    fmt.Sprintf("Restores %s as it was at commit %s (%s).", p, at.Commit, rev),
		}
		msg.trailer("Cc-Action", "draft-restore")
		if id != "" {
			msg.trailer("Cc-Draft", id)
		}
		msg.trailer("Cc-Restored", at.Commit)
		return msg, []gitstore.Change{{Path: p, Data: data}}, nil
	})
	return out, err
}
