package repo

import (
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// Digest is what waits on one person: their inbox.
type Digest struct {
	To    review.Person
	Items []Item
}

// Digests are everyone's inboxes as of now, one per person something
// waits on, by email (or name, for people known by name only). An item
// owed to any one of several people is in each of their digests, as it is
// in each of their inboxes. Placeholders ("a publisher") reach nobody.
func (v *View) Digests(now time.Time) ([]Digest, error) {
	var dir directory
	var drafts []*DraftStatus
	err := v.eachStatus(now, false, func(d *DraftStatus) {
		dir.addDraft(d)
		if len(d.WaitsOn) > 0 {
			c := *d
			c.Loop = review.Loop{}
			drafts = append(drafts, &c)
		}
	})
	if err != nil {
		return nil, err
	}
	byKey := map[string]*Digest{}
	var keys []string
	for _, d := range drafts {
		for _, o := range d.WaitsOn {
			for _, p := range dir.recipients(o, d.Status.Authors) {
				k := personKey(p)
				dg := byKey[k]
				if dg == nil {
					dg = &Digest{To: p}
					byKey[k] = dg
					keys = append(keys, k)
				}
				dg.Items = append(dg.Items, Item{Owed: o, Draft: d})
			}
		}
	}
	sort.Strings(keys)
	out := make([]Digest, 0, len(keys))
	for _, k := range keys {
		dg := byKey[k]
		sortBySince(dg.Items, func(it Item) time.Time { return it.Since })
		out = append(out, *dg)
	}
	return out, nil
}

// directory is everyone the board shows by name and email, to find the
// email of a person named by name only or by @handle.
type directory struct {
	people []review.Person
	seen   map[string]int // lower-case email -> index in people
}

// add adds p, or the name of p to the same email seen without one.
func (dir *directory) add(p review.Person) {
	if p.Email == "" {
		return
	}
	key := strings.ToLower(p.Email)
	if i, ok := dir.seen[key]; ok {
		if dir.people[i].Name == "" {
			dir.people[i].Name = p.Name
		}
		return
	}
	if dir.seen == nil {
		dir.seen = map[string]int{}
	}
	dir.seen[key] = len(dir.people)
	dir.people = append(dir.people, p)
}

// addDraft adds the people of one draft: who made its moves, its authors,
// who wrote in its open threads and handed out its assignments, and the
// reviewers and assignees given by email, whether or not they have written
// anything yet.
func (dir *directory) addDraft(d *DraftStatus) {
	for _, m := range d.Summary.Moves {
		dir.add(m.By())
	}
	for _, a := range d.Status.Authors {
		dir.add(a)
	}
	for _, t := range d.Loop.Threads {
		dir.add(t.Opener())
		dir.add(t.LastBy())
	}
	for _, a := range d.Loop.Assignments {
		dir.add(a.By())
	}
	for _, o := range d.WaitsOn {
		for _, w := range o.Who {
			dir.add(review.ParsePerson(w))
		}
	}
}

// recipients are the people o waits on.
func (dir *directory) recipients(o review.Owed, authors []review.Person) []review.Person {
	if o.Authors {
		return authors
	}
	var out []review.Person
	for _, w := range o.Who {
		if p, ok := dir.resolve(w); ok && o.IsFor(p, authors) {
			out = append(out, p)
		}
	}
	return out
}

// resolve finds the person who names: by email, by name, or by @handle,
// filling in the email from the directory where it can.
func (dir *directory) resolve(who string) (review.Person, bool) {
	if h, ok := strings.CutPrefix(who, "@"); ok {
		for _, p := range dir.people {
			if review.MatchHandle(h, p) {
				return p, true
			}
		}
		return review.Person{}, false
	}
	p := review.ParsePerson(who)
	for _, q := range dir.people {
		if review.MatchIdentity(who, q) {
			if p.Name == "" || p.Email == "" {
				return q, true
			}
			return p, true
		}
	}
	if p.Email == "" && (p.Name == "" || strings.HasPrefix(p.Name, "a ") || strings.HasPrefix(p.Name, "the ")) {
		return review.Person{}, false // a placeholder, not a person
	}
	return p, true
}

func personKey(p review.Person) string {
	if p.Email != "" {
		return strings.ToLower(p.Email)
	}
	return p.Name
}

// NotifiedDir is where notify records whom it reminded in which period.
const NotifiedDir = ".cc/notified"

// Period is the notify period now falls in: the UTC date for "day",
// the ISO week (2026-W48) for "week".
func Period(kind string, now time.Time) string {
	now = now.UTC()
	if kind == review.PeriodWeek {
		y, w := now.ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w)
	}
	return now.Format(time.DateOnly)
}

// markerPath is the notified marker of person p in period.
func markerPath(period string, p review.Person) string {
	var b strings.Builder
	for _, c := range strings.ToLower(personKey(p)) {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '.', c == '@', c == '_', c == '-':
			b.WriteRune(c)
		default:
			b.WriteByte('-')
		}
	}
	return path.Join(NotifiedDir, period, b.String()+".yaml")
}

// Notified reports which of digests were sent already in period: their
// marker is committed.
func (v *View) Notified(period string, digests []Digest) ([]bool, error) {
	entries, err := v.snap.ReadDir(path.Join(NotifiedDir, period))
	if err != nil && !isNotExist(err) {
		return nil, err
	}
	have := map[string]bool{}
	for _, e := range entries {
		have[e.Path] = true
	}
	out := make([]bool, len(digests))
	for i, d := range digests {
		out[i] = have[markerPath(period, d.To)]
	}
	return out, nil
}

// Sent is a digest that reached at least one channel.
type Sent struct {
	To       review.Person
	Items    int
	Channels []string
}

// RecordNotified commits the notified markers of sent in period, one
// file per person, in one commit.
func (r *Repo) RecordNotified(a Actor, period string, sent []Sent) (string, error) {
	return r.commit(a, func(v *View) (message, []gitstore.Change, error) {
		var changes []gitstore.Change
		var names []string
		for _, s := range sent {
			data := fmt.Sprintf("cc: %d\nperson: %q\nperiod: %q\ntime: %s\nitems: %d\nchannels: [%s]\n",
				review.FormatVersion, s.To.String(), period, a.Now.UTC().Format(time.RFC3339), s.Items, strings.Join(s.Channels, ", "))
			changes = append(changes, gitstore.Change{Path: markerPath(period, s.To), Data: []byte(data)})
			names = append(names, s.To.String())
		}
		noun := "digest"
		if len(sent) != 1 {
			noun = "digests"
		}
		msg := message{Subject: fmt.Sprintf("notify(%s): %d %s sent", period, len(sent), noun), Body: strings.Join(names, "\n")}
		msg.trailer("Cc-Action", "notify")
		msg.trailer("Cc-Period", period)
		return msg, changes, nil
	})
}

// Channel is a way to reach people: a webhook, mail.
type Channel interface {
	Name() string
	Send(d Digest, now time.Time) error
}

// Notification is what Notify did.
type Notification struct {
	Period  string
	Digests []Digest
	// Already marks the digests not sent because their person was
	// reminded in this period already.
	Already []bool
	Sent    []Sent
	Commit  string // the commit of the notified markers, "" if none
}

// Notify sends each person whose inbox is not empty, and who was not
// reminded in this period yet, their digest through every channel, and
// commits a notified marker for everyone it reached. With dryRun it only
// works out the digests. A channel that fails for someone is reported in
// the error; the others still go out, and whoever was reached at all is
// recorded, so a rerun does not remind them twice.
func (r *Repo) Notify(a Actor, channels []Channel, dryRun bool) (Notification, error) {
	v, err := r.View()
	if err != nil {
		return Notification{}, err
	}
	n := Notification{Period: Period(v.config.Notify.Period, a.Now)}
	if n.Digests, err = v.Digests(a.Now); err != nil {
		return n, err
	}
	if n.Already, err = v.Notified(n.Period, n.Digests); err != nil {
		return n, err
	}
	if dryRun {
		return n, nil
	}
	if len(channels) == 0 {
		return n, usagef("no channel to send through: set notify.webhook or notify.smtp in %s, or give --webhook or --smtp", review.ConfigPath)
	}
	var errs []error
	for i, d := range n.Digests {
		if n.Already[i] {
			continue
		}
		s := Sent{To: d.To, Items: len(d.Items)}
		for _, c := range channels {
			if err := c.Send(d, a.Now); err != nil {
				errs = append(errs, fmt.Errorf("%s to %s: %w", c.Name(), d.To, err))
				continue
			}
			s.Channels = append(s.Channels, c.Name())
		}
		if len(s.Channels) > 0 {
			n.Sent = append(n.Sent, s)
		}
	}
	if len(n.Sent) > 0 {
		if n.Commit, err = r.RecordNotified(a, n.Period, n.Sent); err != nil {
			errs = append(errs, fmt.Errorf("record who was reminded: %w", err))
		}
	}
	return n, errors.Join(errs...)
}
