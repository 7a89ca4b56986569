package repo

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cc-content/cc/review"
)

// editDraft replaces old with new in the draft's work-tree file.
func editDraft(t *testing.T, r *Repo, dir, id, old, new string) string {
	t.Helper()
	p := draftPath(t, r, id)
	text := readWorktree(t, dir, p)
	if !strings.Contains(text, old) {
		t.Fatalf("%s does not hold %q:\n%s", p, old, text)
	}
	writeFile(t, dir, p, strings.Replace(text, old, new, 1))
	return p
}

// sameLineEdits is a remote and two clones whose people changed the
// same line of a draft: Grace synced first, Ada has not synced yet.
type sameLineEdits struct {
	r, other        *Repo
	dir, odir, bare string
	id, path        string
}

func newSameLineEdits(t *testing.T, line, adaLine, graceLine string) sameLineEdits {
	t.Helper()
	s := sameLineEdits{bare: newRemote(t, t.TempDir(), "site.git")}
	s.r, s.dir, s.id = firstClone(t, s.bare)
	s.other, s.odir = cloneOf(t, s.bare, s.bare)
	editDraft(t, s.other, s.odir, s.id, line, graceLine)
	mustSync(t, s.other, grace)
	s.path = editDraft(t, s.r, s.dir, s.id, line, adaLine)
	return s
}

// Both sides change the same line: the sync stops before the branch
// moves, says where and whose, keeps both versions, and goes on once the
// draft is edited.
func TestSyncConflictContinue(t *testing.T) {
	s := newSameLineEdits(t, "Middle.", "Middle, as Ada has it.", "Middle, as Grace has it.")
	r, dir, id, bare, other, odir, p := s.r, s.dir, s.id, s.bare, s.other, s.odir, s.path

	_, err := r.Sync(context.Background(), as(ada, time.Now()), SyncOptions{})
	var ce *SyncConflictError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a conflict", err)
	}
	if len(ce.Conflicts) != 1 || ce.Conflicts[0].Path != p || ce.Conflicts[0].Draft.ID != id || len(ce.Conflicts[0].Regions) != 1 {
		t.Fatalf("conflicts = %+v", ce.Conflicts)
	}
	c := ce.Conflicts[0]
	if c.Ours.Name != ada.Name || c.Theirs.Name != grace.Name {
		t.Errorf("whose: ours %v, theirs %v", c.Ours, c.Theirs)
	}
	saved := strings.TrimSpace(git(t, dir, "rev-parse", "HEAD"))
	if got := strings.TrimSpace(git(t, dir, "rev-parse", "HEAD^")); got == saved {
		t.Fatal("no save commit")
	}
	text := readWorktree(t, dir, p)
	for _, want := range []string{"<<<<<<< ", "Middle, as Ada has it.", "=======", "Middle, as Grace has it.", ">>>>>>> "} {
		if !strings.Contains(text, want) {
			t.Errorf("work tree lacks %q:\n%s", want, text)
		}
	}
	if theirs := strings.TrimSpace(git(t, dir, "rev-parse", syncTheirsRef)); theirs != strings.TrimSpace(git(t, bare, "rev-parse", "main")) {
		t.Errorf("%s = %s, not the remote's tip", syncTheirsRef, theirs)
	}
	if _, err := r.Sync(context.Background(), as(ada, time.Now()), SyncOptions{}); err == nil || !strings.Contains(err.Error(), "--continue") {
		t.Errorf("a second sync did not point at --continue: %v", err)
	}
	if _, err := r.ContinueSync(context.Background(), as(ada, time.Now()), SyncOptions{}); err == nil || !strings.Contains(err.Error(), "markers") {
		t.Errorf("continue with markers left: %v", err)
	}
	resolved := strings.NewReplacer("<<<<<<< yours (main)\n", "", "=======\n", "", ">>>>>>> origin/main\n", "", "Middle, as Grace has it.\n", "").Replace(text)
	writeFile(t, dir, p, resolved)
	res, err := r.ContinueSync(context.Background(), as(ada, time.Now()), SyncOptions{})
	if err != nil || res.Merged == "" || !res.Pushed {
		t.Fatalf("continue: %+v, %v", res, err)
	}
	if got := readWorktree(t, dir, p); got != resolved {
		t.Errorf("resolution not kept:\n%s", got)
	}
	parents := strings.Fields(git(t, dir, "log", "-1", "--format=%P"))
	if len(parents) != 2 || parents[0] != saved {
		t.Errorf("merge parents %v, want %s first", parents, saved)
	}
	if out := git(t, dir, "for-each-ref", "refs/cc/"); out != "" {
		t.Errorf("sync refs left: %s", out)
	}
	checkClean(t, dir)
	mustSync(t, other, grace)
	if got := readWorktree(t, odir, p); got != resolved {
		t.Errorf("other clone has\n%s", got)
	}
}

// --abort puts this clone's version back and forgets the stopped sync.
func TestSyncConflictAbort(t *testing.T) {
	s := newSameLineEdits(t, "End.", "End (Ada).", "End (Grace).")
	r, dir, p := s.r, s.dir, s.path
	if _, err := r.Sync(context.Background(), as(ada, time.Now()), SyncOptions{}); err == nil {
		t.Fatal("no conflict")
	}
	paths, err := r.AbortSync()
	if err != nil || len(paths) != 1 || paths[0] != p {
		t.Fatalf("abort: %v, %v", paths, err)
	}
	if got := readWorktree(t, dir, p); !strings.Contains(got, "End (Ada).") || strings.Contains(got, "Grace") {
		t.Errorf("after abort:\n%s", got)
	}
	checkClean(t, dir)
	if _, err := r.AbortSync(); !errors.Is(err, ErrNoSyncStopped) {
		t.Errorf("second abort: %v", err)
	}
}

// The remote moves between this clone's fetch and its push: the push is
// refused, and the sync fetches, merges and pushes again.
func TestSyncRetriesWhenRemoteMoved(t *testing.T) {
	base := t.TempDir()
	bare := newRemote(t, base, "site.git")
	r, _, id := firstClone(t, bare)
	other, _ := cloneOf(t, bare, bare)
	comment(t, r, ada, id, "Ada's")
	raced := false
	syncHook = func(step string) {
		if step == "pushing" && !raced {
			raced = true
			comment(t, other, grace, id, "Grace's, pushed first")
			mustSync(t, other, grace)
		}
	}
	defer func() { syncHook = nil }()
	res := mustSync(t, r, ada)
	if !raced || res.Attempts != 2 || !res.Pushed || res.Merged == "" {
		t.Fatalf("sync: %+v", res)
	}
	if n := len(eventFiles(t, r.Root())); n != 2 {
		t.Errorf("%d events, want 2", n)
	}
}

// Shallow clones, as CI makes them, sync too.
func TestSyncShallowClone(t *testing.T) {
	base := t.TempDir()
	bare := newRemote(t, base, "site.git")
	r, dir, id := firstClone(t, bare)
	for i := range 3 {
		comment(t, r, ada, id, "Before the clone "+string(rune('a'+i)))
	}
	mustSync(t, r, ada)
	sdir := t.TempDir() + "/shallow"
	git(t, base, "clone", "-q", "--depth", "1", "file://"+bare, sdir)
	s, err := Open(Options{Dir: sdir})
	if err != nil {
		t.Fatal(err)
	}
	comment(t, s, grace, id, "From the shallow clone")
	comment(t, r, ada, id, "Meanwhile")
	mustSync(t, r, ada)
	if res := mustSync(t, s, grace); res.Merged == "" || !res.Pushed {
		t.Fatalf("shallow sync: %+v", res)
	}
	mustSync(t, r, ada)
	if a, b := git(t, dir, "rev-parse", "HEAD"), git(t, sdir, "rev-parse", "HEAD"); a != b {
		t.Errorf("clones differ: %s %s", a, b)
	}
	checkClean(t, dir)
	checkClean(t, sdir)
}

// People who do not use cc pull and merge with plain git: review events
// and different paragraphs of a draft merge without a conflict.
func TestPlainGitPullMergesReviewData(t *testing.T) {
	base := t.TempDir()
	bare := newRemote(t, base, "site.git")
	r, dir, id := firstClone(t, bare)
	other, odir := cloneOf(t, bare, bare)
	comment(t, other, grace, id, "Grace")
	if _, err := other.Approve(as(grace, time.Now()), id, ""); err != nil {
		t.Fatal(err)
	}
	git(t, odir, "push", "-q", "origin", "main")
	comment(t, r, ada, id, "Ada")
	git(t, dir, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
	if n := len(eventFiles(t, dir)); n != 3 {
		t.Errorf("%d events after git pull, want 3", n)
	}
	git(t, dir, "push", "-q", "origin", "main")
	// git merge of a branch with review events on both sides.
	git(t, odir, "fetch", "-q", "origin")
	comment(t, other, grace, id, "Grace again")
	git(t, odir, "merge", "-q", "--no-edit", "origin/main")
	if n := len(eventFiles(t, odir)); n != 4 {
		t.Errorf("%d events after git merge, want 4", n)
	}
	checkClean(t, dir)
	checkClean(t, odir)
}

// lin syncs for Ada in the rebase test, to tell committer from author.
var lin = review.Person{Name: "Lin Editor", Email: "lin@example.com"}

// --rebase replays this clone's commits on the remote's tip: history stays
// one line, each replayed commit keeps its author and message, and the
// work of both sides is there.
func TestSyncRebase(t *testing.T) {
	bare := newRemote(t, t.TempDir(), "site.git")
	r, dir, id := firstClone(t, bare)
	other, odir := cloneOf(t, bare, bare)
	theirs := comment(t, other, grace, id, "Grace")
	editDraft(t, other, odir, id, "End.", "End, Grace.")
	mustSync(t, other, grace)
	remoteTip := strings.TrimSpace(git(t, bare, "rev-parse", "main"))
	first := comment(t, r, ada, id, "Ada one")
	editDraft(t, r, dir, id, "Intro.", "Intro, Ada.")
	second := comment(t, r, ada, id, "Ada two")

	res, err := r.Sync(context.Background(), as(lin, time.Now()), SyncOptions{Rebase: true})
	if err != nil || res.Rebased == "" || res.Merged != "" || !res.Pushed {
		t.Fatalf("sync --rebase: %+v, %v", res, err)
	}
	if merges := git(t, dir, "rev-list", "--merges", "HEAD"); merges != "" {
		t.Errorf("merge commits after a rebase: %s", merges)
	}
	// Ada's two comments and the save the sync made sit on the remote's
	// tip; the comments keep their author, committed by who synced.
	if got := strings.TrimSpace(git(t, dir, "rev-parse", "HEAD~3")); got != remoteTip {
		t.Errorf("HEAD~3 = %s, want the remote's tip %s", got, remoteTip)
	}
	want := []string{lin.Name + "|" + lin.Name + "|draft(launch-plan): save",
		ada.Name + "|" + lin.Name + "|review(launch-plan): comment", ada.Name + "|" + lin.Name + "|review(launch-plan): comment"}
	if got := strings.Split(strings.TrimSpace(git(t, dir, "log", "-3", "--format=%an|%cn|%s")), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("replayed commits:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	text := readWorktree(t, dir, draftPath(t, r, id))
	if !strings.Contains(text, "Intro, Ada.") || !strings.Contains(text, "End, Grace.") {
		t.Errorf("rebased draft:\n%s", text)
	}
	evs := strings.Join(eventFiles(t, dir), " ")
	for _, e := range []string{theirs, first, second} {
		if !strings.Contains(evs, e) {
			t.Errorf("event %s lost", e)
		}
	}
	checkClean(t, dir)
	if got := strings.TrimSpace(git(t, bare, "rev-parse", "main")); got != res.Head {
		t.Errorf("remote at %s, clone at %s", got, res.Head)
	}
}

// A replay that meets a conflict stops as a merge would.
func TestSyncRebaseConflictStops(t *testing.T) {
	s := newSameLineEdits(t, "Middle.", "Middle (Ada).", "Middle (Grace).")
	_, err := s.r.Sync(context.Background(), as(ada, time.Now()), SyncOptions{Rebase: true})
	var ce *SyncConflictError
	if !errors.As(err, &ce) || len(ce.Conflicts) != 1 {
		t.Fatalf("err = %v, want a conflict", err)
	}
	if text := readWorktree(t, s.dir, s.path); !strings.Contains(text, "<<<<<<< ") {
		t.Errorf("no markers:\n%s", text)
	}
}
