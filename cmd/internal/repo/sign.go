package repo

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// SigningKey is the key git would sign with: user.signingKey, as git reads
// it with gpg.format=ssh (a key file, or a key::ssh-... literal). ok is
// false when it is not set. cc signs with SSH keys only, so a gpg.format
// other than ssh is an error that names the setting: the key would be a
// GPG key id.
func (r *Repo) SigningKey() (key string, ok bool, err error) {
	format, set, err := r.store.ConfigValue("gpg.format")
	if err != nil {
		return "", false, fmt.Errorf("read git config gpg.format: %w", err)
	}
	if set && !strings.EqualFold(strings.TrimSpace(format), "ssh") {
		return "", false, fmt.Errorf("git config gpg.format is %q, and cc signs with SSH keys only: set gpg.format to ssh with user.signingKey an SSH key", format)
	}
	key, ok, err = r.store.ConfigValue("user.signingKey")
	if err != nil {
		return "", false, fmt.Errorf("read git config user.signingKey: %w", err)
	}
	key = strings.TrimSpace(key)
	return key, ok && key != "", nil
}

// signEvents signs every event file among changes with sign, in place, and
// returns the signatures by event id. It signs the payload of each event
// as it reads back from its file, so what is signed is exactly what every
// reader of the file verifies, and checks that the signed file still
// reads to the same payload.
func signEvents(sign func([]byte) (string, error), changes []gitstore.Change) (map[string]string, error) {
	sigs := map[string]string{}
	for i, c := range changes {
		if !strings.HasPrefix(c.Path, ".cc/reviews/") || !strings.HasSuffix(c.Path, ".yaml") || c.Delete {
			continue
		}
		ev, err := review.ParseEvent(c.Path, c.Data)
		if err != nil {
			return nil, fmt.Errorf("sign %s: %w", c.Path, err)
		}
		payload := review.Payload(ev)
		sig, err := sign(payload)
		if err != nil {
			return nil, fmt.Errorf("sign %s event %s: %w", ev.Type, ShortID(ev.ID), err)
		}
		ev.Signature = sig
		data := ev.Marshal()
		back, err := review.ParseEvent(c.Path, data)
		if err != nil {
			return nil, fmt.Errorf("sign %s: the signed event does not read back: %w", c.Path, err)
		}
		if back.Signature != sig || !bytes.Equal(review.Payload(back), payload) {
			return nil, fmt.Errorf("sign %s: the signed event does not read back as signed", c.Path)
		}
		changes[i].Data = data
		sigs[ev.ID] = sig
	}
	return sigs, nil
}

// FindEvent finds any review event, of any type, by its id or an
// unambiguous prefix, the way review apply and resolve find threads: the
// event index names its draft, whose events are then read at the view's
// commit.
func (v *View) FindEvent(ref string) (*review.Event, error) {
	draftID, err := v.DraftOfEvent(ref)
	if err != nil {
		return nil, err
	}
	rv, err := v.Review(draftID)
	if err != nil {
		return nil, err
	}
	return rv.Event(ref)
}
