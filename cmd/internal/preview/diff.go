package preview

import (
	"html"
	"strings"

	"github.com/cc-content/cc/content"
)

// diff writes what changed between two versions of a draft, line by
// line, with removed lines red and added lines green. It is the one place
// a page draws a diff, so a finer diff (by words inside changed lines)
// replaces it here alone.
func (w *pageWriter) diff(before, after []byte) {
	d := content.UnifiedDiff("before", "after", before, after, 2)
	if d == "" {
		return
	}
	w.raw(`<div class="cc-diff">`)
	lines := strings.Split(strings.TrimSuffix(d, "\n"), "\n")
	for _, l := range lines[2:] { // after the --- and +++ header
		class := ""
		switch {
		case strings.HasPrefix(l, "@@"):
			class = "hunk"
		case strings.HasPrefix(l, "+"):
			class = "add"
		case strings.HasPrefix(l, "-"):
			class = "del"
		}
		w.raw(`<span class="` + class + `">`)
		w.raw(html.EscapeString(l)) // not text: the "+" that starts an added line stays as it is
		w.raw("</span>")
	}
	w.raw("</div>")
}
