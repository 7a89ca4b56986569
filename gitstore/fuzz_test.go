package gitstore

import (
	"bytes"
	"crypto/sha1"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gitIndexSeed returns a real index written by git, with a cached tree
// extension, for the fuzz corpus.
func gitIndexSeed(f testing.TB, version string) []byte {
	dir := newRepo(f)
	for _, p := range []string{"a.md", "b/c.md", "b/d/e.md", "b-c.md", "z.md"} {
		writeFile(f, filepath.Join(dir, p), p+"\n")
	}
	runGit(f, dir, "add", ".")
	runGit(f, dir, "commit", "-q", "-m", "seed")
	if version == "3" {
		// Git writes version 2 unless an entry needs extended flags, as
		// an intent-to-add one does.
		writeFile(f, filepath.Join(dir, "n.md"), "n\n")
		runGit(f, dir, "add", "-N", "n.md")
	}
	runGit(f, dir, "update-index", "--index-version", version)
	runGit(f, dir, "write-tree")
	data, err := os.ReadFile(filepath.Join(dir, ".git", "index"))
	if err != nil {
		f.Fatal(err)
	}
	if v := string('0' + data[7]); v != version {
		f.Fatalf("git wrote an index of version %s, not %s", v, version)
	}
	return data
}

func FuzzIndex(f *testing.F) {
	f.Add(gitIndexSeed(f, "2"), "b/new.md", false)
	f.Add(gitIndexSeed(f, "3"), "b/c.md", true)
	f.Add(gitIndexSeed(f, "2"), "b/d/e.md", true)
	f.Add(emptyIndex(), "x", false)
	f.Fuzz(func(t *testing.T, data []byte, path string, remove bool) {
		var ix *rawIndex
		var err error
		checkBudget(t, len(data), memoryBudget(len(data)), func() { ix, err = parseIndex(data) })
		if err != nil {
			return
		}
		for i := range ix.n() {
			_ = ix.entry(i)
		}
		if checkPath(path) != nil {
			return
		}
		up := indexUpdate{path: path, delete: remove, blob: BlobHash([]byte(path)), stat: statData{size: 7}}
		img, err := ix.splice([]indexUpdate{up})
		if err != nil {
			return
		}
		out := img.bytes()
		if ahead, err := aheadBytes(t, ix, []indexUpdate{up}); err != nil || !bytes.Equal(ahead, out) {
			t.Fatalf("the index written ahead differs from the spliced one (%v)", err)
		}
		nx, err := parseIndex(out)
		if err != nil {
			t.Fatalf("splice produced an unreadable index: %v", err)
		}
		if sum := sha1.Sum(out[:len(out)-indexChecksumLen]); !bytes.Equal(sum[:], out[len(out)-indexChecksumLen:]) &&
			!bytes.Equal(data[len(data)-indexChecksumLen:], make([]byte, indexChecksumLen)) {
			t.Fatal("spliced index has a wrong checksum")
		}
		i, found := nx.find(path)
		if remove == found {
			t.Fatalf("after splice, %q found=%v (remove=%v)", path, found, remove)
		}
		if found && nx.entry(i).hash != up.blob {
			t.Fatal("spliced entry lost its id")
		}
		// Every other entry is kept byte for byte.
		var before, after [][]byte
		for i := range ix.n() {
			if string(ix.name(i)) != path {
				from, to := ix.span(i)
				before = append(before, ix.data[from:to])
			}
		}
		for i := range nx.n() {
			if string(nx.name(i)) != path {
				from, to := nx.span(i)
				after = append(after, nx.data[from:to])
			}
		}
		if len(before) != len(after) {
			t.Fatalf("%d other entries became %d", len(before), len(after))
		}
		for k := range before {
			if !bytes.Equal(before[k], after[k]) {
				t.Fatalf("entry %d changed", k)
			}
		}
		for _, e := range nx.exts {
			if string(e.sig[:]) == "TREE" {
				if _, ok := invalidateCacheTree(e.body, nil); !ok {
					t.Fatal("rewritten TREE extension does not parse")
				}
			}
		}
	})
}

// encodeTree serialises entries, which must already be in git order.
func encodeTree(entries []treeEntry) []byte {
	var b []byte
	for _, e := range entries {
		b = appendTreeEntry(b, e.mode, e.name, e.hash)
	}
	return b
}

func FuzzRawTree(f *testing.F) {
	f.Add(encodeTree([]treeEntry{
		{mode: []byte("100644"), name: []byte("a.md"), hash: BlobHash([]byte("a"))},
		{mode: []byte("40000"), name: []byte("b"), hash: BlobHash([]byte("b"))},
	}))
	f.Add([]byte("100644 x\x00"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, raw []byte) {
		var entries []treeEntry
		var err error
		checkBudget(t, len(raw), memoryBudget(len(raw)), func() { entries, err = parseRawTree(raw) })
		if err != nil {
			return
		}
		if !bytes.Equal(encodeTree(entries), raw) {
			t.Fatal("tree does not round-trip")
		}
		for _, e := range entries {
			if _, ok, err := findRawTreeEntry(raw, string(e.name)); err != nil || !ok {
				t.Fatalf("entry %q not found again: %v", e.name, err)
			}
		}
	})
}

func TestCompareTreeNames(t *testing.T) {
	// git's order: "a-b" < "a/" (a folder) < "a0", and a file "a" < "a-b".
	names := []struct {
		name string
		tree bool
	}{{"a", false}, {"a-b", false}, {"a", true}, {"a0", false}, {"b", true}}
	for i := 0; i+1 < len(names); i++ {
		a, b := names[i], names[i+1]
		if compareTreeNames([]byte(a.name), a.tree, []byte(b.name), b.tree) >= 0 {
			t.Errorf("%v should sort before %v", a, b)
		}
	}
}

func TestWildmatch(t *testing.T) {
	for _, tc := range []struct {
		pat, text string
		want      bool
	}{
		{"/home/u/work/**", "/home/u/work/site/.git", true},
		{"/home/u/work/**", "/home/u/workx/.git", false},
		{"**/site/.git", "/a/b/site/.git", true},
		{"/a/*/.git", "/a/b/c/.git", false},
		{"/a/[bc]/.git", "/a/c/.git", true},
		{"release/**", "release/1/2", true},
		{"feat-?", "feat-x", true},
	} {
		if got := wildmatch(tc.pat, tc.text, false); got != tc.want {
			t.Errorf("wildmatch(%q, %q) = %v", tc.pat, tc.text, got)
		}
	}
	if !wildmatch("**/SITE/", strings.ToUpper("/a/site/"), true) {
		t.Error("case folding")
	}
}
