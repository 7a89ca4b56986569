package gitstore

import (
	"bytes"
	"io/fs"
	"os"
	"sync"
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
	data []byte
}

// readStat returns the content of the file at path and the identity of
// the file it read.
func readStat(path string) ([]byte, fs.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	b.Grow(int(info.Size()) + bytes.MinRead)
	_, err = b.ReadFrom(f)
	return b.Bytes(), info, err
}

// unchanged reports whether now is the file before was: the same device
// and inode, size, and modification and change times, as git's index
// records them. The change time moves with every write and chmod, and
// cannot be set back as the modification time can (touch -r, cp -p).
func unchanged(before, now fs.FileInfo) bool {
	return os.SameFile(before, now) && before.Size() == now.Size() && fileStat(before) == fileStat(now)
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
	if ok && unchanged(f.info, info) {
		return f.data, nil
	}
	data, info, err := readStat(path)
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
	c.files[path] = refFile{info: info, data: data}
	c.mu.Unlock()
	return data, nil
}
