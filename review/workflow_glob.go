package review

import (
	"fmt"
	"path"
	"strings"
)

// checkGlob reports what is wrong with a path rule's glob.
func checkGlob(pattern string) error {
	switch {
	case pattern == "":
		return fmt.Errorf("empty glob; use ** for every draft")
	case strings.HasPrefix(pattern, "/"):
		return fmt.Errorf("%q: globs match paths from the repository root; leave out the leading /", pattern)
	case strings.Contains(pattern, "\\"):
		return fmt.Errorf("%q: write paths with /, and no escapes", pattern)
	}
	for _, seg := range strings.Split(pattern, "/") {
		if seg == "" {
			return fmt.Errorf("%q has an empty folder name", pattern)
		}
		if seg != "**" && strings.Contains(seg, "**") {
			return fmt.Errorf("%q: ** must be a whole folder name, as in a/**/b", pattern)
		}
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("%q is not a valid glob: %v", pattern, err)
		}
	}
	return nil
}

// matchGlob reports whether the slash path name matches pattern, a glob
// that checkGlob accepts. It runs for every path rule of every draft that
// cc check looks at, so it works on the strings in place.
func matchGlob(pattern, name string) bool {
	for pattern != "" {
		seg, rest := cutSegment(pattern)
		if seg == "**" {
			// Collapse runs of ** and try every number of folders.
			pattern = rest
			for pattern == "**" || strings.HasPrefix(pattern, "**/") {
				_, pattern = cutSegment(pattern)
			}
			if pattern == "" {
				return true
			}
			for {
				if matchGlob(pattern, name) {
					return true
				}
				i := strings.IndexByte(name, '/')
				if i < 0 {
					return false
				}
				name = name[i+1:]
			}
		}
		if name == "" {
			return false
		}
		part, nameRest := cutSegment(name)
		if ok, _ := path.Match(seg, part); !ok {
			return false
		}
		if (rest == "") != (nameRest == "") {
			return false
		}
		pattern, name = rest, nameRest
	}
	return name == ""
}

// cutSegment splits p at its first slash.
func cutSegment(p string) (seg, rest string) {
	seg, rest, _ = strings.Cut(p, "/")
	return seg, rest
}
