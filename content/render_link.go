package content

import (
	"bytes"
)

// linkSchemes are the schemes a rendered link may have. Everything else
// with a scheme (javascript:, vbscript:, data:, file:, and any scheme a
// browser might learn tomorrow) is dropped: an allow list cannot miss a
// spelling the way a deny list can.
var linkSchemes = []string{"http", "https", "mailto", "tel"}

// imageDataTypes are the data: image types an <img> may show inline. SVG
// is left out: it is a document that can hold script and links.
var imageDataTypes = []string{"image/png", "image/gif", "image/jpeg", "image/webp"}

// browserURL is dest as a browser's URL parser reads it before it looks for
// a scheme: leading and trailing C0 controls and spaces stripped, tabs and
// line breaks removed wherever they are. Character references were decoded
// by the Markdown parser already, and the HTML writer escapes what is left,
// so these are the bytes the browser gets.
func browserURL(dest []byte) []byte {
	dest = bytes.TrimFunc(dest, func(r rune) bool { return r <= ' ' })
	if !bytes.ContainsAny(dest, "\t\n\r") {
		return dest
	}
	out := make([]byte, 0, len(dest))
	for _, c := range dest {
		if c != '\t' && c != '\n' && c != '\r' {
			out = append(out, c)
		}
	}
	return out
}

// urlScheme returns the lower-cased text before the first colon of u when
// that colon comes before any '/', '?' or '#' (where a browser looks for a
// scheme), and whether there is one. The text is returned whatever it
// holds: a caller that allows only known schemes need not decide whether a
// browser would think it valid.
func urlScheme(u []byte) (string, bool) {
	i := bytes.IndexAny(u, ":/?#")
	if i < 0 || u[i] != ':' {
		return "", false
	}
	return string(bytes.ToLower(u[:i])), true
}

// SafeLink reports whether a link to dest may be written into a page: a
// relative reference, or one of the schemes http, https, mailto and tel,
// however dest spells them (case, control characters, white space).
func SafeLink(dest []byte) bool {
	scheme, ok := urlScheme(browserURL(dest))
	if !ok {
		return true
	}
	for _, s := range linkSchemes {
		if scheme == s {
			return true
		}
	}
	return false
}

// imageSource says how an image's destination may be shown: inline (a
// data: image of a raster type), remote (http or https, loaded only when
// the caller allows it), or neither (shown as a placeholder).
func imageSource(dest []byte) (inline, remote bool) {
	u := browserURL(dest)
	scheme, ok := urlScheme(u)
	switch {
	case !ok:
		// A relative path, or a protocol-relative //host/path, which a
		// browser resolves to a network address.
		return false, bytes.HasPrefix(u, []byte("//"))
	case scheme == "http" || scheme == "https":
		return false, true
	case scheme != "data":
		return false, false
	}
	mediaType, _, _ := bytes.Cut(u[len("data:"):], []byte(";"))
	mediaType, _, _ = bytes.Cut(mediaType, []byte(","))
	for _, t := range imageDataTypes {
		if string(bytes.ToLower(bytes.TrimSpace(mediaType))) == t {
			return true, false
		}
	}
	return false, false
}
