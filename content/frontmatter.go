package content

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// Format is the kind of front matter a draft starts with.
type Format int

// The front matter formats cc reads.
const (
	FormatNone Format = iota // no front matter: the whole file is body
	FormatYAML               // "---" ... "---" (or "...")
	FormatTOML               // "+++" ... "+++"
	// FormatOther is front matter in another language, opened with
	// "---" and its name ("---js", "---json", as gray-matter reads it,
	// which Eleventy, Astro, VitePress and Docusaurus use) and closed with
	// "---". cc keeps it as written and reads nothing from it.
	FormatOther
)

// String returns the format's name as used in messages and --json output.
func (f Format) String() string {
	switch f {
	case FormatNone:
		return "none"
	case FormatYAML:
		return "yaml"
	case FormatTOML:
		return "toml"
	case FormatOther:
		return "other"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// MaxDraftSize is the largest draft file Parse accepts, in bytes.
const MaxDraftSize = 32 << 20

// MaxFrontMatterSize is the largest front matter block Parse accepts, in
// bytes, not counting the delimiter lines.
const MaxFrontMatterSize = 256 << 10

const utf8BOM = "\xef\xbb\xbf"

// frontMatterSplit is a draft file cut into its parts. Lines are numbered
// from 1 in the file, the BOM taking no line.
type frontMatterSplit struct {
	bom       bool
	format    Format
	opening   string // the opening line of FormatOther ("---js")
	block     []byte // between the delimiter lines, LF line endings
	closing   string // the closing delimiter: "---", "..." or "+++"
	blockLine int    // line where block starts
	body      []byte // after the closing line, LF line endings
	bodyLine  int
}

// splitFrontMatter cuts data, already checked to be valid text, into BOM,
// front matter and body.
func splitFrontMatter(path string, data []byte) (*frontMatterSplit, error) {
	s := &frontMatterSplit{bodyLine: 1}
	if bytes.HasPrefix(data, []byte(utf8BOM)) {
		s.bom = true
		data = data[len(utf8BOM):]
	}
	first, rest, _ := cutLine(data)
	open := frontMatterDelimiter(first)
	switch open {
	case "---":
		s.format = FormatYAML
	case "+++":
		s.format = FormatTOML
	default:
		if s.opening = foreignOpening(first); s.opening == "" {
			s.body = normalizeLF(data)
			return s, nil
		}
		s.format, open = FormatOther, "---"
	}
	blockStart := len(data) - len(rest)
	line := 2
	for pos := blockStart; pos < len(data); line++ {
		l, _, n := cutLine(data[pos:])
		d := frontMatterDelimiter(l)
		if d == open || (s.format == FormatYAML && d == "...") {
			s.closing = d
			s.blockLine = 2
			block := data[blockStart:pos]
			if len(block) > MaxFrontMatterSize {
				return nil, &ParseError{Path: path, Line: 1, Err: ErrTooLarge,
					Msg: fmt.Sprintf("front matter is %d bytes, over the %d KiB limit", len(block), MaxFrontMatterSize>>10)}
			}
			s.block = normalizeLF(block)
			s.body = normalizeLF(data[pos+n:])
			s.bodyLine = line + 1
			return s, nil
		}
		pos += n
	}
	return nil, &ParseError{Path: path, Line: 1,
		Msg: fmt.Sprintf("front matter opened with %q on line 1 is never closed", open)}
}

// cutLine returns the first line of b without its line ending, the rest, and
// how many bytes the line took with its ending.
func cutLine(b []byte) (line, rest []byte, n int) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return b, nil, len(b)
	}
	return b[:i], b[i+1:], i + 1
}

// frontMatterDelimiter returns "---", "...", or "+++" when line is that
// delimiter, allowing trailing blanks and carriage returns as Jekyll and Hugo
// do, and "" otherwise.
func frontMatterDelimiter(line []byte) string {
	t := bytes.TrimRight(line, " \t\r")
	switch string(t) {
	case "---", "...", "+++":
		return string(t)
	}
	return ""
}

// normalizeLF turns every line ending into "\n". A run of carriage returns
// before a newline counts as part of the line ending, which keeps the
// function idempotent ("\r\r\n" does not become "\r\n" and then "\n").
// Lone carriage returns are left alone.
func normalizeLF(b []byte) []byte {
	if !bytes.Contains(b, []byte("\r\n")) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if b[i] != '\r' {
			out = append(out, b[i])
			i++
			continue
		}
		j := i
		for j < len(b) && b[j] == '\r' {
			j++
		}
		if j == len(b) || b[j] != '\n' {
			out = append(out, b[i:j]...)
		}
		i = j
	}
	return out
}

// checkDraftText finds the first byte that makes data unusable as a text
// file: invalid UTF-8 or NUL.
func checkDraftText(path string, data []byte) error {
	line, lineStart := 1, 0
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			switch c {
			case '\n':
				line++
				lineStart = i + 1
			case 0:
				return &ParseError{Path: path, Line: line, Column: i - lineStart + 1, Msg: "NUL byte in draft (binary file?)"}
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return &ParseError{Path: path, Line: line, Column: i - lineStart + 1,
				Msg: fmt.Sprintf("invalid UTF-8 (byte 0x%02x); drafts must be UTF-8", c)}
		}
		i += n
	}
	return nil
}

// startsWithFrontMatterDelimiter reports whether body, written out with no
// front matter before it, would be read back as the start of front matter.
func startsWithFrontMatterDelimiter(body []byte) bool {
	first, _, _ := cutLine(body)
	switch frontMatterDelimiter(first) {
	case "---", "+++":
		return true
	}
	return foreignOpening(first) != ""
}

// foreignOpening returns line, without trailing blanks, when it opens
// front matter in a named language ("---js", "---json"), and "" otherwise.
func foreignOpening(line []byte) string {
	t := bytes.TrimRight(line, " \t\r")
	lang, ok := bytes.CutPrefix(t, []byte("---"))
	if !ok || len(lang) == 0 || len(lang) > 16 {
		return ""
	}
	for i, c := range lang {
		letter := (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return ""
		}
	}
	return string(t)
}

// frontMatterBlockError is a problem inside a front matter block, at a line
// and column counted from the block's start (0 when unknown).
type frontMatterBlockError struct {
	line, col int
	msg       string
	err       error
}

func (e *frontMatterBlockError) Error() string { return e.msg }

// hasFrontMatterDelimiterLine reports whether some line of block would end
// the block early when written between delimiters.
func hasFrontMatterDelimiterLine(block []byte) bool {
	for len(block) > 0 {
		var line []byte
		line, block, _ = cutLine(block)
		if frontMatterDelimiter(line) != "" {
			return true
		}
	}
	return false
}
