//go:build unix

package gitstore

import (
	"os"
	"syscall"
)

// flock takes an exclusive lock on f, waiting for it. The kernel drops it
// when the process exits, however it exits.
func flock(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			return err
		}
	}
}

func funlock(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
