package gitstore

import (
	"bytes"
	"fmt"
	"testing"
)

// FuzzEditDelta: a delta editDelta accepts gives back target exactly when
// git's rules apply it to base, and is only accepted when small.
func FuzzEditDelta(f *testing.F) {
	f.Add([]byte("0123456789abcdefghij"), []byte("0123456789XYZdefghij"))
	f.Add([]byte(""), []byte(""))
	f.Add(bytes.Repeat([]byte("ab"), 70000), append(bytes.Repeat([]byte("ab"), 70000), 'c'))
	f.Add([]byte("aaaa"), []byte("aa"))
	f.Fuzz(func(t *testing.T, base, target []byte) {
		d, ok := editDelta(base, target)
		if !ok {
			return
		}
		if len(d) > len(target)/8+len(target)/8/127+2*30 {
			t.Fatalf("a delta of %d bytes for a target of %d", len(d), len(target))
		}
		got, err := applyDelta(base, d)
		if err != nil {
			t.Fatalf("applyDelta: %v", err)
		}
		if !bytes.Equal(got, target) {
			t.Fatalf("applyDelta gives %q, want %q", got, target)
		}
	})
}

// TestEditDeltaOfATree: a folder of 10,000 entries that gained one is
// sent as a few dozen bytes, copies of more than 0x10000 bytes included.
func TestEditDeltaOfATree(t *testing.T) {
	entries, base, target := folderAndEdit(10000)
	changed := append([]treeEntry(nil), entries...)
	d, ok := editDelta(base, target)
	if !ok || len(d) > 64 {
		t.Fatalf("editDelta: %d bytes, ok %v; want a few dozen", len(d), ok)
	}
	if got, err := applyDelta(base, d); err != nil || !bytes.Equal(got, target) {
		t.Fatalf("applyDelta: %v", err)
	}
	for i := 0; i < len(changed); i += 10 {
		changed[i].hash = BlobHash(fmt.Appendf(nil, "changed %d", i))
	}
	if _, ok := editDelta(base, encodeTree(changed)); ok {
		t.Fatal("changes all over the tree were taken for one small edit")
	}
}

// folderAndEdit is a folder of n entries, as entries and encoded, and the
// folder with the middle entry changed.
func folderAndEdit(n int) (entries []treeEntry, base, edited []byte) {
	for i := range n {
		entries = append(entries, treeEntry{mode: []byte("40000"), name: fmt.Appendf(nil, "d%05d", i), hash: BlobHash(fmt.Appendf(nil, "%d", i))})
	}
	changed := append([]treeEntry(nil), entries...)
	changed[n/2].hash = BlobHash([]byte("new"))
	return entries, encodeTree(entries), encodeTree(changed)
}

// BenchmarkEditDelta: the delta of a 10,000-entry folder with one entry
// changed, what a push makes once for each commit that adds an event.
func BenchmarkEditDelta(b *testing.B) {
	_, base, target := folderAndEdit(10000)
	b.SetBytes(int64(len(target)))
	for b.Loop() {
		if _, ok := editDelta(base, target); !ok {
			b.Fatal("not an edit")
		}
	}
}
