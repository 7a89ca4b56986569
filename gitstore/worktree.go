package gitstore

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// ChangeStatus says how a work-tree file differs from a snapshot.
type ChangeStatus int

// The statuses WorktreeChanges reports.
const (
	Added    ChangeStatus = iota + 1 // in the work tree only (untracked and not ignored, or staged)
	Modified                         // content differs
	Deleted                          // in the snapshot only
)

func (c ChangeStatus) String() string {
	switch c {
	case Added:
		return "added"
	case Modified:
		return "modified"
	case Deleted:
		return "deleted"
	}
	return fmt.Sprintf("ChangeStatus(%d)", int(c))
}

// FileChange is one work-tree file that differs from a snapshot.
type FileChange struct {
	Path   string
	Status ChangeStatus
}

// writeWorktreeFile replaces a work-tree file atomically: a temporary file
// in the same folder, then rename, so an editor or a crash never sees half
// a file. It returns the stat data for the index.
//
// The temporary name is fixed per target (see worktreeTempName) so that the
// recovery after a kill can find and remove it; commits are serialised by
// cc.lock, so no two writers share it.
func writeWorktreeFile(full string, data []byte) (statData, error) {
	dir := filepath.Dir(full)
	const flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	tmp, err := os.OpenFile(worktreeTempName(full), flags, 0o644)
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(dir, 0o755); err == nil {
			tmp, err = os.OpenFile(worktreeTempName(full), flags, 0o644)
		}
	}
	if err != nil {
		return statData{}, err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), full)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return statData{}, err
	}
	fi, err := os.Lstat(full)
	if err != nil {
		return statData{}, err
	}
	return fileStat(fi), nil
}

// worktreeTempName is where writeWorktreeFile stages full's new content.
func worktreeTempName(full string) string {
	h := fnv.New64a()
	h.Write([]byte(filepath.Base(full)))
	return filepath.Join(filepath.Dir(full), fmt.Sprintf(".cc-tmp-%016x", h.Sum64()))
}

// removeWorktreeFile removes a file and the folders it leaves empty, up to
// (not including) root, and never the folder the process runs in, which,
// as git has it, would leave the shell that started cc in a folder that no
// longer exists. A folder on the way that is a symbolic link is left
// alone: removing through it would reach outside the work tree.
func removeWorktreeFile(root, full string) error {
	if rel, err := filepath.Rel(root, full); err == nil {
		if err := checkLinks(root, filepath.ToSlash(rel)); err != nil {
			return err
		}
	}
	if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	cwd, _ := os.Getwd()
	for dir := filepath.Dir(full); len(dir) > len(root) && strings.HasPrefix(dir, root); dir = filepath.Dir(dir) {
		if dir == cwd || os.Remove(dir) != nil {
			break // not empty, or gone
		}
	}
	return nil
}

// WorktreeChanges lists the work-tree files, among those for which match
// returns true, whose content differs from t: Modified and Deleted for files
// in t, Added for files not in t that are staged or untracked and not
// ignored (.gitignore, .git/info/exclude, core.excludesFile). Files whose
// index stat data is unchanged are not read; those read are compared as git
// would store them (LineEndings). A file a sparse checkout left out (its
// index entry is skip-worktree) is not Deleted. The result is in path order.
//
// enter, when not nil, says which folders ("a/b") can hold files match
// accepts: it must accept every folder on the way to such a file. The
// folders it rejects are read neither in t nor in the work tree, so a scan
// of a few folders costs what those folders hold, not the whole tree.
func (s *Store) WorktreeChanges(t *Snapshot, match func(path string) bool, enter func(dir string) bool) ([]FileChange, error) {
	if s.Bare() {
		return nil, errBare
	}
	tracked := map[string]Entry{}
	if !t.tree.IsZero() {
		if err := t.walkTree(t.tree, "", enter, func(e Entry) error {
			if match(e.Path) {
				tracked[e.Path] = e
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	idx, err := loadIndex(filepath.Join(s.gitDir, "index"))
	if err != nil {
		return nil, err
	}
	defer idx.release()
	var indexTime statData
	if fi, err := os.Stat(filepath.Join(s.gitDir, "index")); err == nil {
		indexTime = fileStat(fi)
	}
	staged := map[string]indexEntry{}
	idx.each(func(e indexEntry) {
		if e.stage == 0 && match(string(e.name)) {
			staged[string(e.name)] = e
		}
	})
	ign, err := s.ignoreMatcher()
	if err != nil {
		return nil, err
	}
	eol, err := s.LineEndings()
	if err != nil {
		return nil, err
	}
	known := make([]string, 0, len(tracked)+len(staged))
	for p := range tracked {
		known = append(known, p)
	}
	for p := range staged {
		known = append(known, p)
	}
	sort.Strings(known)
	keep := func(prefix string) bool {
		i := sort.SearchStrings(known, prefix)
		return i < len(known) && strings.HasPrefix(known[i], prefix)
	}
	var out []FileChange
	seen := map[string]bool{}
	err = s.walkWorktree(ign, keep, enter, func(p string, fi fs.FileInfo) error {
		if !match(p) {
			return nil
		}
		seen[p] = true
		te, inTree := tracked[p]
		ie, inIndex := staged[p]
		if !inTree {
			if inIndex || !ign.Match(strings.Split(p, "/"), false) {
				out = append(out, FileChange{Path: p, Status: Added})
			}
			return nil
		}
		if inIndex && ie.hash == te.Blob && ie.mode == te.Mode && statClean(ie.stat, fileStat(fi), indexTime) {
			return nil
		}
		h, err := s.cleanBlob(eol, p, fi, te.Blob)
		if err != nil {
			return err
		}
		if h != te.Blob || gitMode(fi) != te.Mode && te.Mode != modeGitlink {
			out = append(out, FileChange{Path: p, Status: Modified})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for p := range tracked {
		if !seen[p] {
			if fi, err := os.Lstat(filepath.Join(s.root, filepath.FromSlash(p))); err == nil && fi.IsDir() && tracked[p].Mode == modeGitlink {
				continue // a submodule's folder
			}
			if staged[p].skipWorktree {
				continue // left out by a sparse checkout, not deleted
			}
			out = append(out, FileChange{Path: p, Status: Deleted})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// statClean is git's "up to date" test: the stat data recorded in the
// index still matches, and the entry is not racily clean (written in the
// same second as the index, when a later edit could keep size and mtime).
func statClean(idx, now, indexFile statData) bool {
	if idx.mtimeSec != now.mtimeSec || idx.mtimeNsec != now.mtimeNsec || idx.size != now.size ||
		idx.ctimeSec != now.ctimeSec || idx.ctimeNsec != now.ctimeNsec || idx.ino != now.ino {
		return false
	}
	if indexFile.mtimeSec != 0 && (idx.mtimeSec > indexFile.mtimeSec ||
		idx.mtimeSec == indexFile.mtimeSec && idx.mtimeNsec >= indexFile.mtimeNsec) {
		return false
	}
	return true
}

func gitMode(fi fs.FileInfo) uint32 {
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		return modeSymlink
	case fi.Mode()&0o111 != 0:
		return modeExec
	}
	return modeFile
}

// cleanBlob hashes the work-tree file p as git would commit it, its line
// ends converted; committed is its blob in the snapshot.
func (s *Store) cleanBlob(eol *LineEndings, p string, fi fs.FileInfo, committed Hash) (Hash, error) {
	full := filepath.Join(s.root, filepath.FromSlash(p))
	if !fi.Mode().IsRegular() {
		return worktreeBlob(full, fi)
	}
	data, err := os.ReadFile(full)
	if err != nil {
		return Hash{}, err
	}
	data, err = eol.Clean(p, data, func() ([]byte, error) {
		old, err := s.readTyped(committed, objBlob)
		if errors.Is(err, errObjectNotFound) {
			return nil, nil // not fetched (partial clone): judged as text
		}
		return old, err
	})
	if err != nil {
		return Hash{}, err
	}
	return BlobHash(data), nil
}

// worktreeBlob hashes a work-tree file as it is.
func worktreeBlob(full string, fi fs.FileInfo) (Hash, error) {
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, err := os.Readlink(full)
		if err != nil {
			return Hash{}, err
		}
		return BlobHash([]byte(filepath.ToSlash(target))), nil
	}
	data, err := os.ReadFile(full)
	if err != nil {
		return Hash{}, err
	}
	return BlobHash(data), nil
}

// ignoreRules is the ignore state for one walk: the global and repository
// exclude files plus each folder's .gitignore, read as the walk enters it.
type ignoreRules struct {
	patterns []gitignore.Pattern
}

func (r *ignoreRules) Match(path []string, isDir bool) bool {
	return gitignore.NewMatcher(r.patterns).Match(path, isDir)
}

func (s *Store) ignoreMatcher() (*ignoreRules, error) {
	r := &ignoreRules{}
	cfg, err := s.config()
	if err != nil {
		return nil, err
	}
	r.addFile(userGitFile(cfg, "core.excludesfile", s.root, "ignore"), nil)
	r.addFile(filepath.Join(s.commonDir, "info", "exclude"), nil)
	return r, nil
}

func (r *ignoreRules) addFile(name string, domain []string) {
	data, err := os.ReadFile(name)
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r.patterns = append(r.patterns, gitignore.ParsePattern(line, domain))
	}
}

// walkWorktree calls fn for every file and symlink of the work tree, in
// path order, skipping .git, nested repositories, the folders enter
// rejects (nil enters all) and ignored folders unless keep says they hold
// tracked files.
func (s *Store) walkWorktree(ign *ignoreRules, keep func(dirPrefix string) bool, enter func(dir string) bool, fn func(p string, fi fs.FileInfo) error) error {
	var walk func(dir string, parts []string) error
	walk = func(dir string, parts []string) error {
		full := filepath.Join(s.root, filepath.FromSlash(dir))
		ents, err := os.ReadDir(full)
		if err != nil {
			return err
		}
		saved := len(ign.patterns)
		defer func() { ign.patterns = ign.patterns[:saved] }()
		ign.addFile(filepath.Join(full, ".gitignore"), parts)
		for _, e := range ents {
			name := e.Name()
			if name == ".git" {
				continue
			}
			p := joinPath(dir, name)
			sub := append(parts[:len(parts):len(parts)], name)
			if e.IsDir() {
				if enter != nil && !enter(p) {
					continue
				}
				if _, err := os.Lstat(filepath.Join(full, name, ".git")); err == nil {
					continue // nested repository or submodule
				}
				if ign.Match(sub, true) && !keep(p+"/") {
					continue
				}
				if err := walk(p, sub); err != nil {
					return err
				}
				continue
			}
			if !e.Type().IsRegular() && e.Type()&fs.ModeSymlink == 0 {
				continue
			}
			fi, err := e.Info()
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					continue
				}
				return err
			}
			if err := fn(p, fi); err != nil {
				return err
			}
		}
		return nil
	}
	return walk("", nil)
}

// userGitFile is a file of the user's that git reads beside the
// repository's own: the one config key names (a path relative to from, ~
// expanded), else $XDG_CONFIG_HOME/git/name.
func userGitFile(cfg *gitConfig, key, from, name string) string {
	env := configEnv{getenv: os.Getenv}
	if p, ok := cfg.get(key); ok {
		return includePath(env, filepath.Join(from, "x"), p)
	}
	xdg := os.Getenv("XDG_CONFIG_HOME")
	if xdg == "" {
		xdg = filepath.Join(env.home(), ".config")
	}
	return filepath.Join(xdg, "git", name)
}
