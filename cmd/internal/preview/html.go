package preview

import (
	"strconv"
)

// pageWriter is a page being written: markup appended as it is, and every
// value from a draft, its review or the repository escaped by text. Pages
// are written directly rather than through html/template: a template
// looks up every field by reflection, which was a third of the cost of a
// draft's page, and the page's markup has only two contexts for values,
// element text and double-quoted attribute values, which one escaping
// covers (the policy lets no script or style but the page's own run, so
// no value is ever written into either).
type pageWriter struct{ b []byte }

// raw appends markup written by the page itself.
func (w *pageWriter) raw(s string) { w.b = append(w.b, s...) }

// text appends s escaped for element text or a double-quoted attribute.
func (w *pageWriter) text(s string) { w.b = appendEscaped(w.b, s) }

// int appends a number.
func (w *pageWriter) int(n int) { w.b = strconv.AppendInt(w.b, int64(n), 10) }

// escapes are the replacements of the bytes a value may not hold as they
// are in element text or a quoted attribute value: html/template's table,
// so that the pages are the same as when a template wrote them. Every
// byte it replaces is ASCII, which never occurs inside the encoding of
// another rune, so the value is scanned by bytes.
var escapes = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// appendEscaped appends s to dst with each byte in escapes replaced.
func appendEscaped(dst []byte, s string) []byte {
	from := 0
	for i := 0; i < len(s); i++ {
		if r := escapes[s[i]]; r != "" {
			dst = append(dst, s[from:i]...)
			dst = append(dst, r...)
			from = i + 1
		}
	}
	return append(dst, s[from:]...)
}
