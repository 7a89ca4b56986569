package cmd

import "testing"

func TestInvalidUTF8(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"", -1},
		{"plain", -1},
		{"café ✓", -1},
		{"\uFFFD is a real character", -1},
		{"caf\xe9", 3},
		{"\xff", 0},
		{"ok\xc3", 2},         // truncated sequence
		{"a\xed\xa0\x80b", 1}, // a surrogate
		{"a\xc0\xafb", 1},     // an overlong slash
	} {
		if got := invalidUTF8(tc.in); got != tc.want {
			t.Errorf("invalidUTF8(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
