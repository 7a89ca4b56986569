package gitstore

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// checkSpill spills reads in three groups on a fresh store and reads each
// group from its Snapshot (Spill.Group): every read is answered once, as
// want (a read alone) has it.
func checkSpill(t *testing.T, dir string, reads []BlobRead, want []string) {
	t.Helper()
	snap, err := openStore(t, dir).Snapshot(Hash{})
	if err != nil {
		t.Fatal(err)
	}
	ends := []int{len(reads) / 3, len(reads) / 2, len(reads)}
	spill, err := snap.Spill(reads, ends)
	if err != nil {
		t.Fatal(err)
	}
	defer spill.Close()
	from := 0
	for g, end := range ends {
		group, err := spill.Group(snap, g)
		if err != nil {
			t.Fatal(err)
		}
		part := reads[from:end]
		calls := make([]int, len(part))
		var mu sync.Mutex
		err = group.ReadBlobs(part, func(i int, body []byte, err error) error {
			mu.Lock()
			defer mu.Unlock()
			calls[i]++
			if a := answer(body, err); a != want[from+i] {
				return fmt.Errorf("ReadBlobs of group %d, of %s (max %d): %.80q, read alone: %.80q", g, part[i].ID, part[i].Max, a, want[from+i])
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range calls {
			if n != 1 {
				t.Fatalf("ReadBlobs of group %d called %d times for %s", g, n, part[i].ID)
			}
		}
		from = end
	}
}

// TestSpillKeepsBlobs spills every blob of a packed history, damages the
// pack, and reads each group on a fresh store: the blobs come from the
// spill, where reading them from the pack now fails. The spill's file is
// gone once it is closed.
func TestSpillKeepsBlobs(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := makeHistory(t)
	runGit(t, dir, "repack", "-q", "-a", "-d", "-f", "--depth=50", "--window=50")
	runGit(t, dir, "prune-packed")
	var reads []BlobRead
	for _, line := range strings.Split(strings.TrimSpace(runGit(t, dir, "cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)")), "\n") {
		if id, ok := strings.CutSuffix(line, " blob"); ok {
			h, err := ParseHash(id)
			if err != nil {
				t.Fatal(err)
			}
			reads = append(reads, BlobRead{ID: h})
		}
	}
	if len(reads) < 4 {
		t.Fatalf("only %d blobs", len(reads))
	}
	snap, err := openStore(t, dir).Snapshot(Hash{})
	if err != nil {
		t.Fatal(err)
	}
	ends := []int{1, len(reads) / 2, len(reads)}
	spill, err := snap.Spill(reads, ends)
	if err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(tmp, "cc-spill-*")); len(files) != 1 {
		t.Fatalf("spill files in TMPDIR: %v, want one", files)
	}

	packs, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.pack"))
	if len(packs) != 1 {
		t.Fatalf("want one pack, have %d", len(packs))
	}
	data, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := 12; i < len(data)-20; i += 7 {
		data[i] ^= 0x5a
	}
	os.Chmod(packs[0], 0o644)
	if err := os.WriteFile(packs[0], data, 0o444); err != nil {
		t.Fatal(err)
	}
	fresh, err := openStore(t, dir).Snapshot(Hash{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.ReadBlob(reads[0].ID); err == nil {
		t.Fatal("the damaged pack did not break a read")
	}
	from := 0
	for g, end := range ends {
		group, err := spill.Group(fresh, g)
		if err != nil {
			t.Fatal(err)
		}
		err = group.ReadBlobs(reads[from:end], func(i int, body []byte, err error) error {
			if id := reads[from+i].ID; err != nil || BlobHash(body) != id {
				return fmt.Errorf("group %d, %s: %.80q (%v)", g, id, body, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		from = end
	}
	if err := spill.Close(); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(tmp, "cc-spill-*")); len(files) != 0 {
		t.Fatalf("spill files left in TMPDIR: %v", files)
	}
}

// TestSpillInMemory spills where no temporary file can be made: the
// blobs are kept in memory, and read as from a file.
func TestSpillInMemory(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	dir := makeHistory(t)
	runGit(t, dir, "gc", "-q")
	reads := batchReads(allObjects(t, dir))
	checkSpill(t, dir, reads, readBlobsAlone(t, dir, reads))
}

// appendSpillRecord appends the record of blob id, body, as Spill.add
// writes it.
func appendSpillRecord(b []byte, id Hash, body []byte) []byte {
	b = append(b, id[:]...)
	b = binary.AppendUvarint(b, uint64(len(body)))
	return append(b, body...)
}

func TestParseSpill(t *testing.T) {
	a, b := BlobHash([]byte("a\n")), BlobHash([]byte("b\n"))
	rec := appendSpillRecord(appendSpillRecord(nil, a, []byte("a\n")), b, bytes.Repeat([]byte("b"), 300))
	kept, err := parseSpill(rec)
	if err != nil || len(kept) != 2 || string(kept[a]) != "a\n" || len(kept[b]) != 300 {
		t.Fatalf("parseSpill = %q, %v", kept, err)
	}
	for cut := 1; cut < len(rec); cut++ {
		if _, err := parseSpill(rec[:cut]); err == nil && cut != len(rec)-300-2-20 {
			t.Fatalf("parseSpill of the first %d bytes of %d: no error", cut, len(rec))
		}
	}
}

// FuzzParseSpill checks that parseSpill never reads past its input, and
// that what it keeps encodes back to records it reads the same.
func FuzzParseSpill(f *testing.F) {
	f.Add([]byte{})
	f.Add(appendSpillRecord(nil, BlobHash([]byte("a\n")), []byte("a\n")))
	f.Add(appendSpillRecord(nil, Hash{}, bytes.Repeat([]byte{0}, 200)))
	f.Fuzz(func(t *testing.T, b []byte) {
		kept, err := parseSpill(b)
		if err != nil {
			return
		}
		var again []byte
		for id, body := range kept {
			again = appendSpillRecord(again, id, body)
		}
		back, err := parseSpill(again)
		if err != nil || len(back) != len(kept) {
			t.Fatalf("records of %d blobs read back as %d (%v)", len(kept), len(back), err)
		}
		for id, body := range kept {
			if !bytes.Equal(back[id], body) {
				t.Fatalf("%s read back as %q, was %q", id, back[id], body)
			}
		}
	})
}
