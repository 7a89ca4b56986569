package content

import (
	"bytes"
	"strings"
	"unsafe"

	"gopkg.in/yaml.v3"
)

// Parse reads YAML laid out the way cc writes event files and front
// matter, and the plain hand-written files that look the same, into the
// node tree that yaml.v3 would build, without yaml.v3's general
// machinery: loading a draft's thousand events is then a few milliseconds
// instead of tens, and a draft's front matter a few microseconds. It
// returns nil, and the caller falls back to yaml.v3, for anything it is
// not certain of: comments, document markers, anchors, folded or
// multi-line flow scalars, block sequences, unusual characters.
// FuzzQuickYAML checks that whenever it answers, yaml.v3 answers the same.
//
// It allocates at most budget bytes, and spent says how much it did, so
// that yaml.v3 is given only what is left. overLine, when not 0, is the
// line where the budget ran out: the file is refused, since yaml.v3 would
// need more still.
//
// The tree is carved from f's memory, which the next call reuses: it must
// be read before then. A cold check reads a hundred thousand event files,
// and a new tree of a few kilobytes for each was a third of all it
// allocated.
func (f *QuickYAML) Parse(data []byte, budget int64) (doc *yaml.Node, spent int64, overLine int) {
	// Without a final line break, a block scalar at the end loses its own:
	// a detail not worth copying, since Marshal always ends with one.
	if !bytes.HasSuffix(data, []byte("\n")) || !fastPrintable(data) {
		return nil, 0, 0
	}
	clear(f.slab) // let go of the strings of the file before
	clear(f.kids)
	if cap(f.slab) == 0 {
		// A new reader's first file, maybe its only one (front matter,
		// whose tree is kept): a key and a value for most lines, up to
		// what a few lines of event file or front matter need.
		n := min(2*bytes.Count(data, []byte("\n"))+4, 64)
		f.slab, f.kids = make([]yaml.Node, 0, n), make([]*yaml.Node, 0, n)
	}
	*f = QuickYAML{Resolve: f.Resolve, text: string(data), budget: budget, spent: int64(len(data)),
		slab: f.slab[:0], kids: f.kids[:0], stack: f.stack[:0]}
	doc = f.node(yaml.Node{Kind: yaml.DocumentNode})
	root := f.mapping(0)
	if f.over {
		return nil, f.spent, max(f.line, 1)
	}
	if root == nil || f.pos != len(f.text) {
		return nil, f.spent, 0
	}
	doc.Line, doc.Column, doc.Content = root.Line, root.Column, []*yaml.Node{root}
	return doc, f.spent, 0
}

// fastNodeSize is what a node costs the quick reader: the node, and the
// pointer to it in its parent's Content, counted twice for the growth of
// the slab and of Content.
const fastNodeSize = 2 * int64(unsafe.Sizeof(yaml.Node{})+unsafe.Sizeof(&yaml.Node{}))

// QuickYAML walks the file a line at a time, without splitting it: a
// slice of a million one-byte lines would cost eight times the file.
type QuickYAML struct {
	// Resolve gives every plain scalar the tag yaml.v3 resolves for it
	// (!!bool, !!float, !!timestamp, ...), as front matter needs; without
	// it a plain scalar is !!int when it is a decimal number, else !!str,
	// which is all event files read, and cheaper.
	Resolve bool

	text string // the file; every value that is not rewritten is a part of it
	pos  int    // where the next line starts
	line int    // the number of the next line, from 0
	slab []yaml.Node
	// kids holds the Content of every node, one after another; stack
	// holds the children of the nodes being read, until they are done.
	kids, stack []*yaml.Node
	budget      int64 // what the reader may allocate in all
	spent       int64 // what it has allocated, from above
	over        bool  // spent passed budget: the file is refused, not handed on
}

// peek returns the next line without its line break; ok is false at the
// end of the file.
func (f *QuickYAML) peek() (line string, ok bool) {
	if f.pos >= len(f.text) {
		return "", false
	}
	end := f.pos + strings.IndexByte(f.text[f.pos:], '\n') // the file ends with one
	return f.text[f.pos:end], true
}

// next moves past the line peek returned.
func (f *QuickYAML) next(line string) {
	f.pos += len(line) + 1
	f.line++
}

// spend counts n more bytes, and reports whether they fit the budget.
func (f *QuickYAML) spend(n int64) bool {
	f.spent += n
	if f.spent > f.budget {
		f.over = true
	}
	return !f.over
}

// node carves n from the slab, which grows by doubling: a file of a dozen
// keys makes one small allocation, or none when the slab is reused, and a
// long one no more than twice what it uses.
func (f *QuickYAML) node(n yaml.Node) *yaml.Node {
	if !f.spend(fastNodeSize) {
		return nil
	}
	if len(f.slab) == cap(f.slab) {
		f.slab = make([]yaml.Node, 0, 2*cap(f.slab)) // earlier nodes stay in the old array
	}
	f.slab = append(f.slab, n)
	return &f.slab[len(f.slab)-1]
}

// content moves the children from stack[from:] to the Content of a node,
// carved from kids as the slab is.
func (f *QuickYAML) content(from int) []*yaml.Node {
	n := len(f.stack) - from
	if cap(f.kids)-len(f.kids) < n {
		f.kids = make([]*yaml.Node, 0, max(2*cap(f.kids), n)) // earlier Contents stay in the old array
	}
	start := len(f.kids)
	f.kids = append(f.kids, f.stack[from:]...)
	f.stack = f.stack[:from]
	return f.kids[start:len(f.kids):len(f.kids)]
}

// mapping reads `key: value` lines at indent, and what is nested in them.
func (f *QuickYAML) mapping(indent int) *yaml.Node {
	m := f.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"})
	if m == nil {
		return nil
	}
	from := len(f.stack)
	for {
		line, ok := f.peek()
		if !ok {
			break
		}
		ind := fastIndent(line)
		if ind < 0 {
			return nil
		}
		if ind < indent {
			break
		}
		if ind > indent {
			return nil
		}
		lineNo := f.line + 1
		rest := line[ind:]
		colon := strings.IndexByte(rest, ':')
		if colon <= 0 || !fastIsKey(rest[:colon]) {
			return nil
		}
		key := f.node(yaml.Node{Kind: yaml.ScalarNode, Tag: f.keyTag(rest[:colon]), Value: rest[:colon], Line: lineNo, Column: ind + 1})
		if key == nil {
			return nil
		}
		rest = rest[colon+1:]
		f.next(line)
		var val *yaml.Node
		switch {
		case rest == "":
			// A nested mapping, two more spaces in.
			if l, ok := f.peek(); !ok || fastIndent(l) != indent+2 {
				return nil
			}
			val = f.mapping(indent + 2)
		case rest[0] != ' ':
			return nil
		default:
			val = f.value(strings.TrimPrefix(rest, " "), indent, lineNo, ind+colon+3)
		}
		if val == nil {
			return nil
		}
		if len(f.stack) == from {
			m.Line, m.Column = lineNo, ind+1
		}
		f.stack = append(f.stack, key, val)
	}
	if len(f.stack) == from {
		return nil
	}
	m.Content = f.content(from)
	return m
}

// value reads the value s of a key at indent, which starts in column
// column of line.
func (f *QuickYAML) value(s string, indent, line, column int) *yaml.Node {
	if s == "" {
		return nil
	}
	if l, ok := f.peek(); s[0] != '|' && ok && fastIndent(l) > indent {
		return nil // a scalar continued on the next line
	}
	n := f.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Line: line, Column: column})
	if n == nil {
		return nil
	}
	switch s[0] {
	case '|':
		v, ok := f.literal(s[1:], indent)
		if !ok {
			return nil
		}
		n.Value, n.Style = v, yaml.LiteralStyle
		return n
	case '"':
		v, ok := fastDoubleQuoted(s)
		if !ok || !f.spend(2*int64(len(s))) { // a strings.Builder, grown by doubling
			return nil
		}
		n.Value, n.Style = v, yaml.DoubleQuotedStyle
		return n
	case '\'':
		if len(s) < 2 || s[len(s)-1] != '\'' {
			return nil
		}
		inner := s[1 : len(s)-1]
		if strings.Count(inner, "'") != 2*strings.Count(inner, "''") || !f.spend(int64(len(inner))) {
			return nil
		}
		n.Value, n.Style = strings.ReplaceAll(inner, "''", "'"), yaml.SingleQuotedStyle
		return n
	case '[':
		if s[len(s)-1] != ']' {
			return nil
		}
		seq := f.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: line, Column: column})
		if seq == nil {
			return nil
		}
		body := s[1 : len(s)-1]
		inner := strings.TrimLeft(body, " ")
		at := column + 1 + len(body) - len(inner) // the column of the next item
		inner = strings.TrimRight(inner, " ")
		from := len(f.stack)
		for inner != "" {
			item, rest, more := strings.Cut(inner, ", ")
			if !fastIsWord(item) {
				return nil
			}
			tag := "!!str"
			if f.Resolve {
				tag = resolvedTag(item)
			}
			c := f.node(yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: item, Line: line, Column: at})
			if c == nil {
				return nil
			}
			f.stack = append(f.stack, c)
			at += len(item) + 2
			inner = rest
			if more && inner == "" {
				return nil // "[a, ]"
			}
		}
		if len(f.stack) > from {
			seq.Content = f.content(from)
		}
		return seq
	}
	if !fastPlainSafe(s) {
		return nil
	}
	n.Value = s
	switch {
	case f.Resolve:
		n.Tag = resolvedTag(s)
	case fastIsInt(s):
		n.Tag = "!!int"
	}
	return n
}

// keyTag is the tag of the plain key s.
func (f *QuickYAML) keyTag(s string) string {
	if f.Resolve {
		return resolvedTag(s)
	}
	return "!!str"
}

// resolvedTag is the tag yaml.v3 resolves for the plain scalar s.
func resolvedTag(s string) string {
	return (&yaml.Node{Kind: yaml.ScalarNode, Value: s}).ShortTag()
}

// literal reads a literal block scalar whose header followed the `|`. A
// first pass finds its lines and checks them; only then is the text built,
// in one allocation of the size of the block.
func (f *QuickYAML) literal(header string, parent int) (string, bool) {
	chomp, explicit := byte(0), 0
	for _, c := range []byte(header) {
		switch {
		case (c == '-' || c == '+') && chomp == 0:
			chomp = c
		case c >= '1' && c <= '9' && explicit == 0:
			explicit = int(c - '0')
		default:
			return "", false
		}
	}
	indent := parent + explicit
	start := f.pos
	textEnd, textLines, lines := -1, 0, 0 // the end of the last line with text, and the line counts
	for {
		line, ok := f.peek()
		if !ok {
			break
		}
		ind := fastIndent(line)
		if ind < 0 {
			return "", false
		}
		blank := ind == len(line)
		if !blank && indent == parent {
			if ind <= parent {
				break
			}
			indent = ind // the first line with text sets the indentation
		}
		if blank {
			if indent > parent && ind > indent || indent == parent && ind > parent {
				return "", false // white space beyond the indentation: leave it to yaml.v3
			}
			lines++
			f.next(line)
			continue
		}
		if ind < indent {
			if ind > parent {
				return "", false
			}
			break
		}
		lines++
		textLines = lines
		f.next(line)
		textEnd = f.pos
	}
	if textLines == 0 {
		return "", false // no text at all: rare, and leave it to yaml.v3
	}
	trailing := lines - textLines // blank lines at the end belong to the chomping, not the text
	size := textEnd - start + trailing + 1
	if !f.spend(int64(size)) {
		return "", false
	}
	var b strings.Builder
	b.Grow(size)
	for i, rest := 0, f.text[start:textEnd]; i < textLines; i++ {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		if i > 0 {
			b.WriteByte('\n')
		}
		if len(line) > indent {
			b.WriteString(line[indent:])
		}
	}
	switch chomp {
	case '-':
	case '+':
		for range trailing + 1 {
			b.WriteByte('\n')
		}
	default:
		b.WriteByte('\n')
	}
	return b.String(), true
}
