package content

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// markOf marks the first occurrence of quote in body, in runes.
func markOf(t *testing.T, id, body, quote string) Mark {
	t.Helper()
	i := strings.Index(body, quote)
	if i < 0 {
		t.Fatalf("%q not in body", quote)
	}
	s := utf8.RuneCountInString(body[:i])
	return Mark{ID: id, Start: s, End: s + utf8.RuneCountInString(quote)}
}

func TestRenderMarked(t *testing.T) {
	body := "# Plän\n\nWe launch *in March* and `go run` it.\n\n```go\nfmt.Println(\"héllo\")\n```\n\n{{< figure src=\"x.png\" >}}\n\n- one\n- two words\n"
	marks := []Mark{
		markOf(t, "T1", body, "launch *in"),    // across an emphasis: cut in two
		markOf(t, "T2", body, "run"),           // inside a code span: the span whole
		markOf(t, "T3", body, "\"héllo\""),     // in a code block
		markOf(t, "T4", body, "figure"),        // in a shortcode
		markOf(t, "T5", body, "two"),           // in a list
		markOf(t, "T6", body, "in March* and"), // overlapping T1
	}
	r, err := RenderMarked([]byte(body), marks, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := string(r.HTML)
	for _, want := range []string{
		`<h1 id="pln">Plän</h1>`,
		`<p>We <mark class="cc-hl" data-t="T1">launch </mark><em><mark class="cc-hl" data-t="T1 T6">in</mark><mark class="cc-hl" data-t="T6"> March</mark></em><mark class="cc-hl" data-t="T6"> and</mark> <mark class="cc-hl" data-t="T2"><code>go run</code></mark> it.</p>`,
		`<pre><code class="language-go">fmt.Println(<mark class="cc-hl" data-t="T3">&quot;héllo&quot;</mark>)` + "\n</code></pre>",
		`<div class="cc-shortcode cc-hl" data-t="T4"`,
		`<li><mark class="cc-hl" data-t="T5">two</mark> words</li>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("RenderMarked:\n%s\nmissing\n%s", got, want)
		}
	}
	// One block per top-level node, starting where its text does.
	var starts []int
	for _, b := range r.Blocks {
		starts = append(starts, b.Start)
		if b.From > b.To || b.To > len(r.HTML) {
			t.Errorf("block %+v outside the output", b)
		}
	}
	var wantStarts []int
	for _, w := range []string{"Plän", "We launch", "fmt.", "{{<", "one"} {
		wantStarts = append(wantStarts, markOf(t, "", body, w).Start)
	}
	if len(starts) != len(wantStarts) {
		t.Fatalf("blocks start at %v, want %v", starts, wantStarts)
	}
	for i := range starts {
		if starts[i] != wantStarts[i] {
			t.Fatalf("blocks start at %v, want %v", starts, wantStarts)
		}
	}
	if !strings.HasPrefix(got[r.Blocks[1].From:r.Blocks[1].To], "<p>We ") {
		t.Errorf("block 1 is %q", got[r.Blocks[1].From:r.Blocks[1].To])
	}
}

// Renderers and buffers are used again from one document to the next:
// nothing of a document (its marks, whether it lets raw HTML through)
// reaches the next one.
func TestRenderMarkedReuse(t *testing.T) {
	body := []byte("Hello <b>world</b>, again.\n")
	marks := []Mark{{ID: "t1", Start: 0, End: 5}}
	want := map[bool]string{
		false: "<p><mark class=\"cc-hl\" data-t=\"t1\">Hello</mark> <code class=\"cc-raw\">&lt;b&gt;</code>world<code class=\"cc-raw\">&lt;/b&gt;</code>, again.</p>\n",
		true:  "<p><mark class=\"cc-hl\" data-t=\"t1\">Hello</mark> <b>world</b>, again.</p>\n",
	}
	plain := "<p>Hello <code class=\"cc-raw\">&lt;b&gt;</code>world<code class=\"cc-raw\">&lt;/b&gt;</code>, again.</p>\n"
	var buf []byte
	for i := range 6 {
		raw := i%3 == 1
		r, err := RenderMarkedInto(buf, body, marks, RenderOptions{RawHTML: raw})
		if err != nil {
			t.Fatal(err)
		}
		if string(r.HTML) != want[raw] {
			t.Errorf("round %d, raw HTML %v:\n got %q\nwant %q", i, raw, r.HTML, want[raw])
		}
		buf = r.HTML
		r, err = RenderMarkedInto(buf, body, nil, RenderOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if string(r.HTML) != plain {
			t.Errorf("round %d, after a marked one:\n got %q\nwant %q", i, r.HTML, plain)
		}
		buf = r.HTML
	}
}
