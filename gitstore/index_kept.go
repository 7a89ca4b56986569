package gitstore

import (
	"os"
	"path/filepath"
	"sync"
)

// keptIndex is an index read by SplitIndex and kept for the commit that
// usually follows it, so an action reads and parses the index once, not
// twice. fi is the file's identity, taken before it was read.
type keptIndex struct {
	mu sync.Mutex
	x  *indexFile
	fi os.FileInfo
}

// readIndexToKeep reads the index as loadIndex does and keeps it, in place
// of any index kept before. The caller must not release it.
func (s *Store) readIndexToKeep() (*indexFile, error) {
	path := filepath.Join(s.gitDir, "index")
	fi, statErr := os.Stat(path)
	x, err := loadIndex(path)
	if err != nil {
		return nil, err
	}
	k := &s.kept
	k.mu.Lock()
	defer k.mu.Unlock()
	k.x.release()
	k.x, k.fi = nil, nil
	if statErr == nil {
		k.x, k.fi = x, fi
	}
	return x, nil
}

// readIndex returns the index for a commit that holds index.lock: the kept
// one when the file is still the one it was read from, else a fresh read.
// Git replaces the index only by renaming index.lock over it, and the kept
// mapping holds on to the old file's inode, so the same inode, size and
// modification time mean the same content. The caller releases it.
func (s *Store) readIndex() (*indexFile, error) {
	path := filepath.Join(s.gitDir, "index")
	k := &s.kept
	k.mu.Lock()
	x, kfi := k.x, k.fi
	k.x, k.fi = nil, nil
	k.mu.Unlock()
	if x != nil {
		if fi, err := os.Stat(path); err == nil && os.SameFile(fi, kfi) && fi.Size() == kfi.Size() && fi.ModTime().Equal(kfi.ModTime()) {
			return x, nil
		}
		x.release()
	}
	return loadIndex(path)
}
