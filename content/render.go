package content

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// markdownConverter is built once: a goldmark.Markdown holds no per-document
// state (Convert makes a new parser context on every call), so sharing it is
// safe and saves rebuilding its parsers on every Render.
var markdownConverter = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		// No html.WithUnsafe: raw HTML is dropped and dangerous link
		// schemes (javascript:, ...) are not written, so a preview of an
		// untrusted draft cannot run script.
	)
})

// Render converts a draft body from Markdown to HTML: CommonMark with the
// GitHub extensions (tables, strikethrough, task lists, autolinks), ids on
// headings, and raw HTML left out.
func Render(body []byte) (html []byte, err error) {
	if len(body) > MaxDraftSize {
		return nil, fmt.Errorf("render: body is %d bytes, over the %d MiB limit: %w", len(body), MaxDraftSize>>20, ErrTooLarge)
	}
	defer func() {
		if r := recover(); r != nil {
			html, err = nil, fmt.Errorf("render: %v", r)
		}
	}()
	var buf bytes.Buffer
	buf.Grow(len(body) + len(body)/4)
	if err := markdownConverter().Convert(body, &buf); err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	return buf.Bytes(), nil
}
