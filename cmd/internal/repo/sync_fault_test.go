package repo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// syncChildEnv switches the test binary into a child that syncs the
// repository in SYNC_CHILD_DIR and kills itself at step SYNC_CHILD_STEP.
const syncChildEnv = "SYNC_CHILD_STEP"

func runSyncChild() int {
	step := os.Getenv(syncChildEnv)
	r, err := Open(Options{Dir: os.Getenv("SYNC_CHILD_DIR")})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	syncHook = func(s string) {
		if s == step {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			time.Sleep(time.Minute)
		}
	}
	if _, err := r.Sync(context.Background(), as(ada, time.Now()), SyncOptions{}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// syncSteps are the points a sync can be stopped at.
var syncSteps = []string{"fetched", "saved", "merged", "pushing", "pushed"}

// A sync killed, or cut off from its remote, at each step leaves the
// branch and the work tree intact, and the next sync finishes the job.
func TestSyncFaults(t *testing.T) {
	for _, mode := range []string{"kill", "unreachable"} {
		for _, step := range syncSteps {
			t.Run(mode+"-"+step, func(t *testing.T) {
				bare := newRemote(t, t.TempDir(), "site.git")
				r, dir, id := firstClone(t, bare)
				other, odir := cloneOf(t, bare, bare)
				theirs := comment(t, other, grace, id, "Grace")
				editDraft(t, other, odir, id, "End.", "End, Grace.")
				mustSync(t, other, grace)
				ours := comment(t, r, ada, id, "Ada")
				p := editDraft(t, r, dir, id, "Intro.", "Intro, Ada.") // not saved yet: the sync saves it

				switch mode {
				case "kill":
					cmd := exec.Command(os.Args[0], "-test.run=^$")
					cmd.Env = append(os.Environ(), syncChildEnv+"="+step, "SYNC_CHILD_DIR="+dir)
					out, err := cmd.CombinedOutput()
					var ee *exec.ExitError
					if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
						t.Fatalf("child was not killed at %s: %v\n%s", step, err, out)
					}
				case "unreachable":
					syncHook = func(s string) {
						if s == step {
							if err := os.Rename(bare, bare+".gone"); err != nil {
								t.Error(err)
							}
						}
					}
					_, err := r.Sync(context.Background(), as(ada, time.Now()), SyncOptions{})
					syncHook = nil
					if err := os.Rename(bare+".gone", bare); err != nil {
						t.Fatal(err)
					}
					if (err == nil) != (step == "pushed") {
						t.Fatalf("sync cut off after %s: err = %v", step, err)
					}
				}
				// Intact: git accepts the repository, and Ada's edit is in
				// the work tree, committed or not.
				if out := git(t, dir, "fsck", "--strict", "--no-dangling", "--no-progress"); strings.TrimSpace(out) != "" {
					t.Fatalf("git fsck --strict:\n%s", out)
				}
				if !strings.Contains(readWorktree(t, dir, p), "Intro, Ada.") {
					t.Fatal("the unsaved edit was lost")
				}
				r2, err := Open(Options{Dir: dir})
				if err != nil {
					t.Fatal(err)
				}
				mustSync(t, r2, ada)
				mustSync(t, other, grace)
				tip := git(t, bare, "rev-parse", "main")
				for _, d := range []string{dir, odir} {
					if git(t, d, "rev-parse", "HEAD") != tip {
						t.Errorf("%s is not at the remote's tip", d)
					}
					checkClean(t, d)
					text := readWorktree(t, d, p)
					if !strings.Contains(text, "Intro, Ada.") || !strings.Contains(text, "End, Grace.") {
						t.Errorf("%s lost an edit:\n%s", d, text)
					}
					evs := strings.Join(eventFiles(t, d), " ")
					if !strings.Contains(evs, ours) || !strings.Contains(evs, theirs) {
						t.Errorf("%s lost an event: %s", d, evs)
					}
				}
			})
		}
	}
}
