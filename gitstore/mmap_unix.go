//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package gitstore

import (
	"os"
	"syscall"
)

// mapFile maps a file read-only; pages are read only when touched, so a
// look-up in a large pack index costs a few pages, not the whole file. It
// falls back to reading the file when mapping fails.
func mapFile(name string) (data []byte, unmap func(), err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := fi.Size()
	if size > 0 && size == int64(int(size)) {
		if data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED); err == nil {
			return data, func() { _ = syscall.Munmap(data) }, nil
		}
	}
	data, err = os.ReadFile(name)
	return data, func() {}, err
}
