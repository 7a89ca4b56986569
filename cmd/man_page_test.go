package cmd

import "testing"

func TestRoffLines(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words", "plain words\n"},
		{".cc/config.yaml holds it\n'quoted'", "\\&.cc/config.yaml holds it\n\\&'quoted'\n"},
		{`a \ b`, "a \\e b\n"},
		{"read from `FILE` or `-`", "read from \\fBFILE\\fR or \\fB-\\fR\n"},
		{"one ` alone", "one ` alone\n"},
	}
	for _, tt := range tests {
		if got := roffLines(tt.in); got != tt.want {
			t.Errorf("roffLines(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
