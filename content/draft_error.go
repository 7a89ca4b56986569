package content

import (
	"errors"
	"strconv"
	"strings"
)

// ErrTooLarge is wrapped by the ParseError returned for a draft or a front
// matter block over its size limit.
var ErrTooLarge = errors.New("too large")

// ParseError reports a draft that cannot be read, with the file position of
// the problem when it is known.
type ParseError struct {
	Path   string // repo-relative slash path of the draft
	Line   int    // 1-based line in the file; 0 when unknown
	Column int    // 1-based byte column in the line; 0 when unknown
	Msg    string
	Err    error // the underlying error, if any
}

// Error formats the error as "path:line:col: msg", leaving out the parts that
// are unknown.
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		if b.Len() > 0 {
			b.WriteByte(':')
		}
		b.WriteString(strconv.Itoa(e.Line))
		if e.Column > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Column))
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }
