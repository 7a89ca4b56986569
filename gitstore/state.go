package gitstore

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Operation is a git command that stopped half way in a work tree (on a
// conflict, at an "edit" step, or to let the user test a commit) and waits
// to be finished or given up. While one is stopped, the work tree and index
// hold its unfinished result and HEAD is not what the user will end with.
type Operation struct {
	// Name is the command: "merge", "rebase", "am", "cherry-pick",
	// "revert" or "bisect".
	Name string
	// Marker is the file or folder in the git dir that shows it, as git
	// names it: "MERGE_HEAD", "rebase-merge", "sequencer".
	Marker string
	// Finish is how to complete it, Abort how to give it up.
	Finish, Abort string
}

// InProgress returns the operation stopped in this work tree, if any. It
// looks where git does, in the per-worktree git dir, and in git's order:
// a rebase or am first (a rebase may have stopped on a cherry-pick), then
// merge, cherry-pick, revert, a cherry-pick or revert sequence, bisect.
func (s *Store) InProgress() (Operation, bool, error) {
	exists := func(name string) (bool, error) {
		_, err := os.Lstat(filepath.Join(s.gitDir, name))
		if err == nil {
			return true, nil
		}
		if isNotExist(err) {
			return false, nil
		}
		return false, fmt.Errorf("look for a stopped git operation: %w", err)
	}
	for _, op := range []Operation{
		{Name: "am", Marker: "rebase-apply/applying", Finish: "git am --continue", Abort: "git am --abort"},
		{Name: "rebase", Marker: "rebase-apply", Finish: "git rebase --continue", Abort: "git rebase --abort"},
		{Name: "rebase", Marker: "rebase-merge", Finish: "git rebase --continue", Abort: "git rebase --abort"},
		{Name: "merge", Marker: "MERGE_HEAD", Finish: "git commit", Abort: "git merge --abort"},
		{Name: "cherry-pick", Marker: "CHERRY_PICK_HEAD", Finish: "git cherry-pick --continue", Abort: "git cherry-pick --abort"},
		{Name: "revert", Marker: "REVERT_HEAD", Finish: "git revert --continue", Abort: "git revert --abort"},
		{Name: "cherry-pick", Marker: "sequencer"}, // or revert: see sequence
		{Name: "bisect", Marker: "BISECT_LOG", Finish: "git bisect reset", Abort: "git bisect reset"},
	} {
		ok, err := exists(op.Marker)
		if err != nil {
			return Operation{}, false, err
		}
		if !ok {
			continue
		}
		if op.Marker == "sequencer" {
			op = s.sequence()
		}
		return op, true, nil
	}
	return Operation{}, false, nil
}

// sequence names a stopped series of cherry-picks or reverts by the first
// command left in sequencer/todo, as git status does.
func (s *Store) sequence() Operation {
	name := "cherry-pick"
	if todo, err := os.ReadFile(filepath.Join(s.gitDir, "sequencer", "todo")); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(todo))
		for sc.Scan() {
			f := bytes.Fields(sc.Bytes())
			if len(f) == 0 || f[0][0] == '#' {
				continue
			}
			if string(f[0]) == "revert" {
				name = "revert"
			}
			break
		}
	}
	return Operation{Name: name, Marker: "sequencer", Finish: "git " + name + " --continue", Abort: "git " + name + " --abort"}
}

// SplitIndex says why the index is, or is about to be, split in two files
// (git update-index --split-index), which cc cannot write.
type SplitIndex struct {
	// Index is set when the index has the link extension, Config when
	// core.splitIndex is true (git splits the index on its next write).
	Index, Config bool
}

// SplitIndex reports whether the index is split or configured to be.
func (s *Store) SplitIndex() (SplitIndex, error) {
	var out SplitIndex
	cfg, err := s.config()
	if err != nil {
		return out, err
	}
	out.Config = cfg.bool("core.splitindex", false)
	if s.Bare() {
		return out, nil
	}
	if _, err := s.readIndexToKeep(); errors.Is(err, errSplitIndex) {
		out.Index = true
	}
	// Any other problem with the index is reported by the commit that
	// reads it.
	return out, nil
}
