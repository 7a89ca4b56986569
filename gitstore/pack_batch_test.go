package gitstore

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// readBlobsAlone reads reads one by one on a store of its own, as
// ReadBlobs promises to answer: each body, or each error's text.
func readBlobsAlone(t *testing.T, dir string, reads []BlobRead) []string {
	t.Helper()
	snap, err := openStore(t, dir).Snapshot(Hash{})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(reads))
	for i, r := range reads {
		var body []byte
		if r.Max > 0 {
			body, err = snap.ReadBlobMax(r.ID, r.Max)
		} else {
			body, err = snap.ReadBlob(r.ID)
		}
		out[i] = answer(body, err)
	}
	return out
}

func answer(body []byte, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return "blob: " + string(body)
}

// checkReadBlobs reads reads with ReadBlobs on a fresh store and compares
// every answer with a read of that blob alone.
func checkReadBlobs(t *testing.T, dir string, reads []BlobRead) {
	t.Helper()
	want := readBlobsAlone(t, dir, reads)
	snap, err := openStore(t, dir).Snapshot(Hash{})
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(reads))
	calls := make([]int, len(reads))
	var mu sync.Mutex
	err = snap.ReadBlobs(reads, func(i int, body []byte, err error) error {
		mu.Lock()
		defer mu.Unlock()
		got[i] = answer(body, err)
		calls[i]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range reads {
		if calls[i] != 1 || got[i] != want[i] {
			t.Fatalf("ReadBlobs of %s (max %d), called %d times: %.80q, read alone: %.80q", reads[i].ID, reads[i].Max, calls[i], got[i], want[i])
		}
	}
	// A chunk at a time, each starting from what the chunks before it
	// made, with room for only some of it.
	snap, err = openStore(t, dir).Snapshot(Hash{})
	if err != nil {
		t.Fatal(err)
	}
	snap = snap.WithBases(8 << 10)
	for start := 0; start < len(reads); start += minBatch {
		chunk := reads[start:min(start+minBatch, len(reads))]
		err = snap.ReadBlobs(chunk, func(i int, body []byte, err error) error {
			if a := answer(body, err); a != want[start+i] {
				return fmt.Errorf("ReadBlobs in chunks, of %s (max %d): %.80q, read alone: %.80q", chunk[i].ID, chunk[i].Max, a, want[start+i])
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	checkSpill(t, dir, reads, want)
}

// batchReads is every object of objs (blobs, and trees and commits that
// are not), some twice, some with a limit they are over or just meet,
// some with a limit above 4 GiB (which a spill cuts), and one that does
// not exist.
func batchReads(objs map[Hash]gitObject) []BlobRead {
	var reads []BlobRead
	for id, o := range objs {
		body := o.body
		reads = append(reads, BlobRead{ID: id})
		if len(body)%3 == 0 {
			reads = append(reads, BlobRead{ID: id, Max: int64(len(body))})
		}
		if len(body)%3 == 1 && len(body) > 1 {
			reads = append(reads, BlobRead{ID: id, Max: int64(len(body) - 1)})
		}
		if len(body)%3 == 2 {
			reads = append(reads, BlobRead{ID: id, Max: 1<<32 + int64(len(body))})
		}
	}
	return append(reads, BlobRead{ID: BlobHash([]byte("nobody wrote this\n"))})
}

func TestReadBlobsStopsAtError(t *testing.T) {
	dir := makeHistory(t)
	runGit(t, dir, "gc", "-q", "--aggressive")
	objs := allObjects(t, dir)
	snap, err := openStore(t, dir).Snapshot(Hash{})
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("enough")
	var mu sync.Mutex
	calls := 0
	err = snap.ReadBlobs(batchReads(objs), func(i int, body []byte, err error) error {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 3 {
			return fmt.Errorf("third: %w", stop)
		}
		return nil
	})
	if !errors.Is(err, stop) || calls > 3+2 {
		t.Fatalf("ReadBlobs = %v after %d calls, want the third call's error", err, calls)
	}
}

func TestReadBlobsEmpty(t *testing.T) {
	dir := makeHistory(t)
	snap, err := openStore(t, dir).Snapshot(Hash{})
	if err != nil {
		t.Fatal(err)
	}
	if err := snap.ReadBlobs(nil, func(int, []byte, error) error { return errors.New("called") }); err != nil {
		t.Fatal(err)
	}
}

// checkWalkTrees walks every tree of objs with WalkTrees on a fresh store
// and compares what each lists with WalkTree's walk of it alone.
func checkWalkTrees(t *testing.T, dir string, objs map[Hash]gitObject) {
	t.Helper()
	var trees []Entry
	for id, o := range objs {
		if o.typ == "tree" {
			trees = append(trees, Entry{Path: "top/" + id.String()[:6] + "/", Blob: id, Mode: modeTree})
		}
	}
	if len(trees) == 0 {
		t.Fatal("no trees")
	}
	snap, err := openStore(t, dir).Snapshot(Hash{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := snap.WalkTrees(trees)
	if err != nil {
		t.Fatal(err)
	}
	alone, err := openStore(t, dir).Snapshot(Hash{})
	if err != nil {
		t.Fatal(err)
	}
	nested := 0
	for k, tr := range trees {
		var want []Entry
		if err := alone.WalkTree(tr.Blob, tr.Path, func(e Entry) error {
			want = append(want, e)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got[k], want) {
			t.Fatalf("WalkTrees of %s: %v, WalkTree: %v", tr.Blob, got[k], want)
		}
		for _, e := range want {
			if strings.Count(e.Path, "/") > 2 {
				nested++
				break
			}
		}
	}
	if nested == 0 {
		t.Fatal("no tree with folders in it")
	}
	// A tree that is not one fails as WalkTree fails.
	for _, bad := range []Hash{BlobHash([]byte("nobody wrote this\n")), trees[0].Blob} {
		for id, o := range objs {
			if o.typ == "blob" && bad == trees[0].Blob {
				bad = id
				break
			}
		}
		_, err := snap.WalkTrees(append(slices.Clone(trees[:3]), Entry{Path: "x", Blob: bad, Mode: modeTree}))
		werr := alone.WalkTree(bad, "x", func(Entry) error { return nil })
		if err == nil || werr == nil || err.Error() != werr.Error() {
			t.Fatalf("WalkTrees of %s: %v, WalkTree: %v", bad, err, werr)
		}
	}
}

// FuzzReadBlobs damages a pack of delta chains at the places the input
// names (two bytes of offset, one to xor, for each) and checks that
// ReadBlobs answers for every object what reading it alone answers.
func FuzzReadBlobs(f *testing.F) {
	dir := newRepo(f)
	for v := range 8 {
		writeFile(f, filepath.Join(dir, "doc.md"), editedDoc(40, v))
		writeFile(f, filepath.Join(dir, "notes", fmt.Sprintf("n%d.md", v%3)), editedDoc(5, v))
		runGit(f, dir, "add", ".")
		runGit(f, dir, "commit", "-q", "-m", fmt.Sprintf("v%d", v))
	}
	runGit(f, dir, "repack", "-q", "-a", "-d", "-f", "--depth=50", "--window=50")
	runGit(f, dir, "prune-packed")
	packs, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.pack"))
	if len(packs) != 1 {
		f.Fatalf("want one pack, have %d", len(packs))
	}
	orig, err := os.ReadFile(packs[0])
	if err != nil {
		f.Fatal(err)
	}
	var reads []BlobRead
	for _, id := range strings.Fields(runGit(f, dir, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)")) {
		h, _ := ParseHash(id)
		reads = append(reads, BlobRead{ID: h}, BlobRead{ID: h, Max: 300})
	}
	f.Add([]byte{})
	for _, pos := range []uint16{0, 40, 200, 700, 1500, 3000} {
		f.Add([]byte{byte(pos >> 8), byte(pos), 0x5a})
		f.Add([]byte{byte(pos >> 8), byte(pos), 0x80, byte(pos >> 7), byte(pos + 9), 0x01})
	}
	f.Fuzz(func(t *testing.T, damage []byte) {
		data := bytes.Clone(orig)
		for i := 0; i+3 <= len(damage); i += 3 {
			// Not the header or the checksum, which open checks.
			pos := 12 + int(binary.BigEndian.Uint16(damage[i:]))%(len(data)-32)
			data[pos] ^= damage[i+2]
		}
		os.Chmod(packs[0], 0o644)
		if err := os.WriteFile(packs[0], data, 0o444); err != nil {
			t.Fatal(err)
		}
		checkReadBlobs(t, dir, reads)
	})
}
