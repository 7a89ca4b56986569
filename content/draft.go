package content

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Draft is one Markdown file: its front matter and its body.
//
// ID and Title mirror the front matter and Body the text after it; change
// them with Set and SetBody, not by assigning, so that Bytes writes them. A
// Draft is not safe for concurrent use.
type Draft struct {
	Path     string // repo-relative slash path, for messages
	Format   Format
	ID       string // "" when the page has no id yet
	Title    string // "" when the page has no title
	Body     []byte // Markdown after the front matter, LF line endings; do not modify
	BodyLine int    // 1-based line in the file where Body starts

	idKey   string // the front-matter key of ID
	raw     []byte // what Parse read; Bytes returns it until something changes
	changed bool
	bom     bool
	closing string // closing delimiter line
	opening string // opening line of FormatOther front matter
	// bareMeta says why a draft without front matter must not get any
	// ("" when it may): its generator reads its first lines another way.
	bareMeta string
	block    []byte // front matter text between the delimiter lines, LF line endings
	yaml     *yamlFrontMatter
	toml     *tomlFrontMatter
}

// Parse reads a draft file whose cc id, if any, is under id (see Site for
// sites that use another key). path is used in error messages only. Errors
// are *ParseError values carrying the line (and column when known) in the
// file.
func Parse(path string, data []byte) (*Draft, error) {
	return parse(path, data, DefaultIDKey)
}

func parse(path string, data []byte, idKey string) (*Draft, error) {
	if len(data) > MaxDraftSize {
		return nil, &ParseError{Path: path, Err: ErrTooLarge,
			Msg: fmt.Sprintf("draft is %d bytes, over the %d MiB limit", len(data), MaxDraftSize>>20)}
	}
	if err := checkDraftText(path, data); err != nil {
		return nil, err
	}
	data = bytes.Clone(data)
	s, err := splitFrontMatter(path, data)
	if err != nil {
		return nil, err
	}
	d := &Draft{
		Path:     path,
		idKey:    idKey,
		Format:   s.format,
		Body:     s.body,
		BodyLine: s.bodyLine,
		raw:      data,
		bom:      s.bom,
		closing:  s.closing,
		opening:  s.opening,
		block:    s.block,
	}
	switch s.format {
	case FormatYAML:
		d.yaml, err = parseYAMLBlock(s.block)
	case FormatTOML:
		d.toml, err = parseTOMLBlock(s.block)
	}
	if err != nil {
		return nil, d.blockError(err)
	}
	if d.ID, d.Title, err = d.identity(); err != nil {
		return nil, err
	}
	return d, nil
}

// blockError turns a problem found inside the front matter into a
// ParseError with the line in the file.
func (d *Draft) blockError(err error) error {
	var be *frontMatterBlockError
	if !errors.As(err, &be) {
		return &ParseError{Path: d.Path, Line: 1, Msg: err.Error(), Err: err}
	}
	line := be.line
	if line < 1 {
		// yaml.v3 leaves the line out of its message when the problem is
		// on the block's first line.
		line = 1
	}
	return &ParseError{Path: d.Path, Line: line + 1, Column: be.col, Msg: be.msg, Err: be.err}
}

// identity reads and checks id and title.
func (d *Draft) identity() (id, title string, err error) {
	switch d.Format {
	case FormatYAML:
		id, _, line, err := d.yaml.scalar(d.idKey)
		if err == nil && id != "" && !ValidID(id) {
			err = fmt.Errorf("id %q is not a valid draft id (%d characters from %q)", id, idLength, idAlphabet)
		}
		if err != nil {
			return "", "", d.blockError(&frontMatterBlockError{line: line, msg: err.Error()})
		}
		title, _, line, err := d.yaml.scalar("title")
		if err != nil {
			return "", "", d.blockError(&frontMatterBlockError{line: line, msg: err.Error()})
		}
		return id, title, nil
	case FormatTOML:
		id, _, err := d.toml.scalar(d.idKey)
		if err == nil {
			raw, present := d.toml.values[d.idKey]
			if _, isString := raw.(string); present && (!isString || id != "") && !ValidID(id) {
				err = fmt.Errorf("id %q is not a valid draft id (%d characters from %q)", id, idLength, idAlphabet)
			}
		}
		if err != nil {
			return "", "", d.blockError(&frontMatterBlockError{line: tomlKeyLine(d.block, d.idKey), msg: err.Error()})
		}
		title, _, err := d.toml.scalar("title")
		if err != nil {
			return "", "", d.blockError(&frontMatterBlockError{line: tomlKeyLine(d.block, "title"), msg: err.Error()})
		}
		return id, title, nil
	}
	return "", "", nil
}

// New returns a new draft for the file at path, with YAML front matter
// holding id, title, date (YYYY-MM-DD, in date's location) and draft: true,
// in that order; a page in a Jekyll _drafts folder, which is not live
// already, gets no draft key (Jekyll ignores it). id must be "" (left out)
// or valid (see ValidID). A title that is not valid UTF-8 or holds control
// characters is cleaned, since New cannot fail.
func New(path, id, title string, date time.Time, body []byte) *Draft {
	return newDraft(path, DefaultIDKey, id, title, date, body, true)
}

// newDraft is New with cc's id under idKey, and draft: true only with
// draftKey (and never in a Jekyll _drafts folder).
func newDraft(path, idKey, id, title string, date time.Time, body []byte, draftKey bool) *Draft {
	title = cleanTitle(title)
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	add := func(key string, value *yaml.Node) {
		root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, value)
	}
	if id != "" {
		add(idKey, yamlStringNode(id))
	}
	add("title", yamlStringNode(title))
	add("date", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: date.Format(time.DateOnly)})
	if _, jekyllDraft := JekyllPostPath(path, date); draftKey && !jekyllDraft {
		add("draft", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	// Encoding a flat mapping of valid strings cannot fail.
	_ = enc.Encode(doc)
	_ = enc.Close()
	fm, err := parseYAMLBlock(buf.Bytes())
	if err != nil {
		fm = &yamlFrontMatter{doc: doc, root: root} // positions unknown: Set re-encodes
	}
	d := &Draft{
		Format:  FormatYAML,
		idKey:   idKey,
		ID:      id,
		Title:   title,
		closing: "---",
		block:   buf.Bytes(),
		yaml:    fm,
	}
	d.SetBody(body)
	return d
}

// cleanTitle makes a title that front matter can carry: invalid UTF-8
// becomes U+FFFD and control characters become spaces.
func cleanTitle(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if checkFrontMatterText("title", s) == nil {
		return s
	}
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xfeff {
			return ' '
		}
		return r
	}, s)
}

// Get returns the top-level front matter value of key as a string, when it
// is a single value (not a list or a mapping). A null value is "".
func (d *Draft) Get(key string) (string, bool) {
	switch d.Format {
	case FormatYAML:
		v, ok, _, err := d.yaml.scalar(key)
		return v, ok && err == nil
	case FormatTOML:
		v, ok, err := d.toml.scalar(key)
		return v, ok && err == nil
	}
	return "", false
}

// Set sets the top-level key to the string value. In YAML front matter the
// value's line is rewritten, or a line appended for a new key; the rest of
// the block stays as written. In TOML front matter only a top-level
// `key = "value"` line is added or replaced. A draft without front matter
// gets YAML front matter. Setting cc's id key (see SetID) needs a valid id.
func (d *Draft) Set(key, value string) error {
	if err := checkFrontMatterText("key", key); err != nil {
		return err
	}
	if key == "" {
		return errors.New("front matter key is empty")
	}
	if err := checkFrontMatterText("value", value); err != nil {
		return fmt.Errorf("set %s: %w", key, err)
	}
	if key == d.idKey && !ValidID(value) {
		return fmt.Errorf("set %s: %q is not a valid draft id (%d characters from %q)", key, value, idLength, idAlphabet)
	}
	if d.Format == FormatTOML {
		return d.setTOML(key, value)
	}
	return d.setYAML(key, yamlStringNode(value))
}

// SetID sets cc's id, under the key the draft was parsed with.
func (d *Draft) SetID(id string) error { return d.Set(d.idKey, id) }

// IDKey is the front-matter key that holds cc's id in this draft.
func (d *Draft) IDKey() string { return d.idKey }

// SetBool sets the top-level key to a boolean, as in `draft: false`.
func (d *Draft) SetBool(key string, v bool) error {
	if err := checkFrontMatterText("key", key); err != nil {
		return err
	}
	if key == "" {
		return errors.New("front matter key is empty")
	}
	if key == d.idKey || key == "title" {
		return fmt.Errorf("set %s: must be a string", key)
	}
	if d.Format == FormatTOML {
		return d.setTOML(key, v)
	}
	return d.setYAML(key, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(v)})
}

// checkFrontMatterText rejects text that front matter cannot carry or that
// would not survive the LF-only output: invalid UTF-8 and control
// characters other than tab and newline.
func checkFrontMatterText(what, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid UTF-8", what)
	}
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xfeff {
			return fmt.Errorf("%s holds the control character %U", what, r)
		}
	}
	return nil
}

func (d *Draft) setYAML(key string, want *yaml.Node) error {
	if d.Format == FormatOther {
		return d.foreignError(key)
	}
	if d.Format == FormatNone && d.bareMeta != "" {
		// Front matter above the meta-data would make it page text: the
		// meta-data becomes the front matter.
		nd, err := d.withMetaAsFrontMatter()
		if err != nil {
			return &ParseError{Path: d.displayPath(), Line: 1,
				Msg: fmt.Sprintf("cannot set %s: %s, and %v", key, d.bareMeta, err)}
		}
		if err := nd.setYAML(key, want); err != nil {
			return err
		}
		*d = *nd
		return nil
	}
	fm := d.yaml
	if d.Format == FormatNone {
		fm = &yamlFrontMatter{doc: &yaml.Node{Kind: yaml.DocumentNode}}
	}
	block, nfm, err := yamlSetScalar(d.block, fm, key, want)
	if err != nil {
		return fmt.Errorf("set %s in %s: %w", key, d.displayPath(), err)
	}
	if d.Format == FormatNone {
		d.Format, d.closing = FormatYAML, "---"
	}
	d.block, d.yaml = block, nfm
	d.afterSet(key, want.Value)
	return nil
}

// foreignError is why key cannot be set in front matter cc does not write.
func (d *Draft) foreignError(key string) error {
	return &ParseError{Path: d.displayPath(), Line: 1,
		Msg: fmt.Sprintf("cannot set %s: the front matter is opened with %q, a language cc does not write; rewrite it as YAML (---) for cc to record anything about this page", key, d.opening)}
}

func (d *Draft) setTOML(key string, want any) error {
	block, nfm, err := tomlSetValue(d.block, d.toml, key, want)
	if err != nil {
		return fmt.Errorf("set %s in %s: %w", key, d.displayPath(), err)
	}
	d.block, d.toml = block, nfm
	d.afterSet(key, fmt.Sprint(want))
	return nil
}

func (d *Draft) afterSet(key, value string) {
	switch key {
	case d.idKey:
		d.ID = value
	case "title":
		d.Title = value
	}
	d.changed = true
	d.BodyLine = d.bodyLine()
}

func (d *Draft) displayPath() string {
	if d.Path == "" {
		return "draft"
	}
	return d.Path
}

// bodyLine is the line the body starts on when the draft is written out.
func (d *Draft) bodyLine() int {
	if d.Format == FormatNone {
		return 1
	}
	return 3 + bytes.Count(d.block, []byte("\n"))
}

// SetBody replaces the Markdown after the front matter. Line endings are
// written as LF.
func (d *Draft) SetBody(b []byte) {
	d.Body = normalizeLF(bytes.Clone(b))
	if d.Format == FormatNone && startsWithFrontMatterDelimiter(d.Body) {
		// Written alone, this body would be read back as front matter;
		// an empty front matter block in front keeps it body.
		d.Format, d.closing = FormatYAML, "---"
		d.block, d.yaml = nil, &yamlFrontMatter{doc: &yaml.Node{Kind: yaml.DocumentNode}}
	}
	d.changed = true
	d.BodyLine = d.bodyLine()
}

// Bytes returns the draft file: front matter and body. When nothing was
// changed since Parse it returns exactly the bytes Parse read; otherwise it
// writes LF line endings, keeping a leading UTF-8 BOM.
func (d *Draft) Bytes() []byte {
	if !d.changed && d.raw != nil {
		return bytes.Clone(d.raw)
	}
	var b bytes.Buffer
	b.Grow(len(d.block) + len(d.Body) + 16)
	if d.bom {
		b.WriteString(utf8BOM)
	}
	switch d.Format {
	case FormatYAML:
		b.WriteString("---\n")
	case FormatTOML:
		b.WriteString("+++\n")
	case FormatOther:
		b.WriteString(d.opening + "\n")
	}
	if d.Format != FormatNone {
		b.Write(d.block)
		if len(d.block) > 0 && d.block[len(d.block)-1] != '\n' {
			b.WriteByte('\n')
		}
		b.WriteString(d.closing)
		b.WriteByte('\n')
	}
	b.Write(d.Body)
	return b.Bytes()
}

// Meta returns the front matter decoded into plain values, ready for JSON:
// mappings are map[string]any, dates and times are strings, and non-finite
// numbers are strings. The map is new on every call.
func (d *Draft) Meta() map[string]any {
	var m map[string]any
	switch d.Format {
	case FormatYAML:
		m = d.yaml.meta()
	case FormatTOML:
		m = d.toml.values
	default:
		return map[string]any{}
	}
	out, _ := jsonReadyValue(m).(map[string]any)
	if out == nil {
		out = map[string]any{}
	}
	if d.ID != "" {
		out[d.idKey] = d.ID // "234567" is an int to YAML, but an id is a string
	}
	return out
}
