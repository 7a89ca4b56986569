package gitstore

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// UnsupportedError is returned (wrapped) by Open for a repository that cc
// cannot read or write correctly, such as one with SHA-256 object names.
// Nothing has been written. Fix says what the user can do about it.
type UnsupportedError struct {
	Reason string
	Fix    string
}

func (e *UnsupportedError) Error() string {
	if e.Fix == "" {
		return e.Reason
	}
	return e.Reason + "; " + e.Fix
}

// acceptedExtensions are the repository extensions cc works with, and
// why. git 2.39 knows these and objectFormat; anything else (reftable
// refStorage and compatObjectFormat of later gits, or one nobody knows)
// could make cc write what git then reads differently, so it is refused.
var acceptedExtensions = map[string]bool{
	"noop":    true, // does nothing, for testing git itself
	"noop-v1": true,
	// Objects must never be pruned; cc never deletes an object.
	"preciousobjects": true,
	// A promisor remote may supply objects the clone lacks; cc writes
	// ordinary objects and reports any it cannot find.
	"partialclone": true,
	// config.worktree is read as git does (config.go).
	"worktreeconfig": true,
}

// checkFormat refuses a repository whose format cc does not implement, as
// git does for what it does not know: core.repositoryformatversion above
// 1, an object format other than SHA-1, references not stored as files, and
// in version 1 any extension not in acceptedExtensions. Only the
// repository's own config counts, as in git.
func checkFormat(root, commonDir string) error {
	c := &gitConfig{}
	if err := c.readFile(configEnv{getenv: func(string) string { return "" }, gitDir: commonDir}, filepath.Join(commonDir, "config"), 0); err != nil {
		return err
	}
	version := 0
	if v, ok := c.get("core.repositoryformatversion"); ok {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return &UnsupportedError{Reason: fmt.Sprintf("core.repositoryformatversion %q is not a number", v)}
		}
		version = n
	}
	if version > 1 {
		return &UnsupportedError{Reason: fmt.Sprintf("repository format version %d is newer than cc supports (0 and 1)", version)}
	}
	exts := map[string]string{}
	for _, v := range c.vals {
		if name, ok := strings.CutPrefix(v.key, "extensions."); ok {
			exts[name] = v.val
		}
	}
	if f, ok := exts["objectformat"]; ok && !strings.EqualFold(strings.TrimSpace(f), "sha1") {
		return &UnsupportedError{
			Reason: fmt.Sprintf("this repository names objects with %s (extensions.objectFormat); cc supports SHA-1 repositories only", f),
			Fix:    sha1CopyHint(root, commonDir),
		}
	}
	if f, ok := exts["refstorage"]; ok && !strings.EqualFold(strings.TrimSpace(f), "files") {
		return &UnsupportedError{
			Reason: fmt.Sprintf("this repository stores references as %s (extensions.refStorage); cc supports the files format only", f),
			Fix:    "convert it with git refs migrate --ref-format=files (git 2.46 or later)",
		}
	}
	if version == 0 {
		// git ignores extensions in a version 0 repository, but for the
		// v1-only ones handled above.
		return nil
	}
	var unknown []string
	for name := range exts {
		if !acceptedExtensions[name] && name != "objectformat" && name != "refstorage" {
			unknown = append(unknown, "extensions."+name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return &UnsupportedError{Reason: fmt.Sprintf("this repository uses %s, which cc does not support", strings.Join(unknown, ", "))}
	}
	return nil
}

// sha1CopyHint says how to get a SHA-1 repository with the same history.
// git cannot convert a repository in place, and a clone keeps the object
// format, but fast-export writes history without object names, so
// fast-import can store it with SHA-1 in a new repository next to this
// one. A work tree without commits has no history to keep: its git dir is
// moved out of the work tree and a new one made in its place.
func sha1CopyHint(root, commonDir string) string {
	if root != "" && filepath.Join(root, ".git") == commonDir && !hasRefs(commonDir) {
		aside := filepath.Join(filepath.Dir(root), filepath.Base(root)+"-sha256.git")
		return "it has no commits yet, so put a SHA-1 repository in its place: mv " + shellQuote(commonDir) + " " + shellQuote(aside) +
			" && git init --object-format=sha1 " + shellQuote(root)
	}
	top := root
	if top == "" {
		top = commonDir
	}
	copyDir := shellQuote(filepath.Join(filepath.Dir(top), strings.TrimSuffix(filepath.Base(top), ".git")+"-sha1"))
	checkout := ""
	if b, err := os.ReadFile(filepath.Join(commonDir, "HEAD")); err == nil && root != "" {
		if ref, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "ref: refs/heads/"); ok {
			checkout = " && git -C " + copyDir + " checkout " + shellQuote(ref)
		}
	}
	return "copy its history into a new SHA-1 repository (commit ids change; uncommitted files, remotes and config stay behind): " +
		"git init --object-format=sha1 " + copyDir + " && git fast-export --all | git -C " + copyDir + " fast-import --quiet" + checkout
}

// hasRefs reports whether the repository has any reference, loose or
// packed.
func hasRefs(commonDir string) bool {
	if fi, err := os.Stat(filepath.Join(commonDir, "packed-refs")); err == nil && fi.Size() > 0 {
		return true
	}
	found := false
	_ = filepath.WalkDir(filepath.Join(commonDir, "refs"), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+=:@,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
