package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// block is one Markdown block of a draft body. Drafts are kept as blocks so
// that an edit can change one sentence and the body be rendered again.
type block struct {
	heading string   // "## heading" when set
	items   []string // a bullet list when set
	para    []string // sentences of a paragraph otherwise
}

// draft is the generator's state for one draft: its file and its review.
type draft struct {
	id, slug, path, title string
	author                person
	date                  string
	tags                  []string
	blocks                []block
	content               []byte // the whole file as last written
	blob                  string // git blob id of content
	clock                 int    // highest Lamport clock of its events
	open                  []*thread
	events                int // events written so far
	edits                 int
}

// thread is an open review thread of a draft.
type thread struct {
	id         string
	last       string // last event in the thread, what a reply answers
	opener     person
	lastAuthor person
}

func newBlocks(rng *rand.Rand) []block {
	n := 3 + rng.IntN(4)
	var bs []block
	for i := 0; i < n; i++ {
		if i > 0 && rng.IntN(10) < 3 {
			bs = append(bs, block{heading: headings[rng.IntN(len(headings))]})
		}
		if i > 0 && rng.IntN(10) < 2 {
			bs = append(bs, block{items: pick(rng, listItems, 3+rng.IntN(2))})
			continue
		}
		bs = append(bs, block{para: pick(rng, sentences, 2+rng.IntN(4))})
	}
	return bs
}

// pick returns n distinct elements of from, in random order.
func pick(rng *rand.Rand, from []string, n int) []string {
	idx := rng.Perm(len(from))[:n]
	out := make([]string, n)
	for i, j := range idx {
		out[i] = from[j]
	}
	return out
}

// body renders the Markdown after the front matter.
func (d *draft) body() string {
	var b strings.Builder
	b.WriteString("# " + d.title + "\n")
	for _, bl := range d.blocks {
		b.WriteString("\n")
		switch {
		case bl.heading != "":
			b.WriteString("## " + bl.heading + "\n")
		case bl.items != nil:
			for _, it := range bl.items {
				b.WriteString("- " + it + "\n")
			}
		default:
			b.WriteString(strings.Join(bl.para, " ") + "\n")
		}
	}
	return b.String()
}

// render writes the draft file and records its blob id.
func (d *draft) render() {
	var b strings.Builder
	b.WriteString("---\n")
	b.WriteString("id: " + d.id + "\n")
	b.WriteString("title: " + yamlScalar(d.title) + "\n")
	b.WriteString("date: " + d.date + "\n")
	b.WriteString("tags: [" + strings.Join(d.tags, ", ") + "]\n")
	b.WriteString("author: " + yamlScalar(d.author.Name) + "\n")
	b.WriteString("---\n")
	b.WriteString(d.body())
	d.content = []byte(b.String())
	d.blob = blobID(d.content)
}

// edit changes the draft the way a writer does between reviews: most often a
// new paragraph at the end (earlier anchors stay put), sometimes a rewritten
// sentence (anchors after it move, the ones on it are orphaned).
func (d *draft) edit(rng *rand.Rand) {
	var paras []int
	for i, bl := range d.blocks {
		if bl.para != nil {
			paras = append(paras, i)
		}
	}
	if len(paras) == 0 || rng.IntN(10) < 6 {
		d.blocks = append(d.blocks, block{para: pick(rng, sentences, 2+rng.IntN(3))})
	} else {
		bl := &d.blocks[paras[rng.IntN(len(paras))]]
		para := append([]string(nil), bl.para...)
		para[rng.IntN(len(para))] = sentences[rng.IntN(len(sentences))]
		bl.para = para
	}
	d.edits++
	d.render()
}

// anchor is a W3C text-quote selector on a draft body (docs/format.md).
type anchor struct {
	quote, prefix, suffix string
	position              int // runes from the start of the body
	blob                  string
}

// pickAnchor chooses a run of two to seven words on one line of the body, as
// a reviewer selecting text would.
func (d *draft) pickAnchor(rng *rand.Rand) anchor {
	body := d.body()
	lines := strings.SplitAfter(body, "\n")
	var cand []int // byte offsets of lines with words
	off := 0
	for _, l := range lines {
		if len(strings.Fields(l)) >= 3 {
			cand = append(cand, off)
		}
		off += len(l)
	}
	start := cand[rng.IntN(len(cand))]
	line := body[start:]
	line = line[:strings.IndexByte(line, '\n')]
	// Byte spans of the words; skip the Markdown marker at the line start.
	type span struct{ from, to int }
	var words []span
	for i := 0; i < len(line); {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		j := i
		for j < len(line) && line[j] != ' ' {
			j++
		}
		if j > i {
			words = append(words, span{i, j})
		}
		i = j
	}
	if w := line[words[0].from:words[0].to]; w == "-" || strings.HasPrefix(w, "#") {
		words = words[1:]
	}
	n := 2 + rng.IntN(6)
	if n > len(words) {
		n = len(words)
	}
	first := rng.IntN(len(words) - n + 1)
	from, to := start+words[first].from, start+words[first+n-1].to
	a := anchor{
		quote:    body[from:to],
		position: utf8.RuneCountInString(body[:from]),
		blob:     d.blob,
	}
	a.prefix = lastRunes(body[:from], 32)
	a.suffix = firstRunes(body[to:], 32)
	return a
}

func lastRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[len(r)-n:]
	}
	return string(r)
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

// slugify makes a file name from a title.
func slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r == '’' || r == '\'':
			continue
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

var titleSuffixes = []string{
	"", "", "", "", " (2024 edition)", ", part two", " for small teams",
	" at scale", ", revisited", " in practice",
}

func newTitle(rng *rand.Rand) string {
	t := fmt.Sprintf(titlePatterns[rng.IntN(len(titlePatterns))], topics[rng.IntN(len(topics))])
	return t + titleSuffixes[rng.IntN(len(titleSuffixes))]
}
