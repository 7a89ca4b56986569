package gitstore

import (
	"bytes"
	"crypto/sha1"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// packSource makes a repository whose history packs with deltas: a large
// file and a large folder changed a little by each of many commits, so
// git stores chains of OFS_DELTA (or REF_DELTA) entries on whole bases.
func packSource(t *testing.T, commits int) (dir, tip string) {
	t.Helper()
	dir = newRepo(t)
	var big strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&big, "line %d of a long draft that changes a little per commit\n", i)
	}
	for i := range commits {
		text := strings.Replace(big.String(), fmt.Sprintf("line %d ", i*7), fmt.Sprintf("edited %d ", i), 1)
		writeFile(t, filepath.Join(dir, "draft.md"), text)
		writeFile(t, filepath.Join(dir, "events", fmt.Sprintf("e%03d.yaml", i)), fmt.Sprintf("id: %d\n", i))
		runGit(t, dir, "add", "-A")
		runGit(t, dir, "commit", "-q", "-m", fmt.Sprintf("commit %d", i))
	}
	return dir, runGit(t, dir, "rev-parse", "HEAD")
}

// packOf returns the pack that git pack-objects makes of revs in dir.
func packOf(t *testing.T, dir string, revs string, flags ...string) []byte {
	t.Helper()
	cmd := exec.Command("git", append([]string{"pack-objects", "--stdout", "--revs", "-q"}, flags...)...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(revs + "\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git pack-objects %v: %v", flags, err)
	}
	return out
}

// packFiles lists the files in a repository's objects/pack folder.
func packFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(dir, ".git", "objects", "pack"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// TestIndexPack: a pack as git sends it, with OFS_DELTAs or REF_DELTAs,
// is stored with an index byte for byte the one git index-pack writes for
// it; git verify-pack and git fsck --strict accept the result, and the
// store reads every object of it.
func TestIndexPack(t *testing.T) {
	src, tip := packSource(t, 40)
	for _, tc := range []struct {
		name  string
		flags []string
	}{
		{"ofs-delta", []string{"--delta-base-offset"}},
		{"ref-delta", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := packOf(t, src, tip, tc.flags...)
			dst := newRepo(t)
			s := openStore(t, dst)
			if err := s.storePack(bytes.NewReader(data)); err != nil {
				t.Fatal(err)
			}
			names := packFiles(t, dst)
			if len(names) != 2 || !strings.HasSuffix(names[0], ".idx") || !strings.HasSuffix(names[1], ".pack") {
				t.Fatalf("objects/pack holds %v, want one .idx and its .pack", names)
			}
			base := filepath.Join(dst, ".git", "objects", "pack", strings.TrimSuffix(names[0], ".idx"))
			stored, err := os.ReadFile(base + ".pack")
			if err != nil || !bytes.Equal(stored, data) {
				t.Fatalf("the stored pack differs from the one received (%v)", err)
			}
			ours, err := os.ReadFile(base + ".idx")
			if err != nil {
				t.Fatal(err)
			}
			theirs := filepath.Join(t.TempDir(), "git.idx")
			runGit(t, dst, "index-pack", "-o", theirs, base+".pack")
			want, err := os.ReadFile(theirs)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(ours, want) {
				t.Fatalf("the index (%d bytes) differs from git index-pack's (%d bytes)", len(ours), len(want))
			}
			verify := runGit(t, dst, "verify-pack", "-v", base+".idx")
			if !strings.Contains(verify, "chain length = ") {
				t.Fatalf("the pack has no deltas, so the test shows nothing:\n%s", verify)
			}
			runGit(t, dst, "update-ref", "refs/heads/main", tip)
			runGit(t, dst, "fsck", "--strict", "--no-progress", "--no-dangling")
			for _, id := range strings.Fields(runGit(t, src, "rev-list", "--objects", "--no-object-names", tip)) {
				h, err := ParseHash(id)
				if err != nil {
					t.Fatal(err)
				}
				typ, body, err := s.db.read(h)
				if err != nil {
					t.Fatalf("read %s from the stored pack: %v", id, err)
				}
				if got := objectHash(typ, body); got != h {
					t.Fatalf("%s reads back as %s", id, got)
				}
			}
		})
	}
}

// TestIndexPackRefusesDamage: a damaged, short or incomplete (thin) pack
// is refused with an error that says what and where, and leaves nothing in
// objects/pack.
func TestIndexPackRefusesDamage(t *testing.T) {
	src, tip := packSource(t, 12)
	data := packOf(t, src, tip, "--delta-base-offset")
	flipped := bytes.Clone(data)
	flipped[len(flipped)/2] ^= 0x40
	badSum := bytes.Clone(data)
	badSum[len(badSum)-1] ^= 1
	parent := runGit(t, src, "rev-parse", "HEAD~1")
	thin := packOf(t, src, tip+"\n^"+parent, "--thin")
	for _, tc := range []struct {
		name string
		pack []byte
		want string
	}{
		{"empty", nil, "not a pack"},
		{"truncated", data[:len(data)/2], "offset"},
		{"no checksum", data[:len(data)-20], "before its checksum"},
		{"flipped byte", flipped, "offset"},
		{"bad checksum", badSum, "checksum mismatch"},
		{"trailing data", append(bytes.Clone(data), 'x'), "after the pack's checksum"},
		{"thin", thin, "is not in the pack"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dst := newRepo(t)
			s := openStore(t, dst)
			err := s.storePack(bytes.NewReader(tc.pack))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("storePack: %v, want an error saying %q", err, tc.want)
			}
			if names := packFiles(t, dst); len(names) != 0 {
				t.Fatalf("objects/pack holds %v after a refused pack", names)
			}
		})
	}
}

// FuzzIndexPack: whatever pack arrives, the scan and the resolution
// either refuse them or describe a pack whose index git's reader accepts
// and whose every object reads back with the id the index gives it. (The
// files around them, synced and renamed, are TestIndexPack's: one file
// here, rewritten for each input, keeps the fuzzer off the disk.)
func FuzzIndexPack(f *testing.F) {
	src := filepath.Join(f.TempDir(), "src")
	runGit(f, filepath.Dir(src), "init", "-q", src)
	for i := range 3 {
		writeFile(f, filepath.Join(src, "a.txt"), strings.Repeat(fmt.Sprintf("text %d\n", i/2), 50+i))
		runGit(f, src, "add", "-A")
		runGit(f, src, "commit", "-q", "-m", fmt.Sprint(i))
	}
	tip := runGit(f, src, "rev-parse", "HEAD")
	for _, flags := range [][]string{{"--delta-base-offset"}, nil} {
		cmd := exec.Command("git", append([]string{"pack-objects", "--stdout", "--revs", "-q"}, flags...)...)
		cmd.Dir, cmd.Stdin = src, strings.NewReader(tip+"\n")
		out, err := cmd.Output()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(out[:len(out)-20])
	}
	file, err := os.CreateTemp(f.TempDir(), "fuzz.pack")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { file.Close() })
	db := newObjectDB(f.TempDir())
	// The input is a pack without its checksum, which is added: a fuzzer
	// rarely gets a SHA-1 right, and the entries are what is tested.
	f.Fuzz(func(t *testing.T, body []byte) {
		sum := sha1.Sum(body)
		data := append(bytes.Clone(body), sum[:]...)
		if err := file.Truncate(0); err != nil {
			t.Fatal(err)
		}
		if _, err := file.Seek(0, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		sc, err := scanPack(bytes.NewReader(data), file)
		if err != nil {
			return
		}
		if sc.size != int64(len(data)) {
			t.Fatalf("a pack of %d bytes scanned as %d", len(data), sc.size)
		}
		p := &pack{base: "fuzz", f: file, size: sc.size}
		if err := db.resolvePack(p, sc); err != nil {
			return
		}
		var idx bytes.Buffer
		if err := writeIdx(&idx, sc); err != nil {
			t.Fatal(err)
		}
		if p.idx, err = parseIdx(idx.Bytes()); err != nil {
			t.Fatalf("the index written does not parse: %v", err)
		}
		p.once.Do(func() {}) // opened: its index is the one just written
		for i := range p.idx.n {
			h := Hash(p.idx.name(i))
			off, err := p.idx.offset(i)
			if err != nil {
				t.Fatal(err)
			}
			typ, body, err := db.readAt(p, off, 0, noLimit)
			if err != nil {
				t.Fatalf("read %s: %v", h, err)
			}
			if objectHash(typ, body) != h {
				t.Fatalf("%s reads back as another object", h)
			}
		}
	})
}
