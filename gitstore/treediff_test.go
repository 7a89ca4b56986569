package gitstore

import (
	"slices"
	"strings"
	"testing"
)

// Diff lists what git diff-tree -r lists, files turned into folders and
// back included.
func TestSnapshotDiff(t *testing.T) {
	dir := newRepo(t)
	s := openStore(t, dir)
	a := commit(t, s, "a", put("keep.md", "k\n"), put("edit.md", "1\n"), put("gone.md", "g\n"), put("x", "file\n"), put("d/e/f.md", "f\n"))
	commit(t, s, "b1", put("edit.md", "2\n"), del("gone.md"), del("x"))
	b := commit(t, s, "b", put("x/inside.md", "now a folder\n"), put("d/e/new.md", "n\n"), put("z.md", "z\n"))
	from, err := s.Snapshot(a.Commit)
	if err != nil {
		t.Fatal(err)
	}
	to, err := s.Snapshot(b.Commit)
	if err != nil {
		t.Fatal(err)
	}
	diff, err := from.Diff(to)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range diff {
		kind := "M"
		switch {
		case c.From.Mode == 0:
			kind = "A"
		case c.To.Mode == 0:
			kind = "D"
		}
		got = append(got, kind+"\t"+c.Path)
	}
	want := strings.Split(runGit(t, dir, "diff-tree", "-r", "--name-status", a.Commit.String(), b.Commit.String()), "\n")
	if strings.Join(sortedCopy(got), "\n") != strings.Join(sortedCopy(want), "\n") {
		t.Errorf("Diff:\n%s\ngit diff-tree:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if same, err := to.Diff(to); err != nil || len(same) != 0 {
		t.Errorf("a snapshot differs from itself: %v %v", same, err)
	}
}

// A fast-forward (MoveTo) moves the branch to an existing commit and
// brings the index and work tree along; a plan whose changes do not give
// that commit's tree is refused.
func TestCommitMoveTo(t *testing.T) {
	dir := newRepo(t)
	s := openStore(t, dir)
	base := commit(t, s, "base", put("a.md", "a\n"))
	next := commit(t, s, "next", put("a.md", "a2\n"), put("b.md", "b\n"))
	runGit(t, dir, "reset", "-q", "--hard", base.Commit.String())
	_, err := s.Commit(CommitOptions{Author: testSig}, func(*Snapshot) (CommitPlan, error) {
		return CommitPlan{Message: "ff", Changes: []Change{put("a.md", "wrong\n")}, MoveTo: next.Commit}, nil
	})
	if err == nil || !strings.Contains(err.Error(), "not the tip with the planned changes") {
		t.Fatalf("wrong plan: %v", err)
	}
	res, err := s.Commit(CommitOptions{Author: testSig}, func(*Snapshot) (CommitPlan, error) {
		return CommitPlan{Message: "ff", Changes: []Change{put("a.md", "a2\n"), put("b.md", "b\n")}, MoveTo: next.Commit}, nil
	})
	if err != nil || res.Commit != next.Commit {
		t.Fatalf("move: %+v %v", res, err)
	}
	assertClean(t, dir)
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	slices.Sort(out)
	return out
}
