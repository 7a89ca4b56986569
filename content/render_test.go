package content

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// safeTags and safeAttrs are everything a rendering without raw HTML may
// write; anything else came from the draft.
var (
	safeTags = map[string]bool{"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
		"a": true, "em": true, "strong": true, "del": true, "code": true, "pre": true, "blockquote": true, "ul": true,
		"ol": true, "li": true, "hr": true, "br": true, "table": true, "thead": true, "tbody": true, "tr": true,
		"th": true, "td": true, "img": true, "input": true, "span": true, "div": true, "b": true, "mark": true}
	safeAttrs = map[string]bool{"href": true, "src": true, "alt": true, "title": true, "class": true, "id": true,
		"data-t": true, "checked": true, "disabled": true, "type": true, "align": true, "start": true}
)

// checkSafeHTML fails when out, rendered from body, holds a tag or
// attribute cc does not write itself, a link of a scheme other than http,
// https, mailto and tel, or an image that is not an inline raster image.
func checkSafeHTML(t *testing.T, body, out []byte) { checkHTML(t, body, out, false) }

// checkHTML is checkSafeHTML; with raw, the elements and attributes that
// preview.raw_html lets through are allowed too.
func checkHTML(t *testing.T, body, out []byte, raw bool) {
	t.Helper()
	z := html.NewTokenizer(bytes.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if !safeTags[tok.Data] && !(raw && rawTags[tok.Data]) {
			t.Fatalf("Render(%q) writes a <%s> tag: %q", body, tok.Data, out)
		}
		for _, a := range tok.Attr {
			if !safeAttrs[a.Key] && !(raw && rawAttrs[a.Key]) {
				t.Fatalf("Render(%q) writes attribute %s on <%s>: %q", body, a.Key, tok.Data, out)
			}
			if a.Key == "href" && !SafeLink([]byte(a.Val)) {
				t.Fatalf("Render(%q) writes link %q: %q", body, a.Val, out)
			}
			if inline, _ := imageSource([]byte(a.Val)); a.Key == "src" && !inline {
				t.Fatalf("Render(%q) loads image %q: %q", body, a.Val, out)
			}
		}
	}
}

// renderCases are bodies with what their HTML must and must not hold;
// FuzzGFMDiff starts from their bodies too.
var renderCases = []struct {
	name      string
	in        string
	want      []string // substrings of the HTML
	forbidden []string
}{
	{"heading ids", "# Our launch plan\n\n## Next steps\n",
		[]string{`<h1 id="our-launch-plan">Our launch plan</h1>`, `<h2 id="next-steps">`}, nil},
	{"duplicate heading ids", "## Notes\n\n## Notes\n",
		[]string{`id="notes"`, `id="notes-1"`}, nil},
	{"table", "| a | b |\n|---|---|\n| 1 | 2 |\n",
		[]string{"<table>", "<th>a</th>", "<td>2</td>"}, nil},
	{"strikethrough", "~~gone~~", []string{"<del>gone</del>"}, nil},
	{"task list", "- [x] done\n- [ ] todo\n",
		[]string{`<input checked="" disabled="" type="checkbox"`, `<input disabled="" type="checkbox"`}, nil},
	{"autolink", "see https://example.com/x now",
		[]string{`<a href="https://example.com/x">https://example.com/x</a>`}, nil},
	{"raw html shown escaped", "<script>alert(1)</script>\n\nhi <b onclick=\"x()\">there</b>\n",
		[]string{`<pre class="cc-raw"`, "&lt;script&gt;alert(1)&lt;/script&gt;", `<code class="cc-raw">&lt;b onclick=&quot;x()&quot;&gt;</code>there`},
		[]string{"<script", "<b "}},
	{"javascript link dropped", "[x](javascript:alert(1))",
		[]string{`<span class="cc-unsafe-link"`}, []string{"javascript:", "<a "}},
	{"entity-spelled javascript link dropped", "[x](&#106;avascript&#58;alert(1)) [y](JaVaScRiPt:alert(1)) [z](<java\tscript:x>)",
		nil, []string{"<a "}},
	{"safe links kept", "[a](https://example.com/?q=1&r=2) [b](mailto:a@example.com) [c](../other.md#top)",
		[]string{`<a href="https://example.com/?q=1&amp;r=2">a</a>`, `<a href="mailto:a@example.com">b</a>`, `<a href="../other.md#top">c</a>`}, nil},
	{"titles escaped", `[a](https://example.com/ "Say \"<hi>\"") ![d](data:image/gif;base64,R0lG "<t>")`,
		[]string{`<a href="https://example.com/" title="Say &quot;&lt;hi&gt;&quot;">a</a>`, `alt="d" title="&lt;t&gt;">`}, nil},
	{"remote image is a placeholder", "![logo](https://tracker.example/p.gif)",
		[]string{`<span class="cc-img" title="image not loaded">image: logo <code>https://tracker.example/p.gif</code></span>`}, []string{"<img"}},
	{"inline png image shown", "![dot](data:image/png;base64,iVBORw0KGgo=)",
		[]string{`<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">`}, nil},
	{"svg data image is a placeholder", "![x](data:image/svg+xml,<svg/onload=alert(1)>)",
		nil, []string{"<img", "<svg"}},
	{"block shortcode", "Before.\n\n{{< figure src=\"a.png\" caption=\"A >}} b\" >}}\n\nAfter.\n",
		[]string{`<div class="cc-shortcode" title="Hugo shortcode, not run in a preview"><span class="cc-sc-label">shortcode <b>figure</b></span> <code>{{&lt; figure src=&quot;a.png&quot; caption=&quot;A &gt;}} b&quot; &gt;}}</code></div>`, "<p>After.</p>"}, nil},
	{"multi-line shortcode", "{{% notice\n  warning %}}\nBe careful.\n{{% /notice %}}\n",
		[]string{"<b>notice</b></span> <code>{{% notice\n  warning %}}</code></div>", "<p>Be careful.</p>", "end of shortcode <b>notice</b>"}, nil},
	{"inline shortcode", "Call {{< ref \"other.md\" >}} now.",
		[]string{`<p>Call <span class="cc-shortcode"`, `<code>{{&lt; ref &quot;other.md&quot; &gt;}}</code></span> now.</p>`}, nil},
	{"commented shortcode is text", "{{</* figure */>}}", []string{"<p>{{&lt;/* figure */&gt;}}</p>"}, []string{"cc-shortcode"}},
	{"empty", "", nil, nil},
}

func TestRender(t *testing.T) {
	for _, tt := range renderCases {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Render([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("Render(%q) = %q, missing %q", tt.in, out, w)
				}
			}
			for _, f := range tt.forbidden {
				if strings.Contains(string(out), f) {
					t.Errorf("Render(%q) = %q, holds %q", tt.in, out, f)
				}
			}
		})
	}
}

func TestRenderRawHTML(t *testing.T) {
	body := `<div class="note" onclick="x()" style="color:red">Kept <b>bold</b><script>alert(1)</script></div>

<meta http-equiv="refresh" content="0; url=https://evil.example/"><iframe src="https://evil.example/"></iframe>

Inline <a href="javascript:alert(1)">js</a>, <a href="https://example.com/" onmouseover="x()">web</a>,
<img src="https://t.example/p.gif" alt="pixel">, <img src="data:image/png;base64,AAAA" alt="dot">
and <svg onload="alert(1)"><text>svg</text></svg>.
`
	for _, tt := range []struct {
		remote    bool
		want      []string
		forbidden []string
	}{
		{false,
			[]string{`<div class="note">Kept <b>bold</b></div>`, `Inline <a>js</a>, <a href="https://example.com/">web</a>`, `<img src="data:image/png;base64,AAAA" alt="dot">`},
			[]string{"onclick", "style=", "<script", "alert", "<meta", "<iframe", "evil.example", "t.example", "<svg", "onmouseover"}},
		{true, []string{`<img src="https://t.example/p.gif" alt="pixel">`}, []string{"<meta", "evil.example"}},
	} {
		r, err := RenderMarked([]byte(body), nil, RenderOptions{RawHTML: true, RemoteImages: tt.remote})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(string(r.HTML), w) {
				t.Errorf("remote images %v: %q\nmissing %q", tt.remote, r.HTML, w)
			}
		}
		for _, f := range tt.forbidden {
			if strings.Contains(string(r.HTML), f) {
				t.Errorf("remote images %v: %q\nholds %q", tt.remote, r.HTML, f)
			}
		}
	}
}

func TestRenderConcurrent(t *testing.T) {
	// The converter is shared; heading ids must not leak between documents.
	done := make(chan string)
	for range 8 {
		go func() {
			out, err := Render([]byte("# Title\n"))
			if err != nil {
				done <- err.Error()
				return
			}
			done <- string(out)
		}()
	}
	for range 8 {
		if got := <-done; got != "<h1 id=\"title\">Title</h1>\n" {
			t.Errorf("Render = %q", got)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	d, err := Parse("launch-plan.md", readTestdata(b, "bench/launch-plan.md"))
	if err != nil {
		b.Fatal(err)
	}
	body := d.Body
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := Render(body); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"# Title\n", "| a |\n|---|\n| 1 |\n", "- [ ] x\n", "<div>raw</div>", "[x](javascript:y)",
		"~~a~~", "www.example.com", "*_*_*_*_", "[[[[[[[[[[", "```\ncode", "> > > >",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var out []byte
		var err error
		checkBudget(t, len(body), MemoryBudget(len(body)), func() { out, err = Render(body) })
		if err != nil {
			t.Fatalf("Render(%q): %v", body, err)
		}
		checkSafeHTML(t, body, out)
		// With marks anywhere, the output is just as safe and every mark
		// opens and closes.
		n := utf8.RuneCount(body)
		marks := []Mark{{"a", n / 3, n / 2}, {"b", n / 4, n}, {"c<\"", 0, n / 5}}
		r, err := RenderMarked(body, marks, RenderOptions{})
		if err != nil {
			t.Fatalf("RenderMarked(%q): %v", body, err)
		}
		checkSafeHTML(t, body, r.HTML)
		raw, err := RenderMarked(body, marks, RenderOptions{RawHTML: true})
		if err != nil {
			t.Fatalf("RenderMarked(%q) with raw HTML: %v", body, err)
		}
		checkHTML(t, body, raw.HTML, true)
		if o, c := bytes.Count(r.HTML, []byte("<mark ")), bytes.Count(r.HTML, []byte("</mark>")); o != c {
			t.Fatalf("RenderMarked(%q) opens %d marks and closes %d: %q", body, o, c, r.HTML)
		}
	})
}
