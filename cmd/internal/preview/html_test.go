package preview

import (
	"bytes"
	"html/template"
	"testing"
)

// byTemplate is s as html/template writes it in element text and in a
// quoted attribute value, the two places a page writes values.
var byTemplate = template.Must(template.New("").Parse(`<p title="{{.}}">{{.}}</p>`))

func escapedByTemplate(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := byTemplate.Execute(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func escapedByPage(s string) string {
	var w pageWriter
	w.raw(`<p title="`)
	w.text(s)
	w.raw(`">`)
	w.text(s)
	w.raw("</p>")
	return string(w.b)
}

// The pages were written by html/template; they are written as it wrote
// them, byte for byte, whatever a value holds.
func TestEscapedAsTemplate(t *testing.T) {
	for _, s := range []string{
		"", "plain words", `<script>alert('x')</script>`, `"q" & +1`, "a\x00b", "é ﷐ \uffff \xff\xfe",
		`" onmouseover="alert(1)`, "&amp; &#39; already escaped",
	} {
		if got, want := escapedByPage(s), escapedByTemplate(t, s); got != want {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want)
		}
	}
}

func FuzzEscapedAsTemplate(f *testing.F) {
	f.Add(`<script>alert('x')</script> & "q" +1`)
	f.Add("a\x00b\xff ﷐")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := escapedByPage(s), escapedByTemplate(t, s); got != want {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want)
		}
	})
}
