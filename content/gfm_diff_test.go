package content

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// goldmarkGFMParser is the parser cc had before it parsed the GitHub
// extensions itself: goldmark's extension package, with cc's options, and
// emailWithoutScheme for the one difference kept on purpose.
var goldmarkGFMParser = sync.OnceValue(func() parser.Parser {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithBlockParsers(util.Prioritized(shortcodeBlockParser{}, 90)),
			parser.WithInlineParsers(util.Prioritized(shortcodeInlineParser{}, 90)),
			parser.WithASTTransformers(util.Prioritized(emailWithoutScheme{}, 1000)),
		),
	).Parser()
})

// emailWithoutScheme corrects goldmark's linkify, which gives an e-mail
// address starting www. that is not a www. address
// (www.joe@EXAMPLE.COM: the letters after the last dot are not
// lowercase) the scheme of one, so that it links to
// mailto:http://www.joe@EXAMPLE.COM. The GFM spec makes it
// mailto:www.joe@EXAMPLE.COM, and so does cc (TestLinkifyEmailWWW).
type emailWithoutScheme struct{}

func (emailWithoutScheme) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.AutoLink); ok && entering && l.AutoLinkType == ast.AutoLinkEmail {
			l.Protocol = nil
		}
		return ast.WalkContinue, nil
	})
}

func TestLinkifyEmailWWW(t *testing.T) {
	out, err := Render([]byte("Write to www.joe@EXAMPLE.COM, or www.joe@example.com.\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := `<p>Write to <a href="mailto:www.joe@EXAMPLE.COM">www.joe@EXAMPLE.COM</a>, or <a href="http://www.joe@example.com">www.joe@example.com</a>.</p>` + "\n"
	if string(out) != want {
		t.Errorf("Render = %q, want %q", out, want)
	}
}

// renderGoldmarkGFM renders body as cc did with goldmark's extension
// package.
func renderGoldmarkGFM(body []byte, marks []Mark, opts RenderOptions) (Rendered, error) {
	dr := &documentRenderer{hr: &htmlRenderer{}}
	dr.r = renderer.NewRenderer(renderer.WithNodeRenderers(
		util.Prioritized(html.NewRenderer(), 1000),
		util.Prioritized(extension.NewTableHTMLRenderer(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)), 500),
		util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500),
		util.Prioritized(extension.NewTaskCheckBoxHTMLRenderer(), 500),
		util.Prioritized(dr.hr, 100),
	))
	return renderDocument(goldmarkGFMParser(), dr, nil, body, marks, opts)
}

// gfmSpecExamples are the examples of the GFM spec (0.29-gfm) for tables,
// task list items, strikethrough and the autolinks extension.
var gfmSpecExamples = []string{
	"| foo | bar |\n| --- | --- |\n| baz | bim |\n",
	"| abc | defghi |\n:-: | -----------:\nbar | baz\n",
	"| f\\|oo  |\n| ------ |\n| b `\\|` az |\n| b **\\|** im |\n",
	"| abc | def |\n| --- | --- |\n| bar | baz |\n> bar\n",
	"| abc | def |\n| --- | --- |\n| bar | baz |\nbar\n\nbar\n",
	"| abc | def |\n| --- |\n| bar |\n",
	"| abc | def |\n| --- | --- |\n| bar |\n| bar | baz | boo |\n",
	"| abc | def |\n| --- | --- |\n",
	"- [ ] foo\n- [x] bar\n",
	"- [x] foo\n  - [ ] bar\n  - [x] baz\n- [ ] bim\n",
	"~~Hi~~ Hello, ~there~ world!\n",
	"This ~~has a\n\nnew paragraph~~.\n",
	"This will ~~~not~~~ strike.\n",
	"www.commonmark.org\n",
	"Visit www.commonmark.org/help for more information.\n",
	"Visit www.commonmark.org.\n\nVisit www.commonmark.org/a.b.\n",
	"www.google.com/search?q=Markup+(business)\n\nwww.google.com/search?q=Markup+(business)))\n\n(www.google.com/search?q=Markup+(business))\n\n(www.google.com/search?q=Markup+(business)\n",
	"www.google.com/search?q=(business))+ok\n",
	"www.google.com/search?q=commonmark&hl=en\n\nwww.google.com/search?q=commonmark&hl;\n",
	"www.commonmark.org/he<lp\n",
	"http://commonmark.org\n\n(Visit https://encrypted.google.com/search?q=Markup+(business))\n\nAnonymous FTP is available at ftp://foo.bar.baz.\n",
	"foo@bar.baz\n",
	"hello@mail+xyz.example isn't valid, but hello+xyz@mail.example is.\n",
	"a.b-c_d@a.b\n\na.b-c_d@a.b.\n\na.b-c_d@a.b-\n\na.b-c_d@a.b_\n",
}

// gfmHostile are inputs at the edges of the scanners.
func gfmHostile() []string {
	longHost := strings.Repeat("a.", 200) + "com"
	wideRow := "|" + strings.Repeat(" x |", 60) + "\n|" + strings.Repeat(":-:|", 60) + "\n"
	return []string{
		strings.Repeat("> ", 500) + "~~deep~~ www.a.com\n",
		strings.Repeat("- ", 200) + "[x] deep\n",
		wideRow + strings.Repeat("|"+strings.Repeat(" `a\\|b` |", 61)+"\n", 10),
		"www." + longHost + "/path\n",
		"http://" + strings.Repeat("b", 255) + ".c http://" + strings.Repeat("b", 256) + ".c http://" + strings.Repeat("b", 257) + ".c\n",
		"http://" + strings.Repeat("b.", 130) + "c/x\n",
		"https://a.b:8080/x?y=1&z=$2#f. ftp://a.b:x www.a.b:80/$x www.a.b/c$d\n",
		"~~~\ncode\n~~~\n\n~~a~~ ~~~b~~~ ~c~~ ~~d~\n",
		"| `a | b` | c |\n| --- | --- |\n| `x \\| y` | \\| |\n| a \\\\| b |\n",
		"| 表 | 头 |\n|:--|--:|\n| 中文 www.例子.com | ~~删除~~ |\n",
		"a\x00b | c\n--|--\n\x00 | www.a\x00.com\n",
		"(www.a.com) *www.a.com* _http://a.b_ ~ftp://a.b~ x@y.z. www.a.b&amp; www.a.b&x;y;\n",
		"- [ ]\n- [x]\n- [X] a\n- [\t] b\n- [y] c\n  [ ] d\n* [x]\tstuff\n- [\f] e\n- [\v] f\n- [ ]\f\v\r g\n",
		"www.a@b.C0 a@b.c- a@b.c_ x.y@z \\www.a.com [www.a.com](x) <http://a.b>\n",
		"|a|\n|-|\n|b\\|\n",
		"a\n|-\n",
		"   |a|b|\n    |-|-|\n",
		"x\r\n|a|b|\r\n|-|-|\r\n|c|d|\r\n",
	}
}

// FuzzGFMDiff checks that cc's GitHub extensions render the HTML that
// goldmark's did (checkSameAsGoldmark), from the spec's examples, the
// bodies of the other render tests and inputs at the scanners' edges.
func FuzzGFMDiff(f *testing.F) {
	seeds := append(gfmSpecExamples, gfmHostile()...)
	for _, c := range renderCases {
		seeds = append(seeds, c.in)
	}
	pages, err := filepath.Glob("testdata/pages/*.md")
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, string(b))
	}
	for i, s := range seeds {
		f.Add(s, i%2 == 0, i%3, i%7)
	}
	f.Fuzz(checkSameAsGoldmark)
}

// The generator below builds bodies out of the pieces of the syntax of
// the GitHub extensions: random bytes rarely spell out an address with a
// path that ends in punctuation, or a table.
var (
	genSchemes = []string{"www.", "http://", "https://", "ftp://", "", "", "HTTP://", "www", "ftp:/", "mailto:"}
	genLabels  = []string{"a", "ex", "B7", "x-y", "_", "%", "@", "~", "", "表", "a\x00"}
	genTLDs    = []string{"com", "c", "COM", "c0", "", "org", "x_"}
	genPorts   = []string{"", "", ":80", ":", ":x", ":8080"}
	genPath    = []string{"/", "#", "?", "", "x", "(", ")", "&amp;", ";", "&", "$", "'", "\"", ">", "<", "{", "}",
		"[", "]", "`", "~", "_", "*", "!", "?", ".", ",", ":", "/", "%20", "é", "-", "|", "\\", " "}
	genLocals = []string{"a", "a.b-c_d", "x+y", "-", "www.a", "", "_", "a'b"}
	genGlue   = []string{" ", "\n", "(", "*", "_", "~", "~~", "~~~", "| ", " |", "\\|", "`", "- [ ] ", "- [x] ",
		"\n| --- | :-: |\n", "|-|\n", ":--|--:", "\t", "\n\n", "> ", "", "x", "**", "<b>", "[", "](", ")", "\r\n", "1. ", "  "}
)

// genGFM writes a body of n parts to b, each choice made by pick(k), a
// number in [0, k).
func genGFM(b *strings.Builder, n int, pick func(int) int) {
	one := func(list []string) { b.WriteString(list[pick(len(list))]) }
	for range n {
		switch pick(3) {
		case 0: // an address
			if pick(4) == 0 {
				one(genLocals)
				b.WriteByte('@')
			} else {
				one(genSchemes)
			}
			for range 1 + pick(3) {
				one(genLabels)
				b.WriteByte('.')
			}
			one(genTLDs)
			one(genPorts)
			for range pick(5) {
				one(genPath)
			}
		default:
			one(genGlue)
		}
	}
}

// FuzzGFMTokens builds a body with genGFM, each choice a byte of data,
// and checks it as FuzzGFMDiff does.
func FuzzGFMTokens(f *testing.F) {
	f.Add([]byte{0, 0, 1, 0, 0, 2, 0, 0, 4, 20}, false, 0, 5)
	f.Add([]byte{1, 12, 1, 13, 0, 1, 1, 0, 1, 2, 2, 9, 9}, true, 3, 9)
	f.Fuzz(func(t *testing.T, data []byte, raw bool, start, length int) {
		var body strings.Builder
		pick := func(k int) int {
			if len(data) == 0 {
				return 0
			}
			c := int(data[0]) % k
			data = data[1:]
			return c
		}
		// A few hundred parts are enough for any construct, and keep each
		// run short enough for the fuzzer to shrink what it finds.
		genGFM(&body, min(len(data), 300), pick)
		checkSameAsGoldmark(t, body.String(), raw, start, length)
	})
}

// TestGFMTokens checks bodies from genGFM, the same ones on every run, as
// FuzzGFMDiff does.
func TestGFMTokens(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var body strings.Builder
		genGFM(&body, rng.IntN(16), rng.IntN)
		checkSameAsGoldmark(t, body.String(), rng.IntN(2) == 0, rng.Int(), rng.Int())
	}
}

// checkSameAsGoldmark renders body with cc's GitHub extensions and with
// goldmark's, with raw HTML or not, with and without remote images and
// with a highlight from rune start (modulo the length) of length runes;
// the HTML and the blocks must be the same.
func checkSameAsGoldmark(t *testing.T, body string, raw bool, start, length int) {
	t.Helper()
	var marks []Mark
	if n := utf8.RuneCountInString(body); n > 0 {
		s := (start%n + n) % n
		marks = []Mark{{"m", s, s + (length%n+n)%n}}
	}
	for _, opts := range []RenderOptions{{RawHTML: raw}, {RawHTML: raw, RemoteImages: true}} {
		got, gotErr := RenderMarked([]byte(body), marks, opts)
		want, wantErr := renderGoldmarkGFM([]byte(body), marks, opts)
		if (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("RenderMarked(%q, %+v): error %v, goldmark's extensions: %v", body, opts, gotErr, wantErr)
		}
		if !bytes.Equal(got.HTML, want.HTML) {
			t.Fatalf("RenderMarked(%q, %+v):\n%q\ngoldmark's extensions:\n%q", body, opts, got.HTML, want.HTML)
		}
		if !slices.Equal(got.Blocks, want.Blocks) {
			t.Fatalf("RenderMarked(%q, %+v): blocks %v, goldmark's extensions: %v", body, opts, got.Blocks, want.Blocks)
		}
	}
}
