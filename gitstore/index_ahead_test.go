package gitstore

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// aheadBytes writes ix with ups applied the way a commit does: the layout
// (entries without their data) ahead into a lock file, then the entries
// and the checksum. It returns the file.
func aheadBytes(t *testing.T, ix *rawIndex, ups []indexUpdate) ([]byte, error) {
	t.Helper()
	early := make([]indexUpdate, len(ups))
	for i, u := range ups {
		early[i] = indexUpdate{path: u.path, delete: u.delete} // no blob or stat yet
	}
	l, err := ix.layout(early)
	if err != nil {
		return nil, err
	}
	target := filepath.Join(t.TempDir(), "index")
	lk, err := acquireLock(target, target+".tmp", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer lk.release()
	if err := writeIndexAhead(lk, l, ix.trailer()).finish(ups); err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(lk.path)
	if err != nil {
		t.Fatal(err)
	}
	return out, nil
}

// TestIndexAheadMatchesSplice: the index a commit writes ahead is the
// spliced index, byte for byte, wherever the new entries fall, with or
// without a checksum.
func TestIndexAheadMatchesSplice(t *testing.T) {
	st := statData{ctimeSec: 1, mtimeSec: 2, ino: 3, size: 4}
	set := func(p string) indexUpdate { return indexUpdate{path: p, blob: BlobHash([]byte(p)), stat: st} }
	rm := func(p string) indexUpdate { return indexUpdate{path: p, delete: true} }
	cases := map[string][]indexUpdate{
		"first":       {set("0.md")},
		"middle":      {set("b/cc.md")},
		"last":        {set("zz.md")},
		"replace":     {set("b/c.md")},
		"remove":      {rm("b/d/e.md")},
		"several":     {set("zz.md"), rm("a.md"), set("b/d/f.md"), set("0.md")},
		"remove only": {rm("a.md"), rm("z.md")},
	}
	for _, version := range []string{"2", "3"} {
		seed := gitIndexSeed(t, version)
		noSum := bytes.Clone(seed)
		copy(noSum[len(noSum)-indexChecksumLen:], make([]byte, indexChecksumLen))
		for _, data := range [][]byte{seed, noSum} {
			ix, err := parseIndex(data)
			if err != nil {
				t.Fatal(err)
			}
			for name, ups := range cases {
				img, err := ix.splice(ups)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				got, err := aheadBytes(t, ix, ups)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if want := img.bytes(); !bytes.Equal(got, want) {
					t.Errorf("v%s %s: written ahead %d bytes, spliced %d, and they differ", version, name, len(got), len(want))
				}
			}
		}
	}
}

// TestIndexAheadFlagsAndREUC: a version 3 index with extended flags
// (skip-worktree, intent-to-add) and a resolve-undo extension is written
// ahead as splice writes it.
func TestIndexAheadFlagsAndREUC(t *testing.T) {
	dir := conflicted(t)
	for _, p := range []string{"a.md", "b/c.md", "b/d/e.md", "z.md"} {
		writeFile(t, filepath.Join(dir, p), p+"\n")
	}
	runGit(t, dir, "add", ".")
	runGit(t, dir, "commit", "-qm", "more")
	if _, err := gitErr(dir, "merge", "-q", "side"); err == nil {
		t.Fatal("the merge did not conflict")
	}
	writeFile(t, filepath.Join(dir, "f.md"), "both\n")
	runGit(t, dir, "add", "f.md") // leaves a REUC entry
	runGit(t, dir, "update-index", "--skip-worktree", "b/c.md")
	writeFile(t, filepath.Join(dir, "n.md"), "n\n")
	runGit(t, dir, "add", "-N", "n.md")
	runGit(t, dir, "write-tree")
	data, err := os.ReadFile(filepath.Join(dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("REUC")) || data[7] != 3 {
		t.Fatalf("the index has no REUC or is not version 3 (version %d)", data[7])
	}
	ix, err := parseIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	st := statData{ctimeSec: 1, mtimeSec: 2, ino: 3, size: 4}
	set := func(p string) indexUpdate { return indexUpdate{path: p, blob: BlobHash([]byte(p)), stat: st} }
	for name, ups := range map[string][]indexUpdate{
		"replace skip-worktree": {set("b/c.md")},
		"replace intent-to-add": {set("n.md")},
		"remove flagged":        {{path: "b/c.md", delete: true}, {path: "n.md", delete: true}},
		"several":               {set("zz.md"), set("0.md"), set("b/d/f.md"), {path: "a.md", delete: true}},
	} {
		img, err := ix.splice(ups)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := aheadBytes(t, ix, ups)
		if err != nil || !bytes.Equal(got, img.bytes()) {
			t.Errorf("%s: the index written ahead differs from the spliced one (%v)", name, err)
		}
	}
}
