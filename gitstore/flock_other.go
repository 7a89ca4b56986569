//go:build !unix && !windows

package gitstore

import (
	"errors"
	"os"
)

func flock(*os.File) error   { return errors.New("file locking is not supported on this platform") }
func funlock(*os.File) error { return nil }
