package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// target is what an issue asks of a cc command, against git in the same run.
type target struct {
	ratio  float64 // the median cc/git ratio must be at most this; 0 = report only
	rssMiB int64   // and cc's peak RSS under this
}

func (t target) String() string {
	if t.ratio == 0 {
		return "report only"
	}
	return fmt.Sprintf("≤ %.2f, < %d MiB", t.ratio, t.rssMiB)
}

// pairDef is one comparison: a cc command and the plain-git way to do the
// same work.
type pairDef struct {
	name    string
	words   []string // the cc command and the flags it needs, to ask `cc <words> --help` whether it exists
	target  target
	okCodes []int // cc exit codes that mean the command did its work
	setup   func(r *runner) (*pairRun, error)
}

// pairRun is a pair set up on its repositories.
type pairRun struct {
	ccLine, gitLine string
	prepare         func() error // untimed, before every run of either side
	cc, git         func() (sample, error)
	stop            func() // when not nil, after the last run: stops what setup started
}

var pairDefs = []pairDef{
	{"draft-new", []string{"draft", "new"}, target{0.25, 64}, []int{0}, setupDraftNew},
	{"comment", []string{"review", "comment"}, target{0.25, 64}, []int{0}, setupComment},
	{"check", []string{"check"}, target{1.0, 200}, []int{0, 3}, readOnly(
		func(m *manifest) []string { return []string{"check"} },
		func(m *manifest) []string { return []string{"grep", "-c", ".", "HEAD", "--", ".cc/reviews"} })},
	{"check-base", []string{"check", "--base"}, target{1.0, 200}, []int{0, 3}, setupCheckBase},
	{"check-cold", []string{"check"}, target{1.0, 200}, []int{0, 3}, setupCheckCold},
	{"check-base-cold", []string{"check", "--base"}, target{0.1, 200}, []int{0, 3}, setupCheckBaseCold},
	{"status", []string{"status"}, target{1.0, 200}, []int{0}, readOnly(
		func(m *manifest) []string { return []string{"status"} },
		func(m *manifest) []string { return []string{"grep", "-c", ".", "HEAD", "--", ".cc/reviews"} })},
	{"inbox", []string{"inbox"}, target{1.0, 200}, []int{0}, readOnly(
		func(m *manifest) []string { return []string{"inbox"} },
		func(m *manifest) []string { return []string{"grep", "-c", ".", "HEAD", "--", ".cc/reviews"} })},
	{"agenda", []string{"agenda"}, target{1.0, 200}, []int{0}, readOnly(
		func(m *manifest) []string { return []string{"agenda"} },
		func(m *manifest) []string { return []string{"grep", "-c", ".", "HEAD", "--", ".cc/reviews"} })},
	{"notify", []string{"notify", "--dry-run"}, target{1.0, 200}, []int{0}, readOnly(
		func(m *manifest) []string { return []string{"notify", "--dry-run"} },
		func(m *manifest) []string { return []string{"grep", "-c", ".", "HEAD", "--", ".cc/reviews"} })},
	{"show", []string{"review", "show"}, target{1.5, 64}, []int{0}, readOnly(
		func(m *manifest) []string { return []string{"review", "show", m.Heavy.ID} },
		func(m *manifest) []string {
			return []string{"grep", "-c", ".", "HEAD", "--", ".cc/reviews/" + m.Heavy.ID}
		})},
	{"log", []string{"log"}, target{}, []int{0}, readOnly(
		func(m *manifest) []string { return []string{"log", m.Typical.ID} },
		func(m *manifest) []string { return []string{"log", "--", m.Typical.Path} })},
	{"sync", []string{"sync"}, target{1.0, 128}, []int{0}, setupSync(1)},
	{"sync-1000", []string{"sync"}, target{1.5, 128}, []int{0}, setupSync(1000)},
	{"log-follow", []string{"log"}, target{1.5, 200}, []int{0}, setupLogFollow},
}

func pairNames() []string {
	var out []string
	for _, p := range pairDefs {
		out = append(out, p.name)
	}
	return out
}

func pairByName(name string) (pairDef, bool) {
	for _, p := range pairDefs {
		if p.name == name {
			return p, true
		}
	}
	return pairDef{}, false
}

// readOnly pairs run on one shared clone that nothing writes to; the corpus
// itself is never touched, in case cc keeps a cache in the git dir.
func readOnly(ccArgs, gitArgs func(*manifest) []string) func(r *runner) (*pairRun, error) {
	return func(r *runner) (*pairRun, error) {
		dir, err := r.clone("read-only")
		if err != nil {
			return nil, err
		}
		return readOnlyRun(r, dir, ccArgs(r.man), gitArgs(r.man)), nil
	}
}

// readOnlyRun runs cc with ca and git with ga in dir, which they only read.
func readOnlyRun(r *runner, dir string, ca, ga []string) *pairRun {
	return &pairRun{
		ccLine:  "cc " + strings.Join(ca, " "),
		gitLine: "git " + strings.Join(ga, " "),
		prepare: func() error { return nil },
		cc:      func() (sample, error) { return r.ccRun(dir, ca...) },
		git:     func() (sample, error) { return r.gitRun(dir, ga...) },
	}
}

// The draft-new and comment pairs share one clone ("write"): each only adds
// files, and a checkout of a big corpus is the slowest part of setting up.

// setupDraftNew: cc creates a draft; git gets the same kind of file, written
// to where cc puts new drafts, and then `git add` and `git commit` with the
// message cc would write, as the two processes a person would run.
func setupDraftNew(r *runner) (*pairRun, error) {
	dir, err := r.clone("write")
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(r.man.Seed, 2))
	used := map[string]bool{}
	seq := 0
	title := func() string {
		seq++
		return fmt.Sprintf("Benchmark draft %d about %s", seq, topics[rng.IntN(len(topics))])
	}
	return &pairRun{
		ccLine:  `cc draft new --title T`,
		gitLine: `write content/<slug>.md; git add <it>; git commit -q -m <subject> -m <trailers>`,
		prepare: func() error { return nil },
		cc: func() (sample, error) {
			return r.ccCommits(dir, "draft", "new", "--title", title())
		},
		git: func() (sample, error) {
			d := &draft{
				id: newDraftID(rng, used), title: title(), author: personOf(r.man.Me),
				date: time.Now().UTC().Format("2006-01-02"), tags: []string{"news"},
				blocks: newBlocks(rng),
			}
			d.slug = slugify(d.title)
			d.path = "content/" + d.slug + ".md"
			d.render()
			return r.gitAddCommit(dir, d.path, d.content,
				fmt.Sprintf("draft(%s): new %q", d.slug, d.title), "",
				"Cc-Action: draft-new\nCc-Draft: "+d.id)
		},
	}, nil
}

// setupComment: cc comments on a quote of the typical draft; git gets the
// event file cc would write for it, then add and commit.
func setupComment(r *runner) (*pairRun, error) {
	dir, err := r.clone("write")
	if err != nil {
		return nil, err
	}
	t := r.man.Typical
	content, err := os.ReadFile(filepath.Join(dir, t.Path))
	if err != nil {
		return nil, err
	}
	a, err := anchorIn(content, t.Quote)
	if err != nil {
		return nil, fmt.Errorf("draft %s: %w", t.ID, err)
	}
	rng := rand.New(rand.NewPCG(r.man.Seed, 3))
	clock := t.Events
	text := "Can we say who the audience is in the first line?"
	return &pairRun{
		ccLine:  fmt.Sprintf("cc review comment %s -m TEXT --quote %q", t.ID, t.Quote),
		gitLine: "write .cc/reviews/<draft>/<ulid>.yaml; git add <it>; git commit -q -m <subject> -m <body> -m <trailers>",
		prepare: func() error { return nil },
		cc: func() (sample, error) {
			return r.ccCommits(dir, "review", "comment", t.ID, "-m", text, "--quote", t.Quote)
		},
		git: func() (sample, error) {
			clock++
			e := newBenchEvent(rng, t.ID, personOf(r.man.Me), clock, text)
			e.anchor = &a
			return r.gitAddCommit(dir, eventPath(e), e.yaml(),
				fmt.Sprintf("review(%s): comment on %q", t.Slug, firstRunes(a.quote, 40)), text,
				eventTrailers(e))
		},
	}, nil
}

func personOf(id identity) person { return person(id) }

// newBenchEvent is a comment on the whole draft, made now.
func newBenchEvent(rng *rand.Rand, draftID string, who person, clock int, body string) *event {
	now := time.Now().UTC()
	e := &event{
		id: ulid(uint64(now.UnixMilli()), rng), typ: "comment", draft: draftID,
		author: who, time: now.Format(time.RFC3339), clock: clock, body: body,
	}
	e.thread = e.id
	return e
}

func eventPath(e *event) string { return ".cc/reviews/" + e.draft + "/" + e.id + ".yaml" }

func eventTrailers(e *event) string {
	return fmt.Sprintf("Cc-Action: %s\nCc-Draft: %s\nCc-Thread: %s\nCc-Event: %s", e.typ, e.draft, e.thread, e.id)
}

// anchorIn makes the anchor of the first occurrence of quote in a draft's
// body, the part after the front matter.
func anchorIn(content []byte, quote string) (anchor, error) {
	body := draftBody(string(content))
	i := strings.Index(body, quote)
	if quote == "" || i < 0 {
		return anchor{}, fmt.Errorf("quote %q is not in the draft", quote)
	}
	return anchor{
		quote:    quote,
		prefix:   lastRunes(body[:i], 32),
		suffix:   firstRunes(body[i+len(quote):], 32),
		position: len([]rune(body[:i])),
		blob:     blobID(content),
	}, nil
}

// draftBody is what follows the closing "---" line of YAML front matter.
func draftBody(s string) string {
	if !strings.HasPrefix(s, "---\n") {
		return s
	}
	if i := strings.Index(s[4:], "\n---\n"); i >= 0 {
		return s[4+i+5:]
	}
	return s
}
