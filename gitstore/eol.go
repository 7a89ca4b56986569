package gitstore

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitattributes"
)

// LineEndings is the end-of-line conversion git applies to a file it
// commits, decided as git's convert.c does from the text, eol and crlf
// attributes and core.autocrlf. It reads core.attributesFile, the
// .gitattributes files of the work tree (the root's and those of the
// folders on a path, read on first use) and info/attributes.
type LineEndings struct {
	root     string
	autocrlf string // "true", "input" or "" (false)
	global   []gitattributes.MatchAttribute
	info     []gitattributes.MatchAttribute
	dirs     map[string][]gitattributes.MatchAttribute
}

// eolAction is what happens to CRLF in a file being committed.
type eolAction int

const (
	eolNone eolAction = iota // stored as it is
	eolText                  // every CRLF becomes LF
	eolAuto                  // as eolText, unless the file looks binary or is committed with CRLF
)

// LineEndings reads the rules that decide which files have their CRLF
// line ends stored as LF.
func (s *Store) LineEndings() (*LineEndings, error) {
	cfg, err := s.config()
	if err != nil {
		return nil, err
	}
	l := &LineEndings{root: s.root, dirs: map[string][]gitattributes.MatchAttribute{}}
	if v, ok := cfg.get("core.autocrlf"); ok {
		if strings.EqualFold(strings.TrimSpace(v), "input") {
			l.autocrlf = "input"
		} else if b, ok := parseConfigBool(v); ok && b {
			l.autocrlf = "true"
		}
	}
	l.global = readAttributes(userGitFile(cfg, "core.attributesfile", s.commonDir, "attributes"), nil)
	l.info = readAttributes(filepath.Join(s.commonDir, "info", "attributes"), nil)
	return l, nil
}

// readAttributes reads a gitattributes file; a missing or unreadable one
// (a symbolic link too, which git refuses for .gitattributes) has no rules,
// and a line git would reject is skipped.
func readAttributes(name string, domain []string) []gitattributes.MatchAttribute {
	if fi, err := os.Lstat(name); err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	var out []gitattributes.MatchAttribute
	for _, line := range strings.Split(string(data), "\n") {
		m, err := gitattributes.ParseAttributesLine(strings.TrimSuffix(line, "\r"), domain, false)
		if err == nil && m.Pattern != nil {
			out = append(out, m)
		}
	}
	return out
}

// folder returns the rules of dir's .gitattributes ("" is the root).
func (l *LineEndings) folder(dir string) []gitattributes.MatchAttribute {
	if rules, ok := l.dirs[dir]; ok {
		return rules
	}
	var rules []gitattributes.MatchAttribute
	if l.root != "" && checkLinks(l.root, joinPath(dir, ".gitattributes")) == nil {
		var domain []string
		if dir != "" {
			domain = strings.Split(dir, "/")
		}
		rules = readAttributes(filepath.Join(l.root, filepath.FromSlash(dir), ".gitattributes"), domain)
	}
	l.dirs[dir] = rules
	return rules
}

// action decides what committing p does to its line ends.
func (l *LineEndings) action(p string) eolAction {
	stack := append([]gitattributes.MatchAttribute(nil), l.global...)
	stack = append(stack, l.folder("")...)
	for i := strings.IndexByte(p, '/'); i >= 0; i = nextSlash(p, i) {
		stack = append(stack, l.folder(p[:i])...)
	}
	stack = append(stack, l.info...)
	parts := strings.Split(p, "/")
	text, crlf, eol := "", "", ""
	for _, m := range stack {
		if !m.Pattern.Match(parts) {
			continue
		}
		for _, a := range m.Attributes {
			switch a.Name() {
			case "text":
				text = attrState(a)
			case "crlf":
				crlf = attrState(a)
			case "eol":
				eol = attrState(a)
			case "binary":
				if a.IsSet() {
					text = "unset"
				}
			}
		}
	}
	if text == "" || text == "unspecified" {
		text = crlf // the old name of the attribute
	}
	switch {
	case text == "unset":
		return eolNone
	case text == "auto":
		return eolAuto
	case text == "set" || text == "input":
		return eolText
	case eol == "lf" || eol == "crlf":
		return eolText // eol alone makes a file text
	case l.autocrlf != "":
		return eolAuto
	}
	return eolNone
}

// attrState is "set", "unset", "unspecified" or the attribute's value.
func attrState(a gitattributes.Attribute) string {
	switch {
	case a.IsSet():
		return "set"
	case a.IsUnset():
		return "unset"
	case a.IsValueSet():
		return a.Value()
	}
	return "unspecified"
}

// Clean returns data as git stores the file p: with CRLF turned into LF
// when the attributes make p text. For text=auto (and core.autocrlf) a
// file that looks binary is left alone, and so is one whose committed
// content, which committed returns (nil when there is none), has CRLF
// already: converting it would rewrite every line.
func (l *LineEndings) Clean(p string, data []byte, committed func() ([]byte, error)) ([]byte, error) {
	if !bytes.Contains(data, []byte("\r\n")) {
		return data, nil
	}
	switch l.action(p) {
	case eolNone:
		return data, nil
	case eolAuto:
		if looksBinary(data) {
			return data, nil
		}
		if committed != nil {
			old, err := committed()
			if err != nil {
				return nil, err
			}
			if bytes.Contains(old, []byte("\r\n")) {
				return data, nil
			}
		}
	}
	return bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), nil
}

// looksBinary is git's guess for text=auto: a NUL, a CR not before LF, or
// more than one control character in 128 printable ones.
func looksBinary(data []byte) bool {
	printable, control := 0, 0
	for i, c := range data {
		switch {
		case c == 0:
			return true
		case c == '\r':
			if i+1 >= len(data) || data[i+1] != '\n' {
				return true
			}
		case c == '\n', c == '\t', c == '\b', c == 033, c == 014:
			printable++
		case c < 32 || c == 127:
			control++
		default:
			printable++
		}
	}
	return printable>>7 < control
}
