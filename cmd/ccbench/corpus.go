package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// corpusOptions says what content repository to generate.
type corpusOptions struct {
	dir     string
	drafts  int
	events  int
	commits int
	heavy   int // events on the one draft used by the review-show pair
	seed    uint64
}

// baseTime is when the generated history starts; it spans one year from there.
var baseTime = time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)

const historySpan = 365 * 24 * time.Hour

// manifestName is where the corpus describes itself, inside the git dir so
// that it is neither tracked nor seen by `git status`.
const manifestName = "ccbench.json"

// manifest is what `ccbench corpus` prints and what `ccbench run` reads.
type manifest struct {
	Version           int      `json:"version"`
	Seed              uint64   `json:"seed"`
	Drafts            int      `json:"drafts"`
	Events            int      `json:"events"`
	Commits           int      `json:"commits"`
	Edits             int      `json:"edits"`
	Head              string   `json:"head"`
	Heavy             draftRef `json:"heavy"`
	Typical           draftRef `json:"typical"`
	Me                identity `json:"me"`
	GenerationSeconds float64  `json:"generationSeconds"`
}

// draftRef names a draft the runner uses.
type draftRef struct {
	ID     string `json:"id"`
	Path   string `json:"path"`
	Slug   string `json:"slug"`
	Blob   string `json:"blob"`
	Events int    `json:"events"`
	Edits  int    `json:"edits"`
	Quote  string `json:"quote,omitempty"`
}

type identity struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

const (
	actNew = iota // sorts first among actions at the same instant
	actEdit
	actEvent
)

// action is one thing that happens in the history.
type action struct {
	t     float64 // 0..1 through the history
	kind  uint8
	draft int32
	ms    uint64 // unix milliseconds, strictly increasing
}

// generator writes one corpus. All randomness comes from rng, consumed in a
// fixed order, so a seed always gives the same repository.
type generator struct {
	opts   corpusOptions
	rng    *rand.Rand
	drafts []*draft
	used   map[string]bool // draft ids
	paths  map[string]bool
	w      *bufio.Writer
}

func generateCorpus(opts corpusOptions, log io.Writer) (*manifest, error) {
	if opts.drafts < 1 || opts.events < 0 || opts.commits < 2 {
		return nil, errors.New("need -drafts >= 1, -events >= 0 and -commits >= 2")
	}
	if opts.heavy > opts.events {
		opts.heavy = opts.events
	}
	if opts.drafts == 1 {
		opts.heavy = opts.events
	}
	start := time.Now()
	if err := os.MkdirAll(opts.dir, 0o755); err != nil {
		return nil, err
	}
	if entries, err := os.ReadDir(opts.dir); err != nil {
		return nil, err
	} else if len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty; the corpus needs a new directory", opts.dir)
	}
	if err := git(opts.dir, nil, "init", "-q", "-b", "main"); err != nil {
		return nil, err
	}

	g := &generator{
		opts:  opts,
		rng:   rand.New(rand.NewPCG(opts.seed, 0x63630a62656e6368)),
		used:  map[string]bool{},
		paths: map[string]bool{},
	}
	acts, edits := g.schedule()

	fi := exec.Command("git", "fast-import", "--quiet", "--done")
	fi.Dir = opts.dir
	fi.Env = gitEnv(nil)
	fi.Stderr = os.Stderr
	in, err := fi.StdinPipe()
	if err != nil {
		return nil, err
	}
	if err := fi.Start(); err != nil {
		return nil, fmt.Errorf("start git fast-import: %w", err)
	}
	g.w = bufio.NewWriterSize(in, 1<<20)
	werr := g.stream(acts)
	if werr == nil {
		_, werr = g.w.WriteString("done\n")
	}
	if werr == nil {
		werr = g.w.Flush()
	}
	in.Close()
	if err := fi.Wait(); err != nil {
		return nil, fmt.Errorf("git fast-import: %w", err)
	}
	if werr != nil {
		return nil, fmt.Errorf("write fast-import stream: %w", werr)
	}
	fmt.Fprintf(log, "ccbench: imported %d commits in %.1fs; checking out\n", opts.commits, time.Since(start).Seconds())
	if err := git(opts.dir, nil, "reset", "-q", "--hard"); err != nil {
		return nil, err
	}
	head, err := gitOutput(opts.dir, nil, "rev-parse", "HEAD")
	if err != nil {
		return nil, err
	}

	m := &manifest{
		Version: 1, Seed: opts.seed, Drafts: opts.drafts, Events: opts.events,
		Commits: opts.commits, Edits: edits, Head: head,
		Heavy:             g.ref(g.drafts[0]),
		Typical:           g.ref(g.typical()),
		Me:                identity{people[0].Name, people[0].Email},
		GenerationSeconds: time.Since(start).Seconds(),
	}
	// The quote for the comment pair comes from its own generator so that
	// asking for it does not change the corpus. It is a few words that occur
	// once in the body, so --quote is unambiguous whatever cc does with a
	// repeated quote.
	qrng := rand.New(rand.NewPCG(opts.seed, 1))
	td := g.draftByID(m.Typical.ID)
	for try := 0; try < 100; try++ {
		q := td.pickAnchor(qrng).quote
		m.Typical.Quote = q
		if len(strings.Fields(q)) >= 3 && strings.Count(td.body(), q) == 1 {
			break
		}
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	gitDir, err := gitOutput(opts.dir, nil, "rev-parse", "--absolute-git-dir")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(gitDir, manifestName), append(data, '\n'), 0o644); err != nil {
		return nil, err
	}
	return m, nil
}

func (g *generator) ref(d *draft) draftRef {
	return draftRef{ID: d.id, Path: d.path, Slug: d.slug, Blob: d.blob, Events: d.events, Edits: d.edits}
}

func (g *generator) draftByID(id string) *draft {
	for _, d := range g.drafts {
		if d.id == id {
			return d
		}
	}
	return nil
}

// typical is a draft with the median number of events, edited at least once
// if any such draft exists: what a writer usually works on.
func (g *generator) typical() *draft {
	if len(g.drafts) == 1 {
		return g.drafts[0]
	}
	rest := g.drafts[1:]
	counts := make([]int, len(rest))
	for i, d := range rest {
		counts[i] = d.events
	}
	sort.Ints(counts)
	med := counts[len(counts)/2]
	var best *draft
	for _, d := range rest {
		if best == nil || abs(d.events-med) < abs(best.events-med) ||
			abs(d.events-med) == abs(best.events-med) && best.edits == 0 && d.edits > 0 {
			best = d
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

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

// stream writes the whole history as a fast-import stream: an init commit,
// then the actions cut into commits-1 consecutive batches. Inside a batch,
// drafts are written before events, so every blob an event names (anchor or
// approval) is a blob that gets committed.
func (g *generator) stream(acts []action) error {
	initTime := baseTime.Add(-time.Hour)
	err := g.commit(initTime.Unix(), []record{{
		subject: "init: set up cc", action: "init", who: people[0],
	}}, []change{
		{".cc/config.yaml", []byte("version: 1\ncontent: [content]\n")},
		{".gitattributes", []byte("*.md text eol=lf\n.cc/** text eol=lf\n")},
	})
	if err != nil {
		return err
	}
	batches := g.opts.commits - 1
	for k := range batches {
		batch := slices.Clone(acts[k*len(acts)/batches : (k+1)*len(acts)/batches])
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
		if err := g.commit(int64(lastMS/1000), recs, append(ds, changes...)); err != nil {
			return err
		}
	}
	return nil
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
func (g *generator) commit(when int64, recs []record, changes []change) error {
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
	for _, c := range changes {
		fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n", c.path, len(c.data))
		w.Write(c.data)
		w.WriteByte('\n')
	}
	_, err := w.WriteString("\n")
	return err
}
