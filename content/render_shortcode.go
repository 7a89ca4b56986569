package content

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Shortcode is one Hugo shortcode tag as written in a draft:
// {{< name args >}}, {{% name args %}}, {{< /name >}} or {{< name />}}.
// A preview shows it as an inert, labelled block: what the tag becomes is
// up to the site's templates, which a preview does not have.
type Shortcode struct {
	Name string
	// Args is what follows the name, as written, without the white space
	// around it.
	Args string
	// Markdown is set for the {{% %}} form, whose inner text Hugo renders
	// as Markdown.
	Markdown    bool
	Closing     bool // {{< /name >}}
	SelfClosing bool // {{< name />}}
}

// maxShortcode bounds the length of one shortcode tag, so a stray "{{<"
// never makes the scanner read a whole megabyte draft.
const maxShortcode = 16 << 10

// ScanShortcode reads the shortcode tag that src starts with. It returns
// the tag, its length in bytes, and false when src does not start with a
// complete one. Hugo's commented form {{</* name */>}}, which Hugo prints
// as text, is not a tag. Arguments are bare words, "quoted" (with
// backslash escapes) or `raw`, and may run over several lines.
func ScanShortcode(src []byte) (sc Shortcode, n int, ok bool) {
	if len(src) < 3 || src[0] != '{' || src[1] != '{' || (src[2] != '<' && src[2] != '%') {
		return Shortcode{}, 0, false
	}
	sc.Markdown = src[2] == '%'
	closer := []byte(">}}")
	if sc.Markdown {
		closer = []byte("%}}")
	}
	i := skipShortcodeSpace(src, 3)
	if i < len(src) && src[i] == '/' {
		sc.Closing = true
		i++
	}
	start := i
	for i < len(src) && isShortcodeNameByte(src[i], i == start) {
		i++
	}
	if i == start || i > maxShortcode {
		return Shortcode{}, 0, false
	}
	sc.Name = string(src[start:i])
	argStart := skipShortcodeSpace(src, i)
	if argStart == i && argStart < len(src) && !bytes.HasPrefix(src[argStart:], closer) && src[argStart] != '/' {
		return Shortcode{}, 0, false // the name runs into something else: {{<name"x" >}}
	}
	argEnd := argStart
	for i = argStart; i < len(src) && i <= maxShortcode; {
		switch {
		case bytes.HasPrefix(src[i:], closer):
			sc.Args = string(src[argStart:argEnd])
			return sc, i + len(closer), true
		case src[i] == '/' && bytes.HasPrefix(src[i+1:], closer) && !sc.Closing:
			sc.Args = string(src[argStart:argEnd])
			sc.SelfClosing = true
			return sc, i + 1 + len(closer), true
		case src[i] == '"' || src[i] == '`':
			end, found := shortcodeStringEnd(src, i)
			if !found {
				return Shortcode{}, 0, false
			}
			i = end
		case isShortcodeSpace(src[i]):
			i = skipShortcodeSpace(src, i)
			continue
		default:
			i++
		}
		argEnd = i
	}
	return Shortcode{}, 0, false
}

// shortcodeStringEnd returns the offset just past the string literal that
// starts at src[i].
func shortcodeStringEnd(src []byte, i int) (int, bool) {
	q := src[i]
	for j := i + 1; j < len(src) && j <= maxShortcode; j++ {
		switch {
		case src[j] == '\\' && q == '"':
			j++
		case src[j] == q:
			return j + 1, true
		}
	}
	return 0, false
}

func isShortcodeSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipShortcodeSpace(src []byte, i int) int {
	for i < len(src) && isShortcodeSpace(src[i]) {
		i++
	}
	return i
}

// isShortcodeNameByte reports whether c may be in a shortcode's name:
// Hugo names are template file names, possibly in sub-folders.
func isShortcodeNameByte(c byte, first bool) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_':
		return true
	case c == '-' || c == '.' || c == '/':
		return !first
	}
	return false
}

// shortcodeBlock is a shortcode tag that stands on lines of its own.
type shortcodeBlock struct {
	ast.BaseBlock
	sc  Shortcode
	seg text.Segment // the whole tag in the source
}

// shortcodeInline is a shortcode tag inside a line of text.
type shortcodeInline struct {
	ast.BaseInline
	sc  Shortcode
	seg text.Segment
}

var (
	kindShortcodeBlock  = ast.NewNodeKind("CCShortcodeBlock")
	kindShortcodeInline = ast.NewNodeKind("CCShortcodeInline")
)

func (n *shortcodeBlock) Kind() ast.NodeKind  { return kindShortcodeBlock }
func (n *shortcodeInline) Kind() ast.NodeKind { return kindShortcodeInline }
func (n *shortcodeBlock) IsRaw() bool         { return true }

func (n *shortcodeBlock) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Name": n.sc.Name}, nil)
}

func (n *shortcodeInline) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Name": n.sc.Name}, nil)
}

// shortcodeBlockParser reads a shortcode that starts a line and after
// which the line is blank; it may span several lines.
type shortcodeBlockParser struct{}

func (shortcodeBlockParser) Trigger() []byte { return []byte{'{'} }

func (shortcodeBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos >= len(line) {
		return nil, parser.NoChildren
	}
	start := seg.Start + pos - seg.Padding
	src := reader.Source()
	if start < 0 || start >= len(src) {
		return nil, parser.NoChildren
	}
	sc, n, ok := ScanShortcode(src[start:])
	if !ok {
		return nil, parser.NoChildren
	}
	end := start + n
	rest := src[end:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	if !util.IsBlank(rest) {
		return nil, parser.NoChildren // text follows: an inline shortcode
	}
	node := &shortcodeBlock{sc: sc, seg: text.NewSegment(start, end)}
	node.Lines().Append(seg)
	reader.AdvanceToEOL()
	return node, parser.NoChildren
}

func (shortcodeBlockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*shortcodeBlock)
	_, seg := reader.PeekLine()
	if seg.Start >= n.seg.Stop {
		return parser.Close
	}
	n.Lines().Append(seg)
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

func (shortcodeBlockParser) Close(ast.Node, text.Reader, parser.Context) {}
func (shortcodeBlockParser) CanInterruptParagraph() bool                 { return true }
func (shortcodeBlockParser) CanAcceptIndentedLine() bool                 { return false }

// shortcodeInlineParser reads a shortcode inside a line of text.
type shortcodeInlineParser struct{}

func (shortcodeInlineParser) Trigger() []byte { return []byte{'{'} }

func (shortcodeInlineParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	sc, n, ok := ScanShortcode(line)
	if !ok {
		return nil
	}
	block.Advance(n)
	return &shortcodeInline{sc: sc, seg: text.NewSegment(seg.Start, seg.Start+n)}
}
