package gitstore

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func FuzzParseGitDate(f *testing.F) {
	for _, s := range []string{"1700000000 +0100", "@1700000000 -0530", "@1700000000", "2026-11-25T10:04:05Z",
		"Wed, 25 Nov 2026 10:04:05 +0000", "2026-11-25 10:04:05 +0200", "12 +ab", "", "x y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var when time.Time
		var err error
		checkBudget(t, len(s), memoryBudget(len(s)), func() { when, err = parseGitDate(s) })
		if err != nil {
			return
		}
		// Whatever is accepted must be writable as a commit's date line.
		line := string(appendIdent(nil, Signature{Name: "a", Email: "b", When: when}))
		if !strings.HasPrefix(line, "a <b> ") || strings.ContainsAny(line, "\n\x00") {
			t.Fatalf("date %q gives the ident %q", s, line)
		}
	})
}

func FuzzConfigFile(f *testing.F) {
	f.Add("[user]\n\tname = Ada\n\temail = ada@example.com\n")
	f.Add("[author]\nname = \"A \\\"B\\\"\" ; comment\n[core]\n\tbare\n")
	f.Add("[section \"Sub\"]\nkey = a \\\n  b\n")
	f.Fuzz(func(t *testing.T, src string) {
		// Includes read other files; their paths are tested by table
		// tests, not by reading whatever a fuzzer names.
		if strings.Contains(strings.ToLower(src), "include") {
			return
		}
		dir := t.TempDir()
		name := filepath.Join(dir, "config")
		if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		c := &gitConfig{}
		env := configEnv{getenv: func(string) string { return "" }, gitDir: dir}
		var err error
		checkBudget(t, len(src), memoryBudget(len(src)), func() {
			c = &gitConfig{}
			err = c.readFile(env, name, 0)
		})
		if err != nil {
			return
		}
		for _, v := range c.vals {
			if v.key != normalizeKey(v.key) {
				t.Fatalf("key %q is not normalised", v.key)
			}
		}
	})
}

func FuzzIdentLine(f *testing.F) {
	f.Add("Ada Lovelace <ada@example.com> 1700000000 +0100")
	f.Add("<> 1 +")
	f.Add("no brackets at all")
	f.Add("a <b> 12 -99999")
	f.Fuzz(func(t *testing.T, s string) {
		var sig Signature
		checkBudget(t, len(s), memoryBudget(len(s)), func() { sig = parseIdentLine(s) })
		if strings.Contains(sig.Email, ">") {
			t.Fatalf("email %q runs past its bracket in %q", sig.Email, s)
		}
	})
}

func TestParseIdentLine(t *testing.T) {
	sig := parseIdentLine("Ada Lovelace <ada@example.com> 1700000000 +0130")
	if sig.Name != "Ada Lovelace" || sig.Email != "ada@example.com" || sig.When.Unix() != 1700000000 {
		t.Fatalf("got %+v", sig)
	}
	if _, off := sig.When.Zone(); off != 90*60 {
		t.Fatalf("zone offset %d", off)
	}
	if sig := parseIdentLine("Just a name"); sig.Name != "Just a name" || !sig.When.IsZero() {
		t.Fatalf("got %+v", sig)
	}
}
