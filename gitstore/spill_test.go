package gitstore

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

// checkSpill spills reads in three groups on a fresh store and reads each
// group from its Snapshot: every read is answered once, as want (a read
// alone) has it.
func checkSpill(t *testing.T, dir string, reads []BlobRead, want []string) {
	t.Helper()
	snap, err := openStore(t, dir).Snapshot(Hash{})
	if err != nil {
		t.Fatal(err)
	}
	ends := []int{len(reads) / 3, len(reads) / 2, len(reads)}
	s := newSpill(t.TempDir(), len(ends))
	defer s.Close()
	spillReads := make([]spillRead, len(reads))
	for i, r := range reads {
		spillReads[i] = newSpillRead(r.ID, r.Max)
	}
	if err := s.spill(snap, spillReads, ends); err != nil {
		t.Fatal(err)
	}
	from := 0
	for g, end := range ends {
		group, err := s.blobs(snap, g)
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

// TestSpillTrees spills every tree of a packed history in three groups,
// damages the pack, and reads each group on a fresh store: the files
// are those WalkTrees lists, and their blobs come from the spill, where
// reading them from the pack now fails. The spill leaves no file in the
// repository's cc folder, where it is written.
func TestSpillTrees(t *testing.T) {
	dir := makeHistory(t)
	runGit(t, dir, "repack", "-q", "-a", "-d", "-f", "--depth=50", "--window=50")
	runGit(t, dir, "prune-packed")
	var trees []Entry
	for id, o := range allObjects(t, dir) {
		if o.typ == "tree" {
			trees = append(trees, Entry{Path: "top/" + id.String()[:6] + "/", Blob: id, Mode: modeTree})
		}
	}
	if len(trees) < 3 {
		t.Fatalf("only %d trees", len(trees))
	}
	groups := [][]Entry{trees[:1], trees[1 : len(trees)/2], trees[len(trees)/2:]}
	snap, err := openStore(t, dir).Snapshot(Hash{})
	if err != nil {
		t.Fatal(err)
	}
	// One blob over its limit is not kept: read alone from the damaged
	// pack it fails.
	var over Hash
	s, err := snap.SpillTrees(groups, func(e Entry) int64 {
		if over.IsZero() && e.Mode == modeFile {
			over = e.Blob
		}
		if e.Blob == over {
			return 1
		}
		return 0
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.file.(*tempFile); !ok {
		t.Fatalf("the spill is a %T, not a file", s.file)
	}
	var want [][][]Entry
	for _, g := range groups {
		files, err := snap.WalkTrees(g)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, files)
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
	if _, err := fresh.ReadBlob(want[0][0][0].Blob); err == nil {
		t.Fatal("the damaged pack did not break a read")
	}
	read, failed := 0, 0
	for g := range groups {
		files, blobs, err := s.Group(fresh, g)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(files, want[g]) {
			t.Fatalf("group %d lists %v, WalkTrees %v", g, files, want[g])
		}
		var reads []BlobRead
		for _, es := range files {
			for _, e := range es {
				reads = append(reads, BlobRead{ID: e.Blob})
			}
		}
		var mu sync.Mutex
		err = blobs.ReadBlobs(reads, func(i int, body []byte, err error) error {
			mu.Lock()
			defer mu.Unlock()
			switch id := reads[i].ID; {
			case err == nil && BlobHash(body) == id:
				read++
			case err != nil && id == over:
				failed++
			default:
				return fmt.Errorf("group %d, %s: %.80q (%v)", g, id, body, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if read == 0 || failed == 0 {
		t.Fatalf("%d blobs read from the spill, %d over their limit failed", read, failed)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, ".git", "cc", ".cc-spill-*")); len(files) != 0 {
		t.Fatalf("spill files left: %v", files)
	}
}

// TestSpillInMemory spills where no temporary file can be made (a file
// where the repository's cc folder should be, and no temporary folder):
// the lists and blobs are kept in memory, and read as from a file.
func TestSpillInMemory(t *testing.T) {
	dir := makeHistory(t)
	runGit(t, dir, "gc", "-q")
	writeFile(t, filepath.Join(dir, ".git", "cc"), "not a folder\n")
	t.Setenv("TMPDIR", filepath.Join(dir, ".git", "cc", "tmp"))
	head, err := ParseHash(strings.TrimSpace(runGit(t, dir, "rev-parse", "HEAD")))
	if err != nil {
		t.Fatal(err)
	}
	snap, err := openStore(t, dir).Snapshot(head)
	if err != nil {
		t.Fatal(err)
	}
	root := Entry{Path: "", Blob: snap.tree, Mode: modeTree}
	s, err := snap.SpillTrees([][]Entry{{root}, {root}}, func(Entry) int64 { return 0 })
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, ok := s.file.(*memFile); !ok {
		t.Fatalf("the spill is a %T, not in memory", s.file)
	}
	want, err := snap.WalkTrees([]Entry{root})
	if err != nil {
		t.Fatal(err)
	}
	for g := range 2 {
		files, blobs, err := s.Group(snap, g)
		if err != nil || !reflect.DeepEqual(files, want) {
			t.Fatalf("group %d lists %v (%v), WalkTrees %v", g, files, err, want)
		}
		if len(blobs.kept) == 0 {
			t.Fatalf("group %d keeps no blob", g)
		}
		for id, body := range blobs.kept {
			if BlobHash(body) != id {
				t.Fatalf("group %d keeps %.80q as %s", g, body, id)
			}
		}
	}
}

func TestParseListing(t *testing.T) {
	files := [][]Entry{
		{{Path: ".cc/reviews/ab/x.yaml", Blob: BlobHash([]byte("x")), Mode: modeFile}, {Path: ".cc/reviews/ab/l", Mode: modeSymlink}},
		nil,
		{{Path: "", Mode: 0o160000}},
	}
	b := appendListing(nil, files)
	got, err := parseListing(b, len(files))
	if err != nil || len(got) != 3 || !slices.Equal(got[0], files[0]) || len(got[1]) != 0 || !slices.Equal(got[2], files[2]) {
		t.Fatalf("parseListing = %v, %v; want %v", got, err, files)
	}
	for cut := range len(b) {
		if _, err := parseListing(b[:cut], len(files)); err == nil {
			t.Fatalf("parseListing of the first %d bytes of %d: no error", cut, len(b))
		}
	}
	if _, err := parseListing(append(b, 0), len(files)); err == nil {
		t.Fatal("parseListing of a list with a byte more: no error")
	}
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

// FuzzParseSpill checks that parseSpill and parseListing never read past
// their input, and that what they read encodes back to what they read
// the same.
func FuzzParseSpill(f *testing.F) {
	f.Add([]byte{})
	f.Add(appendSpillRecord(nil, BlobHash([]byte("a\n")), []byte("a\n")))
	f.Add(appendSpillRecord(nil, Hash{}, bytes.Repeat([]byte{0}, 200)))
	f.Add(appendListing(nil, [][]Entry{{{Path: ".cc/reviews/ab/x.yaml", Mode: modeFile}}, nil}))
	f.Fuzz(func(t *testing.T, b []byte) {
		for n := range 3 {
			if files, err := parseListing(b, n); err == nil {
				if again := appendListing(nil, files); !bytes.Equal(again, b) {
					back, err := parseListing(again, n)
					if err != nil || !reflect.DeepEqual(back, files) {
						t.Fatalf("lists %v read back as %v (%v)", files, back, err)
					}
				}
			}
		}
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

// TestSpillInTempDir spills where the repository's cc folder cannot be
// made: into the system's temporary folder, leaving nothing there.
func TestSpillInTempDir(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	blocked := filepath.Join(t.TempDir(), "cc")
	writeFile(t, blocked, "not a folder\n")
	s := newSpill(blocked, 1)
	if _, ok := s.file.(*tempFile); !ok {
		t.Fatalf("the spill is a %T, not a file", s.file)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(tmp, "*")); len(files) != 0 {
		t.Fatalf("spill files left: %v", files)
	}
}
