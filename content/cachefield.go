package content

import "strings"

// cc's caches (the draft catalog, review summaries) are lines of
// tab-separated fields. AppendCacheField and UnescapeCacheField are their
// one field encoding: backslash, tab and newline are escaped as \\, \t and
// \n, and everything else is written as it is.

// AppendCacheField appends s to b, escaped.
func AppendCacheField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, "\\\t\n") {
		return append(b, s...)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b = append(b, '\\', '\\')
		case '\t':
			b = append(b, '\\', 't')
		case '\n':
			b = append(b, '\\', 'n')
		default:
			b = append(b, c)
		}
	}
	return b
}

// UnescapeCacheField undoes AppendCacheField; ok is false for an escape it
// does not write, which means the cache is damaged.
func UnescapeCacheField(s string) (string, bool) {
	if strings.IndexByte(s, '\\') < 0 {
		return s, true
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 == len(s) {
			return "", false
		}
		i++
		switch s[i] {
		case '\\':
			b.WriteByte('\\')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		default:
			return "", false
		}
	}
	return b.String(), true
}
