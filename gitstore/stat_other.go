//go:build !unix

package gitstore

import "os"

// fileStat returns what stat data is portable: git for Windows compares
// mtime and size, and treats the rest as zero.
func fileStat(fi os.FileInfo) statData { return statFallback(fi) }
