package gitstore

import (
	"io/fs"
	"os"
	"sync"
	"time"
)

// refFiles keeps the ref files a long-lived reader has read, each with the
// identity of the file it came from (device and inode, size, modification
// time). Asking where a branch is then costs one stat instead of an open
// and a read: a server asks before every page. Git and cc replace a ref
// file by renaming a new one over it, which changes the inode, so a kept
// copy is never taken for a file written since.
type refFiles struct {
	mu    sync.Mutex
	files map[string]refFile
}

type refFile struct {
	info fs.FileInfo
	mod  time.Time
	data []byte
}

// read returns the content of the ref file at path; an error wrapping
// fs.ErrNotExist when there is none.
func (c *refFiles) read(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	f, ok := c.files[path]
	c.mu.Unlock()
	if ok && os.SameFile(f.info, info) && f.info.Size() == info.Size() && f.mod.Equal(info.ModTime()) {
		return f.data, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return data, nil
	}
	c.mu.Lock()
	if c.files == nil {
		c.files = map[string]refFile{}
	}
	c.files[path] = refFile{info: info, mod: info.ModTime(), data: data}
	c.mu.Unlock()
	return data, nil
}
