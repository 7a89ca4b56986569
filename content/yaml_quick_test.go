package content

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"
)

// quickYAMLSamples are front matter and event files of the shapes cc and
// site generators write, with the scalars whose tags yaml.v3 resolves.
var quickYAMLSamples = []string{
	"id: 5753b4\ntitle: A practical guide to API rate limits\ndate: 2025-07-31\ntags: [tutorial]\nauthor: Samuel Osei\n",
	"title: \"Quoted: title\"\ndraft: true\nweight: 10\nrating: 4.5\nlimit: 0x1F\nempty: []\n",
	"true: yes\nnull: x\ntags: [ a, 1, true, 25 ]\nwhen: 2025-08-31T17:34:49Z\nnot: 2025-02-30\n",
	"cc: 1\nid: 01K40K4B0NPND29Q7EGZWZ3FSQ\ntype: comment\nauthor:\n  name: Hannah Kowalski\n  email: h@example.com\n" +
		"clock: 2\nanswers: []\nbody: |\n  Define it?\nanchor:\n  quote: \"no alt text\"\n  position: 327\n",
	"title: 'It''s here'\nsummary: |-\n  Two\n  lines\n",
}

// FuzzQuickYAML checks QuickYAML against yaml.v3: whenever it reads a
// file, yaml.v3 reads the same tree, with every node in the same place,
// and with Resolve the same tags.
func FuzzQuickYAML(f *testing.F) {
	for _, s := range quickYAMLSamples {
		f.Add([]byte(s))
	}
	// What a hand might write to make the quick reader and yaml.v3
	// disagree on a draft's id or state.
	for _, s := range []string{
		"draft: false\ndraft: true\n", "draft: yes\nid: 1_000\n", "id: 0o17\nweight: +1\nx: .5\n",
		"draft: true # no\n", "id:  two\n", "id: a\r\n", "Draft: true\n", "id: \"a\\u0000b\"\n",
		"tags: [a,b]\n", "tags: [ ]\n", "id: 2025-13-45\nwhen: 2025-01-02 03:04:05\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, resolve := range []bool{false, true} {
			q := QuickYAML{Resolve: resolve}
			quick, _, _ := q.Parse(data, MemoryBudget(len(data)))
			if quick == nil {
				continue
			}
			var slow yaml.Node
			if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&slow); err != nil {
				t.Fatalf("QuickYAML reads what yaml.v3 refuses (%v):\n%q", err, data)
			}
			if d := nodeDiff(quick, &slow, resolve); d != "" {
				t.Fatalf("QuickYAML (Resolve %v) and yaml.v3 differ on %q: %s", resolve, data, d)
			}
		}
	})
}

// TestQuickYAMLReads checks that the samples take the quick way, so that
// FuzzQuickYAML compares trees and the front matter of drafts is quick.
func TestQuickYAMLReads(t *testing.T) {
	q := QuickYAML{Resolve: true}
	for _, s := range quickYAMLSamples {
		quick, _, _ := q.Parse([]byte(s), MemoryBudget(len(s)))
		if quick == nil {
			t.Errorf("QuickYAML declined %q", s)
			continue
		}
		var slow yaml.Node
		if err := yaml.Unmarshal([]byte(s), &slow); err != nil {
			t.Fatal(err)
		}
		if d := nodeDiff(quick, &slow, true); d != "" {
			t.Errorf("%q: %s", s, d)
		}
	}
}

// nodeDiff says where a and b differ, or "" when they do not; tags are
// compared when tags is set.
func nodeDiff(a, b *yaml.Node, tags bool) string {
	at := fmt.Sprintf("line %d column %d", b.Line, b.Column)
	switch {
	case a.Kind != b.Kind || a.Style != b.Style || a.Value != b.Value:
		return fmt.Sprintf("at %s: %v %v %q, want %v %v %q", at, a.Kind, a.Style, a.Value, b.Kind, b.Style, b.Value)
	case a.Line != b.Line || a.Column != b.Column:
		return fmt.Sprintf("%q at line %d column %d, want %s", b.Value, a.Line, a.Column, at)
	case tags && a.Tag != b.Tag:
		return fmt.Sprintf("%q at %s: tag %s, want %s", b.Value, at, a.Tag, b.Tag)
	case a.Anchor != "" || b.Anchor != "" || a.Alias != nil || b.Alias != nil:
		return "at " + at + ": an anchor or alias"
	case !reflect.DeepEqual([]string{a.HeadComment, a.LineComment, a.FootComment}, []string{b.HeadComment, b.LineComment, b.FootComment}):
		return "at " + at + ": comments differ"
	case len(a.Content) != len(b.Content):
		return fmt.Sprintf("at %s: %d children, want %d", at, len(a.Content), len(b.Content))
	}
	for i := range a.Content {
		if d := nodeDiff(a.Content[i], b.Content[i], tags); d != "" {
			return d
		}
	}
	return ""
}
