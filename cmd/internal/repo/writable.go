package repo

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cc-content/cc/gitstore"
)

// Operation is a git command stopped half way in the work tree: a merge,
// rebase, am, cherry-pick, revert or bisect.
type Operation = gitstore.Operation

// InProgressError is returned by every action while a git operation is
// stopped in the work tree: the work tree and index hold its unfinished
// result, and a commit made now would land in the middle of it. Nothing
// is written.
type InProgressError struct{ Op Operation }

func (e *InProgressError) Error() string {
	return fmt.Sprintf("%s, so cc writes nothing; %s", DescribeOperation(e.Op), operationNextStep(e.Op))
}

// DescribeOperation says what is stopped, naming what shows it:
// "a merge is in progress (MERGE_HEAD)".
func DescribeOperation(op Operation) string {
	article := "a"
	if strings.ContainsRune("aeiou", rune(op.Name[0])) {
		article = "an"
	}
	return fmt.Sprintf("%s %s is in progress (%s)", article, op.Name, op.Marker)
}

func operationNextStep(op Operation) string {
	if op.Finish == op.Abort {
		return "end it with " + op.Finish
	}
	return "finish it with " + op.Finish + ", or " + op.Abort
}

// SplitIndexError is returned by every action while the index is split in
// two files (git update-index --split-index), or core.splitIndex asks git
// to split it: cc writes the index as one file. Nothing is written.
type SplitIndexError struct{ gitstore.SplitIndex }

func (e *SplitIndexError) Error() string {
	what := "the index is split in two files (git update-index --split-index)"
	fix := "git update-index --no-split-index"
	if e.Config {
		if !e.Index {
			what = "core.splitIndex is true, so git splits the index in two files"
		}
		fix = "git config core.splitIndex false && " + fix
	}
	return fmt.Sprintf("%s, which cc cannot write; nothing was written; make it one file with: %s", what, fix)
}

// InProgress returns the git operation stopped in the work tree, if any.
// Reading commands still answer from the branch tip; they use it to say
// that the work tree is not what they describe.
func (r *Repo) InProgress() (Operation, bool, error) { return r.store.InProgress() }

// ErrBare is returned by every action in a bare repository: cc records
// actions where people work, in a clone with a work tree, and reads a bare
// one only.
var ErrBare = errors.New("this repository is bare (it has no work tree), so cc only reads it; record actions in a clone and push them")

// CheckWritable returns why no action may be recorded now, or nil: a bare
// repository (ErrBare), a stopped git operation (*InProgressError) or a
// split index (*SplitIndexError). Every action checks it before it writes
// anything; a command calls it itself before work that precedes the
// action, such as opening an editor on a draft.
func (r *Repo) CheckWritable() error {
	if r.store.Bare() {
		return ErrBare
	}
	op, ok, err := r.store.InProgress()
	if err != nil {
		return err
	}
	if ok {
		return &InProgressError{Op: op}
	}
	split, err := r.store.SplitIndex()
	if err != nil {
		return err
	}
	if split.Index || split.Config {
		return &SplitIndexError{split}
	}
	return nil
}
