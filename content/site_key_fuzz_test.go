package content

import (
	"regexp"
	"testing"
)

// FuzzPlainKey checks the id_key check against the pattern it replaced.
func FuzzPlainKey(f *testing.F) {
	for _, s := range []string{"id", "cc_id", "_x", "x-1", "1x", "-x", "", "a b", "é", "a\n",
		"a123456789012345678901234567890123456789012345678901234567890123",
		"a1234567890123456789012345678901234567890123456789012345678901234"} {
		f.Add(s)
	}
	re := regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]{0,63}$`)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := plainKey(s), re.MatchString(s); got != want {
			t.Errorf("plainKey(%q) = %v, pattern says %v", s, got, want)
		}
		if err := (Site{IDKey: s}).Validate(); s != "" && (err == nil) != (re.MatchString(s) && s != "title" && s != "draft" && s != "date") {
			t.Errorf("Validate(id_key %q) = %v", s, err)
		}
	})
}

// FuzzYAML11NotString checks that the digit test in front of the number
// pattern never turns away a value the pattern matches.
func FuzzYAML11NotString(f *testing.F) {
	for _, s := range []string{"1:20", "+1:20", "-0b101", "0b1", "1_000", "+-1:20", "yes", "On", "Title", "", "+", "1.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if yaml11Number().MatchString(s) && !yaml11NotString(s) {
			t.Errorf("yaml11NotString(%q) = false, but YAML 1.1 reads it as a number", s)
		}
	})
}
