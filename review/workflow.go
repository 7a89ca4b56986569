package review

import (
	"strings"
)

// stateIndex is the position of state in w.States, or -1.
func (w Workflow) stateIndex(state string) int {
	for i, s := range w.States {
		if s == state {
			return i
		}
	}
	return -1
}

// MatchIdentity reports whether id, as config and review requests write
// people ("email", "Name" or "Name <email>"), names p: the email matches
// ignoring letter case, or the name matches exactly.
func MatchIdentity(id string, p Person) bool {
	q := ParsePerson(id)
	if q.Email != "" {
		return p.Email != "" && equalFoldASCII(q.Email, p.Email)
	}
	return q.Name != "" && q.Name == p.Name
}

// ParsePerson reads a person as front matter `author:` and config write
// them: "Name <email>", "email" (anything with an @ and no spaces) or
// "Name".
func ParsePerson(s string) Person {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '<'); i >= 0 && strings.HasSuffix(s, ">") {
		return Person{Name: strings.TrimSpace(s[:i]), Email: strings.TrimSpace(s[i+1 : len(s)-1])}
	}
	if strings.Contains(s, "@") && !strings.ContainsAny(s, " \t") {
		return Person{Email: s}
	}
	return Person{Name: s}
}
