package gitstore

import (
	"os"
	"path/filepath"
	"time"
)

// gcPidFresh is how old a gc.pid file may be and still be taken for a git
// gc that is running; an older one was left by a gc that was killed.
const gcPidFresh = 10 * time.Minute

// keepObjects runs after the ref moved. A git gc --prune=now (and a git
// prune with an expiry of "now") removes every unreachable loose object
// whatever its age, and a commit's objects are unreachable from when they
// are written until its reflog lines name them. So a gc whose walk over
// the refs came before that removes them, at the latest when it ends. The
// objects are checked now and, when a gc is running (git gc holds gc.pid
// while it runs), again once it ended or lockWait passed; what is missing
// is written again. A git prune run on its own, outside git gc, leaves no
// such mark, and can still remove them; git's own commits share that risk,
// and git's documentation warns against pruning with "now" next to
// writers.
func (a *attempt) keepObjects() error {
	if err := a.restoreObjects(); err != nil {
		return err
	}
	pid := filepath.Join(a.s.commonDir, "gc.pid")
	deadline := time.Now().Add(lockWait)
	waited := false
	for time.Now().Before(deadline) {
		fi, err := os.Stat(pid)
		if err != nil || time.Since(fi.ModTime()) > gcPidFresh {
			break
		}
		waited = true
		time.Sleep(10 * time.Millisecond)
	}
	if !waited {
		return nil
	}
	return a.restoreObjects()
}

// restoreObjects writes the commit's objects again when one of the commit,
// its root tree or its blobs is missing. A prune removes all of a commit's
// new objects or none (they become reachable together), so these stand
// for the trees between.
func (a *attempt) restoreObjects() error {
	missing := !a.s.hasObject(a.commit) || !a.s.hasObject(a.tree)
	for _, f := range a.files {
		if !f.delete && !a.s.hasObject(f.blob) {
			missing = true
		}
	}
	if !missing {
		return nil
	}
	return a.writeObjects()
}
