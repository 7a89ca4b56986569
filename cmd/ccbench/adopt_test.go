package main

import (
	"io"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// adoptedOpts is the small corpus of a site that adopts cc: most of its
// history comes in one commit.
var adoptedOpts = func() corpusOptions {
	o := small
	o.adopt = 0.8
	return o
}()

var sharedAdopted testCorpus

func TestCorpusAdoptedInOneCommit(t *testing.T) {
	dir, m := sharedAdopted.get(t, adoptedOpts)
	if out, err := exec.Command("git", "-C", dir, "fsck", "--strict", "--no-dangling").CombinedOutput(); err != nil || len(out) > 0 {
		t.Fatalf("git fsck --strict: %v\n%s", err, out)
	}
	if st := mustGit(t, dir, "status", "--porcelain"); st != "" {
		t.Errorf("git status --porcelain is not empty:\n%s", st)
	}
	if c := mustGit(t, dir, "count-objects"); !strings.HasPrefix(c, "0 objects") {
		t.Errorf("loose objects left: %s", c)
	}
	commits := strings.Split(mustGit(t, dir, "rev-list", "--reverse", "HEAD"), "\n")
	if len(commits) != small.commits || m.Head != commits[len(commits)-1] {
		t.Fatalf("%d commits, want %d", len(commits), small.commits)
	}
	if s := mustGit(t, dir, "log", "-1", "--format=%s", commits[0]); s != "init: set up cc" {
		t.Errorf("first commit %q, want the init commit", s)
	}
	imp := commits[1]
	msg := mustGit(t, dir, "log", "-1", "--format=%B", imp)
	drafts := len(strings.Split(mustGit(t, dir, "ls-tree", "-r", "--name-only", imp, "content"), "\n"))
	events := len(strings.Split(mustGit(t, dir, "ls-tree", "-r", "--name-only", imp, ".cc/reviews"), "\n"))
	want := "import: " + strconv.Itoa(drafts) + " drafts and " + strconv.Itoa(events) + " review events"
	if !strings.HasPrefix(msg, want+"\n") || strings.Contains(msg, "Cc-") {
		t.Errorf("import commit message:\n%s\nwant %q and no trailers: a plain git commit", msg, want)
	}
	// The import brings about the share asked for; the rest has a
	// commit per batch, with one Cc-Event trailer per event.
	if events < small.events*7/10 || events > small.events*9/10 || drafts < small.drafts/2 {
		t.Errorf("import commit has %d drafts and %d events of %d and %d", drafts, events, small.drafts, small.events)
	}
	trailers := mustGit(t, dir, "log", "--format=%(trailers:key=Cc-Event,valueonly)", imp+"..HEAD")
	if n := len(strings.Fields(trailers)); n != small.events-events {
		t.Errorf("%d Cc-Event trailers after the import, want %d", n, small.events-events)
	}
	if n := len(strings.Split(mustGit(t, dir, "ls-files", "content"), "\n")); n != small.drafts {
		t.Errorf("%d drafts at HEAD, want %d", n, small.drafts)
	}
	checkEvents(t, dir, small.events)
}

func TestCorpusAdoptRange(t *testing.T) {
	for _, a := range []float64{-0.1, 1} {
		o := small
		o.dir, o.adopt = filepath.Join(t.TempDir(), "c"), a
		if _, err := generateCorpus(o, io.Discard); err == nil || !strings.Contains(err.Error(), "-adopt") {
			t.Errorf("-adopt %v: err %v, want one naming -adopt", a, err)
		}
	}
}
