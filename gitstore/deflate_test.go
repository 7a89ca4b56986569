package gitstore

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"strings"
	"testing"
)

// inflate reads a zlib stream with the standard library, which checks the
// block framing and the Adler-32 checksum.
func inflate(t testing.TB, data []byte) []byte {
	t.Helper()
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestStoredZlibBlocks(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 3*maxStoredBlock/16+5)
	for _, pieces := range [][][]byte{
		{},
		{nil, {}},
		{[]byte("tree 0\x00")},
		{[]byte("x"), big},
		{big[:maxStoredBlock], nil, big[:1]},
		{big[:maxStoredBlock]},
		{big[:maxStoredBlock-3], big[:3], big[:2*maxStoredBlock]},
	} {
		want := bytes.Join(pieces, nil)
		if got := inflate(t, storedZlib(pieces...)); !bytes.Equal(got, want) {
			t.Errorf("stored %d bytes in %d pieces: read back %d bytes, different", len(want), len(pieces), len(got))
		}
	}
}

// TestWriteObjectGitReads writes a small blob, a commit and a tree above
// storeObjectsFrom, which take the two encodings, and has git read and
// check them.
func TestWriteObjectGitReads(t *testing.T) {
	dir := newRepo(t)
	s := openStore(t, dir)
	blob := []byte(strings.Repeat("A paragraph of a draft, said twice. ", 40))
	bh, err := s.writeObject(objBlob, blob)
	if err != nil {
		t.Fatal(err)
	}
	var body []byte
	for i := range 2000 {
		body = appendTreeEntry(body, modeFileBytes, fmt.Appendf(nil, "draft-%05d.md", i), bh)
	}
	if len(body) < storeObjectsFrom {
		t.Fatalf("tree of %d bytes is below storeObjectsFrom", len(body))
	}
	th, err := s.writeObject(objTree, body)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := s.writeObject(objCommit, commitBody(th, nil, testSig, testSig, "seed\n"))
	if err != nil {
		t.Fatal(err)
	}
	runGit(t, dir, "update-ref", "refs/heads/main", ch.String())
	runGit(t, dir, "fsck", "--strict", "--no-progress")
	if got := runGit(t, dir, "cat-file", "blob", bh.String()); got != strings.TrimSpace(string(blob)) {
		t.Fatalf("git reads the blob as %q", got)
	}
	if got := runGit(t, dir, "ls-tree", "--name-only", "HEAD"); strings.Count(got, "\n") != 1999 {
		t.Fatalf("git lists %d entries", strings.Count(got, "\n")+1)
	}
	fresh := openStore(t, dir)
	for h, want := range map[Hash][]byte{bh: blob, th: body} {
		if _, got, err := fresh.readObject(h); err != nil || !bytes.Equal(got, want) {
			t.Errorf("cc reads %s back: %d bytes, %v", h, len(got), err)
		}
	}
}

func FuzzDeflateObject(f *testing.F) {
	f.Add([]byte("hello\n"), false)
	f.Add(bytes.Repeat([]byte{0}, storeObjectsFrom), true)
	f.Fuzz(func(t *testing.T, body []byte, tree bool) {
		typ := objBlob
		if tree {
			typ = objTree
		}
		hdr := objectHeader(typ, len(body))
		got := inflate(t, deflateObject(typ, hdr, body))
		if !bytes.Equal(got, append(hdr, body...)) {
			t.Fatalf("%s of %d bytes does not read back", typ, len(body))
		}
	})
}
