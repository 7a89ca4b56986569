package gitstore

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Signature is who made a commit, and when.
type Signature struct {
	Name  string
	Email string
	When  time.Time
}

// identityError names the part of the author's or committer's identity
// that is missing, and the settings that give it.
func identityError(role, env string, name, email bool) error {
	var what, config, vars []string
	if !name {
		what = append(what, "name")
		config = append(config, `git config --global user.name "Your Name"`)
		vars = append(vars, env+"NAME")
	}
	if !email {
		what = append(what, "e-mail")
		config = append(config, "git config --global user.email you@example.com")
		vars = append(vars, env+"EMAIL")
	}
	return fmt.Errorf("%s %s unknown: set it with %s (or %s)", role, strings.Join(what, " and "), strings.Join(config, " and "), strings.Join(vars, " and "))
}

// Identity resolves the commit's author and committer the way git does:
// GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL and GIT_AUTHOR_DATE, then
// author.name/author.email, then user.name/user.email from config
// (includes followed), then EMAIL; the committer likewise from
// GIT_COMMITTER_* and committer.* keys. now is used when no date is set.
// The config is read once for both.
func (s *Store) Identity(now time.Time) (author, committer Signature, err error) {
	cfg, err := s.config()
	if err != nil {
		return Signature{}, Signature{}, err
	}
	if author, err = resolveIdentity(cfg, os.Getenv, "author", now); err != nil {
		return Signature{}, Signature{}, err
	}
	if committer, err = resolveIdentity(cfg, os.Getenv, "committer", now); err != nil {
		return Signature{}, Signature{}, err
	}
	return author, committer, nil
}

func resolveIdentity(cfg *gitConfig, getenv func(string) string, role string, now time.Time) (Signature, error) {
	env := "GIT_" + strings.ToUpper(role) + "_"
	pick := func(envKey, cfgKey string) string {
		if v := getenv(env + envKey); v != "" {
			return v
		}
		if v, ok := cfg.get(role + "." + cfgKey); ok && v != "" {
			return v
		}
		if v, ok := cfg.get("user." + cfgKey); ok && v != "" {
			return v
		}
		return ""
	}
	sig := Signature{Name: pick("NAME", "name"), Email: pick("EMAIL", "email"), When: now}
	if sig.Email == "" {
		sig.Email = getenv("EMAIL")
	}
	sig.Name, sig.Email = cleanIdent(sig.Name), cleanIdent(sig.Email)
	if sig.Name == "" || sig.Email == "" {
		return Signature{}, identityError(role, env, sig.Name != "", sig.Email != "")
	}
	if d := getenv(env + "DATE"); d != "" {
		t, err := parseGitDate(d)
		if err != nil {
			return Signature{}, fmt.Errorf("%sDATE: %w", env, err)
		}
		sig.When = t
	}
	return sig, nil
}

// cleanIdent drops what git strips from names and e-mails: the characters
// that would break the "Name <email>" line, and surrounding crud.
func cleanIdent(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '<' || r == '>' || r == '\n' || r == 0 {
			return -1
		}
		return r
	}, s)
	return strings.Trim(s, " \t\r.,:;\"'\\")
}

// parseGitDate accepts the date forms people put in GIT_*_DATE: git's own
// "<unix> <+zzzz>" (optionally with @), RFC 3339 and RFC 2822.
func parseGitDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if f := strings.Fields(s); len(f) == 2 && len(f[1]) == 5 && (f[1][0] == '+' || f[1][0] == '-') {
		if sec, err := strconv.ParseInt(strings.TrimPrefix(f[0], "@"), 10, 64); err == nil {
			if loc, ok := parseTZ(f[1]); ok {
				return time.Unix(sec, 0).In(loc), nil
			}
		}
	}
	if sec, err := strconv.ParseInt(strings.TrimPrefix(s, "@"), 10, 64); err == nil && strings.HasPrefix(s, "@") {
		return time.Unix(sec, 0).UTC(), nil
	}
	for _, layout := range []string{
		time.RFC3339Nano, time.RFC1123Z, "Mon, 2 Jan 2006 15:04:05 -0700",
		"2 Jan 2006 15:04:05 -0700", time.RFC1123, "2006-01-02 15:04:05 -0700",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unsupported date %q: use RFC 3339, RFC 2822 or \"<unix> <+zzzz>\"", s)
}

func parseTZ(z string) (*time.Location, bool) {
	h, err1 := strconv.Atoi(z[1:3])
	m, err2 := strconv.Atoi(z[3:5])
	if err1 != nil || err2 != nil {
		return nil, false
	}
	off := (h*60 + m) * 60
	if z[0] == '-' {
		off = -off
	}
	return time.FixedZone("", off), true
}

// appendIdent writes "Name <email> unix +zzzz" as in commit and reflog lines.
func appendIdent(b []byte, sig Signature) []byte {
	b = append(b, cleanIdent(sig.Name)...)
	b = append(b, " <"...)
	b = append(b, cleanIdent(sig.Email)...)
	b = append(b, "> "...)
	b = strconv.AppendInt(b, sig.When.Unix(), 10)
	_, off := sig.When.Zone()
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	off /= 60
	return append(b, ' ', sign, byte('0'+off/600%10), byte('0'+off/60%10), byte('0'+off%60/10), byte('0'+off%10))
}
