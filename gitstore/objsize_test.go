package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// bigText is n bytes of numbered lines: it compresses, and two versions of
// it that differ in a line are stored as a delta in a pack.
func bigText(n int, variant string) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "line %07d of the big draft\n", i)
		if i == 1000 {
			b.WriteString(variant)
		}
	}
	return b.Bytes()[:n]
}

// allocated is how many bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestReadBlobMaxFromHeader checks that a blob over the limit is refused
// from its header, loose and packed, whole and as a delta, without
// inflating it: reading costs a small constant, not the blob's size.
func TestReadBlobMaxFromHeader(t *testing.T) {
	const big, limit = 8 << 20, 1 << 20
	dir := newRepo(t)
	files := map[string][]byte{
		"a/big.md":   bigText(big, "version a\n"),
		"b/big.md":   bigText(big, "version b\n"),
		"a/small.md": bigText(limit/2, "version a\n"),
		"b/small.md": bigText(limit/2, "version b\n"),
	}
	for p, data := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runGit(t, dir, "add", ".")
	runGit(t, dir, "commit", "-q", "-m", "big files")

	check := func(t *testing.T, s *Store) {
		snap, err := s.Snapshot(mustHash(t, runGit(t, dir, "rev-parse", "HEAD")))
		if err != nil {
			t.Fatal(err)
		}
		for p, data := range files {
			var got []byte
			var err error
			cost := allocated(func() { got, err = snap.ReadFileMax(p, limit) })
			if len(data) <= limit {
				if err != nil || !bytes.Equal(got, data) {
					t.Errorf("%s: under the limit: %v", p, err)
				}
				continue
			}
			var tl *TooLargeError
			if !errors.As(err, &tl) || tl.Size != uint64(len(data)) || tl.Limit != limit {
				t.Errorf("%s: got %v, want a *TooLargeError of %d bytes", p, err, len(data))
			}
			if cost > 256<<10 {
				t.Errorf("%s: refusing a %d-byte blob allocated %d bytes", p, len(data), cost)
			}
		}
	}
	t.Run("loose", func(t *testing.T) { check(t, openStore(t, dir)) })
	runGit(t, dir, "gc", "-q")
	onlyPacks(t, dir)
	s := openStore(t, dir)
	if n := packEntryTypes(t, s)[packObjOfsDelta]; n < 2 {
		t.Fatalf("want the big and the small blob stored as deltas; %d deltas", n)
	}
	t.Run("packed", func(t *testing.T) { check(t, s) })
}

func mustHash(t *testing.T, s string) Hash {
	t.Helper()
	h, err := ParseHash(s)
	if err != nil {
		t.Fatal(err)
	}
	return h
}
