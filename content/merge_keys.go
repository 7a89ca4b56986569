package content

import (
	"bytes"

	"gopkg.in/yaml.v3"
)

// MergeKeys merges three versions of a YAML mapping (a draft's front
// matter, .cc/config.yaml) key by key: a top-level key changed, added or
// removed on one side only takes that side's version, and a key both
// changed differently is a conflict. Each key keeps the text it was written
// with (its lines up to the next key, comments included), so what neither
// side touched is left byte for byte. ok is false when a version is not a
// YAML mapping or the merged keys do not read back as one; the caller then
// merges the text line by line.
func MergeKeys(base, ours, theirs []byte, labels MergeLabels) (res MergeResult, ok bool) {
	b, okB := yamlSegments(base)
	o, okO := yamlSegments(ours)
	t, okT := yamlSegments(theirs)
	if !okB || !okO || !okT {
		return MergeResult{}, false
	}
	var buf bytes.Buffer
	line := 1
	write := func(seg []byte) {
		buf.Write(seg)
		line += bytes.Count(seg, []byte("\n"))
	}
	var wrote []string // the keys written, in order, for the check below
	conflict := func(key string, ours, theirs []byte) {
		res.Conflicts = append(res.Conflicts, MergeConflict{Line: line, Key: key,
			Ours: o.lines(key), Theirs: t.lines(key)})
		write([]byte("<<<<<<< " + labels.Ours + "\n"))
		write(ours)
		write([]byte("=======\n"))
		write(theirs)
		write([]byte(">>>>>>> " + labels.Theirs + "\n"))
	}
	// pick writes the merge of one key present on at least one side.
	pick := func(key string) {
		bs, inB := b.text[key]
		os, inO := o.text[key]
		ts, inT := t.text[key]
		switch {
		case inO && inT && bytes.Equal(os, ts),
			inO && (!inB && !inT || inB && inT && bytes.Equal(ts, bs)): // changed or added by ours only
			write(os)
			wrote = append(wrote, key)
		case inT && (!inB && !inO || inB && inO && bytes.Equal(os, bs)): // changed or added by theirs only
			write(ts)
			wrote = append(wrote, key)
		case inB && (!inO && (!inT || bytes.Equal(ts, bs)) || !inT && bytes.Equal(os, bs)):
			// removed on one side, untouched on the other
		default:
			conflict(key, os, ts)
		}
	}
	done := map[string]bool{}
	// Keys theirs added go after the key that precedes them in theirs.
	after := map[string][]string{}
	var leading []string
	prev, hasPrev := "", false
	for _, k := range t.keys {
		if _, inO := o.text[k]; !inO {
			if hasPrev {
				after[prev] = append(after[prev], k)
			} else {
				leading = append(leading, k)
			}
			continue
		}
		prev, hasPrev = k, true
	}
	emit := func(k string) {
		if done[k] {
			return
		}
		done[k] = true
		pick(k)
		for _, n := range after[k] {
			if !done[n] {
				done[n] = true
				pick(n)
			}
		}
	}
	for _, k := range leading {
		done[k] = true
		pick(k)
	}
	for _, k := range o.keys {
		emit(k)
	}
	res.Text = buf.Bytes()
	if res.Text == nil {
		res.Text = []byte{}
	}
	if len(res.Conflicts) == 0 {
		// The pieces must read back as the same keys, each with its
		// piece: an indented key next to one that is not does not.
		m, ok := yamlSegments(res.Text)
		if !ok || len(m.keys) != len(wrote) {
			return MergeResult{}, false
		}
		for i, k := range m.keys {
			if k != wrote[i] {
				return MergeResult{}, false
			}
		}
	}
	return res, true
}

// yamlSegmented is a YAML mapping cut into one piece of text per top-level
// key. The lines before the first key are the piece of key "".
type yamlSegmented struct {
	keys  []string
	text  map[string][]byte
	start map[string]int // first line of each piece
}

func (s yamlSegmented) lines(key string) LineRange {
	t, ok := s.text[key]
	if !ok {
		return LineRange{From: 1, To: 0}
	}
	from := s.start[key]
	return LineRange{From: from, To: from + bytes.Count(t, []byte("\n")) - 1}
}

// yamlSegments cuts a YAML mapping into its keys' pieces. ok is false when
// it is not a mapping of plain keys without duplicates.
func yamlSegments(text []byte) (seg yamlSegmented, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	seg = yamlSegmented{text: map[string][]byte{}, start: map[string]int{}}
	lines := splitLines(text)
	if n := len(lines); n > 0 && !bytes.HasSuffix(lines[n-1], []byte("\n")) {
		lines[n-1] = append(append([]byte(nil), lines[n-1]...), '\n')
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return seg, false
	}
	var starts []int
	if len(doc.Content) > 0 {
		root := doc.Content[0]
		if root.Kind != yaml.MappingNode {
			return seg, false
		}
		for i := 0; i+1 < len(root.Content); i += 2 {
			k := root.Content[i]
			if k.Kind != yaml.ScalarNode || k.Value == "" {
				return seg, false
			}
			if _, dup := seg.start[k.Value]; dup {
				return seg, false
			}
			if len(starts) > 0 && k.Line <= starts[len(starts)-1] {
				return seg, false // two keys on one line: a flow mapping
			}
			seg.keys = append(seg.keys, k.Value)
			seg.start[k.Value] = k.Line
			starts = append(starts, k.Line)
		}
	}
	piece := func(from, to int) []byte { // lines from..to-1, 1-based
		var b []byte
		for _, l := range lines[from-1 : to-1] {
			b = append(b, l...)
		}
		return b
	}
	first := len(lines) + 1
	if len(starts) > 0 {
		first = starts[0]
	}
	if first > 1 {
		seg.keys = append([]string{""}, seg.keys...)
		seg.start[""] = 1
		seg.text[""] = piece(1, first)
	}
	for i, k := range seg.keys {
		if k == "" {
			continue
		}
		end := len(lines) + 1
		if j := i + 1; j < len(seg.keys) {
			end = seg.start[seg.keys[j]]
		}
		seg.text[k] = piece(seg.start[k], end)
	}
	return seg, true
}

// MergeDraft merges three versions of a draft file: the front matter key
// by key (MergeKeys) and the body line by line (Merge3). Files whose front
// matter is not YAML on all three sides, or cannot be merged by key, are
// merged line by line as a whole.
func MergeDraft(path string, base, ours, theirs []byte, labels MergeLabels) MergeResult {
	switch {
	case bytes.Equal(ours, theirs) || bytes.Equal(theirs, base):
		return MergeResult{Text: ours}
	case bytes.Equal(ours, base):
		return MergeResult{Text: theirs}
	}
	whole := func() MergeResult { return Merge3(base, ours, theirs, labels) }
	var sp [3]*frontMatterSplit
	for i, data := range [][]byte{base, ours, theirs} {
		if checkDraftText(path, data) != nil {
			return whole()
		}
		s, err := splitFrontMatter(path, data)
		if err != nil || s.format != FormatYAML || i > 0 && s.bom != sp[0].bom {
			return whole()
		}
		sp[i] = s
	}
	fm, ok := MergeKeys(sp[0].block, sp[1].block, sp[2].block, labels)
	if !ok {
		return whole()
	}
	body := Merge3(sp[0].body, sp[1].body, sp[2].body, labels)
	var buf bytes.Buffer
	if sp[1].bom {
		buf.WriteString(utf8BOM)
	}
	buf.WriteString("---\n")
	buf.Write(fm.Text)
	buf.WriteString(sp[1].closing + "\n")
	res := MergeResult{}
	for _, c := range fm.Conflicts {
		c.Line++
		c.Ours = shiftRange(c.Ours, sp[1].blockLine-1)
		c.Theirs = shiftRange(c.Theirs, sp[2].blockLine-1)
		res.Conflicts = append(res.Conflicts, c)
	}
	bodyAt := 2 + bytes.Count(fm.Text, []byte("\n"))
	for _, c := range body.Conflicts {
		c.Line += bodyAt
		c.Ours = shiftRange(c.Ours, sp[1].bodyLine-1)
		c.Theirs = shiftRange(c.Theirs, sp[2].bodyLine-1)
		res.Conflicts = append(res.Conflicts, c)
	}
	buf.Write(body.Text)
	res.Text = buf.Bytes()
	return res
}

func shiftRange(r LineRange, by int) LineRange {
	return LineRange{From: r.From + by, To: r.To + by}
}
