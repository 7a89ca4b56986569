package review

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/cc-content/cc/content"
)

// scalar returns the scalar under key, failing if it is something else.
func (p *eventParser) scalar(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		p.failf(n.Line, "%s must be a single value", what)
		return "", false
	}
	if n.Tag == "!!null" {
		return "", true
	}
	return n.Value, true
}

func (p *eventParser) str(key string, required bool) string {
	n, ok := p.node(key)
	if !ok {
		if required {
			p.failf(0, "missing %s", key)
		}
		return ""
	}
	s, _ := p.scalar(n, key)
	if required && s == "" {
		p.failf(n.Line, "%s must not be empty", key)
	}
	return s
}

func (p *eventParser) id(key string, required bool) string {
	s := p.str(key, required)
	if s != "" && !validEventID(s) {
		p.failf(p.lineOf(key), "%s %q is not an event id (26 upper-case letters and digits)", key, s)
	}
	return s
}

func (p *eventParser) int(key string, required bool) int {
	n, ok := p.node(key)
	if !ok {
		if required {
			p.failf(0, "missing %s", key)
		}
		return 0
	}
	s, _ := p.scalar(n, key)
	v, err := strconv.Atoi(s)
	if err != nil {
		p.failf(n.Line, "%s must be a whole number, not %q", key, s)
	}
	return v
}

func (p *eventParser) time(key string) time.Time {
	s := p.str(key, true)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		p.failf(p.lineOf(key), "%s %q is not an RFC 3339 time like 2026-11-25T10:04:05Z", key, s)
	}
	return t
}

func (p *eventParser) due(key string) string {
	s := p.str(key, false)
	if s == "" {
		return ""
	}
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return s
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return s
	}
	p.failf(p.lineOf(key), "%s %q is not an RFC 3339 date (2026-12-01) or time", key, s)
	return s
}

// isObjectID reports whether s is a git object id: 40 (SHA-1) or 64
// (SHA-256) lower-case hex digits.
func isObjectID(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func (p *eventParser) blob(key string) string {
	s := p.str(key, false)
	if s != "" && !isObjectID(s) {
		p.failf(p.lineOf(key), "%s %q is not a git object id (40 or 64 lower-case hex digits)", key, s)
	}
	return s
}

func (p *eventParser) ids(key string) []string {
	n, ok := p.node(key)
	if !ok {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.failf(n.Line, "%s must be a list of event ids", key)
		return nil
	}
	var out []string
	for _, c := range n.Content {
		s, ok := p.scalar(c, key)
		if ok && !validEventID(s) {
			p.failf(c.Line, "%s: %q is not an event id", key, s)
		}
		out = append(out, s)
	}
	return out
}

// fields reads a nested mapping whose keys must all be in allowed.
func (p *eventParser) fields(n *yaml.Node, what string, allowed ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		p.failf(n.Line, "%s must be a mapping", what)
		return nil
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !slices.Contains(allowed, k.Value) {
			p.failf(k.Line, "unknown key %q in %s", k.Value, what)
			continue
		}
		if _, dup := out[k.Value]; dup {
			p.failf(k.Line, "key %q appears twice in %s", k.Value, what)
		}
		out[k.Value] = n.Content[i+1]
	}
	return out
}

func (p *eventParser) sub(m map[string]*yaml.Node, key, what string) string {
	n, ok := m[key]
	if !ok {
		return ""
	}
	s, _ := p.scalar(n, what+"."+key)
	return s
}

func (p *eventParser) author() Person {
	n, ok := p.node("author")
	if !ok {
		p.failf(0, "missing author")
		return Person{}
	}
	m := p.fields(n, "author", "name", "email")
	a := Person{Name: p.sub(m, "name", "author"), Email: p.sub(m, "email", "author")}
	if a.Name == "" && a.Email == "" && p.err == nil {
		p.failf(n.Line, "author needs a name or an email")
	}
	return a
}

func (p *eventParser) anchor() *content.Anchor {
	n, ok := p.node("anchor")
	if !ok {
		return nil
	}
	m := p.fields(n, "anchor", "quote", "prefix", "suffix", "position", "blob")
	a := &content.Anchor{
		Quote:  p.sub(m, "quote", "anchor"),
		Prefix: p.sub(m, "prefix", "anchor"),
		Suffix: p.sub(m, "suffix", "anchor"),
		Blob:   p.sub(m, "blob", "anchor"),
	}
	if a.Quote == "" && p.err == nil {
		p.failf(p.lineOf("anchor"), "anchor needs a quote")
	}
	if pos, ok := m["position"]; ok {
		s, _ := p.scalar(pos, "anchor.position")
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 {
			p.failf(pos.Line, "anchor.position must be a whole number from 0, not %q", s)
		}
		a.Position = v
	}
	if a.Blob != "" && !isObjectID(a.Blob) {
		p.failf(m["blob"].Line, "anchor.blob %q is not a git object id", a.Blob)
	}
	return a
}

func (p *eventParser) followups() []Followup {
	n, ok := p.node("followups")
	if !ok {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.failf(n.Line, "followups must be a list")
		return nil
	}
	var out []Followup
	for _, c := range n.Content {
		m := p.fields(c, "a follow-up", "assignee", "due", "text")
		f := Followup{
			Assignee: p.sub(m, "assignee", "followup"),
			Due:      p.sub(m, "due", "followup"),
			Text:     p.sub(m, "text", "followup"),
		}
		if strings.TrimSpace(f.Text) == "" && p.err == nil {
			p.failf(c.Line, "a follow-up needs text")
		}
		out = append(out, f)
	}
	return out
}
