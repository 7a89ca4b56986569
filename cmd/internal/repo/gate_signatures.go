package repo

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// signaturesCache remembers signature verdicts by the event file's blob
// id, for one allowed_signers file: a verdict depends on nothing else,
// unless a key has a validity window (then nothing is kept).
const signaturesCache = "signatures"

// keyJudge judges the signatures of the approvals in one commit's events
// (events) by the allowed signers of another (trust): the gate reads the
// change's events and trusts the base's signers; the board and the actions
// trust the tip's own.
type keyJudge struct {
	events, trust *View
	now           time.Time
	cache         *verdictCache
}

func newKeyJudge(events, trust *View, now time.Time) *keyJudge {
	return &keyJudge{events: events, trust: trust, now: now}
}

// verified is sum with each approval's signature judged: Key set when it
// verifies for its author, KeyProblem when it does not. Only approvals are
// read: they are what a verdict needs.
func (j *keyJudge) verified(sum review.Summary, types ...review.Type) (review.Summary, error) {
	return keyed(sum, func(eventID string) (review.SignatureVerdict, error) { return j.verdict(sum.Draft, eventID) }, types...)
}

// keyed is sum with the verdict of each signed move of the given types
// (approvals, when none is given) set.
func keyed(sum review.Summary, verdict func(eventID string) (review.SignatureVerdict, error), types ...review.Type) (review.Summary, error) {
	if len(types) == 0 {
		types = []review.Type{review.TypeApprove}
	}
	moves := make([]review.Move, len(sum.Moves))
	copy(moves, sum.Moves)
	sum.Moves = moves
	for i, m := range moves {
		if !slices.Contains(types, m.Type) {
			continue
		}
		if !m.Signed {
			moves[i].KeyProblem = "it is not signed"
			continue
		}
		v, err := verdict(m.Event)
		if err != nil {
			return sum, err
		}
		if v.State == review.SignatureValid {
			moves[i].Key = v.Fingerprint
		} else {
			moves[i].KeyProblem = v.Reason
		}
	}
	return sum, nil
}

// verdict judges the signature of event eventID of draft draftID,
// remembering verdicts across runs by the event's blob id.
func (j *keyJudge) verdict(draftID, eventID string) (review.SignatureVerdict, error) {
	p := review.EventPath(draftID, eventID)
	entry, err := j.events.eventFile(draftID, eventID)
	if err != nil {
		return review.SignatureVerdict{State: review.SignatureInvalid, Reason: fmt.Sprintf("its file is not %s", p)}, nil
	}
	blob := entry.Blob.String()
	c := j.sigCache()
	if v, ok := c.verdicts[blob]; ok {
		return v, nil
	}
	data, err := readBlobLimited(j.events.snap, p, entry.Blob)
	var fe *review.FileError
	if errors.As(err, &fe) {
		return review.SignatureVerdict{State: review.SignatureInvalid, Reason: err.Error()}, nil
	}
	if err != nil {
		return review.SignatureVerdict{}, fmt.Errorf("read %s: %w", p, err)
	}
	ev, err := review.ParseEvent(p, data)
	if err != nil {
		return review.SignatureVerdict{State: review.SignatureInvalid, Reason: err.Error()}, nil
	}
	v, err := j.trust.VerifyEvent(ev, blob, j.now)
	if err != nil {
		return review.SignatureVerdict{}, err
	}
	c.add(blob, v)
	return v, nil
}

// verdictCache is the on-disk cache of signature verdicts, loaded on
// first use and written back when the run added to it.
type verdictCache struct {
	signers  string // the allowed_signers blob the verdicts hold for; "" keeps nothing
	verdicts map[string]review.SignatureVerdict
	added    int
}

func (j *keyJudge) sigCache() *verdictCache {
	if j.cache != nil {
		return j.cache
	}
	c := &verdictCache{verdicts: map[string]review.SignatureVerdict{}}
	j.cache = c
	data, err := readFileLimited(j.trust.snap, AllowedSignersPath)
	if err != nil || bytes.Contains(data, []byte("valid-after")) || bytes.Contains(data, []byte("valid-before")) {
		return c // verdicts may depend on the time: keep none
	}
	c.signers = gitstore.BlobHash(data).String()
	header := "cc-signatures 1 " + c.signers + "\n"
	text, ok := strings.CutPrefix(string(j.events.r.store.ReadCache(signaturesCache)), header)
	if !ok {
		return c
	}
	for _, line := range strings.Split(text, "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 4 || len(f[0]) != 40 {
			continue
		}
		v := review.SignatureVerdict{Fingerprint: f[2], Reason: f[3], State: review.SignatureInvalid}
		if f[1] == "valid" {
			v.State = review.SignatureValid
		}
		c.verdicts[f[0]] = v
	}
	return c
}

func (c *verdictCache) add(blob string, v review.SignatureVerdict) {
	if c.signers == "" {
		return
	}
	c.verdicts[blob] = v
	c.added++
}

// save writes the cache back when it grew.
func (j *keyJudge) save() {
	c := j.cache
	if c == nil || c.added == 0 {
		return
	}
	var b strings.Builder
	b.WriteString("cc-signatures 1 " + c.signers + "\n")
	for blob, v := range c.verdicts {
		state := "invalid"
		if v.State == review.SignatureValid {
			state = "valid"
		}
		b.WriteString(blob + "\t" + state + "\t" + OneLine(v.Fingerprint) + "\t" + OneLine(v.Reason) + "\n")
	}
	_ = j.events.r.store.WriteCache(signaturesCache, []byte(b.String()))
}
