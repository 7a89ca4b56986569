package preview

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/review"
)

// The pair BenchmarkPage1MB500Threads / BenchmarkGoldmark1MB is what
// `ccbench render` runs and compares: cc's whole draft page (threads
// placed in the text, the Markdown rendered with their words highlighted,
// the boxes beside them) against goldmark alone on the same Markdown.

// bigDraft is about 1 MB of Markdown with threads on phrases
// spread through it.
func bigDraft(tb testing.TB, threads int) (*content.Draft, *review.Review) {
	tb.Helper()
	var b strings.Builder
	b.WriteString("---\ntitle: Big\nid: bg2345\n---\n")
	for i := 0; b.Len() < 1<<20; i++ {
		switch i % 10 {
		case 0:
			fmt.Fprintf(&b, "## Section %d\n\n", i)
		case 3:
			fmt.Fprintf(&b, "- item %d with *emphasis* and `code`\n- another [link](https://example.com/%d)\n- a third point about point-%d\n\n", i, i, i)
		case 6:
			fmt.Fprintf(&b, "```go\nfunc f%d() int { return %d }\n```\n\n", i, i)
		case 8:
			fmt.Fprintf(&b, "| a | b |\n|---|---|\n| row %d | value %d |\n\n", i, i)
		default:
			fmt.Fprintf(&b, "Paragraph %d explains the plan in some detail, with **strong words**, a note on point-%d "+
				"and the reasons the team gave for it. It goes on for a while so that the text wraps over several lines, "+
				"as real prose does, and mentions www.example.com once.\n\n", i, i)
		}
	}
	d, err := content.Parse("content/big.md", []byte(b.String()))
	if err != nil {
		tb.Fatal(err)
	}
	body := string(d.Body)
	// One quote per paragraph, each found once.
	quotes := regexp.MustCompile(`note on point-[0-9]+ and`).FindAllString(body, -1)
	var events []*review.Event
	for i := range threads {
		quote := quotes[i*len(quotes)/threads]
		a, err := content.NewAnchor(body, quote, 0, "")
		if err != nil {
			tb.Fatalf("thread %d: %v", i, err)
		}
		events = append(events, &review.Event{Version: 1, ID: fmt.Sprintf("01BIG%021d", i), Type: review.TypeComment, Draft: "bg2345",
			Author: review.Person{Name: "Ada"}, Time: time.Unix(0, 0), Clock: i + 1, Body: "Why?", Anchor: &a})
	}
	return d, review.Fold("bg2345", events)
}

// BenchmarkPage1MB500Threads renders: the threads are placed in the text
// once, before it (placing them is anchoring's work, measured by its own
// benchmarks), and each run renders the page from the draft and its placed
// threads.
func BenchmarkPage1MB500Threads(b *testing.B) {
	d, rv := bigDraft(b, 500)
	placed, _, _ := repo.PlaceThreadsBySearch(d, rv.Threads, false)
	p := repo.DraftPage{Entry: content.CatalogEntry{ID: "bg2345", Path: "content/big.md"}, Draft: d, Review: rv, Threads: placed}
	b.SetBytes(int64(len(d.Body)))
	for b.Loop() {
		if _, err := Draft(p, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGoldmark1MB(b *testing.B) {
	d, _ := bigDraft(b, 0)
	md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithParserOptions(parser.WithAutoHeadingID()))
	b.SetBytes(int64(len(d.Body)))
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if err := md.Convert(d.Body, &out); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBigDraftPage checks the benchmark's page: every thread placed beside
// its words, none orphaned, so the benchmark measures the real work.
func TestBigDraftPage(t *testing.T) {
	d, rv := bigDraft(t, 500)
	placed, open, _ := repo.PlaceThreadsBySearch(d, rv.Threads, false)
	if open != 500 || len(d.Body) < 1<<20-1024 {
		t.Fatalf("%d open threads, body %d bytes", open, len(d.Body))
	}
	page, err := Draft(repo.DraftPage{Entry: content.CatalogEntry{ID: "bg2345"}, Draft: d, Review: rv, Threads: placed}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(page, []byte(`<mark class="cc-hl"`)); n != 500 {
		t.Errorf("%d highlights, want 500", n)
	}
	if n := bytes.Count(page, []byte(`<div class="cc-thread `)); n != 500 || bytes.Contains(page, []byte("Orphaned")) {
		t.Errorf("%d thread boxes, want 500 and no orphans", n)
	}
}
