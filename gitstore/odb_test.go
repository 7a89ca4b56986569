package gitstore

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// fastImport feeds a git fast-import stream to the repository in dir.
func fastImport(t testing.TB, dir string, write func(w *bufio.Writer)) {
	t.Helper()
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(in)
	write(w)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	in.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("git fast-import: %v\n%s", err, stderr.Bytes())
	}
}

// editedDoc is version v of a document that changes one line per version,
// the kind of history that packs into long delta chains.
func editedDoc(lines, v int) string {
	var b strings.Builder
	for i := range lines {
		if i == v%lines {
			fmt.Fprintf(&b, "Line %d was edited in version %d.\n", i, v)
		} else {
			fmt.Fprintf(&b, "Line %d of the document says something fairly ordinary.\n", i)
		}
	}
	return b.String()
}

// bigDoc is a document of about size bytes, version v.
func bigDoc(size, v int) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		if i%5000 == v {
			fmt.Fprintf(&b, "%08d changed in version %d\n", i, v)
		} else {
			fmt.Fprintf(&b, "%08d %x\n", i, i*2654435761)
		}
	}
	return b.String()
}

// makeHistory makes a repository whose doc.md was edited in 50 commits,
// one by one, next to a large file edited three times and a few others.
func makeHistory(t testing.TB) string {
	t.Helper()
	dir := newRepo(t)
	fastImport(t, dir, func(w *bufio.Writer) {
		for v := range 50 {
			fmt.Fprintf(w, "commit refs/heads/main\ncommitter T <t@example.com> %d +0000\ndata 8\nedit %02d\n", 1764000000+v, v)
			data := editedDoc(80, v)
			fmt.Fprintf(w, "M 100644 inline doc.md\ndata %d\n%s\n", len(data), data)
			if v%20 == 0 {
				big := bigDoc(3<<20, v/20)
				fmt.Fprintf(w, "M 100644 inline big/large.txt\ndata %d\n%s\n", len(big), big)
			}
			other := fmt.Sprintf("note %d\n", v%7)
			fmt.Fprintf(w, "M 100644 inline notes/n%d.md\ndata %d\n%s\n", v%3, len(other), other)
		}
	})
	runGit(t, dir, "reset", "-q", "--hard", "main")
	return dir
}

// checkVersions compares every version of path that git has with what the
// store reads.
func checkVersions(t *testing.T, dir string, s *Store, path string) {
	t.Helper()
	revs := strings.Fields(runGit(t, dir, "rev-list", "main", "--", path))
	if len(revs) == 0 {
		t.Fatalf("no history for %s", path)
	}
	for _, rev := range revs {
		h, err := ParseHash(rev)
		if err != nil {
			t.Fatal(err)
		}
		snap, err := s.Snapshot(h)
		if err != nil {
			t.Fatalf("snapshot %s: %v", rev, err)
		}
		got, err := snap.ReadFile(path)
		if err != nil {
			t.Fatalf("%s:%s: %v", rev, path, err)
		}
		want := gitShow(t, dir, rev+":"+path)
		if !bytes.Equal(got, want) {
			t.Fatalf("%s:%s: read %d bytes that differ from git show's %d", rev, path, len(got), len(want))
		}
	}
}

func gitShow(t testing.TB, dir, obj string) []byte {
	t.Helper()
	cmd := exec.Command("git", "cat-file", "-p", obj)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git cat-file -p %s: %v", obj, err)
	}
	return out
}

// gitObject is an object as git cat-file gives it.
type gitObject struct {
	typ  string
	body []byte
}

// allObjects is every object git knows in the repository (its own and its
// alternates'), as git cat-file gives it.
func allObjects(t *testing.T, dir string) map[Hash]gitObject {
	t.Helper()
	ids := runGit(t, dir, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)")
	cmd := exec.Command("git", "cat-file", "--batch")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(ids + "\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(bytes.NewReader(out))
	objs := map[Hash]gitObject{}
	for {
		line, err := r.ReadString('\n')
		if err == io.EOF {
			break
		}
		f := strings.Fields(line)
		if err != nil || len(f) != 3 {
			t.Fatalf("git cat-file --batch: bad line %q", line)
		}
		size, _ := strconv.Atoi(f[2])
		want := make([]byte, size+1)
		if _, err := io.ReadFull(r, want); err != nil {
			t.Fatal(err)
		}
		h, _ := ParseHash(f[0])
		objs[h] = gitObject{typ: f[1], body: want[:size]}
	}
	if len(objs) == 0 {
		t.Fatal("no objects")
	}
	return objs
}

// checkAllObjects reads every object git knows in the repository and
// compares type and body with git cat-file; then reads them all again
// with ReadBlobs on a fresh store.
func checkAllObjects(t *testing.T, dir string, s *Store) {
	t.Helper()
	objs := allObjects(t, dir)
	for h, want := range objs {
		typ, body, err := s.readObject(h)
		if err != nil {
			t.Fatalf("read %s: %v", h, err)
		}
		if string(typ) != want.typ || !bytes.Equal(body, want.body) {
			t.Fatalf("%s: read a %s of %d bytes, git has a %s of %d", h, typ, len(body), want.typ, len(want.body))
		}
	}
	checkReadBlobs(t, dir, batchReads(objs))
	checkWalkTrees(t, dir, objs)
}

// packEntryTypes counts the object types stored in the repository's packs
// (OFS_DELTA and REF_DELTA included).
func packEntryTypes(t *testing.T, s *Store) map[int]int {
	t.Helper()
	counts := map[int]int{}
	_, packs := s.db.lists()
	for _, p := range packs {
		if err := p.open(); err != nil {
			t.Fatal(err)
		}
		for i := range p.idx.n {
			off, err := p.idx.offset(i)
			if err != nil {
				t.Fatal(err)
			}
			e, err := p.entry(off)
			if err != nil {
				t.Fatal(err)
			}
			counts[e.typ]++
		}
	}
	return counts
}

func onlyPacks(t *testing.T, dir string) {
	t.Helper()
	if n := runGit(t, dir, "count-objects"); !strings.HasPrefix(n, "0 objects") {
		t.Fatalf("loose objects left: %s", n)
	}
}

// replacePacks swaps every pack of dir for one written by pack-objects with
// the given options (by default REF_DELTA: no --delta-base-offset).
func replacePacks(t *testing.T, dir string, args ...string) {
	t.Helper()
	packDir := filepath.Join(dir, ".git", "objects", "pack")
	old, _ := filepath.Glob(filepath.Join(packDir, "pack-*"))
	objs := runGit(t, dir, "rev-list", "--objects", "--all")
	tmp := filepath.Join(t.TempDir(), "p")
	cmd := exec.Command("git", append([]string{"pack-objects", "-q"}, append(args, tmp)...)...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(objs + "\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git pack-objects: %v", err)
	}
	name := "pack-" + strings.TrimSpace(string(out))
	for _, f := range old {
		os.Remove(f)
	}
	for _, ext := range []string{".pack", ".idx"} {
		data, err := os.ReadFile(tmp + "-" + strings.TrimSpace(string(out)) + ext)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(packDir, name+ext), data, 0o444); err != nil {
			t.Fatal(err)
		}
	}
	runGit(t, dir, "prune-packed")
}

// reindex rewrites the idx of dir's only pack with git index-pack options.
func reindex(t *testing.T, dir string, args ...string) {
	t.Helper()
	packs, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "pack-*.pack"))
	if len(packs) != 1 {
		t.Fatalf("want one pack, have %d", len(packs))
	}
	idx := strings.TrimSuffix(packs[0], ".pack") + ".idx"
	tmp := filepath.Join(t.TempDir(), "new.idx")
	runGit(t, dir, append(append([]string{"index-pack"}, args...), "-o", tmp, packs[0])...)
	data, err := os.ReadFile(tmp)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(idx)
	if err := os.WriteFile(idx, data, 0o444); err != nil {
		t.Fatal(err)
	}
}

func TestReadPacked(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, dir string)
		check   func(t *testing.T, s *Store)
	}{
		{"loose", func(t *testing.T, dir string) {}, nil},
		{"gc aggressive", func(t *testing.T, dir string) {
			runGit(t, dir, "gc", "-q", "--aggressive")
		}, func(t *testing.T, s *Store) {
			if c := packEntryTypes(t, s); c[packObjOfsDelta] < 40 {
				t.Fatalf("expected deltas, pack has %v", c)
			}
		}},
		{"repack depth 50", func(t *testing.T, dir string) {
			runGit(t, dir, "repack", "-q", "-a", "-d", "-f", "--depth=50", "--window=250")
			if d := maxDeltaDepth(t, dir); d < 8 {
				t.Fatalf("longest delta chain is %d", d)
			}
		}, nil},
		{"REF_DELTA", func(t *testing.T, dir string) {
			replacePacks(t, dir, "--no-reuse-delta", "--window=250", "--depth=50")
		}, func(t *testing.T, s *Store) {
			if c := packEntryTypes(t, s); c[packObjRefDelta] < 40 || c[packObjOfsDelta] != 0 {
				t.Fatalf("expected REF_DELTA only, pack has %v", c)
			}
		}},
		{"idx version 1", func(t *testing.T, dir string) {
			runGit(t, dir, "repack", "-q", "-a", "-d")
			reindex(t, dir, "--index-version=1")
		}, func(t *testing.T, s *Store) {
			_, packs := s.db.lists()
			if packs[0].open() != nil || packs[0].idx.version != 1 {
				t.Fatal("expected a version 1 idx")
			}
		}},
		{"64-bit offsets", func(t *testing.T, dir string) {
			runGit(t, dir, "repack", "-q", "-a", "-d")
			reindex(t, dir, "--index-version=2,64")
		}, func(t *testing.T, s *Store) {
			_, packs := s.db.lists()
			if packs[0].open() != nil || packs[0].idx.nLarge < 10 {
				t.Fatal("expected 64-bit offsets")
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := makeHistory(t)
			tc.prepare(t, dir)
			if tc.name != "loose" {
				onlyPacks(t, dir)
			}
			s := openStore(t, dir)
			if tc.check != nil {
				tc.check(t, s)
			}
			checkVersions(t, dir, s, "doc.md")
			checkVersions(t, dir, s, "big/large.txt")
			checkAllObjects(t, dir, openStore(t, dir)) // a cold cache
			// The writer's existence check sees packed objects: an old
			// version's blob is not written again.
			old := editedDoc(80, 3)
			commit(t, s, "restore", put("again.md", old))
			if _, err := os.Stat(looseName(filepath.Join(dir, ".git", "objects"), BlobHash([]byte(old)))); tc.name != "loose" && err == nil {
				t.Fatal("a packed blob was written again as a loose object")
			}
			assertClean(t, dir)
		})
	}
}

// TestReadThinPackFixed reads a pack received as a thin pack and completed
// by index-pack --fix-thin, as a fetch stores it: REF_DELTA objects whose
// bases were appended to the pack.
func TestReadThinPackFixed(t *testing.T) {
	src := makeHistory(t)
	dst := newRepo(t)
	// The first 25 commits reach dst whole, the rest as a thin pack.
	runGit(t, src, "branch", "early", "main~25")
	runGit(t, dst, "fetch", "-q", src, "early:early")
	cmd := exec.Command("git", "pack-objects", "-q", "--revs", "--thin", "--stdout", "--no-reuse-delta")
	cmd.Dir = src
	cmd.Stdin = strings.NewReader("main\n^early\n")
	thin, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	fix := exec.Command("git", "index-pack", "--stdin", "--fix-thin")
	fix.Dir = dst
	fix.Stdin = bytes.NewReader(thin)
	if out, err := fix.CombinedOutput(); err != nil {
		t.Fatalf("index-pack: %v\n%s", err, out)
	}
	runGit(t, dst, "update-ref", "refs/heads/main", runGit(t, src, "rev-parse", "main"))
	s := openStore(t, dst)
	if c := packEntryTypes(t, s); c[packObjRefDelta] == 0 {
		t.Fatalf("expected REF_DELTA objects, packs have %v", c)
	}
	checkVersions(t, dst, s, "doc.md")
	checkAllObjects(t, dst, s)
}

func TestReadAlternates(t *testing.T) {
	src := makeHistory(t)
	runGit(t, src, "gc", "-q")
	shared := filepath.Join(t.TempDir(), "shared")
	runGit(t, src, "clone", "-q", "--shared", src, shared)
	// A second level, listed by a relative path.
	second := filepath.Join(t.TempDir(), "second")
	runGit(t, src, "clone", "-q", "--shared", "--no-checkout", shared, second)
	alt := filepath.Join(second, ".git", "objects", "info", "alternates")
	rel, err := filepath.Rel(filepath.Join(second, ".git", "objects"), filepath.Join(shared, ".git", "objects"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(alt, []byte("# shared objects\n"+rel+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runGit(t, second, "checkout", "-q", "main")
	for _, dir := range []string{shared, second} {
		if out := runGit(t, dir, "count-objects", "-v"); !strings.Contains(out, "in-pack: 0") || !strings.Contains(out, "count: 0") {
			t.Fatalf("%s has objects of its own:\n%s", dir, out)
		}
		s := openStore(t, dir)
		checkVersions(t, dir, s, "doc.md")
		checkAllObjects(t, dir, s)
		commit(t, s, "in a clone", put("clone.md", "x\n"))
		assertClean(t, dir)
	}
}

// TestReadPackAddedWhileOpen repacks between reads: new packs are found,
// and objects of a pack that gc deleted are found in the new pack.
func TestReadPackAddedWhileOpen(t *testing.T) {
	dir := makeHistory(t)
	runGit(t, dir, "repack", "-q", "-a", "-d")
	s := openStore(t, dir)
	checkVersions(t, dir, s, "doc.md")
	s.db.cache = newObjCache(objCacheBytes)

	// New commits by git, packed by a second repack: a second pack.
	writeFile(t, filepath.Join(dir, "later.md"), "later\n")
	runGit(t, dir, "add", "later.md")
	runGit(t, dir, "commit", "-q", "-m", "later")
	runGit(t, dir, "repack", "-q", "-d")
	onlyPacks(t, dir)
	head, _ := ParseHash(runGit(t, dir, "rev-parse", "HEAD"))
	snap, err := s.Snapshot(head)
	if err != nil {
		t.Fatal(err)
	}
	if data, err := snap.ReadFile("later.md"); err != nil || string(data) != "later\n" {
		t.Fatalf("later.md = %q, %v", data, err)
	}

	// A pack listed but not opened, then replaced by gc.
	s2 := openStore(t, dir)
	s2.db.lists()
	runGit(t, dir, "gc", "-q", "--prune=now")
	if packs, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.pack")); len(packs) != 1 {
		t.Fatalf("want one pack after gc, have %d", len(packs))
	}
	for _, st := range []*Store{s, s2} {
		checkVersions(t, dir, st, "doc.md")
		checkVersions(t, dir, st, "later.md")
	}
}

func TestReadMissingObject(t *testing.T) {
	dir := makeHistory(t)
	runGit(t, dir, "gc", "-q")
	s := openStore(t, dir)
	missing := BlobHash([]byte("nobody wrote this\n"))
	_, err := s.Snapshot(missing)
	if err == nil || !strings.Contains(err.Error(), missing.String()) || !errors.Is(err, errObjectNotFound) {
		t.Fatalf("got %v, want an error naming %s", err, missing)
	}
	// A missing blob behind an existing path is damage, not a missing file.
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("%v wraps fs.ErrNotExist", err)
	}
	if s.hasObject(missing) {
		t.Fatal("hasObject of a missing object")
	}
	head, _ := ParseHash(runGit(t, dir, "rev-parse", "HEAD"))
	if !s.hasObject(head) {
		t.Fatal("hasObject of a packed commit is false")
	}
}

func TestReadDamagedPack(t *testing.T) {
	dir := makeHistory(t)
	runGit(t, dir, "gc", "-q")
	packs, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.pack"))
	data, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	// Flip bytes through the middle of the pack (not its header or
	// checksum, which are checked on open).
	for i := 100; i < len(data)-40; i += 997 {
		data[i] ^= 0x5a
	}
	os.Chmod(packs[0], 0o644)
	if err := os.WriteFile(packs[0], data, 0o644); err != nil {
		t.Fatal(err)
	}
	s := openStore(t, dir)
	failed := 0
	idx, err := os.Open(strings.TrimSuffix(packs[0], ".pack") + ".idx")
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	cmd := exec.Command("git", "show-index")
	cmd.Stdin = idx
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var reads []BlobRead
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		h, err := ParseHash(strings.Fields(line)[1])
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.readObject(h); err != nil {
			failed++
		}
		reads = append(reads, BlobRead{ID: h})
	}
	if failed == 0 {
		t.Fatal("no read failed in a damaged pack")
	}
	// Read together, every object fails or not as it does alone.
	checkReadBlobs(t, dir, reads)
}

func TestApplyDelta(t *testing.T) {
	base := []byte("0123456789abcdefghij")
	big := bytes.Repeat([]byte("x"), 0x10000)
	tests := []struct {
		name  string
		base  []byte
		delta []byte
		want  string // "" with err
		err   bool
	}{
		{"copy and insert", base, []byte{20, 9, 0x91, 2, 3, 3, 'X', 'Y', 'Z', 0x90, 3}, "234XYZ012", false},
		{"copy size 0 means 0x10000", big, []byte{0x80, 0x80, 0x04, 0x80, 0x80, 0x04, 0x80}, strings.Repeat("x", 0x10000), false},
		{"empty result", base, []byte{20, 0}, "", false},
		{"wrong base size", base, []byte{19, 1, 1, 'a'}, "", true},
		{"copy outside base", base, []byte{20, 5, 0x91, 18, 5}, "", true},
		{"result too short", base, []byte{20, 5, 1, 'a'}, "", true},
		{"result too long", base, []byte{20, 1, 2, 'a', 'b'}, "", true},
		{"reserved op", base, []byte{20, 1, 0}, "", true},
		{"truncated insert", base, []byte{20, 3, 3, 'a'}, "", true},
		{"truncated copy", base, []byte{20, 3, 0x91, 1}, "", true},
		{"huge declared size", base, []byte{20, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x90, 1}, "", true},
		{"truncated header", base, []byte{0x80}, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := applyDelta(tc.base, tc.delta)
			if tc.err {
				if err == nil {
					t.Fatalf("got %q, want an error", got)
				}
				return
			}
			if err != nil || string(got) != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// TestParseIdxRejects checks damaged idx headers.
func TestParseIdxRejects(t *testing.T) {
	good := realIdx(t, "")
	for name, data := range map[string][]byte{
		"empty":     nil,
		"truncated": good[:len(good)-1],
		"version 3": append(append([]byte{}, good[:4]...), append([]byte{0, 0, 0, 3}, good[8:]...)...),
		"fan-out decreases": func() []byte {
			b := bytes.Clone(good)
			b[8+4*10] = 0xff
			return b
		}(),
	} {
		if _, err := parseIdx(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// realIdx returns the idx of a small real pack, written with index-pack
// options (e.g. --index-version=1).
func realIdx(t testing.TB, opt string) []byte {
	t.Helper()
	dir := newRepo(t)
	fastImport(t, dir, func(w *bufio.Writer) {
		for v := range 40 {
			fmt.Fprintf(w, "commit refs/heads/main\ncommitter T <t@example.com> %d +0000\ndata 1\nx\n", 1764000000+v)
			data := editedDoc(20, v)
			fmt.Fprintf(w, "M 100644 inline d%d.md\ndata %d\n%s\n", v%4, len(data), data)
		}
	})
	runGit(t, dir, "repack", "-q", "-a", "-d")
	packs, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.pack"))
	tmp := filepath.Join(t.TempDir(), "x.idx")
	args := []string{"index-pack", "-o", tmp}
	if opt != "" {
		args = append(args, opt)
	}
	runGit(t, dir, append(args, packs[0])...)
	data, err := os.ReadFile(tmp)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// maxDeltaDepth is the longest delta chain in dir's packs, per git
// verify-pack.
func maxDeltaDepth(t *testing.T, dir string) int {
	t.Helper()
	idx, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.idx"))
	depth := 0
	for _, f := range idx {
		for _, line := range strings.Split(runGit(t, dir, "verify-pack", "-s", f), "\n") {
			var n, objs int
			if _, err := fmt.Sscanf(line, "chain length = %d: %d", &n, &objs); err == nil {
				depth = max(depth, n)
			}
		}
	}
	return depth
}

// writeTestPack writes a pack of the given raw entries (header included)
// and a version 2 idx for it, the way git names them, and returns the
// pack's base path.
func writeTestPack(t *testing.T, packDir string, ids []Hash, entries [][]byte) string {
	t.Helper()
	var pk bytes.Buffer
	pk.WriteString("PACK")
	pk.Write([]byte{0, 0, 0, 2})
	pk.Write(binary.BigEndian.AppendUint32(nil, uint32(len(entries))))
	offs := map[Hash]uint32{}
	for i, e := range entries {
		offs[ids[i]] = uint32(pk.Len())
		pk.Write(e)
	}
	sum := sha1.Sum(pk.Bytes())
	pk.Write(sum[:])

	sorted := slices.Clone(ids)
	slices.SortFunc(sorted, func(a, b Hash) int { return bytes.Compare(a[:], b[:]) })
	var ix bytes.Buffer
	ix.Write(idxV2Magic)
	ix.Write([]byte{0, 0, 0, 2})
	for b := range 256 {
		n := 0
		for _, h := range sorted {
			if int(h[0]) <= b {
				n++
			}
		}
		ix.Write(binary.BigEndian.AppendUint32(nil, uint32(n)))
	}
	for _, h := range sorted {
		ix.Write(h[:])
	}
	for _, h := range sorted {
		ix.Write(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(entries[slices.Index(ids, h)])))
	}
	for _, h := range sorted {
		ix.Write(binary.BigEndian.AppendUint32(nil, offs[h]))
	}
	ix.Write(sum[:])
	isum := sha1.Sum(ix.Bytes())
	ix.Write(isum[:])

	base := filepath.Join(packDir, fmt.Sprintf("pack-%x", sum))
	if err := os.WriteFile(base+".pack", pk.Bytes(), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(base+".idx", ix.Bytes(), 0o444); err != nil {
		t.Fatal(err)
	}
	return base
}

// packEntryBytes encodes a pack entry: type and size header, the REF_DELTA
// base id when given, and the zlib body.
func packEntryBytes(typ int, body []byte, baseID *Hash) []byte {
	size := len(body)
	b := []byte{byte(typ<<4) | byte(size&0x0f)}
	for size >>= 4; size > 0; size >>= 7 {
		b[len(b)-1] |= 0x80
		b = append(b, byte(size&0x7f))
	}
	if baseID != nil {
		b = append(b, baseID[:]...)
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(body)
	zw.Close()
	return append(b, z.Bytes()...)
}

// TestReadRefDeltaAcrossPacks reads a REF_DELTA whose base is in another
// pack, in a pack that appears while the Store is open. Git itself wants
// the base in the same pack (index-pack --fix-thin appends it); reading it
// from anywhere costs nothing more.
func TestReadRefDeltaAcrossPacks(t *testing.T) {
	dir := makeHistory(t)
	runGit(t, dir, "gc", "-q")
	s := openStore(t, dir)
	checkVersions(t, dir, s, "doc.md")

	baseData := []byte(editedDoc(80, 49))
	baseID := BlobHash(baseData)
	want := append(bytes.Clone(baseData), "one more line\n"...)
	delta := []byte{}
	for _, n := range []int{len(baseData), len(want)} {
		for ; n >= 0x80; n >>= 7 {
			delta = append(delta, byte(n)|0x80)
		}
		delta = append(delta, byte(n))
	}
	// Copy the base in 0x10000-byte pieces at most, then insert.
	for off := 0; off < len(baseData); off += 0xffff {
		n := min(0xffff, len(baseData)-off)
		delta = append(delta, 0x80|0x0f|0x30, byte(off), byte(off>>8), byte(off>>16), byte(off>>24), byte(n), byte(n>>8))
	}
	delta = append(delta, byte(len("one more line\n")))
	delta = append(delta, "one more line\n"...)
	id := BlobHash(want)
	writeTestPack(t, filepath.Join(dir, ".git", "objects", "pack"), []Hash{id}, [][]byte{packEntryBytes(packObjRefDelta, delta, &baseID)})

	typ, body, err := s.readObject(id)
	if err != nil || typ != objBlob || !bytes.Equal(body, want) {
		t.Fatalf("read %s: %s %q, %v", id, typ, body, err)
	}
	// Two packs and a loose object, read together. (git itself does
	// not take a base from another pack.)
	writeFile(t, filepath.Join(dir, "loose.md"), "loose\n")
	runGit(t, dir, "add", "loose.md")
	reads := []BlobRead{{ID: id}, {ID: BlobHash([]byte("loose\n"))}}
	for _, h := range strings.Fields(runGit(t, dir, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)")) {
		h, _ := ParseHash(h)
		reads = append(reads, BlobRead{ID: h})
	}
	checkReadBlobs(t, dir, reads)
}

// TestReadConcurrent reads from one Store on several goroutines while
// packs are added (run it with -race).
func TestReadConcurrent(t *testing.T) {
	dir := makeHistory(t)
	runGit(t, dir, "gc", "-q", "--aggressive")
	s := openStore(t, dir)
	revs := strings.Fields(runGit(t, dir, "rev-list", "main"))
	want := map[string][]byte{}
	for _, rev := range revs {
		want[rev] = gitShow(t, dir, rev+":doc.md")
	}
	errs := make(chan error, 4)
	for g := range 4 {
		go func() {
			for k := range revs {
				rev := revs[(k*7+g*13)%len(revs)]
				h, _ := ParseHash(rev)
				snap, err := s.Snapshot(h)
				if err == nil {
					var got []byte
					if got, err = snap.ReadFile("doc.md"); err == nil && !bytes.Equal(got, want[rev]) {
						err = fmt.Errorf("%s:doc.md differs", rev)
					}
				}
				if err != nil {
					errs <- err
					return
				}
				if k == len(revs)/2 && g == 0 {
					s.db.rescan()
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
