package preview

import (
	"html"
	"html/template"
	"strings"

	"github.com/cc-content/cc/content"
)

// diffHTML shows what changed between two versions of a draft, line by
// line, with removed lines red and added lines green. It is the one place
// a page draws a diff, so a finer diff (by words inside changed lines)
// replaces it here alone.
func diffHTML(before, after []byte) template.HTML {
	d := content.UnifiedDiff("before", "after", before, after, 2)
	if d == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<div class="cc-diff">`)
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
		b.WriteString(`<span class="` + class + `">`)
		b.WriteString(html.EscapeString(l))
		b.WriteString("</span>")
	}
	b.WriteString("</div>")
	return template.HTML(b.String())
}
