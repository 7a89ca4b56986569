package review

import (
	"bytes"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// Marshal encodes e as an event file: keys in the order of docs/format.md,
// two-space indent, LF line ends, multi-line text as literal blocks, empty
// optional fields left out (a suggestion's replacement is always written:
// empty means "delete the quote"). ParseEvent(path, e.Marshal()) gives e
// back. Marshal does not check e; ParseEvent does.
func (e *Event) Marshal() []byte {
	root := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, v *yaml.Node) {
		root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
	}
	str := func(key, v string) {
		if v != "" {
			add(key, eventString(v))
		}
	}
	add("cc", eventInt(e.Version))
	str("id", e.ID)
	str("type", string(e.Type))
	str("draft", e.Draft)
	str("thread", e.Thread)
	author := &yaml.Node{Kind: yaml.MappingNode}
	for _, kv := range [][2]string{{"name", e.Author.Name}, {"email", e.Author.Email}} {
		if kv[1] != "" {
			author.Content = append(author.Content, eventString(kv[0]), eventString(kv[1]))
		}
	}
	add("author", author)
	add("time", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: e.Time.Format(time.RFC3339Nano)})
	add("clock", eventInt(e.Clock))
	if len(e.Answers) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, a := range e.Answers {
			seq.Content = append(seq.Content, eventString(a))
		}
		add("answers", seq)
	}
	str("body", e.Body)
	if a := e.Anchor; a != nil {
		m := &yaml.Node{Kind: yaml.MappingNode}
		m.Content = append(m.Content, eventString("quote"), eventString(a.Quote))
		if a.Prefix != "" {
			m.Content = append(m.Content, eventString("prefix"), eventString(a.Prefix))
		}
		if a.Suffix != "" {
			m.Content = append(m.Content, eventString("suffix"), eventString(a.Suffix))
		}
		m.Content = append(m.Content, eventString("position"), eventInt(a.Position))
		if a.Blob != "" {
			m.Content = append(m.Content, eventString("blob"), eventString(a.Blob))
		}
		add("anchor", m)
	}
	if e.Type == TypeSuggest {
		add("replacement", eventString(e.Replacement))
	} else {
		str("replacement", e.Replacement)
	}
	str("reviewer", e.Reviewer)
	str("assignee", e.Assignee)
	str("due", e.Due)
	str("blob", e.Blob)
	str("decision", e.Decision)
	if len(e.Followups) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, f := range e.Followups {
			m := &yaml.Node{Kind: yaml.MappingNode}
			for _, kv := range [][2]string{{"assignee", f.Assignee}, {"due", f.Due}, {"text", f.Text}} {
				if kv[1] != "" {
					m.Content = append(m.Content, eventString(kv[0]), eventString(kv[1]))
				}
			}
			seq.Content = append(seq.Content, m)
		}
		add("followups", seq)
	}
	str("signature", e.Signature)

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		// Only a broken node tree fails to encode, and this one is built
		// above from strings and numbers.
		panic("review: encoding an event: " + err.Error())
	}
	_ = enc.Close()
	return buf.Bytes()
}

func eventString(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if bytes.IndexByte([]byte(s), '\n') >= 0 {
		n.Style = yaml.LiteralStyle
		if !literalKeeps(s) {
			n.Style = yaml.DoubleQuotedStyle
		}
	}
	return n
}

// literalKeeps reports whether s reads back unchanged from a literal
// block. Most multi-line text does, and reads best that way; yaml.v3
// loses a leading blank line, for one, and such text is written double
// quoted instead, since a signature covers the exact bytes.
func literalKeeps(s string) bool {
	// Where event files put it: a value in a mapping inside a mapping.
	key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "k"}
	inner := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{key, {Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.LiteralStyle}}}
	out, err := yaml.Marshal(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{key, inner}})
	if err != nil {
		return false
	}
	var back map[string]map[string]string
	return yaml.Unmarshal(out, &back) == nil && back["k"]["k"] == s
}

func eventInt(v int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(v)}
}
