package review

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Two fixed keys, written as they appear in .pub files.
var (
	testKeyA = authorizedKey(testSigner(1))
	testKeyB = authorizedKey(testSigner(2))
)

func TestParseAllowedSigners(t *testing.T) {
	file := `# who may sign cc events
ada@example.com ` + testKeyA + ` ada's laptop

  *@example.com,!eve@example.com namespaces="git,cc" ` + testKeyB + `
"bob@example.com" valid-after="20260101",VALID-BEFORE="20270101Z" ` + testKeyA + `
carol@example.com valid-after="202601011230UTC" ` + testKeyA + "\r\n" + `
*@example.com cert-authority ` + testKeyB + `
dan@example.com namespaces="cc" ssh-dss AAAAB3NzaC1kc3MAAACBAP
dan@example.com namespaces="a\"b" ` + testKeyB
	s, err := ParseAllowedSigners(".cc/allowed_signers", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.entries) != 5 {
		t.Fatalf("%d entries, want 5: %+v", len(s.entries), s.entries)
	}
	e := s.entries
	if e[0].line != 2 || e[0].principals != "ada@example.com" || e[0].namespaces != nil || e[0].after != nil || e[0].before != nil {
		t.Errorf("line 2: %+v", e[0])
	}
	if e[1].line != 4 || e[1].principals != "*@example.com,!eve@example.com" || e[1].namespaces == nil || *e[1].namespaces != "git,cc" {
		t.Errorf("line 4: %+v", e[1])
	}
	if e[2].principals != "bob@example.com" || e[2].after == nil || e[2].after.utc ||
		!e[2].after.civil.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) ||
		e[2].before == nil || !e[2].before.utc {
		t.Errorf("line 5: %+v %+v %+v", e[2], e[2].after, e[2].before)
	}
	if e[3].after == nil || !e[3].after.utc || !e[3].after.civil.Equal(time.Date(2026, 1, 1, 12, 30, 0, 0, time.UTC)) {
		t.Errorf("line 6: %+v", e[3].after)
	}
	if *e[4].namespaces != `a"b` {
		t.Errorf("line 10: namespaces %q", *e[4].namespaces)
	}
	if len(s.Skipped) != 2 || s.Skipped[0].Line != 8 || !strings.Contains(s.Skipped[0].Msg, "cert-authority") ||
		s.Skipped[1].Line != 9 || !strings.Contains(s.Skipped[1].Msg, "DSA") || s.Skipped[1].Path != ".cc/allowed_signers" {
		t.Errorf("skipped %+v", s.Skipped)
	}
}

func TestParseAllowedSignersErrors(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		{"ada@example.com", "missing key"},
		{"ada@example.com ", "missing key"},
		{`"ada@example.com ` + testKeyA, "unterminated quote"},
		{"ada@example.com namespaces=\"cc\"", "missing key"},
		{"ada@example.com namespaces=\"cc " + testKeyA, "unterminated quote"},
		{"ada@example.com namespaces=cc " + testKeyA, "double quotes"},
		{"ada@example.com namespaces=\"cc\",namespaces=\"git\" " + testKeyA, "more than one"},
		{"ada@example.com valid-after=\"2026\" " + testKeyA, "invalid valid-after time"},
		{"ada@example.com valid-before=\"20261301\" " + testKeyA, "invalid valid-before time"},
		{"ada@example.com valid-before=\"2026010a\" " + testKeyA, "invalid valid-before time"},
		{"ada@example.com valid-after=\"20270101Z\",valid-before=\"20260101Z\" " + testKeyA, "not after"},
		{"ada@example.com no-touch-required " + testKeyA, `unknown option "no-touch-required"`},
		{"ada@example.com cert-authority=\"x\" " + testKeyA, `unknown option "cert-authority=`},
		{"ada@example.com namespaces=\"cc\", " + testKeyA, "end with a comma"},
		{"ada@example.com ssh-ed25519", "missing the ssh-ed25519 key"},
		{"ada@example.com ssh-ed25519 !!!", "invalid ssh-ed25519 key"},
		{"ada@example.com ssh-ed25519 AAAA", "invalid ssh-ed25519 key"},
		{"ada@example.com ssh-rsa " + strings.Fields(testKeyA)[1], "not ssh-rsa"},
		{"ada@example.com namespaces=\"cc\" ssh-foo AAAA", `unknown key type "ssh-foo"`},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			_, err := ParseAllowedSigners("signers", []byte("# ok\nada@example.com "+testKeyA+"\n"+tc.line+"\n"))
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("%q: error %v, want a *FileError", tc.line, err)
			}
			if fe.Path != "signers" || fe.Line != 3 || !strings.Contains(fe.Msg, tc.want) {
				t.Errorf("%q: got %v, want signers:3: ...%s...", tc.line, err, tc.want)
			}
		})
	}
}

func TestMatchPatternList(t *testing.T) {
	tests := []struct {
		s, list string
		want    int
	}{
		{"ada@example.com", "ada@example.com", 1},
		{"ada@example.com", "bob@example.com", 0},
		{"ada@example.com", "bob@example.com,ada@example.com", 1},
		{"ada@example.com", "*@example.com", 1},
		{"ada@example.com", "*", 1},
		{"ada@example.com", "a?a@example.com", 1},
		{"ada@example.com", "a?@example.com", 0},
		{"ada@example.com", "*@example.org", 0},
		{"ada@example.com", "*@*.com", 1},
		{"ada@example.com", "a*a*a*@example.com", 0},
		{"ada@example.com", "*a*a*@example.com", 1},
		{"ada@example.com", "Ada@example.com", 0}, // case-sensitive, as OpenSSH matches principals
		{"ada@example.com", "*@example.com,!ada@example.com", -1},
		{"ada@example.com", "!ada@example.com,*@example.com", -1},
		{"ada@example.com", "!bob@example.com", 0}, // a negation alone grants nothing
		{"ada@example.com", "!bob@example.com,*", 1},
		{"ada@example.com", "", 0},
		{"ada@example.com", ",,ada@example.com,", 1},
		{"", "*", 1},
		{"", "", 0},
		{"ada@example.com", "ada@example.com*", 1},
		{"ada@example.com", "ada@example.co", 0},
		{"ada@example.com", "ada@example.com?", 0},
		{"cc", "git,file", 0},
		{"cc", "git,c?", 1},
		{"ada@example.com", strings.Repeat("*", 1023), 0},
		{"ada@example.com", strings.Repeat("*", 1022), 1},
	}
	for _, tc := range tests {
		if got := matchPatternList(tc.s, tc.list); got != tc.want {
			t.Errorf("matchPatternList(%q, %q) = %d, want %d", tc.s, tc.list, got, tc.want)
		}
	}
}

func TestMatchPatternIsQuick(t *testing.T) {
	start := time.Now()
	s := strings.Repeat("a", 5000)
	if matchPattern(s, strings.Repeat("*a", 500)+"b") {
		t.Error("matched")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

func FuzzParseAllowedSigners(f *testing.F) {
	f.Add([]byte("ada@example.com " + testKeyA + "\n"))
	f.Add([]byte("*@example.com,!eve@example.com namespaces=\"git,cc\",valid-after=\"20260101Z\" " + testKeyB + " c\n# x\n"))
	f.Add([]byte("\"a b\"x cert-authority,valid-before=\"202601011230UTC\" " + testKeyA))
	f.Add([]byte("a namespaces=\"a\\\"b\" ssh-rsa AAAA\r\n"))
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	signed := signedEvent(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var s AllowedSigners
		var err error
		checkBudget(t, data, func(b []byte) { s, err = ParseAllowedSigners("fuzz", b) })
		lines := strings.Count(string(data), "\n") + 1
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != "fuzz" || fe.Line < 0 || fe.Line > lines {
				t.Fatalf("error %v is not a *FileError with a line of the file", err)
			}
			return
		}
		for _, e := range s.entries {
			if e.key == nil || e.line < 1 || e.line > lines {
				t.Fatalf("bad entry %+v", e)
			}
			matchPatternList("ada@example.com", e.principals)
		}
		Verify(signed, s, now)
	})
}
