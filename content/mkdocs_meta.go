package content

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// MkDocs reads a page's first lines as MultiMarkdown meta-data when no
// YAML front matter comes first: "Key: value" lines (up to three spaces
// before the key), each continued by lines indented four spaces or a tab,
// up to a blank line or the first line that is neither. Keys are
// lower-cased, values are strings with the spaces around them dropped, a
// continuation or a repeated key adds a space and its value.
// The patterns are compiled on first use: most commands never read a
// MkDocs page.
var (
	mkdocsMetaLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^ {0,3}([A-Za-z0-9_-]+):\s*(.*)$`) })
	mkdocsMetaMore = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?: {4}|\t)\s*(.*)$`) })
)

// mkdocsMeta splits body into the meta-data MkDocs reads from its first
// lines, in order, and the page text after them (leading blank lines
// dropped, as MkDocs drops them).
func mkdocsMeta(body []byte) (keys []string, values map[string]string, rest []byte) {
	values = map[string]string{}
	key := ""
	for len(body) > 0 {
		line, next, _ := cutLine(body)
		s := strings.TrimRight(string(line), "\r")
		if strings.TrimSpace(s) == "" {
			body = next
			break
		}
		if m := mkdocsMetaLine().FindStringSubmatch(s); m != nil {
			key = strings.ToLower(m[1])
			v := strings.TrimSpace(m[2])
			if old, ok := values[key]; ok {
				v = old + " " + v
			} else {
				keys = append(keys, key)
			}
			values[key] = v
		} else if m := mkdocsMetaMore().FindStringSubmatch(s); m != nil && key != "" {
			values[key] += " " + strings.TrimSpace(m[1])
		} else {
			break
		}
		body = next
	}
	return keys, values, bytes.TrimLeft(body, "\n")
}

// withMetaAsFrontMatter returns the draft d, an MkDocs page that starts
// with MultiMarkdown meta-data, as a new draft whose meta-data is YAML
// front matter that MkDocs reads the same: every value a string, the
// page text as it was. d itself is not changed.
func (d *Draft) withMetaAsFrontMatter() (*Draft, error) {
	keys, values, rest := mkdocsMeta(d.Body)
	if _, ok := values[d.idKey]; ok {
		return nil, fmt.Errorf("the meta-data has a key %q of its own; give cc's id another key (site: id_key: cc_id in .cc/config.yaml)", d.idKey)
	}
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, k := range keys {
		m.Content = append(m.Content, yaml11String(k), yaml11String(values[k]))
	}
	block, err := yaml.Marshal(m)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if d.bom {
		b.WriteString(utf8BOM)
	}
	b.WriteString("---\n")
	b.Write(block)
	b.WriteString("---\n")
	b.Write(rest)
	return parse(d.Path, b.Bytes(), d.idKey)
}

// yaml11String is s as a YAML string that a YAML 1.1 reader (MkDocs reads
// front matter with PyYAML) also takes for a string: plain where it is
// plain words, quoted where 1.1 would read a boolean (yes, on, ...), a
// number, null, a date or anything else.
func yaml11String(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "true", "false", "on", "off", "null":
		n.Style = yaml.DoubleQuotedStyle
		return n
	}
	if !yaml11Plain().MatchString(s) {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// yaml11Plain matches words that read as a string in any YAML: a letter
// first, then letters, digits, spaces and plain punctuation.
var yaml11Plain = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\pL[\pL\pN _.,'()/-]*$`) })
