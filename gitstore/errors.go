package gitstore

import (
	"errors"
	"fmt"
	"io/fs"
)

// ErrNothingToCommit is returned by Commit when the plan leaves the tip's
// tree unchanged.
var ErrNothingToCommit = errors.New("nothing to commit")

// DirtyError is returned by Commit when a path the commit would write holds
// work-tree content that is neither the tip's nor the planned content: the
// user's unsaved edits are never overwritten.
type DirtyError struct {
	Path string
}

func (e *DirtyError) Error() string { return fmt.Sprintf("%s has uncommitted changes", e.Path) }

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
