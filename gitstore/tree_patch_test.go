package gitstore

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// patchTip applies changes to HEAD's tree with patchTree, as a commit does.
func patchTip(t *testing.T, s *Store, changes ...Change) (Hash, error) {
	t.Helper()
	snap := headSnapshot(t, s)
	var files []*plannedFile
	for _, c := range changes {
		f := &plannedFile{path: c.Path, data: c.Data, delete: c.Delete}
		if !c.Delete {
			var err error
			if f.blob, err = s.writeObject(objBlob, c.Data); err != nil {
				t.Fatal(err)
			}
		}
		files = append(files, f)
	}
	node, err := newChangeTree(files)
	if err != nil {
		t.Fatal(err)
	}
	h, _, err := s.patchTree(snap.tree, node, "")
	return h, err
}

// TestPatchTreeGitOrder splices names into every position git's order
// allows (a file just before and after a folder of a similar name, the
// first and the last entry) and checks the trees with git itself.
func TestPatchTreeGitOrder(t *testing.T) {
	dir := newRepo(t)
	for _, p := range []string{"a-b.md", "a.md", "a/x.md", "a0.md", "m/n/o.md", "z.md"} {
		writeFile(t, filepath.Join(dir, p), p+"\n")
	}
	if err := os.Symlink("a.md", filepath.Join(dir, "l")); err != nil {
		t.Fatal(err)
	}
	runGit(t, dir, "add", ".")
	runGit(t, dir, "commit", "-q", "-m", "seed")
	s := openStore(t, dir)

	h, err := patchTip(t, s, put("0.md", "first"), put("a.c", "between a-b.md and a.md"),
		put("a/w.md", "new in a"), put("a/x.md", "changed"), del("a0.md"), put("a.md-", "before a/"),
		put("m/n/p/q.md", "deeper"), put("zz/new.md", "last"), del("z.md"))
	if err != nil {
		t.Fatal(err)
	}
	runGit(t, dir, "update-ref", "refs/heads/main", runGit(t, dir, "commit-tree", h.String(), "-p", "HEAD", "-m", "patched"))
	runGit(t, dir, "fsck", "--strict", "--no-progress")
	want := "0.md\na-b.md\na.c\na.md\na.md-\na/w.md\na/x.md\nl\nm/n/o.md\nm/n/p/q.md\nzz/new.md"
	if got := runGit(t, dir, "ls-tree", "-r", "--name-only", "HEAD"); got != want {
		t.Fatalf("tree:\n%s\nwant:\n%s", got, want)
	}
	if got := runGit(t, dir, "show", "HEAD:a/x.md"); got != "changed" {
		t.Fatalf("a/x.md = %q", got)
	}

	// Emptying a folder drops it, up to the root.
	h, err = patchTip(t, s, del("m/n/o.md"), del("m/n/p/q.md"))
	if err != nil {
		t.Fatal(err)
	}
	if got := runGit(t, dir, "ls-tree", "--name-only", h.String()); strings.Contains(got, "m") && slices.Contains(strings.Fields(got), "m") {
		t.Fatalf("emptied folder kept: %s", got)
	}

	for _, tc := range []struct {
		change Change
		want   string
	}{
		{put("a", "file where a folder is"), "a: is a folder in the tip"},
		{put("a.md/x.md", "folder where a file is"), "a.md: is a file in the tip, not a folder"},
		{put("l", "over a symlink"), "l: is a symlink or submodule in the tip"},
		{del("nope.md"), "delete nope.md: not in the tip"},
		{del("m/nope.md"), "delete m/nope.md: not in the tip"},
	} {
		if _, err := patchTip(t, s, tc.change); err == nil || err.Error() != tc.want {
			t.Errorf("%s: error %v, want %q", tc.change.Path, err, tc.want)
		}
	}
}

// patchByDecode is the straightforward patch of one top-level name, to
// check patchTree's splice against: decode, replace, insert, sort, encode.
// ok is false when the change must fail.
func patchByDecode(entries []treeEntry, name string, blob Hash, remove, asDir bool) (out []byte, ok bool) {
	i := slices.IndexFunc(entries, func(e treeEntry) bool { return string(e.name) == name })
	entries = slices.Clone(entries)
	switch {
	case asDir && i >= 0 && !entries[i].isTree():
		return nil, false
	case asDir:
		sub := appendTreeEntry(nil, modeFileBytes, []byte("x.md"), blob)
		entries = append(entries, treeEntry{mode: modeTreeBytes, name: []byte(name), hash: objectHash(objTree, sub)})
	case i >= 0 && slices.Contains([]uint32{modeTree, modeSymlink, modeGitlink}, parseMode(entries[i].mode)):
		return nil, false
	case remove && i < 0:
		return nil, false
	case remove:
		entries = slices.Delete(entries, i, i+1)
	case i >= 0:
		entries[i] = treeEntry{mode: modeFileBytes, name: entries[i].name, hash: blob}
	default:
		entries = append(entries, treeEntry{mode: modeFileBytes, name: []byte(name), hash: blob})
	}
	slices.SortStableFunc(entries, compareEntries)
	return encodeTree(entries), true
}

func FuzzPatchTree(f *testing.F) {
	seed := encodeTree([]treeEntry{
		{mode: []byte("100644"), name: []byte("a-b.md"), hash: BlobHash([]byte("1"))},
		{mode: []byte("100755"), name: []byte("a.md"), hash: BlobHash([]byte("2"))},
		{mode: []byte("40000"), name: []byte("a"), hash: BlobHash([]byte("3"))},
		{mode: []byte("120000"), name: []byte("l"), hash: BlobHash([]byte("4"))},
	})
	f.Add(seed, "a.c", false, false)
	f.Add(seed, "a.md", true, false)
	f.Add(seed, "a.md", false, true)
	f.Add(seed, "a", false, false)
	f.Add(seed, "l", false, false)
	f.Add([]byte{}, "new", false, true)
	s := openStore(f, newRepo(f))
	f.Fuzz(func(t *testing.T, raw []byte, name string, remove, asDir bool) {
		entries, err := parseRawTree(raw)
		if err != nil || name == "" || strings.Contains(name, "/") || checkPath(name) != nil {
			return
		}
		for i := 1; i < len(entries); i++ {
			if compareEntries(entries[i-1], entries[i]) >= 0 || bytes.Equal(entries[i-1].name, entries[i].name) {
				return // not a tree git writes
			}
		}
		if asDir && slices.ContainsFunc(entries, func(e treeEntry) bool { return string(e.name) == name && e.isTree() }) {
			return // its subtree is not in the store
		}
		remove = remove && !asDir
		base, err := s.writeObject(objTree, raw)
		if err != nil {
			t.Fatal(err)
		}
		blob := BlobHash([]byte(name))
		f := &plannedFile{path: name, delete: remove}
		if asDir {
			f.path = name + "/x.md"
		}
		if !remove {
			f.blob = blob
		}
		node, err := newChangeTree([]*plannedFile{f})
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := s.patchTree(base, node, "")
		want, ok := patchByDecode(entries, name, blob, remove, asDir)
		switch {
		case !ok && err == nil:
			t.Fatalf("patching %q (remove %v, folder %v) should fail", name, remove, asDir)
		case ok && err != nil:
			t.Fatalf("patching %q (remove %v, folder %v): %v", name, remove, asDir, err)
		case ok && got != objectHash(objTree, want):
			_, body, _ := s.readObject(got)
			t.Fatalf("patching %q (remove %v, folder %v):\n got %q\nwant %q", name, remove, asDir, body, want)
		}
	})
}
