package serve

import (
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// settle is how long the watch waits after a change in the git directory
// before it looks at the tip: a commit writes several files.
const settle = 30 * time.Millisecond

// watch follows the files that say where the branch is (HEAD, the refs,
// packed-refs) with the operating system's file events, and checks the
// tip when one changes. Whoever moves the branch (cc, git commit, git
// pull, a sync) writes one of them.
func (s *Server) watch() (*fsnotify.Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	for _, dir := range s.repo.GitDirs() {
		if err := w.Add(dir); err != nil {
			w.Close()
			return nil, err
		}
		if err := addTree(w, filepath.Join(dir, "refs")); err != nil {
			w.Close()
			return nil, err
		}
	}
	go s.follow(w)
	return w, nil
}

// addTree watches dir and every folder under it; a missing dir is fine.
func addTree(w *fsnotify.Watcher, dir string) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return w.Add(p)
		}
		return nil
	})
	if os.IsNotExist(err) {
		return nil
	}
	return err
}

func (s *Server) follow(w *fsnotify.Watcher) {
	timer := time.NewTimer(settle)
	timer.Stop()
	for {
		select {
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					_ = addTree(w, ev.Name) // a new folder of refs (feature/...)
				}
			}
			timer.Reset(settle)
		case _, ok := <-w.Errors:
			if !ok {
				return
			}
			timer.Reset(settle) // events were lost: look anyway
		case <-timer.C:
			_, _ = s.view() // an error shows on the next page asked for
		case <-s.done:
			return
		}
	}
}
