package content

import (
	"bytes"
	"slices"

	"gopkg.in/yaml.v3"
)

// EqualIgnoringKeys reports whether the draft files a and b are
// byte-identical once the lines of the listed top-level front matter keys
// are taken out of each. It is how an approval survives `cc publish`, which
// only flips `draft:`; every other byte, comments and line endings included,
// still has to match.
//
// A key is taken out only where that is safe to do by lines: a YAML key
// whose line holds no other key (not in a flow mapping) and whose value is
// not anchored for use elsewhere, or a TOML key before the first table.
// Otherwise, and for a file that does not parse, the bytes are compared as
// they are, so the answer errs towards "changed".
func EqualIgnoringKeys(a, b []byte, keys ...string) bool {
	if bytes.Equal(a, b) {
		return true
	}
	if len(keys) == 0 {
		return false
	}
	return bytes.Equal(withoutKeyLines(a, keys), withoutKeyLines(b, keys))
}

// withoutKeyLines returns data without the file lines of keys' entries, or
// data itself when there is nothing it can safely take out.
func withoutKeyLines(data []byte, keys []string) []byte {
	d, err := Parse("", data)
	if err != nil {
		return data
	}
	var spans [][2]int // block lines, first and last, 1-based
	switch d.Format {
	case FormatYAML:
		spans = yamlKeySpans(d.yaml, d.block, keys)
	case FormatTOML:
		spans = tomlKeySpans(d.block, keys)
	}
	if len(spans) == 0 {
		return data
	}
	// Block line n is file line n+1: the opening delimiter is line 1 (a
	// BOM takes no line), and normalizing line endings to LF removes no
	// line, so the numbers hold in the raw bytes too.
	out := make([]byte, 0, len(data))
	line := 1
	for rest := data; len(rest) > 0; line++ {
		_, next, n := cutLine(rest)
		if !inSpans(spans, line-1) {
			out = append(out, rest[:n]...)
		}
		rest = next
	}
	return out
}

func inSpans(spans [][2]int, line int) bool {
	for _, s := range spans {
		if s[0] <= line && line <= s[1] {
			return true
		}
	}
	return false
}

// yamlKeySpans finds the block lines of each key's entry: from the key's
// line up to the line before the next top-level key, less the trailing
// blank and comment lines, which belong to the key after it.
func yamlKeySpans(fm *yamlFrontMatter, block []byte, keys []string) [][2]int {
	if fm == nil || fm.root == nil || fm.root.Style&yaml.FlowStyle != 0 {
		return nil
	}
	lines := bytes.Split(block, []byte("\n"))
	kv := fm.root.Content
	var spans [][2]int
	for i := 0; i+1 < len(kv); i += 2 {
		k, v := kv[i], kv[i+1]
		if k.Kind != yaml.ScalarNode || !slices.Contains(keys, k.Value) {
			continue
		}
		if v.Anchor != "" || (i > 0 && kv[i-2].Line >= k.Line) {
			return nil
		}
		last := len(lines)
		if i+2 < len(kv) {
			if kv[i+2].Line <= k.Line {
				return nil
			}
			last = kv[i+2].Line - 1
		}
		for last > k.Line && blankOrComment(lines[last-1]) {
			last--
		}
		spans = append(spans, [2]int{k.Line, last})
	}
	return spans
}

func blankOrComment(line []byte) bool {
	t := bytes.TrimLeft(line, " \t\r")
	return len(t) == 0 || t[0] == '#'
}

// tomlKeySpans finds the block lines of each key's top-level entry.
func tomlKeySpans(block []byte, keys []string) [][2]int {
	entries, _, ok := scanTOMLTopLevel(block)
	if !ok {
		return nil
	}
	var spans [][2]int
	for _, e := range entries {
		if e.key != "" && slices.Contains(keys, e.key) {
			last := e.line + bytes.Count(block[e.valueStart:e.valueEnd], []byte("\n"))
			spans = append(spans, [2]int{e.line, last})
		}
	}
	return spans
}
