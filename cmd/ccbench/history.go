package main

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// schedule decides when each draft is created, edited and reviewed. Draft 0
// is created first and gets opts.heavy events; the other events go to the
// other drafts with exponentially distributed weights, so that a few drafts
// are busy and many are quiet, as in a real team.
func (g *generator) schedule() ([]action, int) {
	n, m, c := g.opts.drafts, g.opts.events, g.opts.commits
	edits := max(n/5, c-1-n-m)
	created := make([]float64, n)
	for i := 1; i < n; i++ {
		created[i] = g.rng.Float64() * 0.85
	}
	sort.Float64s(created[1:])

	acts := make([]action, 0, n+m+edits)
	for i := range n {
		acts = append(acts, action{t: created[i], kind: actNew, draft: int32(i)})
	}
	after := func(d int) float64 {
		return created[d] + (1-created[d])*(1-g.rng.Float64()) // in (created, 1]
	}
	for range g.opts.heavy {
		acts = append(acts, action{t: after(0), kind: actEvent, draft: 0})
	}
	if rest := m - g.opts.heavy; rest > 0 {
		cum := make([]float64, n-1)
		sum := 0.0
		for i := range cum {
			sum += g.rng.ExpFloat64()
			cum[i] = sum
		}
		for range rest {
			d := 1 + sort.SearchFloat64s(cum, g.rng.Float64()*sum)
			d = min(d, n-1)
			acts = append(acts, action{t: after(d), kind: actEvent, draft: int32(d)})
		}
	}
	for range edits {
		d := g.rng.IntN(n)
		acts = append(acts, action{t: after(d), kind: actEdit, draft: int32(d)})
	}
	slices.SortStableFunc(acts, func(a, b action) int {
		switch {
		case a.t != b.t:
			if a.t < b.t {
				return -1
			}
			return 1
		case a.kind != b.kind:
			return int(a.kind) - int(b.kind)
		}
		return int(a.draft) - int(b.draft)
	})
	base := uint64(baseTime.UnixMilli())
	var last uint64
	for i := range acts {
		ms := base + uint64(acts[i].t*float64(historySpan.Milliseconds()))
		ms = max(ms, last+1)
		acts[i].ms, last = ms, ms
	}
	return acts, edits
}

// change is one file a commit writes.
type change struct {
	path string
	data []byte
}

// record is what one action contributes to a commit message.
type record struct {
	subject string
	body    string
	action  string
	draft   string
	thread  string
	event   string
	who     person
}

// stream writes the history after the init commit: the actions cut into
// batches consecutive commits, the first of them on top of parent when
// parent is not empty. Inside a batch, drafts are written before events, so
// every blob an event names (anchor or approval) is a blob that gets
// committed.
func (g *generator) stream(acts []action, batches int, parent string) error {
	for k := range batches {
		recs, changes, lastMS, err := g.apply(acts[k*len(acts)/batches : (k+1)*len(acts)/batches])
		if err != nil {
			return err
		}
		if err := g.commit(int64(lastMS/1000), recs, changes, parent); err != nil {
			return err
		}
		parent = ""
	}
	return nil
}

// apply performs the actions of one batch: the drafts it creates and edits
// first, then its events. It returns what the commit records and writes,
// drafts first in path order, and the time of its last action.
func (g *generator) apply(acts []action) ([]record, []change, uint64, error) {
	batch := slices.Clone(acts)
	slices.SortStableFunc(batch, func(a, b action) int { return int(a.kind) - int(b.kind) })
	var recs []record
	var changes []change
	touched := map[*draft]bool{}
	var lastMS uint64
	for _, a := range batch {
		lastMS = max(lastMS, a.ms)
		switch a.kind {
		case actNew:
			d := g.newDraft(a.ms)
			touched[d] = true
			recs = append(recs, record{
				subject: fmt.Sprintf("draft(%s): new %q", d.slug, d.title),
				action:  "draft-new", draft: d.id, who: d.author,
			})
		case actEdit:
			d := g.drafts[a.draft]
			d.edit(g.rng)
			touched[d] = true
			recs = append(recs, record{
				subject: fmt.Sprintf("draft(%s): save", d.slug),
				action:  "draft-save", draft: d.id, who: d.author,
			})
		default:
			d := g.drafts[a.draft]
			e, rec := g.event(d, a.ms)
			if g.signers != nil && e.typ == "approve" {
				if err := g.signers.sign(e); err != nil {
					return nil, nil, 0, err
				}
			}
			changes = append(changes, change{".cc/reviews/" + d.id + "/" + e.id + ".yaml", e.yaml()})
			recs = append(recs, rec)
		}
	}
	// Drafts first, in a stable order.
	var ds []change
	for d := range touched {
		ds = append(ds, change{d.path, d.content})
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i].path < ds[j].path })
	return recs, append(ds, changes...), lastMS, nil
}

// setup is the init commit's files: the config, .gitattributes and, in a
// signed corpus, the allowed signers and a policy that counts only signed
// approvals.
func (g *generator) setup() []change {
	config := "version: 1\ncontent: [content]\n"
	if g.opts.flat {
		// New drafts join the one big folder, as git's side of the
		// draft-new pair does.
		config += "new: content\n"
	}
	if g.signers != nil {
		config += "workflow:\n  require_signed: true\n"
	}
	changes := []change{
		{".cc/config.yaml", []byte(config)},
		{".gitattributes", []byte("*.md text eol=lf\n.cc/** text eol=lf\n")},
	}
	if g.signers != nil {
		changes = append(changes, change{allowedSignersPath, g.signers.allowedSigners()})
	}
	return changes
}

func (g *generator) newDraft(ms uint64) *draft {
	rng := g.rng
	d := &draft{
		id:     newDraftID(rng, g.used),
		title:  newTitle(rng),
		author: people[rng.IntN(len(people))],
		date:   time.UnixMilli(int64(ms)).UTC().Format("2006-01-02"),
		tags:   pick(rng, tags, 1+rng.IntN(3)),
	}
	dir := "content/" + sections[rng.IntN(len(sections))] + "/" + subsections[rng.IntN(len(subsections))]
	if g.opts.flat {
		dir = "content"
	}
	base := slugify(d.title)
	d.slug = base
	for i := 2; g.paths[dir+"/"+d.slug+".md"]; i++ {
		d.slug = base + "-" + strconv.Itoa(i)
	}
	d.path = dir + "/" + d.slug + ".md"
	g.paths[d.path] = true
	d.blocks = newBlocks(rng)
	d.render()
	g.drafts = append(g.drafts, d)
	return d
}

// otherThan picks a person who is not p: reviewers are not the writer.
func (g *generator) otherThan(p person) person {
	for {
		q := people[g.rng.IntN(len(people))]
		if q != p {
			return q
		}
	}
}

// event makes the next review event of d. The mix leans on what the issue
// asks for (anchored comments, replies, resolves, approvals) with the other
// common types around them.
func (g *generator) event(d *draft, ms uint64) (*event, record) {
	rng := g.rng
	d.clock++
	d.events++
	e := &event{
		id:    ulid(ms, rng),
		draft: d.id,
		time:  time.UnixMilli(int64(ms)).UTC().Format(time.RFC3339),
		clock: d.clock,
	}
	r := rng.Float64()
	if d.clock == 1 && rng.IntN(10) < 6 {
		r = 0.92 // a review usually starts with a request
	}
	open := len(d.open) > 0
	switch {
	case r < 0.40 || !open && r < 0.80:
		e.typ, e.thread = "comment", e.id
		e.author = g.otherThan(d.author)
		e.body = commentBodies[rng.IntN(len(commentBodies))]
		if rng.IntN(100) < 85 {
			a := d.pickAnchor(rng)
			e.anchor = &a
		}
		d.open = append(d.open, &thread{id: e.id, last: e.id, opener: e.author, lastAuthor: e.author})
	case r < 0.68:
		t := d.open[rng.IntN(len(d.open))]
		e.typ, e.thread = "reply", t.id
		e.author = d.author
		if t.lastAuthor == d.author {
			e.author = t.opener
		}
		e.answers = []string{t.last}
		e.body = replyBodies[rng.IntN(len(replyBodies))]
		t.last, t.lastAuthor = e.id, e.author
	case r < 0.80:
		i := rng.IntN(len(d.open))
		t := d.open[i]
		d.open = slices.Delete(d.open, i, i+1)
		e.typ, e.thread = "resolve", t.id
		e.author = t.opener
		if rng.IntN(2) == 0 {
			e.author = d.author
		}
		e.body = resolveBodies[rng.IntN(len(resolveBodies))]
	case r < 0.90:
		e.typ = "approve"
		e.author = g.otherThan(d.author)
		e.blob = d.blob
		e.body = approveBodies[rng.IntN(len(approveBodies))]
	case r < 0.95:
		e.typ = "request-review"
		e.author = d.author
		e.reviewer = g.otherThan(d.author).Email
		e.due = time.UnixMilli(int64(ms)).UTC().AddDate(0, 0, 2+rng.IntN(9)).Format("2006-01-02")
	case r < 0.98:
		e.typ = "request-changes"
		e.author = g.otherThan(d.author)
		e.body = changesBodies[rng.IntN(len(changesBodies))]
	default:
		e.typ = "submit"
		e.author = d.author
	}
	rec := record{
		action: e.typ, draft: d.id, thread: e.thread, event: e.id, who: e.author, body: e.body,
	}
	switch {
	case e.typ == "comment" && e.anchor != nil:
		rec.subject = fmt.Sprintf("review(%s): comment on %q", d.slug, firstRunes(e.anchor.quote, 40))
	case e.typ == "request-review":
		rec.subject = fmt.Sprintf("review(%s): request review from %s", d.slug, e.reviewer)
	default:
		rec.subject = fmt.Sprintf("review(%s): %s", d.slug, e.typ)
	}
	return e, rec
}

// commit writes one fast-import commit on refs/heads/main. A commit of one
// action has exactly the message of docs/format.md; a batch names the first
// action, lists the others, and carries one trailer group per action in order.
func (g *generator) commit(when int64, recs []record, changes []change, parent string) error {
	var msg strings.Builder
	msg.WriteString(recs[0].subject)
	if len(recs) > 1 {
		fmt.Fprintf(&msg, " (+%d more)", len(recs)-1)
	}
	msg.WriteString("\n\n")
	if len(recs) == 1 && recs[0].body != "" {
		msg.WriteString(recs[0].body + "\n\n")
	}
	if len(recs) > 1 {
		for _, r := range recs[1:] {
			msg.WriteString("- " + r.subject + "\n")
		}
		msg.WriteString("\n")
	}
	for _, r := range recs {
		msg.WriteString("Cc-Action: " + r.action + "\n")
		if r.draft != "" {
			msg.WriteString("Cc-Draft: " + r.draft + "\n")
		}
		if r.thread != "" {
			msg.WriteString("Cc-Thread: " + r.thread + "\n")
		}
		if r.event != "" {
			msg.WriteString("Cc-Event: " + r.event + "\n")
		}
	}
	who := recs[0].who
	sig := fmt.Sprintf("%s <%s> %d +0000\n", who.Name, who.Email, when)
	w := g.w
	w.WriteString("commit refs/heads/main\n")
	w.WriteString("author " + sig)
	w.WriteString("committer " + sig)
	fmt.Fprintf(w, "data %d\n%s\n", msg.Len(), msg.String())
	if parent != "" {
		w.WriteString("from " + parent + "\n")
	}
	for _, c := range changes {
		fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n", c.path, len(c.data))
		w.Write(c.data)
		w.WriteByte('\n')
	}
	_, err := w.WriteString("\n")
	return err
}
