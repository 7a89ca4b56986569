package content

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkifyParser turns addresses written as plain text into links: those
// starting http://, https://, ftp:// or www., and e-mail addresses (GFM
// spec, section 6.9, "Autolinks (extension)"). It reads them as goldmark's
// extension did, so the same text becomes the same links (FuzzGFMDiff):
//   - an address starts at the start of a line or after a space (not a
//     tab), `*`, `_`, `~` or `(`;
//   - the host is up to 256 characters of [-a-zA-Z0-9@:%._+~#=] and ends
//     with a dot and lowercase letters; an http(s) or ftp address may have
//     a port; what follows the host from a `/`, `#` or `?` on is the path;
//   - trailing `?!.,:*_~`, unmatched `)` and an entity such as `&amp;` are
//     left out of the link.
//
// One thing is not as goldmark had it: an e-mail address that starts
// www. but is no www. address links to mailto: and the address, as the
// spec says, not to mailto:http://www....
type linkifyParser struct{}

func (linkifyParser) Trigger() []byte {
	// ' ' stands for any white space and the start of a line.
	return []byte{' ', '*', '_', '~', '('}
}

func (linkifyParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if pc.IsInLinkLabel() {
		return nil
	}
	line, seg := block.PeekLine()
	lead := 0
	switch line[0] {
	case ' ', '*', '_', '~', '(':
		lead = 1
	}
	line = line[lead:]
	kind := ast.AutoLinkURL
	var protocol []byte
	end := schemeURLEnd(line)
	if end < 0 && bytes.HasPrefix(line, []byte("www.")) {
		if end = wwwURLEnd(line); end >= 0 {
			protocol = []byte("http")
		}
	}
	if end < 0 {
		kind = ast.AutoLinkEmail
		if end = emailEnd(line); end < 0 {
			return nil
		}
	}
	end = trimLinkEnd(line, end)
	if lead != 0 {
		ast.MergeOrAppendTextSegment(parent, seg.WithStop(seg.Start+1))
	}
	block.Advance(lead + end)
	start := seg.Start + lead
	link := ast.NewAutoLink(kind, ast.NewTextSegment(text.NewSegment(start, start+end)))
	link.Protocol = protocol
	return link
}

func (linkifyParser) CloseBlock(ast.Node, parser.Context) {}

// schemeURLEnd is where an http, https or ftp address at the start of
// line ends, or -1.
func schemeURLEnd(line []byte) int {
	var host int
	switch {
	case bytes.HasPrefix(line, []byte("http://")):
		host = len("http://")
	case bytes.HasPrefix(line, []byte("https://")):
		host = len("https://")
	case bytes.HasPrefix(line, []byte("ftp://")):
		host = len("ftp://")
	default:
		return -1
	}
	end := hostEnd(line, host)
	if end < 0 {
		return -1
	}
	if end+1 < len(line) && line[end] == ':' && isDigit(line[end+1]) {
		end += 2
		for end < len(line) && isDigit(line[end]) {
			end++
		}
	}
	return pathEnd(line, end, true)
}

// wwwURLEnd is where an address starting www. ends, or -1.
func wwwURLEnd(line []byte) int {
	end := hostEnd(line, len("www."))
	if end < 0 {
		return -1
	}
	return pathEnd(line, end, false)
}

// maxHost is the most characters of a host before its last dot.
const maxHost = 256

// hostEnd is where the host starting at line[from] ends: after the last
// dot followed by a lowercase letter that has at most maxHost host
// characters before it, and the lowercase letters after that dot; -1 if
// there is none.
func hostEnd(line []byte, from int) int {
	run := from
	for run < len(line) && run-from <= maxHost && isHostByte(line[run]) {
		run++
	}
	for dot := min(run-1, from+maxHost); dot > from; dot-- {
		if line[dot] == '.' && dot+1 < len(line) && isLower(line[dot+1]) {
			end := dot + 1
			for end < len(line) && isLower(line[end]) {
				end++
			}
			return end
		}
	}
	return -1
}

// pathEnd is where the path starting at line[from] ends: from itself
// unless a `/`, `#` or `?` starts one. A $ is part of the path of an
// address with a scheme only.
func pathEnd(line []byte, from int, dollar bool) int {
	if from >= len(line) || (line[from] != '/' && line[from] != '#' && line[from] != '?') {
		return from
	}
	end := from + 1
	for end < len(line) && (isPathByte(line[end]) || dollar && line[end] == '$') {
		end++
	}
	return end
}

// emailEnd is where an e-mail address at the start of line ends, or -1.
// Its domain has a dot, and it is not followed by - or _.
func emailEnd(line []byte) int {
	if len(line) > 0 && util.IsPunct(line[0]) {
		return -1
	}
	end := util.FindEmailIndex(line)
	if end < 0 {
		return -1
	}
	at := bytes.IndexByte(line, '@')
	if bytes.IndexByte(line[at:end-1], '.') < 0 {
		return -1
	}
	if end < len(line) && (line[end] == '-' || line[end] == '_') {
		return -1
	}
	return end
}

// trimLinkEnd takes trailing punctuation, closing parentheses with no
// opening one in the link, and a trailing entity reference off the link
// line[:end].
func trimLinkEnd(line []byte, end int) int {
	opening := bytes.Count(line[:end], []byte{'('})
	closing := bytes.Count(line[:end], []byte{')'})
	for end > 1 {
		switch line[end-1] {
		case '?', '!', '.', ',', ':', '*', '_', '~':
			end--
		case ')':
			if closing <= opening {
				return end
			}
			closing--
			end--
		case ';':
			amp := end - 2
			for amp > 0 && util.IsAlphaNumeric(line[amp]) {
				amp--
			}
			if amp == end-2 || line[amp] != '&' {
				return end
			}
			end = amp
		default:
			return end
		}
	}
	return end
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }
func isLower(b byte) bool { return 'a' <= b && b <= 'z' }

// isHostByte is [-a-zA-Z0-9@:%._+~#=].
func isHostByte(b byte) bool {
	return util.IsAlphaNumeric(b) || strings.IndexByte("-@:%._+~#=", b) >= 0
}

// isPathByte is [-a-zA-Z0-9@:%_+.~#!?&/=();,'">^{}[\]`].
func isPathByte(b byte) bool {
	return util.IsAlphaNumeric(b) || strings.IndexByte("-@:%_+.~#!?&/=();,'\">^{}[]`", b) >= 0
}
