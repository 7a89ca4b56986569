package content

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// tomlFrontMatter is a parsed TOML block.
type tomlFrontMatter struct {
	values map[string]any
}

// parseTOMLBlock decodes block, which must not need more than
// frontMatterBudget(len(block)) to read, by tomlCost.
func parseTOMLBlock(block []byte) (fm *tomlFrontMatter, err error) {
	defer func() {
		if r := recover(); r != nil {
			fm, err = nil, &frontMatterBlockError{msg: fmt.Sprintf("invalid TOML front matter: %v", r)}
		}
	}()
	if _, overLine := tomlCost(block, frontMatterBudget(len(block))); overLine > 0 {
		return nil, frontMatterTooLarge(overLine)
	}
	values := map[string]any{}
	if _, err := toml.Decode(string(block), &values); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &frontMatterBlockError{line: pe.Position.Line, col: pe.Position.Col,
				msg: "invalid TOML front matter: " + pe.Message, err: err}
		}
		return nil, &frontMatterBlockError{msg: "invalid TOML front matter: " + err.Error(), err: err}
	}
	return &tomlFrontMatter{values: values}, nil
}

// scalar returns the top-level key's value as a string when it is not a
// table or an array.
func (fm *tomlFrontMatter) scalar(key string) (string, bool, error) {
	v, ok := fm.values[key]
	if !ok {
		return "", false, nil
	}
	switch v := v.(type) {
	case string:
		return v, true, nil
	case time.Time:
		return formatMetaTime(v), true, nil
	case int64, float64, bool:
		return fmt.Sprint(v), true, nil
	}
	return "", false, fmt.Errorf("%s must be a single value, not a table or an array", key)
}

// tomlEntry is one "key = value" at the top level of a TOML block, before the
// first table header.
type tomlEntry struct {
	key                  string // "" for a dotted key, which is never top-level
	line                 int    // 1-based within the block
	valueStart, valueEnd int    // byte offsets of the value's text
}

// scanTOMLTopLevel finds the top-level entries of block and the offset where
// the first table header starts (len(block) if none). It is a small lexer,
// not a parser: ok is false on anything it does not follow, and whatever it
// finds is checked by parsing the edited block with BurntSushi/toml.
func scanTOMLTopLevel(block []byte) (entries []tomlEntry, tablesAt int, ok bool) {
	line := 1
	i := 0
	for i < len(block) {
		for i < len(block) && (block[i] == ' ' || block[i] == '\t') {
			i++
		}
		if i == len(block) {
			break
		}
		switch block[i] {
		case '\n':
			i++
			line++
			continue
		case '\r':
			i++
			continue
		case '#':
			i = skipTOMLComment(block, i)
			continue
		case '[':
			return entries, bytes.LastIndexByte(block[:i], '\n') + 1, true
		}
		e := tomlEntry{line: line}
		var keyEnd int
		e.key, keyEnd = scanTOMLKey(block, i)
		if keyEnd < 0 {
			return nil, 0, false
		}
		i = keyEnd
		for i < len(block) && (block[i] == ' ' || block[i] == '\t') {
			i++
		}
		if i == len(block) || block[i] != '=' {
			return nil, 0, false
		}
		i++
		for i < len(block) && (block[i] == ' ' || block[i] == '\t') {
			i++
		}
		e.valueStart = i
		e.valueEnd = skipTOMLValue(block, i, false)
		if e.valueEnd < 0 {
			return nil, 0, false
		}
		line += bytes.Count(block[i:e.valueEnd], []byte("\n"))
		i = e.valueEnd
		for i < len(block) && (block[i] == ' ' || block[i] == '\t' || block[i] == '\r') {
			i++
		}
		if i < len(block) && block[i] == '#' {
			i = skipTOMLComment(block, i)
		}
		if i < len(block) && block[i] != '\n' {
			return nil, 0, false
		}
		entries = append(entries, e)
	}
	return entries, len(block), true
}

func skipTOMLComment(b []byte, i int) int {
	if j := bytes.IndexByte(b[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(b)
}

// scanTOMLKey reads a key at i. key is "" for a dotted key; end is -1 when
// there is no key.
func scanTOMLKey(b []byte, i int) (key string, end int) {
	dotted := false
	for {
		var part string
		switch {
		case i < len(b) && (b[i] == '"' || b[i] == '\''):
			j := skipTOMLValue(b, i, true)
			if j < 0 {
				return "", -1
			}
			raw := string(b[i:j])
			if b[i] == '\'' {
				part = raw[1 : len(raw)-1]
			} else if u, err := strconv.Unquote(raw); err == nil {
				part = u
			} else {
				dotted = true // an escape TOML and Go read differently; never match it
			}
			i = j
		default:
			j := i
			for j < len(b) && isTOMLBareKeyByte(b[j]) {
				j++
			}
			if j == i {
				return "", -1
			}
			part = string(b[i:j])
			i = j
		}
		k := i
		for k < len(b) && (b[k] == ' ' || b[k] == '\t') {
			k++
		}
		if k < len(b) && b[k] == '.' {
			dotted = true
			i = k + 1
			for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
				i++
			}
			continue
		}
		if dotted {
			return "", i
		}
		return part, i
	}
}

func isTOMLBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// skipTOMLValue returns the offset just after the value that starts at i, or
// -1. inside is true within an array or inline table, where a bare value
// also ends at ',', ']' or '}'.
func skipTOMLValue(b []byte, i int, inside bool) int {
	if i >= len(b) {
		return -1
	}
	switch {
	case bytes.HasPrefix(b[i:], []byte(`"""`)), bytes.HasPrefix(b[i:], []byte(`'''`)):
		q := b[i : i+3]
		for j := i + 3; j < len(b); j++ {
			if q[0] == '"' && b[j] == '\\' {
				j++
				continue
			}
			if bytes.HasPrefix(b[j:], q) {
				end := j + 3
				// Up to two quotes right before the closing ones belong to the string.
				for n := 0; n < 2 && end < len(b) && b[end] == q[0]; n++ {
					end++
				}
				return end
			}
		}
		return -1
	case b[i] == '"' || b[i] == '\'':
		for j := i + 1; j < len(b) && b[j] != '\n'; j++ {
			if b[i] == '"' && b[j] == '\\' {
				j++
				continue
			}
			if b[j] == b[i] {
				return j + 1
			}
		}
		return -1
	case b[i] == '[' || b[i] == '{':
		depth := 0
		for j := i; j < len(b); {
			switch b[j] {
			case '[', '{':
				depth++
				j++
			case ']', '}':
				depth--
				j++
				if depth == 0 {
					return j
				}
			case '#':
				j = skipTOMLComment(b, j)
			case '"', '\'':
				j = skipTOMLValue(b, j, true)
				if j < 0 {
					return -1
				}
			default:
				j++
			}
		}
		return -1
	}
	j := i
	for j < len(b) && b[j] != '\n' && b[j] != '#' && !(inside && (b[j] == ',' || b[j] == ']' || b[j] == '}')) {
		j++
	}
	j = i + len(bytes.TrimRight(b[i:j], " \t\r"))
	if j == i {
		return -1
	}
	return j
}

// tomlKeyLine returns the 1-based block line of the top-level key, or 0.
func tomlKeyLine(block []byte, key string) int {
	entries, _, _ := scanTOMLTopLevel(block)
	for _, e := range entries {
		if e.key == key {
			return e.line
		}
	}
	return 0
}

// tomlSetValue returns block with the top-level key set to want (a string or
// a bool), written as one "key = value" line, and the parsed result.
func tomlSetValue(block []byte, fm *tomlFrontMatter, key string, want any) ([]byte, *tomlFrontMatter, error) {
	for i := 0; i < len(key); i++ {
		if !isTOMLBareKeyByte(key[i]) {
			return nil, nil, fmt.Errorf("cc only writes bare TOML keys (A-Z a-z 0-9 _ -), not %q", key)
		}
	}
	if _, _, err := fm.scalar(key); err != nil {
		return nil, nil, err
	}
	var text string
	switch v := want.(type) {
	case string:
		text = tomlQuote(v)
	case bool:
		text = strconv.FormatBool(v)
	default:
		return nil, nil, fmt.Errorf("cannot write %T to TOML", want)
	}
	entries, tablesAt, ok := scanTOMLTopLevel(block)
	if !ok {
		return nil, nil, errors.New("cannot find the top-level keys of the TOML front matter; cc will not risk rewriting it")
	}
	var out []byte
	found := false
	for _, e := range entries {
		if e.key == key {
			out = spliceBytes(block, e.valueStart, e.valueEnd, text)
			found = true
			break
		}
	}
	if !found {
		if _, exists := fm.values[key]; exists {
			return nil, nil, fmt.Errorf("%s is set in a way cc does not rewrite (a dotted key?)", key)
		}
		at := 0
		if len(entries) > 0 {
			last := entries[len(entries)-1]
			at = last.valueEnd + skipTOMLComment(block[last.valueEnd:], 0)
			if at < len(block) {
				at++ // after the line's '\n'
			}
		} else if tablesAt == len(block) {
			at = len(block)
		}
		line := key + " = " + text + "\n"
		if at > 0 && block[at-1] != '\n' {
			line = "\n" + line
		}
		out = spliceBytes(block, at, at, line)
	}
	if len(out) > MaxFrontMatterSize || hasFrontMatterDelimiterLine(out) {
		return nil, nil, fmt.Errorf("cannot set %s: the front matter would not read back", key)
	}
	nfm, err := parseTOMLBlock(out)
	if err != nil || !reflect.DeepEqual(nfm.values[key], want) || !tomlSameExcept(fm.values, nfm.values, key) {
		return nil, nil, fmt.Errorf("cannot set %s without changing other TOML front matter", key)
	}
	return out, nfm, nil
}

// tomlSameExcept compares two decoded blocks except for key. It compares the
// %#v forms, which treats NaN as equal to itself where reflect.DeepEqual
// does not.
func tomlSameExcept(a, b map[string]any, key string) bool {
	a, b = maps.Clone(a), maps.Clone(b)
	delete(a, key)
	delete(b, key)
	return fmt.Sprintf("%#v", a) == fmt.Sprintf("%#v", b)
}

// tomlQuote writes s as a TOML basic string.
func tomlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
