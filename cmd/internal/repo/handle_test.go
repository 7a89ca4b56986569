package repo

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cc-content/cc/review"
)

func TestMain(m *testing.M) {
	if os.Getenv(syncChildEnv) != "" {
		os.Exit(runSyncChild())
	}
	// Keep the host's git configuration out of every test.
	home, err := os.MkdirTemp("", "repo-home-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for k, v := range map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"), "GIT_CONFIG_NOSYSTEM": "1",
		"GIT_AUTHOR_NAME": "", "GIT_AUTHOR_EMAIL": "", "GIT_COMMITTER_NAME": "", "GIT_COMMITTER_EMAIL": "",
		"GIT_DIR": "", "GIT_WORK_TREE": "", "GIT_INDEX_FILE": "",
	} {
		if v == "" {
			os.Unsetenv(k)
		} else {
			os.Setenv(k, v)
		}
	}
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}

var (
	ada   = review.Person{Name: "Ada Writer", Email: "ada@example.com"}
	grace = review.Person{Name: "Grace Reviewer", Email: "grace@example.com"}
	t0    = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
)

// as is p acting at t.
func as(p review.Person, t time.Time) Actor { return Actor{Author: p, Committer: p, Now: t} }

// git runs the real git in dir and returns its output.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	c := exec.Command("git", append([]string{"-c", "user.name=Lin Git", "-c", "user.email=lin@example.com"}, args...)...)
	c.Dir = dir
	out, err := c.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// newContentRepo makes a repository set up for cc, as cc init does.
func newContentRepo(t *testing.T) (*Repo, string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("these tests need git on PATH")
	}
	dir := t.TempDir()
	r, err := Create(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := PlanSetup(nil, dir, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Setup(as(ada, t0), plan); err != nil {
		t.Fatal(err)
	}
	return r, dir
}

func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func draftIDs(t *testing.T, r *Repo) []string {
	t.Helper()
	v, err := r.View()
	if err != nil {
		t.Fatal(err)
	}
	drafts, err := v.Drafts()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range drafts {
		ids = append(ids, d.ID)
	}
	return ids
}

// One Repo, opened once, answers from the new tip after plain git moved
// the branch: what a server or sync that lives for hours relies on.
func TestRepoAnswersFromTheTipAfterGitCommits(t *testing.T) {
	r, dir := newContentRepo(t)
	made, err := r.NewDraft(as(ada, t0), NewDraft{Title: "Launch plan", Body: []byte("We launch in March.\n")})
	if err != nil {
		t.Fatal(err)
	}
	if got := draftIDs(t, r); len(got) != 1 || got[0] != made.Entry.ID {
		t.Fatalf("drafts after cc draft new: %v", got)
	}
	first, _ := r.View()

	writeFile(t, dir, "content/posts/by-git.md", "---\nid: k3x9q2\ntitle: By git\n---\nWritten without cc.\n")
	git(t, dir, "add", "content/posts/by-git.md")
	git(t, dir, "commit", "-q", "-m", "a page written with git")

	if got := draftIDs(t, r); len(got) != 2 || !strings.Contains(strings.Join(got, " "), "k3x9q2") {
		t.Fatalf("the same Repo after git commit lists %v; want the draft git added", got)
	}
	second, err := r.View()
	if err != nil {
		t.Fatal(err)
	}
	if second == first || second.Commit() == first.Commit() {
		t.Fatal("View reused the old tip after the branch moved")
	}
	if again, _ := r.View(); again != second {
		t.Fatal("View did not reuse the view of an unchanged tip")
	}

	// The next action is made on git's commit, not on the tip cc saw last.
	rec, err := r.Comment(as(grace, t0.Add(time.Hour)), "k3x9q2", Comment{Body: "Who wrote this?", Quote: "without cc"})
	if err != nil {
		t.Fatal(err)
	}
	parent := strings.TrimSpace(git(t, dir, "rev-parse", rec.Commit+"^"))
	if parent != second.Commit() {
		t.Fatalf("comment committed on %s, want git's commit %s", parent, second.Commit())
	}
	if out := git(t, dir, "status", "--porcelain"); out != "" {
		t.Fatalf("git status after the comment:\n%s", out)
	}
	git(t, dir, "fsck", "--strict")
}

// The board, the review and the policy are read again after git moves the
// branch: an approval pushed by someone else counts at once.
func TestRepoSeesReviewEventsAndPolicyGitBrings(t *testing.T) {
	r, dir := newContentRepo(t)
	made, err := r.NewDraft(as(ada, t0), NewDraft{Title: "Launch plan", Body: []byte("We launch in March.\n")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Submit(as(ada, t0), made.Entry.ID, ReviewRequest{Reviewers: []string{grace.Email}}, ""); err != nil {
		t.Fatal(err)
	}
	v, _ := r.View()
	board, err := v.Board(t0, false)
	if err != nil || len(board) != 1 || board[0].Status.State != review.StateInReview {
		t.Fatalf("board before: %+v, %v", board, err)
	}

	// Grace approves on her own clone; Ada's long-lived Repo pulls it in
	// with plain git.
	clone := t.TempDir()
	git(t, dir, "clone", "-q", dir, clone)
	theirs, err := Open(Options{Dir: clone})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := theirs.Approve(as(grace, t0.Add(time.Hour)), made.Entry.ID, "Good."); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "pull", "-q", "--ff-only", clone, "HEAD")

	v, _ = r.View()
	board, err = v.Board(t0.Add(2*time.Hour), false)
	if err != nil || len(board) != 1 || board[0].Status.State != review.StateApproved {
		t.Fatalf("board after git pull: %+v, %v", board, err)
	}
	verdict, err := r.Check(t0.Add(2*time.Hour), "")
	if err != nil || !verdict.Passed() || verdict.Checked != 1 {
		t.Fatalf("check after git pull: %+v, %v", verdict, err)
	}

	// A stricter policy committed with git judges the next check.
	cfg, err := os.ReadFile(filepath.Join(dir, ".cc", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, ".cc/config.yaml", strings.Replace(string(cfg), "\n  approvals: 1\n", "\n  approvals: 2\n", 1))
	git(t, dir, "commit", "-q", "-a", "-m", "two approvals from now on")
	if got := r.mustView(t).Config().Workflow.Approvals; got != 2 {
		t.Fatalf("approvals after git commit = %d, want 2", got)
	}
	board, err = r.mustView(t).Board(t0.Add(2*time.Hour), false)
	if err != nil || len(board) != 1 || board[0].Status.State != review.StateInReview {
		t.Fatalf("one approval still approves under a policy of two: %+v, %v", board, err)
	}
}

func (r *Repo) mustView(t *testing.T) *View {
	t.Helper()
	v, err := r.View()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// A Repo is shared by the goroutines of a server: reads race writes.
func TestRepoConcurrentReadsAndWrites(t *testing.T) {
	r, dir := newContentRepo(t)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := r.NewDraft(as(ada, t0.Add(time.Duration(i)*time.Minute)), NewDraft{Title: fmt.Sprintf("Page %d", i)})
			errs <- err
		}()
		go func() {
			defer wg.Done()
			for range 5 {
				v, err := r.View()
				if err == nil {
					_, err = v.Drafts()
				}
				if err == nil {
					_, err = v.Board(t0, true)
				}
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := draftIDs(t, r); len(got) != 4 {
		t.Fatalf("%d drafts after 4 concurrent draft new, want 4", len(got))
	}
	git(t, dir, "fsck", "--strict")
	if out := git(t, dir, "status", "--porcelain"); out != "" {
		t.Fatalf("git status:\n%s", out)
	}
}
