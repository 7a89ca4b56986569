package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// yamlFrontMatter is a parsed YAML block. root is nil for an empty block
// (nothing but blank lines and comments).
type yamlFrontMatter struct {
	doc  *yaml.Node
	root *yaml.Node
}

var yamlErrorLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`) })

// parseYAMLBlock parses block into a node tree and checks everything Meta
// will later rely on: one document, a mapping at the root, aliases that
// expand to a bounded size, and values that decode (no duplicate keys).
//
// It allocates at most frontMatterBudget(len(block)): a block that might
// need more, by YAMLCost, is refused before yaml.v3 reads it, and the
// values its aliases stand for must fit in what is left.
func parseYAMLBlock(block []byte) (fm *yamlFrontMatter, err error) {
	defer func() {
		if r := recover(); r != nil {
			fm, err = nil, &frontMatterBlockError{msg: fmt.Sprintf("invalid YAML front matter: %v", r)}
		}
	}()
	budget := frontMatterBudget(len(block))
	cost, overLine := YAMLCost(block, budget)
	if overLine > 0 {
		return nil, frontMatterTooLarge(overLine)
	}
	// The tree is kept with the draft, so the quick reader's memory is not.
	doc, _, _ := (&QuickYAML{Resolve: true}).Parse(block, budget)
	if doc == nil {
		dec := yaml.NewDecoder(bytes.NewReader(block))
		doc = new(yaml.Node)
		if err := dec.Decode(doc); err != nil {
			if errors.Is(err, io.EOF) {
				return &yamlFrontMatter{doc: &yaml.Node{Kind: yaml.DocumentNode}}, nil
			}
			return nil, yamlSyntaxError(err)
		}
		var extra yaml.Node
		if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
			if err != nil {
				return nil, yamlSyntaxError(err)
			}
			return nil, &frontMatterBlockError{line: extra.Line, msg: "front matter holds more than one YAML document"}
		}
	}
	if len(doc.Content) == 0 {
		return &yamlFrontMatter{doc: doc}, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &frontMatterBlockError{line: root.Line,
			msg: fmt.Sprintf("front matter must be a mapping of keys to values, not %s", yamlKindName(root))}
	}
	// The nodes as written are in cost; what aliases add is decoded too,
	// and must fit in what is left.
	limit := yamlNodeCount(root) + int((budget-cost)/yamlNodeCost)
	if _, err := yamlExpandedSize(root, map[*yaml.Node]int{}, limit); err != nil {
		return nil, err
	}
	if err := yamlDuplicateKey(root, map[yamlKey]int{}); err != nil {
		return nil, err
	}
	var values map[string]any
	if err := root.Decode(&values); err != nil {
		return nil, yamlSyntaxError(err)
	}
	return &yamlFrontMatter{doc: doc, root: root}, nil
}

// yamlSyntaxError turns a yaml.v3 error into a frontMatterBlockError, taking the
// line number out of its message ("yaml: line 3: ...", or "line 3: ..." in
// the list of a *yaml.TypeError).
func yamlSyntaxError(err error) *frontMatterBlockError {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	e := &frontMatterBlockError{msg: "invalid YAML front matter: " + strings.TrimPrefix(msg, "yaml: "), err: err}
	if m := yamlErrorLine().FindStringSubmatch(msg); m != nil {
		e.line, _ = strconv.Atoi(m[1])
		e.msg = "invalid YAML front matter: " + m[2]
	}
	return e
}

func yamlKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "null"
		}
		return fmt.Sprintf("the value %q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "a mapping"
}

// yamlExpandedSize counts the nodes n stands for with aliases expanded,
// remembering each anchored node's size so the count itself stays cheap.
// sizes holds -1 for a node being counted, which catches an alias to its own
// ancestor. A block that stands for more than limit nodes is refused: a
// real page has a few hundred at most; a "billion laughs" block has
// billions.
func yamlExpandedSize(n *yaml.Node, sizes map[*yaml.Node]int, limit int) (int, error) {
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return 0, &frontMatterBlockError{line: n.Line, msg: "invalid YAML front matter: unknown alias"}
		}
		n = n.Alias
	}
	if s, ok := sizes[n]; ok {
		if s < 0 {
			return 0, &frontMatterBlockError{line: n.Line, msg: "invalid YAML front matter: an anchored value contains an alias to itself"}
		}
		return s, nil
	}
	sizes[n] = -1
	size := 1
	for _, c := range n.Content {
		s, err := yamlExpandedSize(c, sizes, limit)
		if err != nil {
			return 0, err
		}
		size += s
		if size > limit {
			return 0, &frontMatterBlockError{line: n.Line,
				msg: fmt.Sprintf("front matter expands to more than %d values through aliases", limit)}
		}
	}
	sizes[n] = size
	return size, nil
}

// yamlNodeCount counts the nodes under n as written, aliases as one.
func yamlNodeCount(n *yaml.Node) int {
	count := 1
	for _, c := range n.Content {
		count += yamlNodeCount(c)
	}
	return count
}

// yamlKey is a mapping key as yaml.v3 compares keys for duplicates.
type yamlKey struct {
	kind  yaml.Kind
	value string
}

// yamlDuplicateKey finds the first key that appears twice in a mapping, as
// yaml.v3's decoder would, before it does: yaml.v3 compares every pair of
// keys and writes an error for each duplicate pair, which for a few
// hundred copies of one key is megabytes of messages. seen is reused from
// one mapping to the next. Aliases are not followed: what they stand for
// is checked where it is written.
func yamlDuplicateKey(n *yaml.Node, seen map[yamlKey]int) error {
	if n.Kind == yaml.MappingNode {
		clear(seen)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			key := yamlKey{k.Kind, k.Value}
			if line, dup := seen[key]; dup {
				return &frontMatterBlockError{line: k.Line,
					msg: fmt.Sprintf("invalid YAML front matter: mapping key %q already defined at line %d", k.Value, line)}
			}
			seen[key] = k.Line
		}
	}
	for _, c := range n.Content {
		if err := yamlDuplicateKey(c, seen); err != nil {
			return err
		}
	}
	return nil
}

// lookup returns the key and value nodes of the top-level key, aliases
// resolved for the value.
func (fm *yamlFrontMatter) lookup(key string) (k, v *yaml.Node, i int) {
	if fm.root == nil {
		return nil, nil, -1
	}
	for i := 0; i+1 < len(fm.root.Content); i += 2 {
		k := fm.root.Content[i]
		if k.Kind == yaml.ScalarNode && k.Value == key {
			v := fm.root.Content[i+1]
			if v.Kind == yaml.AliasNode && v.Alias != nil {
				v = v.Alias
			}
			return k, v, i
		}
	}
	return nil, nil, -1
}

// scalar returns the top-level key's value when it is a scalar; null is "".
func (fm *yamlFrontMatter) scalar(key string) (value string, ok bool, line int, err error) {
	_, v, _ := fm.lookup(key)
	if v == nil {
		return "", false, 0, nil
	}
	if v.Kind != yaml.ScalarNode {
		return "", false, v.Line, fmt.Errorf("%s must be a single value, not %s", key, yamlKindName(v))
	}
	if v.ShortTag() == "!!null" {
		return "", true, v.Line, nil
	}
	return v.Value, true, v.Line, nil
}

// meta decodes the block into plain Go values.
func (fm *yamlFrontMatter) meta() map[string]any {
	m := map[string]any{}
	if fm.root == nil {
		return m
	}
	// parseYAMLBlock has decoded the same tree once, so this cannot fail
	// short of a yaml.v3 bug; a failure leaves the map partial, not a panic.
	func() {
		defer func() { _ = recover() }()
		_ = fm.root.Decode(&m)
	}()
	return m
}
