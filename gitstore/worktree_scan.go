package gitstore

import (
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ReadWorkFile reads at most max bytes of the work-tree file rel under
// root: what cc init reads of a site's own files (a generator's config,
// the front matter of its pages) before anything is committed.
func ReadWorkFile(root, rel string, max int64) ([]byte, error) {
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, max))
}

// WalkWorkFiles calls fn with the slash path of every regular file under
// the work-tree folder dir of root, in lexical order, skipping folders
// whose names start with a dot or are node_modules, until fn returns false.
func WalkWorkFiles(root, dir string, fn func(rel string) bool) error {
	stop := false
	err := filepath.WalkDir(filepath.Join(root, filepath.FromSlash(dir)), func(p string, d fs.DirEntry, err error) error {
		if err != nil || stop {
			return filepath.SkipDir
		}
		name := d.Name()
		if d.IsDir() {
			if (strings.HasPrefix(name, ".") && name != "." && p != filepath.Join(root, filepath.FromSlash(dir))) || name == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return nil
		}
		if !fn(path.Clean(filepath.ToSlash(rel))) {
			stop = true
			return filepath.SkipAll
		}
		return nil
	})
	if os.IsNotExist(err) {
		return nil
	}
	return err
}

// WorkDirs lists the folders at the top of the work tree of root, in
// lexical order, leaving out those whose names start with a dot and
// node_modules: where cc init looks for a site kept beside a project.
func WorkDirs(root string) []string {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && e.Name() != "node_modules" {
			out = append(out, e.Name())
		}
	}
	return out
}
