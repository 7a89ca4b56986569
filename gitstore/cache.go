package gitstore

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// cacheDir holds cc's caches inside the common git dir, where no work tree
// can see them and every worktree shares them.
func (s *Store) cacheDir() string { return filepath.Join(s.commonDir, "cc", "cache") }

func checkCacheName(name string) error {
	if name == "" || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return fmt.Errorf("invalid cache name %q", name)
	}
	return nil
}

// ReadCache returns the content of a cache file, or nil when there is none
// or the store ignores caches (IgnoreCaches).
// Caches are only ever hints: callers check what they read and rebuild it.
func (s *Store) ReadCache(name string) []byte {
	if s.cacheIgnored || checkCacheName(name) != nil {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(s.cacheDir(), name))
	if err != nil {
		return nil
	}
	return data
}

// IgnoreCaches makes every ReadCache of s find nothing, so that what was
// in the cache folder decides nothing: a gate run on a pull request may
// find a cache that the pull request's own runs wrote. What s then writes
// is made from the objects alone. Call it before s is shared.
func (s *Store) IgnoreCaches() { s.cacheIgnored = true }

// WriteCache replaces a cache file atomically (temporary file and rename),
// so a reader sees the old content or the new, never a mix; deleting the
// cache folder at any time is safe.
func (s *Store) WriteCache(name string, data []byte) error {
	c, err := s.CreateCache(name)
	if err != nil {
		return err
	}
	if _, err := c.Write(data); err != nil {
		c.Abort()
		return err
	}
	return c.Commit()
}

// CacheFile is a cache file being written, for content too large to hold
// in memory at once: it replaces the old file at Commit, as WriteCache
// does, and Abort leaves the old one.
type CacheFile struct {
	*os.File
	path string // where Commit puts it
}

// CreateCache starts writing the cache file name.
func (s *Store) CreateCache(name string) (*CacheFile, error) {
	if err := checkCacheName(name); err != nil {
		return nil, err
	}
	dir := s.cacheDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(dir, "."+name+"-*")
	if err != nil {
		return nil, err
	}
	return &CacheFile{File: tmp, path: filepath.Join(dir, name)}, nil
}

// Commit closes the file and puts it in place of the old one.
func (c *CacheFile) Commit() error {
	err := c.Close()
	if err == nil {
		err = os.Rename(c.Name(), c.path)
	}
	if err != nil {
		os.Remove(c.Name())
	}
	return err
}

// Abort closes and removes the file; the old one stays.
func (c *CacheFile) Abort() {
	c.Close()
	os.Remove(c.Name())
}
