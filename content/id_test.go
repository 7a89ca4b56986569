package content

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestNewID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id, err := NewID(rand.Reader, func(s string) bool { return seen[s] })
		if err != nil {
			t.Fatal(err)
		}
		if !ValidID(id) {
			t.Fatalf("NewID() = %q, not a valid id", id)
		}
		if idLooksNumeric(id) {
			t.Fatalf("NewID() = %q, which YAML may read as a number", id)
		}
		seen[id] = true
	}
}

func TestNewIDRetriesOnCollision(t *testing.T) {
	// Byte 0 is '2' and byte 8 is 'a': the first draw is "aaaaaa", taken;
	// the second is "aaaaab".
	src := bytes.NewReader(append(bytes.Repeat([]byte{8}, 32), append(bytes.Repeat([]byte{8}, 5), bytes.Repeat([]byte{9}, 27)...)...))
	calls := 0
	id, err := NewID(src, func(s string) bool { calls++; return s == "aaaaaa" })
	if err != nil {
		t.Fatal(err)
	}
	if id != "aaaaab" || calls != 2 {
		t.Errorf("NewID() = %q after %d calls to taken, want \"aaaaab\" after 2", id, calls)
	}
}

func TestNewIDRejectsBiasedBytes(t *testing.T) {
	// Bytes 248..255 would make the first eight characters likelier; they
	// are skipped, not folded in.
	src := bytes.NewReader(append(bytes.Repeat([]byte{255}, 26), bytes.Repeat([]byte{8}, 38)...))
	id, err := NewID(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if id != "aaaaaa" {
		t.Errorf("NewID() = %q, want \"aaaaaa\"", id)
	}
}

func TestNewIDErrors(t *testing.T) {
	if _, err := NewID(strings.NewReader("short"), nil); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("short random: err = %v, want io.ErrUnexpectedEOF", err)
	}
	if _, err := NewID(nil, nil); err == nil {
		t.Error("nil random: no error")
	}
	_, err := NewID(rand.Reader, func(string) bool { return true })
	if err == nil || !strings.Contains(err.Error(), "100 attempts") {
		t.Errorf("all taken: err = %v, want one naming the attempts", err)
	}
}

func TestValidID(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"k3x9q2", true},
		{"234567", true}, // valid, though NewID never makes it
		{"zzzzzz", true},
		{"", false},
		{"k3x9q", false},
		{"k3x9q2a", false},
		{"K3X9Q2", false},
		{"k3x9q1", false}, // 1 is not in the alphabet
		{"k3x9qo", false},
		{"k3x9ql", false},
		{"k3x9qi", false},
		{"k3x9q\x00", false},
		{"k3x9qé", false},
	} {
		if got := ValidID(tt.in); got != tt.want {
			t.Errorf("ValidID(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestIDLooksNumeric(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"234567", true},
		{"2e5678", true},
		{"23e456", true},
		{"e23456", false},
		{"23456e", false},
		{"2e5e78", false},
		{"k3x9q2", false},
	} {
		if got := idLooksNumeric(tt.in); got != tt.want {
			t.Errorf("idLooksNumeric(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
