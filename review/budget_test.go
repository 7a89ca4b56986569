package review

import (
	"crypto/rsa"
	"errors"
	"math/big"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/cc-content/cc/content"
)

// allocated returns the bytes f allocates, garbage included.
func allocated(f func()) int64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return int64(after.TotalAlloc - before.TotalAlloc)
}

// checkBudget runs parse on data and fails when that allocates more than
// content.MemoryBudget(len(data)).
func checkBudget(t testing.TB, data []byte, parse func([]byte)) {
	t.Helper()
	if n := allocated(func() { parse(data) }); n > content.MemoryBudget(len(data)) {
		t.Fatalf("reading %d bytes allocated %d, over the budget of %d (%.1f times the input)",
			len(data), n, content.MemoryBudget(len(data)), float64(n)/float64(len(data)))
	}
}

const budgetEventHead = "cc: 1\nid: 01JF0000000000000000000002\ntype: reply\ndraft: k3x9q2\n" +
	"thread: 01JF0000000000000000000001\nauthor:\n  name: Ann\n  email: ann@example.com\n" +
	"time: 2026-11-25T10:04:05Z\nclock: 2\n"

func TestParseEventMemoryBudget(t *testing.T) {
	lines := strings.Repeat
	fill := func(head, line, tail string) string { // up to MaxEventSize
		return head + lines(line, (MaxEventSize-len(head)-len(tail))/len(line)) + tail
	}
	for _, tt := range []struct {
		name, data string
		refused    bool // as too large in structure
	}{
		{"flow list", fill(budgetEventHead+"body: hi\nanswers: [", "a,", "a]\n"), true},
		{"flow list as written", fill(budgetEventHead+"body: hi\nanswers: [", "a, ", "a]\n"), true},
		{"block list", fill(budgetEventHead+"body: hi\nanswers:\n", "- a\n", ""), true},
		{"many keys", fill(budgetEventHead, "a: b\n", ""), true},
		{"many keys, with a comment", fill("# c\n"+budgetEventHead, "a: b\n", ""), true},
		{"deep nesting", budgetEventHead + "x: " + lines("[", 100_000) + lines("]", 100_000) + "\n", true},
		{"anchors", fill(budgetEventHead+"x: [", "&a a,", "a]\n"), true},
		{"long anchor", fill(budgetEventHead+"x: &", "a", " b\n"), true},
		{"literal of one-byte lines", fill(budgetEventHead+"body: |\n", "  a\n", ""), false},
		{"literal of blank lines", fill(budgetEventHead+"body: |\n  a\n", "\n", "  b\n"), false},
		{"literal, with a comment", fill("# c\n"+budgetEventHead+"body: |\n", "  a\n", ""), true},
		{"quoted escapes", fill(budgetEventHead+"body: \"", `\n`, "\"\n"), false},
		{"plain words, with a comment", fill("# c\n"+budgetEventHead+"body: ", "a ", "a\n"), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			checkBudget(t, []byte(tt.data), func(b []byte) { _, err = ParseEvent("e.yaml", b) })
			var fe *FileError
			tooLarge := err != nil && strings.Contains(err.Error(), "too large in structure")
			switch {
			case tt.refused && (!tooLarge || !errors.As(err, &fe) || fe.Path != "e.yaml" || fe.Line < 1):
				t.Errorf("not refused as too large: %v", err)
			case !tt.refused && tooLarge:
				t.Errorf("refused: %v", err)
			}
		})
	}
}

func TestParseConfigMemoryBudget(t *testing.T) {
	for _, tt := range []struct{ name, data string }{
		{"flow list", "version: 1\ncontent: [" + strings.Repeat("a,", 100_000) + "a]\nnew: a\n"},
		{"many keys", "version: 1\nworkflow:\n" + strings.Repeat("  a: b\n", 100_000)},
		{"deep nesting", "version: 1\nx: " + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + "\n"},
		{"block list", "version: 1\ncontent:\n" + strings.Repeat("- a\n", 100_000)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			checkBudget(t, []byte(tt.data), func(b []byte) { _, err = ParseConfig("c.yaml", b) })
			var fe *FileError
			if !errors.As(err, &fe) || fe.Line < 1 || !strings.Contains(err.Error(), "too large in structure") {
				t.Errorf("not refused as too large: %v", err)
			}
		})
	}
	def := DefaultConfig()
	data := DefaultConfigYAML(def.Content, def.New, def.Site)
	checkBudget(t, data, func(b []byte) {
		if _, err := ParseConfig("c.yaml", b); err != nil {
			t.Fatal(err)
		}
	})
}

// rsaKeyLine is an allowed_signers line with an RSA key of the given size,
// made from a fixed modulus: reading it does not check the numbers.
func rsaKeyLine(t *testing.T, bits int) string {
	n := new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
	n.Add(n, big.NewInt(12345))
	k, err := ssh.NewPublicKey(&rsa.PublicKey{N: n, E: 65537})
	if err != nil {
		t.Fatal(err)
	}
	return "ada@example.com " + strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k))) + "\n"
}

func TestParseAllowedSignersMemoryBudget(t *testing.T) {
	fill := func(line string) []byte {
		return []byte(strings.Repeat(line, MaxAllowedSignersSize/len(line)))
	}
	for _, tt := range []struct {
		name    string
		data    []byte
		refused bool
	}{
		{"ed25519 keys", fill("a " + testKeyA + "\n"), true},
		{"rsa 2048 keys", fill(rsaKeyLine(t, 2048)), true},
		{"rsa 16384 keys", fill(rsaKeyLine(t, 16384)), true},
		{"250 ed25519 keys", []byte(strings.Repeat("a "+testKeyA+"\n", 250)), false},
		{"60 rsa 4096 keys", []byte(strings.Repeat(rsaKeyLine(t, 4096), 60)), false},
		{"certificate authorities", fill("a cert-authority " + testKeyA + "\n"), true},
		{"blank lines", fill("\n"), false},
		{"comments", fill("#\n"), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			n := allocated(func() { _, err = ParseAllowedSigners("allowed_signers", tt.data) })
			t.Logf("%d bytes: %d allocated, %.1f times", len(tt.data), n, float64(n)/float64(len(tt.data)))
			if n > content.MemoryBudget(len(tt.data)) {
				t.Errorf("over the budget of %d", content.MemoryBudget(len(tt.data)))
			}
			var fe *FileError
			tooMany := errors.As(err, &fe) && fe.Line > 1 && strings.Contains(err.Error(), "too many keys")
			if tooMany != tt.refused {
				t.Errorf("err = %v", err)
			}
		})
	}
}

func TestDecodeSummariesMemoryBudget(t *testing.T) {
	many := func(n int, f func(i int, s *Summary)) map[string]Summary {
		s := Summary{Draft: "d"}
		for i := range n {
			f(i, &s)
		}
		return map[string]Summary{"k": s}
	}
	at := func(i int) time.Time { return time.Unix(0, 0).In(time.FixedZone("", i%86400+1)) }
	for _, tt := range []struct {
		name    string
		m       map[string]Summary
		refused bool
	}{
		{"empty moves", many(40_000, func(_ int, s *Summary) { s.Moves = append(s.Moves, Move{Type: TypeSubmit, Time: time.Unix(0, 0)}) }), true},
		{"a time zone per move", many(40_000, func(i int, s *Summary) {
			s.Moves = append(s.Moves, Move{Type: TypeSubmit, Name: "Ann Example", Time: at(i)})
		}), true},
		{"empty threads", many(200_000, func(_ int, s *Summary) { s.OpenThreads = append(s.OpenThreads, "") }), true},
		{"empty problems", many(200_000, func(_ int, s *Summary) { s.Problems = append(s.Problems, "") }), true},
		{"real drafts", benchSummaries(), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			checkBudget(t, EncodeSummaries(tt.m), func(b []byte) { _, err = DecodeSummaries(b) })
			if refused := err != nil; refused != tt.refused || refused && !errors.Is(err, ErrSummaries) {
				t.Errorf("err = %v", err)
			}
		})
	}
	end := []byte(summariesHeader + "end\t" + strings.Repeat("\t", 1<<20) + "\n")
	checkBudget(t, end, func(b []byte) { _, err := DecodeSummaries(b); _ = err })
}
