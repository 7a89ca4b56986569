package content

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// rawTags are the elements raw HTML may use when a repository lets it
// through (preview.raw_html): text structure and formatting. Nothing that
// loads, embeds, runs, submits, redirects or restyles the page (script,
// style, link, meta, base, iframe, object, form, svg, ...) is among them;
// a page's Content-Security-Policy would stop most of those, but not a
// <meta http-equiv="refresh"> that takes the reader elsewhere.
var rawTags = setOf("a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "center", "cite", "code", "col",
	"colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
	"h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp",
	"small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
	"u", "ul", "var", "wbr")

// rawAttrs are the attributes those elements may keep. href and cite go
// through SafeLink, src through the image rules.
var rawAttrs = setOf("align", "alt", "cite", "class", "colspan", "datetime", "dir", "height", "href", "id", "lang",
	"open", "reversed", "rowspan", "span", "src", "start", "title", "type", "width")

// rawDropContent are elements whose content is dropped with them: it is
// script, style or markup for another document, not text for the reader.
var rawDropContent = setOf("script", "style", "iframe", "object", "noscript", "template", "title", "textarea",
	"xmp", "noembed", "noframes", "svg", "math", "select")

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// sanitizeHTML keeps of raw HTML the elements and attributes above, with
// links of safe schemes and images the options allow; the rest is left
// out, and text is written escaped.
func (r *htmlRenderer) sanitizeHTML(raw []byte) []byte {
	var out bytes.Buffer
	z := html.NewTokenizer(bytes.NewReader(raw))
	skip := "" // inside an element whose content is dropped
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		tok := z.Token()
		if skip != "" {
			if tt == html.EndTagToken && tok.Data == skip {
				skip = ""
			}
			continue
		}
		switch tt {
		case html.TextToken:
			out.WriteString(html.EscapeString(tok.Data))
		case html.StartTagToken, html.SelfClosingTagToken:
			if rawDropContent[tok.Data] && tt == html.StartTagToken {
				skip = tok.Data
				continue
			}
			if !rawTags[tok.Data] {
				continue
			}
			attrs, ok := r.rawAttrs(tok)
			if !ok {
				continue
			}
			tok.Attr = attrs
			out.WriteString(tok.String())
		case html.EndTagToken:
			if rawTags[tok.Data] {
				out.WriteString(tok.String())
			}
		}
	}
}

// rawAttrs filters the attributes of a start tag; ok is false for an
// image that may not be shown at all.
func (r *htmlRenderer) rawAttrs(tok html.Token) (attrs []html.Attribute, ok bool) {
	for _, a := range tok.Attr {
		key := strings.ToLower(a.Key)
		switch {
		case a.Namespace != "" || !rawAttrs[key]:
			continue
		case key == "href" || key == "cite":
			if !SafeLink([]byte(a.Val)) {
				continue
			}
		case key == "src":
			inline, remote := imageSource([]byte(a.Val))
			if tok.Data != "img" || !(inline || remote && r.opts.RemoteImages) {
				return nil, false
			}
		}
		attrs = append(attrs, html.Attribute{Key: key, Val: a.Val})
	}
	return attrs, true
}
