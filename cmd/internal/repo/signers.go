package repo

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// AllowedSignersPath is where a content repository lists the SSH keys
// whose signatures count, and for whom (docs/format.md).
const AllowedSignersPath = ".cc/allowed_signers"

// maxCachedVerdicts bounds a view's verdict cache. A long-lived Repo keeps
// its current view, and a server asks about ever more events; past this
// many, verdicts are worked out again rather than remembered.
const maxCachedVerdicts = 4096

// signerCache is what a view has read of .cc/allowed_signers, and the
// verdicts it has given, keyed by the event file's blob id. Both are
// filled on first use; a view never changes, so neither goes stale, except
// that a verdict is only reused for the same second of now (a key's
// valid-before may pass).
type signerCache struct {
	once    sync.Once
	signers review.AllowedSigners
	err     error

	mu       sync.Mutex
	verdicts map[string]cachedVerdict
}

type cachedVerdict struct {
	now     int64 // the Unix second the verdict was given for
	verdict review.SignatureVerdict
}

// AllowedSigners returns the keys that .cc/allowed_signers at the view's
// commit allows, read once per view. A repository without the file allows
// no key: the set is empty and there is no error. A file cc cannot read
// strictly is an error naming the file and the line.
func (v *View) AllowedSigners() (review.AllowedSigners, error) {
	c := &v.signers
	c.once.Do(func() {
		data, err := readFileLimited(v.snap, AllowedSignersPath)
		var fe *review.FileError
		switch {
		case isNotExist(err):
		case errors.As(err, &fe):
			c.err = err
		case err != nil:
			c.err = fmt.Errorf("read %s: %w", AllowedSignersPath, err)
		default:
			c.signers, c.err = review.ParseAllowedSigners(AllowedSignersPath, data)
		}
	})
	return c.signers, c.err
}

// HasAllowedSigners reports whether the view's commit has a
// .cc/allowed_signers file, so callers can tell "nobody is allowed to
// sign yet" from "signatures are checked".
func (v *View) HasAllowedSigners() bool { return v.HasFile(AllowedSignersPath) }

// VerifyEvent judges e's signature against the view's allowed signers, as
// review.Verify does at now. e may come from any commit: the gate reads
// events from the change and judges them by the base's signers. blob is
// the id of the file e was read from, and keys a small per-view cache of
// verdicts; "" leaves the cache out. An unsigned event is judged without
// reading allowed_signers; a signed one fails when the file is malformed.
func (v *View) VerifyEvent(e *review.Event, blob string, now time.Time) (review.SignatureVerdict, error) {
	if e.Signature == "" {
		return review.SignatureVerdict{State: review.SignatureUnsigned}, nil
	}
	signers, err := v.AllowedSigners()
	if err != nil {
		return review.SignatureVerdict{}, err
	}
	c := &v.signers
	sec := now.Unix()
	if blob != "" {
		c.mu.Lock()
		hit, ok := c.verdicts[blob]
		c.mu.Unlock()
		if ok && hit.now == sec {
			return hit.verdict, nil
		}
	}
	verdict := review.Verify(e, signers, now)
	if blob != "" {
		c.mu.Lock()
		if c.verdicts == nil {
			c.verdicts = map[string]cachedVerdict{}
		}
		if _, ok := c.verdicts[blob]; ok || len(c.verdicts) < maxCachedVerdicts {
			c.verdicts[blob] = cachedVerdict{now: sec, verdict: verdict}
		}
		c.mu.Unlock()
	}
	return verdict, nil
}

// EventSignature reads the event eventID of draft draftID as committed at
// the view's commit and judges its signature against the view's allowed
// signers at now.
func (v *View) EventSignature(draftID, eventID string, now time.Time) (review.SignatureVerdict, error) {
	return v.signatureAt(v.snap, draftID, eventID, now)
}

// signatureAt reads an event file at snap and judges it by v's signers.
func (v *View) signatureAt(snap *gitstore.Snapshot, draftID, eventID string, now time.Time) (review.SignatureVerdict, error) {
	p := review.EventPath(draftID, eventID)
	entry, err := snap.Stat(p)
	if err != nil {
		return review.SignatureVerdict{}, fmt.Errorf("read event %s: %w", p, err)
	}
	data, err := readBlobLimited(snap, p, entry.Blob)
	var fe *review.FileError
	if errors.As(err, &fe) {
		return review.SignatureVerdict{}, err
	}
	if err != nil {
		return review.SignatureVerdict{}, fmt.Errorf("read event %s: %w", p, err)
	}
	ev, err := review.ParseEvent(p, data)
	if err != nil {
		return review.SignatureVerdict{}, err
	}
	return v.VerifyEvent(ev, entry.Blob.String(), now)
}

// CommitSignature judges the signature of the event a cc commit recorded
// (its Cc-Event trailer, read at that commit) by the view's allowed
// signers at now. ok is false for a commit that recorded no event: a plain
// git commit, or a cc action on drafts rather than reviews.
func (v *View) CommitSignature(commit string, now time.Time) (verdict review.SignatureVerdict, ok bool, err error) {
	h, err := gitstore.ParseHash(commit)
	if err != nil {
		return verdict, false, fmt.Errorf("commit %q: %w", commit, err)
	}
	c, err := v.r.store.ReadCommit(h)
	if err != nil {
		return verdict, false, err
	}
	eventID, draftID := trailer(c.Message, "Cc-Event"), trailer(c.Message, "Cc-Draft")
	if eventID == "" || draftID == "" {
		return verdict, false, nil
	}
	snap, err := v.r.store.Snapshot(h)
	if err != nil {
		return verdict, false, err
	}
	verdict, err = v.signatureAt(snap, draftID, eventID, now)
	if err != nil {
		return verdict, false, fmt.Errorf("commit %s: %w", shortBlob(commit), err)
	}
	return verdict, true, nil
}
