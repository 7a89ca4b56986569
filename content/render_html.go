package content

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// htmlRenderer writes the nodes where cc differs from goldmark's HTML:
// text and code with highlights, links and images through the scheme
// rules, raw HTML escaped, and shortcodes as labelled blocks. Everything
// else is goldmark's.
type htmlRenderer struct {
	marks *markIndex
	opts  RenderOptions
	// written is where the last run of text written ends: goldmark cuts
	// text into nodes wherever an inline might start, and a run is
	// written whole so a highlight is not cut with it.
	written int
}

func (r *htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindText, r.text)
	reg.Register(ast.KindCodeSpan, r.codeSpan)
	reg.Register(ast.KindCodeBlock, r.codeBlock)
	reg.Register(ast.KindFencedCodeBlock, r.codeBlock)
	reg.Register(ast.KindHTMLBlock, r.htmlBlock)
	reg.Register(ast.KindRawHTML, r.rawHTML)
	reg.Register(ast.KindLink, r.link)
	reg.Register(ast.KindAutoLink, r.autoLink)
	reg.Register(ast.KindImage, r.image)
	reg.Register(kindShortcodeBlock, r.shortcode)
	reg.Register(kindShortcodeInline, r.shortcode)
}

func writeText(w util.BufWriter, b []byte)    { html.DefaultWriter.Write(w, b) }
func writeRawText(w util.BufWriter, b []byte) { html.DefaultWriter.RawWrite(w, b) }

func (r *htmlRenderer) text(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Text)
	if n.Segment.Stop <= r.written && n.Segment.Start < r.written {
		return ast.WalkContinue, nil
	}
	write := writeText
	if n.IsRaw() {
		write = writeRawText
	}
	start := n.Segment.Start
	for !n.SoftLineBreak() && !n.HardLineBreak() {
		next, ok := n.NextSibling().(*ast.Text)
		if !ok || next.IsRaw() != n.IsRaw() || next.Segment.Start != n.Segment.Stop || next.Segment.Padding != 0 {
			break
		}
		n = next
	}
	r.written = n.Segment.Stop
	r.marks.writeMarked(w, source, start, n.Segment.Stop, write)
	switch {
	case n.HardLineBreak():
		_, _ = w.WriteString("<br>\n")
	case n.SoftLineBreak():
		_ = w.WriteByte('\n')
	}
	return ast.WalkContinue, nil
}

// markWhole opens (entering) or closes a highlight around a node that
// cannot be cut, when a mark overlaps source bytes [s, e).
func (r *htmlRenderer) markWhole(w util.BufWriter, s, e int, entering bool) {
	ids := r.marks.spanIDs(s, e)
	switch {
	case ids == "":
	case entering:
		openMark(w, ids)
	default:
		_, _ = w.WriteString("</mark>")
	}
}

func (r *htmlRenderer) codeSpan(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	s, e := childTextSpan(node)
	r.markWhole(w, s, e, entering)
	if !entering {
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<code>")
	for c := node.FirstChild(); c != nil; c = c.NextSibling() {
		t, ok := c.(*ast.Text)
		if !ok {
			continue
		}
		v := t.Segment.Value(source)
		// A line break inside a code span is a space (CommonMark 6.1).
		if n := len(v); n > 0 && v[n-1] == '\n' {
			writeRawText(w, v[:n-1])
			_ = w.WriteByte(' ')
			continue
		}
		writeRawText(w, v)
	}
	_, _ = w.WriteString("</code>")
	return ast.WalkSkipChildren, nil
}

// childTextSpan is the source span of the text nodes under n.
func childTextSpan(n ast.Node) (s, e int) {
	s, e = -1, -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			if s < 0 {
				s = t.Segment.Start
			}
			e = t.Segment.Stop
		}
		return ast.WalkContinue, nil
	})
	return s, e
}

// writeLines writes the lines of a block as escaped text with highlights.
func (r *htmlRenderer) writeLines(w util.BufWriter, source []byte, lines *text.Segments) {
	for i := range lines.Len() {
		seg := lines.At(i)
		for range seg.Padding {
			_ = w.WriteByte(' ')
		}
		r.marks.writeMarked(w, source, seg.Start, seg.Stop, writeRawText)
		if seg.ForceNewline && (seg.Stop == seg.Start || source[seg.Stop-1] != '\n') {
			_ = w.WriteByte('\n')
		}
	}
}

func (r *htmlRenderer) codeBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</code></pre>\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<pre><code")
	if f, ok := node.(*ast.FencedCodeBlock); ok {
		if lang := f.Language(source); lang != nil {
			_, _ = w.WriteString(` class="language-`)
			writeText(w, lang)
			_ = w.WriteByte('"')
		}
	}
	_ = w.WriteByte('>')
	r.writeLines(w, source, node.Lines())
	return ast.WalkContinue, nil
}

func (r *htmlRenderer) htmlBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	lines := n.Lines()
	if n.HasClosure() {
		lines = text.NewSegments()
		lines.AppendAll(n.Lines().Sliced(0, n.Lines().Len()))
		lines.Append(n.ClosureLine)
	}
	if r.opts.RawHTML {
		var raw []byte
		for i := range lines.Len() {
			seg := lines.At(i)
			raw = append(raw, seg.Value(source)...)
		}
		_, _ = w.Write(r.sanitizeHTML(raw))
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<pre class="cc-raw" title="raw HTML, shown as text">`)
	r.writeLines(w, source, lines)
	_, _ = w.WriteString("</pre>\n")
	return ast.WalkContinue, nil
}

func (r *htmlRenderer) rawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.RawHTML)
	if n.Segments.Len() == 0 {
		return ast.WalkSkipChildren, nil
	}
	var raw []byte
	for i := range n.Segments.Len() {
		seg := n.Segments.At(i)
		raw = append(raw, seg.Value(source)...)
	}
	if r.opts.RawHTML {
		if entering {
			_, _ = w.Write(r.sanitizeHTML(raw))
		}
		return ast.WalkSkipChildren, nil
	}
	r.markWhole(w, n.Segments.At(0).Start, n.Segments.At(n.Segments.Len()-1).Stop, entering)
	if entering {
		_, _ = w.WriteString(`<code class="cc-raw">`)
		writeRawText(w, raw)
		_, _ = w.WriteString(`</code>`)
	}
	return ast.WalkSkipChildren, nil
}

func (r *htmlRenderer) link(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	// The address as written out: URLEscape resolves character
	// references, so it is what the browser gets that is judged.
	dest := util.URLEscape(n.Destination, true)
	safe := SafeLink(dest)
	switch {
	case !entering && safe:
		_, _ = w.WriteString("</a>")
	case !entering:
		_, _ = w.WriteString("</span>")
	case safe:
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(util.EscapeHTML(dest))
		_ = w.WriteByte('"')
		writeTitle(w, n.Title)
		_ = w.WriteByte('>')
	default:
		_, _ = w.WriteString(`<span class="cc-unsafe-link" title="link removed: only http, https, mailto and tel links are kept">`)
	}
	return ast.WalkContinue, nil
}

func (r *htmlRenderer) autoLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	url, label := n.URL(source), n.Label(source)
	if n.AutoLinkType == ast.AutoLinkEmail {
		url = append([]byte("mailto:"), url...)
	}
	url = util.URLEscape(url, false)
	if !SafeLink(url) {
		writeRawText(w, label)
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(util.EscapeHTML(url))
	_, _ = w.WriteString(`">`)
	writeRawText(w, label)
	_, _ = w.WriteString(`</a>`)
	return ast.WalkContinue, nil
}

func (r *htmlRenderer) image(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Image)
	s, e := childTextSpan(n)
	r.markWhole(w, s, e, entering)
	if !entering {
		return ast.WalkContinue, nil
	}
	alt := altText(n, source)
	dest := util.URLEscape(n.Destination, true)
	inline, remote := imageSource(dest)
	if !inline && !(remote && r.opts.RemoteImages) {
		_, _ = w.WriteString(`<span class="cc-img" title="image not loaded">image`)
		if len(alt) > 0 {
			_, _ = w.WriteString(": ")
			writeRawText(w, alt)
		}
		_, _ = w.WriteString(` <code>`)
		writeRawText(w, n.Destination)
		_, _ = w.WriteString(`</code></span>`)
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(`<img src="`)
	_, _ = w.Write(util.EscapeHTML(dest))
	_, _ = w.WriteString(`" alt="`)
	writeRawText(w, alt)
	_ = w.WriteByte('"')
	writeTitle(w, n.Title)
	_ = w.WriteByte('>')
	return ast.WalkSkipChildren, nil
}

// writeTitle writes the title attribute of a link or image, if it has one.
func writeTitle(w util.BufWriter, title []byte) {
	if title == nil {
		return
	}
	_, _ = w.WriteString(` title="`)
	writeText(w, title)
	_ = w.WriteByte('"')
}

// altText is the plain text of an image's description.
func altText(n ast.Node, source []byte) []byte {
	var out []byte
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch t := c.(type) {
			case *ast.Text:
				out = append(out, t.Segment.Value(source)...)
			case *ast.String:
				out = append(out, t.Value...)
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

func (r *htmlRenderer) shortcode(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	tag, label := "span", "shortcode"
	var sc Shortcode
	var seg text.Segment
	switch n := node.(type) {
	case *shortcodeBlock:
		tag, sc, seg = "div", n.sc, n.seg
	case *shortcodeInline:
		sc, seg = n.sc, n.seg
	}
	if sc.Closing {
		label = "end of shortcode"
	}
	_, _ = w.WriteString("<" + tag + ` class="cc-shortcode`)
	if ids := r.marks.spanIDs(seg.Start, seg.Stop); ids != "" {
		_, _ = w.WriteString(` cc-hl" data-t="`)
		writeRawText(w, []byte(ids))
	}
	_, _ = w.WriteString(`" title="Hugo shortcode, not run in a preview"><span class="cc-sc-label">` + label + ` <b>`)
	writeRawText(w, []byte(sc.Name))
	_, _ = w.WriteString(`</b></span> <code>`)
	writeRawText(w, source[seg.Start:seg.Stop])
	_, _ = w.WriteString("</code></" + tag + ">")
	if tag == "div" {
		_ = w.WriteByte('\n')
	}
	return ast.WalkContinue, nil
}
