package gitstore

import (
	"fmt"
	"strings"
)

// checkPath rejects anything that is not a clean repository-relative slash
// path to a file: git would refuse such paths in a tree, and some of them
// (.git, ..) would let a change escape the work tree.
func checkPath(p string) error {
	if p == "" {
		return fmt.Errorf("invalid path: empty")
	}
	if strings.IndexByte(p, 0) >= 0 {
		return fmt.Errorf("invalid path %q: contains NUL", p)
	}
	if p[0] == '/' || strings.Contains(p, "\\") || (len(p) > 1 && p[1] == ':') {
		return fmt.Errorf("invalid path %q: must be relative and use /", p)
	}
	for _, el := range strings.Split(p, "/") {
		switch {
		case el == "":
			return fmt.Errorf("invalid path %q: empty element", p)
		case el == "." || el == "..":
			return fmt.Errorf("invalid path %q: %q element", p, el)
		case strings.EqualFold(el, ".git"):
			return fmt.Errorf("invalid path %q: .git component", p)
		}
	}
	return nil
}

// checkDir is checkPath for a folder argument, where "" means the root.
func checkDir(p string) error {
	if p == "" {
		return nil
	}
	return checkPath(strings.TrimSuffix(p, "/"))
}
