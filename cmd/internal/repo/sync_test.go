package repo

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cc-content/cc/cmd/internal/gitserver"
	"github.com/cc-content/cc/review"
)

// newRemote makes an empty bare repository whose branch is main.
func newRemote(t *testing.T, base, name string) string {
	t.Helper()
	bare := filepath.Join(base, name)
	git(t, base, "init", "-q", "--bare", "-b", "main", bare)
	return bare
}

// firstClone is a content repository with one draft, pushed to url.
func firstClone(t *testing.T, url string) (*Repo, string, string) {
	t.Helper()
	r, dir := newContentRepo(t)
	git(t, dir, "branch", "-M", "main")
	git(t, dir, "remote", "add", "origin", url)
	d, err := r.NewDraft(as(ada, t0), NewDraft{Title: "Launch plan", Body: []byte("Intro.\n\nMiddle.\n\nEnd.\n")})
	if err != nil {
		t.Fatal(err)
	}
	mustSync(t, r, ada)
	return r, dir, d.Entry.ID
}

// cloneOf clones bare into a new folder, points origin at url and opens it.
func cloneOf(t *testing.T, bare, url string) (*Repo, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "clone")
	git(t, filepath.Dir(dir), "clone", "-q", bare, dir)
	git(t, dir, "remote", "set-url", "origin", url)
	r, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return r, dir
}

func mustSync(t *testing.T, r *Repo, p review.Person) Synced {
	t.Helper()
	res, err := r.Sync(context.Background(), as(p, time.Now()), SyncOptions{})
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return res
}

func comment(t *testing.T, r *Repo, p review.Person, id, body string) string {
	t.Helper()
	rec, err := r.Comment(as(p, time.Now()), id, Comment{Body: body})
	if err != nil {
		t.Fatal(err)
	}
	return rec.Event.ID
}

// checkClean requires git fsck --strict and git status to find nothing.
func checkClean(t *testing.T, dir string) {
	t.Helper()
	if out := git(t, dir, "fsck", "--strict", "--no-dangling", "--no-progress"); strings.TrimSpace(out) != "" {
		t.Errorf("%s: git fsck --strict:\n%s", dir, out)
	}
	if out := git(t, dir, "status", "--porcelain"); out != "" {
		t.Errorf("%s: git status --porcelain:\n%s", dir, out)
	}
}

func eventFiles(t *testing.T, dir string) []string {
	return strings.Fields(git(t, dir, "ls-files", ".cc/reviews"))
}

// Two clones comment and edit different paragraphs, then sync through
// each transport: both end on the remote's tip with all of it.
func TestSyncOverTransports(t *testing.T) {
	base := t.TempDir()
	daemon, err := gitserver.Daemon(base)
	if err != nil {
		t.Fatal(err)
	}
	defer daemon.Close()
	web, err := gitserver.HTTP(base, "ada", "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	defer web.Close()
	tests := []struct {
		name  string
		url   func(bare string) string
		setup func(t *testing.T, dirs ...string)
	}{
		{"path", func(bare string) string { return bare }, nil},
		{"file", func(bare string) string { return "file://" + bare }, nil},
		{"git-daemon", func(bare string) string { return daemon.URL + "/" + filepath.Base(bare) }, nil},
		{"http-token", func(bare string) string { return web.URL + "/" + filepath.Base(bare) }, func(t *testing.T, _ ...string) {
			t.Setenv("CC_GIT_USERNAME", "ada")
			t.Setenv("CC_GIT_TOKEN", "s3cret")
		}},
		{"http-credential-helper", func(bare string) string { return web.URL + "/" + filepath.Base(bare) }, func(t *testing.T, dirs ...string) {
			store := filepath.Join(t.TempDir(), "credentials")
			if err := os.WriteFile(store, []byte(strings.Replace(web.URL, "http://", "http://ada:s3cret@", 1)+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			for _, d := range dirs {
				git(t, d, "config", "credential.helper", "store --file="+store)
			}
		}},
	}
	if ssh := sshServer(t); ssh != nil {
		tests = append(tests, struct {
			name  string
			url   func(bare string) string
			setup func(t *testing.T, dirs ...string)
		}{"ssh", func(bare string) string { return ssh.URL + bare }, func(t *testing.T, _ ...string) {
			home := t.TempDir()
			key, err := os.ReadFile(ssh.Key)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, home, ".ssh/id_ed25519", string(key))
			if err := os.Chmod(filepath.Join(home, ".ssh", "id_ed25519"), 0o600); err != nil {
				t.Fatal(err)
			}
			writeFile(t, home, ".ssh/known_hosts", ssh.KnownHosts+"\n")
			t.Setenv("HOME", home)
			t.Setenv("SSH_AUTH_SOCK", "")
		}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bare := newRemote(t, base, tt.name+".git")
			url := tt.url(bare)
			r, dir := newContentRepo(t)
			git(t, dir, "branch", "-M", "main")
			git(t, dir, "remote", "add", "origin", url)
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			d, err := r.NewDraft(as(ada, t0), NewDraft{Title: "Launch plan", Body: []byte("Intro.\n\nMiddle.\n\nEnd.\n")})
			if err != nil {
				t.Fatal(err)
			}
			if res := mustSync(t, r, ada); !res.Pushed {
				t.Fatalf("first sync did not push: %+v", res)
			}
			other, odir := cloneOf(t, bare, url)
			if tt.setup != nil {
				tt.setup(t, odir)
			}
			e1 := comment(t, other, grace, d.Entry.ID, "From Grace")
			writeFile(t, odir, d.Entry.Path, strings.Replace(readWorktree(t, odir, d.Entry.Path), "End.", "End, by Grace.", 1))
			mustSync(t, other, grace)
			e2 := comment(t, r, ada, d.Entry.ID, "From Ada")
			writeFile(t, dir, d.Entry.Path, strings.Replace(readWorktree(t, dir, d.Entry.Path), "Intro.", "Intro, by Ada.", 1))
			if res := mustSync(t, r, ada); res.Merged == "" || !res.Pushed {
				t.Fatalf("second sync did not merge and push: %+v", res)
			}
			if res := mustSync(t, other, grace); res.FastForward == "" {
				t.Fatalf("third sync did not fast-forward: %+v", res)
			}
			tip := strings.TrimSpace(git(t, bare, "rev-parse", "main"))
			// What cc pushed is complete: the remote's history is connected.
			if out := git(t, bare, "fsck", "--strict", "--no-dangling", "--no-progress"); strings.TrimSpace(out) != "" {
				t.Errorf("remote: git fsck --strict:\n%s", out)
			}
			for _, d := range []string{dir, odir} {
				if head := strings.TrimSpace(git(t, d, "rev-parse", "HEAD")); head != tip {
					t.Errorf("%s is at %s, the remote at %s", d, head, tip)
				}
				checkClean(t, d)
			}
			text := readWorktree(t, odir, d.Entry.Path)
			if !strings.Contains(text, "Intro, by Ada.") || !strings.Contains(text, "End, by Grace.") {
				t.Errorf("merged draft lost an edit:\n%s", text)
			}
			evs := strings.Join(eventFiles(t, odir), " ")
			for _, id := range []string{e1, e2} {
				if !strings.Contains(evs, id) {
					t.Errorf("event %s missing after sync: %s", id, evs)
				}
			}
		})
	}
}

func readWorktree(t *testing.T, dir, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Wrong credentials fail with a clear error and change nothing.
func TestSyncHTTPAuthFails(t *testing.T) {
	base := t.TempDir()
	web, err := gitserver.HTTP(base, "ada", "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	defer web.Close()
	newRemote(t, base, "site.git")
	r, dir := newContentRepo(t)
	git(t, dir, "remote", "add", "origin", web.URL+"/site.git")
	t.Setenv("CC_GIT_TOKEN", "wrong")
	t.Setenv("GIT_TERMINAL_PROMPT", "0")
	head := git(t, dir, "rev-parse", "HEAD")
	_, err = r.Sync(context.Background(), as(ada, t0), SyncOptions{})
	if err == nil || !strings.Contains(err.Error(), "CC_GIT_TOKEN") {
		t.Fatalf("err = %v, want one that says how to give a credential", err)
	}
	if git(t, dir, "rev-parse", "HEAD") != head {
		t.Error("the branch moved")
	}
}

// An unreachable remote: a clear error, and nothing changes locally, not
// even the drafts edited in the work tree get saved.
func TestSyncUnreachable(t *testing.T) {
	base := t.TempDir()
	bare := newRemote(t, base, "site.git")
	r, dir, id := firstClone(t, bare)
	p := draftPath(t, r, id)
	writeFile(t, dir, p, "---\nid: "+id+"\ntitle: Launch plan\n---\nUnsaved.\n")
	if err := os.Rename(bare, bare+".gone"); err != nil {
		t.Fatal(err)
	}
	head := git(t, dir, "rev-parse", "HEAD")
	_, err := r.Sync(context.Background(), as(ada, t0), SyncOptions{})
	var re interface{ Unwrap() error }
	if err == nil || !errors.As(err, &re) || !strings.Contains(err.Error(), bare) {
		t.Fatalf("err = %v, want a remote error naming %s", err, bare)
	}
	if git(t, dir, "rev-parse", "HEAD") != head {
		t.Error("the branch moved")
	}
	if got := readWorktree(t, dir, p); !strings.Contains(got, "Unsaved.") {
		t.Errorf("work tree changed: %q", got)
	}
	if err := os.Rename(bare+".gone", bare); err != nil {
		t.Fatal(err)
	}
	if res := mustSync(t, r, ada); !res.Pushed || res.Saved.Commit == "" {
		t.Errorf("sync after the remote came back: %+v", res)
	}
	checkClean(t, dir)
}

// sshServer starts sshd for the ssh case; without openssh-server it is
// left out, except under CI=true, where that fails the test.
func sshServer(t *testing.T) *gitserver.SSHServer {
	t.Helper()
	srv, err := gitserver.SSH(t.TempDir())
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("ssh server: %v", err)
		}
		t.Logf("ssh left out: %v", err)
		return nil
	}
	t.Cleanup(srv.Close)
	return srv
}
