package content

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// strikethroughParser reads a run of one or two tildes as a delimiter of
// strikethrough (GFM spec, section 6.5); goldmark pairs the delimiters as
// it does those of emphasis. A longer run is text, and so is a tilde
// right after one.
type strikethroughParser struct{}

func (strikethroughParser) Trigger() []byte { return []byte{'~'} }

func (strikethroughParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	if before == '~' {
		return nil
	}
	line, seg := block.PeekLine()
	d := parser.ScanDelimiter(line, before, 1, strikethroughDelimiter{})
	if d == nil || d.OriginalLength > 2 {
		return nil
	}
	d.Segment = seg.WithStop(seg.Start + d.OriginalLength)
	block.Advance(d.OriginalLength)
	pc.PushDelimiter(d)
	return d
}

func (strikethroughParser) CloseBlock(ast.Node, parser.Context) {}

// strikethroughDelimiter closes tildes with tildes.
type strikethroughDelimiter struct{}

func (strikethroughDelimiter) IsDelimiter(b byte) bool { return b == '~' }

func (strikethroughDelimiter) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (strikethroughDelimiter) OnMatch(int) ast.Node { return east.NewStrikethrough() }

// taskCheckBoxParser reads `[ ]` or `[x]` at the start of the first
// paragraph of a list item as a check box (GFM spec, section 5.3), with
// the white space after it.
type taskCheckBoxParser struct{}

func (taskCheckBoxParser) Trigger() []byte { return []byte{'['} }

func (taskCheckBoxParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	item, ok := parent.Parent().(*ast.ListItem)
	if !ok || item.FirstChild() != parent || parent.HasChildren() {
		return nil
	}
	line, _ := block.PeekLine()
	if len(line) < 3 || line[0] != '[' || line[2] != ']' {
		return nil
	}
	mark := line[1]
	if mark != 'x' && mark != 'X' && !isRegexpSpace(mark) {
		return nil
	}
	n := 3
	for n < len(line) && isRegexpSpace(line[n]) {
		n++
	}
	block.Advance(n)
	return east.NewTaskCheckBox(mark == 'x' || mark == 'X')
}

func (taskCheckBoxParser) CloseBlock(ast.Node, parser.Context) {}

// isRegexpSpace is the white space of \s in Go's regexp (and Perl's):
// tab, newline, form feed, carriage return and space.
func isRegexpSpace(b byte) bool {
	return b == '\t' || b == '\n' || b == '\f' || b == '\r' || b == ' '
}
