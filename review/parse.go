package review

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/cc-content/cc/content"
)

// MaxEventSize is the largest event file ParseEvent accepts, in bytes.
// Real ones are a few hundred bytes; a comment quoting a whole chapter is
// still far below this. Writers must refuse to make a larger one.
const MaxEventSize = 1 << 20

// ParseEvent reads one event file. path is only used in errors and to check
// that the file is named after its id. It is strict, because other tools
// write these files too and a mistake should surface where it was made: an
// unknown format version, an unknown key, a key the type does not use, a
// missing required field or a malformed value is an *EventError naming the
// file and the line. YAML anchors and aliases are refused, so no file can
// expand into more than it is, and so is a file whose structure would take
// more than content.MemoryBudget(len(data)) to read.
func ParseEvent(path string, data []byte) (*Event, error) {
	fail := func(line int, format string, args ...any) (*Event, error) {
		return nil, &EventError{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if len(data) > MaxEventSize {
		return fail(0, "event file is %d bytes; the limit is %d", len(data), MaxEventSize)
	}
	budget := content.MemoryBudget(len(data))
	f := fastParsers.Get().(*content.QuickYAML)
	defer fastParsers.Put(f)
	doc, spent, overLine := f.Parse(data, budget)
	if overLine > 0 {
		return nil, eventTooLarge(path, overLine)
	}
	if doc == nil {
		var err error
		if doc, err = parseEventYAML(path, data, budget-spent); err != nil {
			return nil, err
		}
	}
	return eventFromDoc(path, doc)
}

// fastParsers keeps the quick readers' memory for the files after.
var fastParsers = sync.Pool{New: func() any { return new(content.QuickYAML) }}

// eventTooLarge is the error for an event file whose structure would take
// more memory to read than content.MemoryBudget allows.
func eventTooLarge(path string, line int) error {
	return &EventError{Path: path, Line: line, Msg: fmt.Sprintf(
		"event file is too large in structure to read within %d times its size plus %d KiB; "+
			"an event has a dozen keys and short lists", 4, content.MemoryAllowance>>10)}
}

// parseEventYAML reads any event file yaml.v3 can, refusing anchors and
// aliases and more than one document, and any file that yaml.v3 might
// need more than budget bytes to read.
func parseEventYAML(path string, data []byte, budget int64) (*yaml.Node, error) {
	fail := func(line int, format string, args ...any) (*yaml.Node, error) {
		return nil, &EventError{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if _, line := content.YAMLCost(data, budget); line > 0 {
		return nil, eventTooLarge(path, line)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return fail(0, "event file is empty")
		}
		line, msg := yamlErrorLine(err)
		return fail(line, "%s", msg)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return fail(extra.Line, "an event file holds one YAML document")
	}
	if n := findAlias(&doc); n != nil {
		return fail(n.Line, "YAML anchors and aliases are not allowed in event files")
	}
	return &doc, nil
}

// eventFromDoc checks and reads the event in a parsed file.
func eventFromDoc(path string, doc *yaml.Node) (*Event, error) {
	fail := func(line int, format string, args ...any) (*Event, error) {
		return nil, &EventError{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fail(root.Line, "an event is a mapping of keys to values")
	}
	p := eventParser{path: path, entries: make([]eventEntry, 0, len(root.Content)/2)}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return fail(k.Line, "keys must be plain names")
		}
		if _, dup := p.node(k.Value); dup {
			return fail(k.Line, "key %q appears twice", k.Value)
		}
		p.entries = append(p.entries, eventEntry{k.Value, k.Line, v})
	}
	return p.event(root.Line)
}

type eventParser struct {
	path    string
	entries []eventEntry // the top-level keys, in file order
	err     *EventError
}

type eventEntry struct {
	key  string
	line int
	val  *yaml.Node
}

// node returns the value of a top-level key. A linear search: an event has
// a dozen keys, and a map would cost more to build than it saves.
func (p *eventParser) node(key string) (*yaml.Node, bool) {
	for _, e := range p.entries {
		if e.key == key {
			return e.val, true
		}
	}
	return nil, false
}

// lineOf is the line of a top-level key, 0 when it is absent.
func (p *eventParser) lineOf(key string) int {
	for _, e := range p.entries {
		if e.key == key {
			return e.line
		}
	}
	return 0
}

func (p *eventParser) failf(line int, format string, args ...any) {
	if p.err == nil {
		p.err = &EventError{Path: p.path, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
}

func (p *eventParser) event(line int) (*Event, error) {
	// The version comes first: a newer format may have keys this cc does
	// not know, and "upgrade cc" is the helpful answer to all of them.
	v, ok := p.node("cc")
	if !ok {
		return nil, &EventError{Path: p.path, Line: line, Msg: "missing cc: the format version (1)"}
	}
	if n, err := strconv.Atoi(v.Value); v.Kind != yaml.ScalarNode || err != nil || n != FormatVersion {
		return nil, &EventError{Path: p.path, Line: v.Line,
			Msg: fmt.Sprintf("unsupported format version %q; this cc reads version %d, a newer cc may read it", v.Value, FormatVersion)}
	}
	e := &Event{Version: FormatVersion}
	e.Type = Type(p.str("type", true))
	if p.err != nil {
		return nil, p.err
	}
	rule, ok := eventRules[e.Type]
	if !ok {
		return nil, &EventError{Path: p.path, Line: p.lineOf("type"), Msg: fmt.Sprintf("unknown event type %q", e.Type)}
	}
	for _, en := range p.entries {
		if k := en.key; !rule.allows(k) {
			msg := fmt.Sprintf("unknown key %q", k)
			if slices.Contains(eventKeyOrder, k) {
				msg = fmt.Sprintf("key %q is not used by %s events", k, e.Type)
			}
			return nil, &EventError{Path: p.path, Line: en.line, Msg: msg}
		}
	}
	for _, k := range rule.required {
		if _, ok := p.node(k); !ok {
			return nil, &EventError{Path: p.path, Line: line, Msg: fmt.Sprintf("%s events need %s", e.Type, k)}
		}
	}
	e.ID = p.id("id", true)
	e.Draft = p.str("draft", true)
	if strings.ContainsAny(e.Draft, "/\\") || e.Draft == "." || e.Draft == ".." {
		p.failf(p.lineOf("draft"), "draft %q is not a draft id", e.Draft)
	}
	e.Thread = p.id("thread", false)
	e.Author = p.author()
	e.Time = p.time("time")
	e.Clock = p.int("clock", true)
	if e.Clock < 1 && p.err == nil {
		p.failf(p.lineOf("clock"), "clock must be 1 or more")
	}
	e.Answers = p.ids("answers")
	e.Body = p.str("body", false)
	e.Anchor = p.anchor()
	e.Replacement = p.str("replacement", false)
	e.Reviewer = p.str("reviewer", false)
	e.Assignee = p.str("assignee", false)
	e.Due = p.due("due")
	e.Blob = p.blob("blob")
	e.Decision = p.str("decision", false)
	e.Followups = p.followups()
	e.Signature = p.str("signature", false)
	if p.err != nil {
		return nil, p.err
	}
	p.check(e, rule)
	if p.err != nil {
		return nil, p.err
	}
	return e, nil
}

// check is what the types demand of the values, beyond their keys.
func (p *eventParser) check(e *Event, rule eventRule) {
	if rule.threadIsID && e.Thread != e.ID {
		p.failf(p.lineOf("thread"), "a %s opens its own thread: thread must equal id", e.Type)
	}
	switch {
	case rule.answers == 1 && len(e.Answers) != 1:
		p.failf(p.line("answers"), "%s events answer exactly one event", e.Type)
	case rule.answers == -1 && len(e.Answers) == 0:
		p.failf(p.line("answers"), "%s events answer at least one event", e.Type)
	}
	for _, k := range rule.required {
		empty := false
		switch k {
		case "body":
			empty = strings.TrimSpace(e.Body) == ""
		case "reviewer":
			empty = e.Reviewer == ""
		case "assignee":
			empty = e.Assignee == ""
		case "decision":
			empty = strings.TrimSpace(e.Decision) == ""
		}
		if empty {
			p.failf(p.lineOf(k), "%s must not be empty", k)
		}
	}
	if name := path.Base(p.path); strings.HasSuffix(name, ".yaml") && name != e.ID+".yaml" {
		p.failf(p.lineOf("id"), "id %s does not match the file name %s", e.ID, name)
	}
}

func (p *eventParser) line(key string) int {
	if l := p.lineOf(key); l > 0 {
		return l
	}
	return p.lineOf("type")
}

// findAlias returns the first node that is an alias or carries an anchor.
func findAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return n
	}
	for _, c := range n.Content {
		if a := findAlias(c); a != nil {
			return a
		}
	}
	return nil
}

var yamlLineRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): (.*)$`) })

// yamlErrorLine splits yaml.v3's "yaml: line N: msg" into its parts.
func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLineRE().FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, m[2]
	}
	return 0, strings.TrimPrefix(msg, "yaml: ")
}
