//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package gitstore

import "os"

// mapFile reads a file whole (see mmap_unix.go).
func mapFile(name string) (data []byte, unmap func(), err error) {
	data, err = os.ReadFile(name)
	return data, func() {}, err
}
