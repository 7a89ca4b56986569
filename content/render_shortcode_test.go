package content

import (
	"bytes"
	"testing"
)

func TestScanShortcode(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want Shortcode
		n    int // 0: not a shortcode
	}{
		{`{{< figure src="a.png" >}} rest`, Shortcode{Name: "figure", Args: `src="a.png"`}, 26},
		{`{{% notice warning %}}`, Shortcode{Name: "notice", Args: "warning", Markdown: true}, 22},
		{`{{< /notice >}}`, Shortcode{Name: "notice", Closing: true}, 15},
		{`{{<youtube id="x"/>}}`, Shortcode{Name: "youtube", Args: `id="x"`, SelfClosing: true}, 21},
		{"{{< a\n  b=`x >}} y`\n>}}", Shortcode{Name: "a", Args: "b=`x >}} y`"}, 23},
		{`{{< q "say \"hi\" >}}" >}}`, Shortcode{Name: "q", Args: `"say \"hi\" >}}"`}, 26},
		{`{{< shortcodes/inner.x >}}`, Shortcode{Name: "shortcodes/inner.x"}, 26},
		{`{{</* figure */>}}`, Shortcode{}, 0},
		{`{{< figure src="a.png"`, Shortcode{}, 0},
		{`{{< "x" >}}`, Shortcode{}, 0},
		{`{{< a %}}`, Shortcode{}, 0},
		{`{{< a"b" >}}`, Shortcode{}, 0},
		{`{{ .Title }}`, Shortcode{}, 0},
		{`{{<`, Shortcode{}, 0},
	} {
		sc, n, ok := ScanShortcode([]byte(tt.src))
		if ok != (tt.n > 0) || n != tt.n || sc != tt.want {
			t.Errorf("ScanShortcode(%q) = %+v, %d, %v; want %+v, %d", tt.src, sc, n, ok, tt.want, tt.n)
		}
	}
}

// FuzzScanShortcode checks that a tag the scanner accepts is whole: it
// opens and closes with matching delimiters, its name is a valid name, it
// is found again the same in the bytes it covers alone, and the scanner
// never reads more than its bound.
func FuzzScanShortcode(f *testing.F) {
	for _, s := range []string{`{{< a b="c" >}}`, `{{% x %}}`, `{{< /x >}}`, `{{< x />}}`, "{{< a `b`\n>}}", `{{</* x */>}}`, `{{< a "\" >}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sc, n, ok := ScanShortcode(src)
		if !ok {
			if n != 0 || sc != (Shortcode{}) {
				t.Fatalf("ScanShortcode(%q) failed but returned %+v, %d", src, sc, n)
			}
			return
		}
		if n < 6 || n > len(src) || n > maxShortcode+3 {
			t.Fatalf("ScanShortcode(%q) length %d", src, n)
		}
		tag := src[:n]
		open, end := "{{<", ">}}"
		if sc.Markdown {
			open, end = "{{%", "%}}"
		}
		if !bytes.HasPrefix(tag, []byte(open)) || !bytes.HasSuffix(tag, []byte(end)) {
			t.Fatalf("ScanShortcode(%q) = %q, not between %s and %s", src, tag, open, end)
		}
		for i := range len(sc.Name) {
			if !isShortcodeNameByte(sc.Name[i], i == 0) {
				t.Fatalf("ScanShortcode(%q) name %q", src, sc.Name)
			}
		}
		if !bytes.Contains(tag, []byte(sc.Name)) || !bytes.Contains(tag, []byte(sc.Args)) {
			t.Fatalf("ScanShortcode(%q) = %+v, not in %q", src, sc, tag)
		}
		again, n2, ok2 := ScanShortcode(tag)
		if !ok2 || n2 != n || again != sc {
			t.Fatalf("ScanShortcode(%q) = %+v, %d; alone it reads %+v, %d, %v", src, sc, n, again, n2, ok2)
		}
		out, err := Render(tag)
		if err != nil {
			t.Fatal(err)
		}
		checkSafeHTML(t, tag, out)
		if !bytes.Contains(out, []byte(`class="cc-shortcode`)) {
			t.Fatalf("Render(%q) = %q, not a shortcode block", tag, out)
		}
	})
}
