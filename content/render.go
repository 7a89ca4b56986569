package content

import (
	"bytes"
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdownParser is built once: a goldmark parser holds no per-document
// state (Parse makes a new context on every call), so sharing it is safe
// and saves rebuilding its sub-parsers on every Render. A renderer carries
// a document's marks and options, so a document has one to itself, taken
// from those kept for the next (takeDocumentRenderer).
var markdownParser = sync.OnceValue(func() parser.Parser {
	return goldmark.New(
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithBlockParsers(util.Prioritized(shortcodeBlockParser{}, 90)),
			// The GitHub extensions, at the priorities goldmark's own
			// have: the check box before links, linkify after all else.
			parser.WithInlineParsers(
				util.Prioritized(taskCheckBoxParser{}, 0),
				util.Prioritized(shortcodeInlineParser{}, 90),
				util.Prioritized(strikethroughParser{}, 500),
				util.Prioritized(linkifyParser{}, 999),
			),
			parser.WithParagraphTransformers(util.Prioritized(tableParagraph{}, 200)),
			parser.WithASTTransformers(util.Prioritized(tableEscapes{}, 0)),
		),
	).Parser()
})

// RenderOptions say what a rendering lets through. The zero value is the
// safe one.
type RenderOptions struct {
	// RawHTML writes raw HTML in the draft as HTML; otherwise it is shown
	// as escaped text, so a reader sees it is there.
	RawHTML bool
	// RemoteImages lets http and https images load; otherwise each is a
	// placeholder with its address, so opening a page makes no request.
	RemoteImages bool
}

// Rendered is a body rendered to HTML, with where each top-level block of
// the Markdown (a paragraph, a list, a table, ...) starts and ends.
type Rendered struct {
	HTML   []byte
	Blocks []RenderedBlock
}

// RenderedBlock is one top-level block: Start is the rune offset in the
// body where its text starts (offsets as in Mark and AnchorMatch), and
// HTML[From:To] is its output.
type RenderedBlock struct {
	Start    int
	From, To int
}

// Render converts a draft body from Markdown to HTML: CommonMark with the
// GitHub extensions (tables, strikethrough, task lists, autolinks), ids on
// headings, Hugo shortcodes as inert labelled blocks, links only of safe
// schemes, raw HTML shown escaped and remote images as placeholders.
func Render(body []byte) ([]byte, error) {
	r, err := RenderMarked(body, nil, RenderOptions{})
	return r.HTML, err
}

// RenderMarked renders body as Render does, with what opts allows, and
// highlights the words of every mark (<mark class="cc-hl" data-t="ID">; a
// node that cannot be cut, such as a code span, is highlighted whole).
func RenderMarked(body []byte, marks []Mark, opts RenderOptions) (Rendered, error) {
	return RenderMarkedInto(nil, body, marks, opts)
}

// RenderMarkedInto is RenderMarked writing into buf's storage, which
// out.HTML then holds, so that a caller rendering many drafts uses one
// buffer again rather than leaving one per draft to the collector.
func RenderMarkedInto(buf, body []byte, marks []Mark, opts RenderOptions) (out Rendered, err error) {
	if len(body) > MaxDraftSize {
		return Rendered{}, fmt.Errorf("render: body is %d bytes, over the %d MiB limit: %w", len(body), MaxDraftSize>>20, ErrTooLarge)
	}
	dr := takeDocumentRenderer()
	out, err = renderDocument(markdownParser(), dr, buf, body, marks, opts)
	if err == nil {
		documentRenderers.Put(dr)
	}
	return out, err
}

// renderDocument renders body with parser p and renderer dr.
func renderDocument(p parser.Parser, dr *documentRenderer, buf, body []byte, marks []Mark, opts RenderOptions) (out Rendered, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = Rendered{}, fmt.Errorf("render: %v", r)
		}
	}()
	doc := p.Parse(text.NewReader(body))
	*dr.hr = htmlRenderer{marks: newMarkIndex(body, marks), opts: opts}
	w := bufferWriter{bytes.NewBuffer(buf[:0])}
	w.Grow(len(body) + len(body)/4)
	runes := runeCounter{body: body}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		from := w.Len()
		if err := dr.r.Render(w, body, n); err != nil {
			return Rendered{}, fmt.Errorf("render: %w", err)
		}
		start := runes.at(blockStart(n, runes.i))
		out.Blocks = append(out.Blocks, RenderedBlock{Start: start, From: from, To: w.Len()})
	}
	out.HTML = w.Bytes()
	dr.hr.marks = nil // the document's, not kept with the renderer
	return out, nil
}

// documentRenderer is a goldmark renderer with cc's node renderer, kept
// for the next document: a renderer registers the function of every kind
// of node on its first document, which cost a tenth of rendering a
// short draft when each had its own.
type documentRenderer struct {
	r  renderer.Renderer
	hr *htmlRenderer // what the node functions of r are bound to
}

var documentRenderers sync.Pool

// takeDocumentRenderer returns a kept renderer, or a new one. goldmark's
// own HTML renderer is the same for every document: each node whose
// output its unsafe setting changes (raw HTML, links, images) is written
// by htmlRenderer, by the document's options.
func takeDocumentRenderer() *documentRenderer {
	if dr, ok := documentRenderers.Get().(*documentRenderer); ok {
		return dr
	}
	dr := &documentRenderer{hr: &htmlRenderer{}}
	dr.r = renderer.NewRenderer(renderer.WithNodeRenderers(
		util.Prioritized(html.NewRenderer(), 1000),
		util.Prioritized(gfmHTML{}, 500),
		util.Prioritized(dr.hr, 100),
	))
	return dr
}

// blockStart is the byte offset where the text of block n starts: its
// first line, or that of its first descendant with text; prev when it has
// none (a thematic break).
func blockStart(n ast.Node, prev int) int {
	start := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			start = c.Lines().At(0).Start
			return ast.WalkStop, nil
		}
		if t, ok := c.(*ast.Text); ok {
			start = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if start < prev {
		return prev
	}
	return start
}

// runeCounter turns increasing byte offsets of body into rune offsets,
// counting each rune once.
type runeCounter struct {
	body []byte
	i, n int // byte offset i is rune offset n
}

func (c *runeCounter) at(b int) int {
	for c.i < b && c.i < len(c.body) {
		_, size := utf8.DecodeRune(c.body[c.i:])
		c.i += size
		c.n++
	}
	return c.n
}

// bufferWriter is a bytes.Buffer that goldmark's renderer writes to
// without a bufio.Writer in between, so what was written so far is
// buf.Len() at any time.
type bufferWriter struct{ *bytes.Buffer }

func (bufferWriter) Available() int { return 1 << 16 }
func (bufferWriter) Buffered() int  { return 0 }
func (bufferWriter) Flush() error   { return nil }
