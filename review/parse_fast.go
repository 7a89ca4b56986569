package review

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// parseEventFast reads event files laid out the way Marshal writes them, and
// the plain hand-written files that look the same, into the node tree that
// yaml.v3 would build, without yaml.v3's general machinery: loading a
// draft's thousand events is then a few milliseconds instead of tens. It
// returns nil, and ParseEvent falls back to yaml.v3, for anything it is not
// certain of: comments, document markers, anchors, folded or multi-line
// flow scalars, block sequences, unusual characters. FuzzParseEvent checks
// that whenever it answers, yaml.v3 answers the same.
func parseEventFast(data []byte) *yaml.Node {
	// Without a final line break, a block scalar at the end loses its own:
	// a detail not worth copying, since Marshal always ends with one.
	if !bytes.HasSuffix(data, []byte("\n")) || !fastPrintable(data) {
		return nil
	}
	lines := strings.Split(string(data[:len(data)-1]), "\n")
	f := fastParser{lines: lines, slab: make([]yaml.Node, 0, 2*len(lines)+8)}
	doc := f.node(yaml.Node{Kind: yaml.DocumentNode})
	root := f.mapping(0)
	if root == nil || f.i != len(lines) {
		return nil
	}
	doc.Line, doc.Content = root.Line, []*yaml.Node{root}
	return doc
}

type fastParser struct {
	lines []string
	i     int         // next line
	slab  []yaml.Node // nodes are carved from here: one allocation, not forty
}

func (f *fastParser) node(n yaml.Node) *yaml.Node {
	if len(f.slab) == cap(f.slab) {
		f.slab = make([]yaml.Node, 0, 2*len(f.lines)+8) // earlier nodes stay in the old array
	}
	f.slab = append(f.slab, n)
	return &f.slab[len(f.slab)-1]
}

// mapping reads `key: value` lines at indent, and what is nested in them.
func (f *fastParser) mapping(indent int) *yaml.Node {
	m := f.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"})
	m.Content = make([]*yaml.Node, 0, 2*(len(f.lines)-f.i))
	for f.i < len(f.lines) {
		line := f.lines[f.i]
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
		lineNo := f.i + 1
		rest := line[ind:]
		colon := strings.IndexByte(rest, ':')
		if colon <= 0 || !fastIsKey(rest[:colon]) {
			return nil
		}
		key := f.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: rest[:colon], Line: lineNo, Column: ind + 1})
		rest = rest[colon+1:]
		f.i++
		var val *yaml.Node
		switch {
		case rest == "":
			// A nested mapping, two more spaces in.
			if f.i >= len(f.lines) || fastIndent(f.lines[f.i]) != indent+2 {
				return nil
			}
			val = f.mapping(indent + 2)
		case rest[0] != ' ':
			return nil
		default:
			val = f.value(strings.TrimPrefix(rest, " "), indent, lineNo)
		}
		if val == nil {
			return nil
		}
		if len(m.Content) == 0 {
			m.Line, m.Column = lineNo, ind+1
		}
		m.Content = append(m.Content, key, val)
	}
	if len(m.Content) == 0 {
		return nil
	}
	return m
}

func (f *fastParser) value(s string, indent, line int) *yaml.Node {
	if s == "" {
		return nil
	}
	if s[0] != '|' && f.i < len(f.lines) && fastIndent(f.lines[f.i]) > indent {
		return nil // a scalar continued on the next line
	}
	n := f.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Line: line})
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
		if !ok {
			return nil
		}
		n.Value, n.Style = v, yaml.DoubleQuotedStyle
		return n
	case '\'':
		if len(s) < 2 || s[len(s)-1] != '\'' {
			return nil
		}
		inner := s[1 : len(s)-1]
		if strings.Count(inner, "'") != 2*strings.Count(inner, "''") {
			return nil
		}
		n.Value, n.Style = strings.ReplaceAll(inner, "''", "'"), yaml.SingleQuotedStyle
		return n
	case '[':
		if s[len(s)-1] != ']' {
			return nil
		}
		seq := f.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: line})
		inner := strings.TrimSpace(s[1 : len(s)-1])
		if inner == "" {
			return seq
		}
		for _, item := range strings.Split(inner, ", ") {
			if !fastIsWord(item) {
				return nil
			}
			seq.Content = append(seq.Content, f.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: item, Line: line}))
		}
		return seq
	}
	if !fastPlainSafe(s) {
		return nil
	}
	n.Value = s
	if fastIsInt(s) {
		n.Tag = "!!int"
	}
	return n
}

// literal reads a literal block scalar whose header followed the `|`.
func (f *fastParser) literal(header string, parent int) (string, bool) {
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
	var body []string
	for f.i < len(f.lines) {
		line := f.lines[f.i]
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
			body = append(body, "")
			f.i++
			continue
		}
		if ind < indent {
			if ind > parent {
				return "", false
			}
			break
		}
		body = append(body, line[indent:])
		f.i++
	}
	// Blank lines at the end belong to the chomping, not the text.
	end := len(body)
	for end > 0 && body[end-1] == "" {
		end--
	}
	if end == 0 {
		return "", false // no text at all: rare, and leave it to yaml.v3
	}
	text := strings.Join(body[:end], "\n")
	switch chomp {
	case '-':
		return text, true
	case '+':
		return text + strings.Repeat("\n", len(body)-end+1), true
	}
	return text + "\n", true
}

func fastDoubleQuoted(s string) (string, bool) {
	if len(s) < 2 || s[len(s)-1] != '"' {
		return "", false
	}
	s = s[1 : len(s)-1]
	if strings.IndexByte(s, '\\') < 0 {
		if strings.IndexByte(s, '"') >= 0 {
			return "", false
		}
		return s, true
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' {
			return "", false
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i == len(s) {
			return "", false
		}
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '"', '\\', '/':
			b.WriteByte(s[i])
		case '0':
			b.WriteByte(0)
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'e':
			b.WriteByte(0x1b)
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case ' ':
			b.WriteByte(' ')
		case 'N':
			b.WriteString("\u0085")
		case '_':
			b.WriteString("\u00a0")
		case 'L':
			b.WriteString("\u2028")
		case 'P':
			b.WriteString("\u2029")
		case 'x', 'u', 'U':
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[i]]
			if i+1+n > len(s) {
				return "", false
			}
			v, err := strconv.ParseUint(s[i+1:i+1+n], 16, 32)
			if err != nil || !utf8.ValidRune(rune(v)) {
				return "", false
			}
			b.WriteRune(rune(v))
			i += n
		default:
			return "", false
		}
	}
	return b.String(), true
}

// fastIndent counts leading spaces; -1 when a tab is among them.
func fastIndent(line string) int {
	n := 0
	for n < len(line) && line[n] == ' ' {
		n++
	}
	if n < len(line) && line[n] == '\t' {
		return -1
	}
	return n
}

func fastIsKey(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

func fastIsWord(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return false
		}
	}
	return s != ""
}

func fastIsInt(s string) bool {
	if s == "" || len(s) > 18 || s[0] == '0' && len(s) > 1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// fastPlainSafe accepts the plain scalars whose meaning as text is
// certain: they start with a letter or digit, and hold nothing YAML reads
// as structure, comment or null.
func fastPlainSafe(s string) bool {
	if r, _ := utf8.DecodeRuneInString(s); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.ContainsAny(s, "\t\r") ||
		s[len(s)-1] == ':' || s[len(s)-1] == ' ' {
		return false
	}
	switch s {
	case "null", "Null", "NULL":
		return false
	}
	return true
}

// fastPrintable accepts UTF-8 made of YAML's printable characters, without
// a byte order mark. Comments, document markers and node properties (&, *,
// !) need no check of their own: they cannot start a key or a value the
// quick reader accepts.
func fastPrintable(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return false
		case r == 0x85 || r >= 0xa0 && r <= 0xd7ff || r >= 0xe000 && r <= 0xfffd && r != 0xfeff || r >= 0x10000:
		default:
			return false
		}
		i += size
	}
	return true
}
