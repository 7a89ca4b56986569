package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
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
	signed  bool // sign every approval and require signed approvals
	flat    bool // every draft in content/ itself, not in 100 folders
	// adopt is the share of the actions, in time order, that one commit
	// after the init commit brings in; 0 for a history of batches only.
	adopt float64
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
	Signed            bool     `json:"signed,omitempty"`
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
	// signers sign every approval; nil for an unsigned corpus.
	signers *signers
}

func generateCorpus(opts corpusOptions, log io.Writer) (*manifest, error) {
	if opts.drafts < 1 || opts.events < 0 || opts.commits < 2 {
		return nil, errors.New("need -drafts >= 1, -events >= 0 and -commits >= 2")
	}
	if opts.adopt < 0 || opts.adopt >= 1 || opts.adopt > 0 && opts.commits < 3 {
		return nil, errors.New("need 0 <= -adopt < 1, and -commits >= 3 with -adopt")
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
	if opts.signed {
		s, err := newSigners(opts.seed)
		if err != nil {
			return nil, err
		}
		g.signers = s
	}
	acts, edits := g.schedule()

	if err := g.writeHistory(acts); err != nil {
		return nil, err
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
		Signed:            opts.signed,
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
