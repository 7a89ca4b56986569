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

// ReadCache returns the content of a cache file, or nil when there is none.
// Caches are only ever hints: callers check what they read and rebuild it.
func (s *Store) ReadCache(name string) []byte {
	if checkCacheName(name) != nil {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(s.cacheDir(), name))
	if err != nil {
		return nil
	}
	return data
}

// WriteCache replaces a cache file atomically (temporary file and rename),
// so a reader sees the old content or the new, never a mix; deleting the
// cache folder at any time is safe.
func (s *Store) WriteCache(name string, data []byte) error {
	if err := checkCacheName(name); err != nil {
		return err
	}
	dir := s.cacheDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+name+"-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
