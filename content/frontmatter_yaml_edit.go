package content

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// yamlSetScalar returns block with the top-level key set to the scalar want,
// and the parsed result.
//
// It first tries a splice: replace the old value's text in place, or append
// one "key: value" line. That leaves every other byte of the block as the
// author wrote it, so a diff shows one line. When the splice cannot be done or
// does not parse back to the intended result, it re-encodes the node tree
// with yaml.v3, which keeps key order and most comments but may reformat.
// Either way the result is parsed again and accepted only when every other
// key still has the value it had.
func yamlSetScalar(block []byte, fm *yamlFrontMatter, key string, want *yaml.Node) ([]byte, *yamlFrontMatter, error) {
	var old *yaml.Node
	if _, _, i := fm.lookup(key); i >= 0 {
		old = fm.root.Content[i+1]
		switch {
		case old.Kind == yaml.AliasNode:
			return nil, nil, fmt.Errorf("%s is an alias (*%s); cc only replaces plain values", key, old.Value)
		case old.Kind != yaml.ScalarNode:
			return nil, nil, fmt.Errorf("%s holds %s; cc only replaces single values", key, yamlKindName(old))
		case old.Anchor != "":
			return nil, nil, fmt.Errorf("%s is anchored (&%s) and may be used elsewhere; cc will not change it", key, old.Anchor)
		}
		if want.Tag == "!!str" && old.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			want.Style = old.Style & (yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle)
		}
	}
	if out, ok := yamlSplice(block, fm, key, old, want); ok {
		if nfm, ok := yamlEditKeeps(fm, out, key, want); ok {
			return out, nfm, nil
		}
	}
	out, err := yamlReencode(block, key, want)
	if err != nil {
		return nil, nil, err
	}
	if nfm, ok := yamlEditKeeps(fm, out, key, want); ok {
		return out, nfm, nil
	}
	return nil, nil, fmt.Errorf("cannot set %s without changing other front matter", key)
}

// yamlSplice edits the block's text directly; ok is false when it does not
// know how.
func yamlSplice(block []byte, fm *yamlFrontMatter, key string, old, want *yaml.Node) ([]byte, bool) {
	val, ok := yamlInlineScalar(want)
	if !ok {
		return nil, false
	}
	if old == nil {
		if fm.root != nil && fm.root.Style&yaml.FlowStyle != 0 {
			return nil, false
		}
		k, ok := yamlInlineScalar(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key})
		if !ok {
			return nil, false
		}
		indent := ""
		if fm.root != nil && fm.root.Column > 1 {
			indent = strings.Repeat(" ", fm.root.Column-1)
		}
		out := bytes.Clone(block)
		if len(out) > 0 && out[len(out)-1] != '\n' {
			out = append(out, '\n')
		}
		return append(out, indent+k+": "+val+"\n"...), true
	}
	if old.Style&^(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		return nil, false // tagged, literal, folded or flow: leave it to the encoder
	}
	if old.Style == 0 && old.Value == "" {
		// "key:" with nothing after it: yaml.v3 gives no useful position for
		// the empty value, so insert after the key's colon.
		k, _, _ := fm.lookup(key)
		start := yamlNodeOffset(block, k.Line, k.Column)
		if start < 0 || !bytes.HasPrefix(block[start:], []byte(key)) {
			return nil, false
		}
		colon := start + len(key)
		for colon < len(block) && (block[colon] == ' ' || block[colon] == '\t') {
			colon++
		}
		if colon >= len(block) || block[colon] != ':' {
			return nil, false
		}
		return spliceBytes(block, colon+1, colon+1, " "+val), true
	}
	start := yamlNodeOffset(block, old.Line, old.Column)
	if start < 0 {
		return nil, false
	}
	line, _, _ := cutLine(block[start:])
	n, ok := yamlScalarLen(line, old.Style)
	if !ok {
		return nil, false
	}
	return spliceBytes(block, start, start+n, val), true
}

func spliceBytes(b []byte, from, to int, s string) []byte {
	out := make([]byte, 0, len(b)-(to-from)+len(s))
	out = append(out, b[:from]...)
	out = append(out, s...)
	return append(out, b[to:]...)
}

// yamlNodeOffset turns yaml.v3's 1-based line and column (in characters)
// into a byte offset in block, or -1.
func yamlNodeOffset(block []byte, line, col int) int {
	if line < 1 || col < 1 {
		return -1
	}
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(block[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	for c := 1; c < col; c++ {
		if off >= len(block) || block[off] == '\n' {
			return -1
		}
		_, n := utf8.DecodeRune(block[off:])
		off += n
	}
	return off
}

// yamlScalarLen returns the length of the single-line scalar at the start of
// line, in the given style; ok is false when it continues on the next line.
func yamlScalarLen(line []byte, style yaml.Style) (int, bool) {
	switch style {
	case yaml.DoubleQuotedStyle:
		if len(line) == 0 || line[0] != '"' {
			return 0, false
		}
		for i := 1; i < len(line); i++ {
			switch line[i] {
			case '\\':
				i++
			case '"':
				return i + 1, true
			}
		}
	case yaml.SingleQuotedStyle:
		if len(line) == 0 || line[0] != '\'' {
			return 0, false
		}
		for i := 1; i < len(line); i++ {
			if line[i] == '\'' {
				if i+1 < len(line) && line[i+1] == '\'' {
					i++
					continue
				}
				return i + 1, true
			}
		}
	case 0:
		end := len(line)
		for i := 1; i < len(line); i++ {
			if line[i] == '#' && (line[i-1] == ' ' || line[i-1] == '\t') {
				end = i
				break
			}
		}
		return len(bytes.TrimRight(line[:end], " \t")), true
	}
	return 0, false
}

// yamlInlineScalar encodes n as it would follow "key: " on one line.
func yamlInlineScalar(n *yaml.Node) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	out, err := yaml.Marshal(n)
	if err != nil {
		return "", false
	}
	s = strings.TrimSuffix(string(out), "\n")
	if strings.Contains(s, "\n") {
		return "", false
	}
	return s, true
}

// yamlReencode sets the key in a fresh parse of block and encodes the whole
// tree again.
func yamlReencode(block []byte, key string, want *yaml.Node) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("cannot encode front matter: %v", r)
		}
	}()
	fm, err := parseYAMLBlock(block)
	if err != nil {
		return nil, err
	}
	if fm.root == nil {
		fm.root = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		fm.doc.Content = []*yaml.Node{fm.root}
	}
	v := *want
	if _, _, i := fm.lookup(key); i >= 0 {
		old := fm.root.Content[i+1]
		v.HeadComment, v.LineComment, v.FootComment = old.HeadComment, old.LineComment, old.FootComment
		fm.root.Content[i+1] = &v
	} else {
		fm.root.Content = append(fm.root.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, &v)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(yamlIndentOf(block))
	if err := enc.Encode(fm.doc); err != nil {
		return nil, fmt.Errorf("cannot encode front matter: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("cannot encode front matter: %w", err)
	}
	return buf.Bytes(), nil
}

// yamlIndentOf guesses the indentation step the author used: the leading
// spaces of the first indented line that follows an unindented one.
func yamlIndentOf(block []byte) int {
	prevTop := false
	for len(block) > 0 {
		var line []byte
		line, block, _ = cutLine(block)
		t := bytes.TrimLeft(line, " ")
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		n := len(line) - len(t)
		if prevTop && n >= 2 && n <= 8 {
			return n
		}
		prevTop = n == 0
	}
	return 2
}

// yamlEditKeeps parses the edited block and reports whether it says what the
// old one said, except for key, which now holds want.
func yamlEditKeeps(old *yamlFrontMatter, out []byte, key string, want *yaml.Node) (*yamlFrontMatter, bool) {
	if len(out) > MaxFrontMatterSize || hasFrontMatterDelimiterLine(out) {
		return nil, false
	}
	nfm, err := parseYAMLBlock(out)
	if err != nil || nfm.root == nil {
		return nil, false
	}
	var oldPairs []*yaml.Node
	if old.root != nil {
		oldPairs = old.root.Content
	}
	newPairs := nfm.root.Content
	if _, _, i := old.lookup(key); i < 0 {
		if len(newPairs) != len(oldPairs)+2 {
			return nil, false
		}
	} else if len(newPairs) != len(oldPairs) {
		return nil, false
	}
	for i := 0; i+1 < len(newPairs); i += 2 {
		k, v := newPairs[i], newPairs[i+1]
		if k.Kind == yaml.ScalarNode && k.Value == key {
			if v.Kind != yaml.ScalarNode || v.Value != want.Value || v.ShortTag() != want.Tag {
				return nil, false
			}
			if i < len(oldPairs) && !yamlNodesEqual(oldPairs[i], k) {
				return nil, false
			}
			continue
		}
		if i+1 >= len(oldPairs) || !yamlNodesEqual(oldPairs[i], k) || !yamlNodesEqual(oldPairs[i+1], v) {
			return nil, false
		}
	}
	return nfm, true
}

// yamlNodesEqual compares what two nodes mean, not how they are written:
// aliases are followed, and style, comments and positions are ignored.
func yamlNodesEqual(a, b *yaml.Node) bool {
	if a.Kind == yaml.AliasNode && a.Alias != nil {
		a = a.Alias
	}
	if b.Kind == yaml.AliasNode && b.Alias != nil {
		b = b.Alias
	}
	if a.Kind != b.Kind || len(a.Content) != len(b.Content) {
		return false
	}
	if a.Kind == yaml.ScalarNode && (a.Value != b.Value || a.ShortTag() != b.ShortTag()) {
		return false
	}
	for i := range a.Content {
		if !yamlNodesEqual(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}

// yamlStringNode returns a string scalar for value. yaml.v3 writes YAML 1.2,
// where yes, on and 1:20 are plain strings; the YAML 1.1 readers many site
// generators use (Jekyll's Psych, PyYAML, yaml.v2) read them as booleans
// and numbers, so such values are quoted.
func yamlStringNode(value string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value}
	if yaml11NotString(value) {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

var yaml11Number = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[-+]?(?:[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|0b[01_]+|[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?)$`)
})

func yaml11NotString(s string) bool {
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off":
		return s == strings.ToLower(s) || s == strings.ToUpper(s) || s == strings.ToUpper(s[:1])+s[1:]
	}
	// Each such number starts with a digit after an optional sign; a
	// title seldom does, and then the pattern is never compiled.
	t := s
	if t != "" && (t[0] == '+' || t[0] == '-') {
		t = t[1:]
	}
	if t == "" || t[0] < '0' || t[0] > '9' {
		return false
	}
	return yaml11Number().MatchString(s)
}
