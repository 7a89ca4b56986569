package review

import (
	"fmt"
	"strings"
	"time"
)

// The options field of an allowed_signers line: namespaces, validity
// times and cert-authority.

// parseOptions reads the options field as OpenSSH does (sshsigopt_parse):
// keywords are case-insensitive, values are in double quotes, and anything
// it does not know is an error, so that no option is quietly ignored.
func (e *allowedSigner) parseOptions(opts string) (ca bool, err error) {
	for opts != "" {
		option := opts
		switch {
		case hasPrefixFold(opts, "cert-authority"):
			ca = true
			opts = opts[len("cert-authority"):]
		case hasPrefixFold(opts, "namespaces="):
			if e.namespaces != nil {
				return false, fmt.Errorf(`more than one "namespaces" option`)
			}
			var v string
			if v, opts, err = dequote("namespaces", opts[len("namespaces="):]); err != nil {
				return false, err
			}
			e.namespaces = &v
		case hasPrefixFold(opts, "valid-after="), hasPrefixFold(opts, "valid-before="):
			name, _, _ := strings.Cut(opts, "=")
			name = strings.ToLower(name)
			at := &e.after
			if name == "valid-before" {
				at = &e.before
			}
			if *at != nil {
				return false, fmt.Errorf("more than one %q option", name)
			}
			var v string
			if v, opts, err = dequote(name, opts[len(name)+1:]); err != nil {
				return false, err
			}
			t, ok := parseSignerTime(v)
			if !ok {
				return false, fmt.Errorf("invalid %s time %q: use YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, with Z for UTC", name, v)
			}
			*at = &t
		}
		if opts == "" {
			break
		}
		if opts[0] != ',' {
			name, _, _ := strings.Cut(option, ",")
			return false, fmt.Errorf("unknown option %q", name)
		}
		opts = opts[1:]
		if opts == "" {
			return false, fmt.Errorf("options end with a comma")
		}
	}
	if a, b := e.after, e.before; a != nil && b != nil && a.utc == b.utc && !b.civil.After(a.civil) {
		return false, fmt.Errorf("valid-before is not after valid-after")
	}
	return ca, nil
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// dequote reads a double-quoted option value at the start of s, where \"
// stands for a quote, and returns it and what follows.
func dequote(name, s string) (v, rest string, err error) {
	if s == "" || s[0] != '"' {
		return "", "", fmt.Errorf("the value of %s must be in double quotes", name)
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == '"':
			i++
			b.WriteByte('"')
		case s[i] == '"':
			return b.String(), s[i+1:], nil
		default:
			b.WriteByte(s[i])
		}
	}
	return "", "", fmt.Errorf("the value of %s has no closing quote", name)
}

// parseSignerTime reads OpenSSH's absolute times (parse_absolute_time):
// YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, then optionally Z or UTC.
func parseSignerTime(s string) (signerTime, bool) {
	var t signerTime
	switch {
	case len(s) > 1 && strings.EqualFold(s[len(s)-1:], "z"):
		t.utc, s = true, s[:len(s)-1]
	case len(s) > 3 && strings.EqualFold(s[len(s)-3:], "utc"):
		t.utc, s = true, s[:len(s)-3]
	}
	var layout string
	switch len(s) {
	case 8:
		layout = "20060102"
	case 12:
		layout = "200601021504"
	case 14:
		layout = "20060102150405"
	default:
		return t, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return t, false
		}
	}
	c, err := time.Parse(layout, s)
	if err != nil || c.Year() < 1970 {
		return t, false
	}
	t.civil = c
	return t, true
}
