//go:build windows

package gitstore

import (
	"os"

	"golang.org/x/sys/windows"
)

// flock takes an exclusive lock on f, waiting for it. Windows drops it when
// the process exits.
func flock(f *os.File) error {
	ol := new(windows.Overlapped)
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, ol)
}

func funlock(f *os.File) error {
	ol := new(windows.Overlapped)
	return windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, ol)
}
