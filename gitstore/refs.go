package gitstore

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Head is what HEAD points at.
type Head struct {
	Branch string // short branch name, "" when HEAD is detached
	Commit Hash   // zero when the branch is unborn
}

// perWorktreeRef reports refs that live in the worktree's own git dir.
func perWorktreeRef(name string) bool {
	return name == "HEAD" || !strings.HasPrefix(name, "refs/") ||
		strings.HasPrefix(name, "refs/bisect/") || strings.HasPrefix(name, "refs/worktree/") ||
		strings.HasPrefix(name, "refs/rewritten/")
}

func (s *Store) refPath(name string) string {
	if perWorktreeRef(name) {
		return filepath.Join(s.gitDir, filepath.FromSlash(name))
	}
	return filepath.Join(s.commonDir, filepath.FromSlash(name))
}

// readLooseRef reads a loose ref file: a hash, a "ref: " target, or
// nothing. An empty file (left behind by an interrupted writer) counts as
// absent.
func readLooseRef(path string) (h Hash, symref string, ok bool, err error) {
	return parseLooseRef(path, os.ReadFile)
}

// readLooseRef is the package's readLooseRef through the files this store
// has read already.
func (s *Store) readLooseRef(path string) (h Hash, symref string, ok bool, err error) {
	return parseLooseRef(path, s.refs.read)
}

func parseLooseRef(path string, read func(string) ([]byte, error)) (h Hash, symref string, ok bool, err error) {
	b, err := read(path)
	if errors.Is(err, fs.ErrNotExist) || isDirErr(err, path) {
		return h, "", false, nil
	}
	if err != nil {
		return h, "", false, fmt.Errorf("read ref: %w", err)
	}
	line := strings.TrimSpace(string(b))
	if line == "" {
		return h, "", false, nil
	}
	if t, isSym := strings.CutPrefix(line, "ref:"); isSym {
		return h, strings.TrimSpace(t), true, nil
	}
	if len(line) < 40 {
		return h, "", false, fmt.Errorf("%s: malformed ref", path)
	}
	h, err = ParseHash(line[:40])
	if err != nil {
		return h, "", false, fmt.Errorf("%s: %w", path, err)
	}
	return h, "", true, nil
}

func isDirErr(err error, path string) bool {
	if err == nil {
		return false
	}
	fi, serr := os.Stat(path)
	return serr == nil && fi.IsDir()
}

// packedRef looks name up in packed-refs.
func (s *Store) packedRef(name string) (Hash, bool, error) {
	f, err := os.Open(filepath.Join(s.commonDir, "packed-refs"))
	if errors.Is(err, fs.ErrNotExist) {
		return Hash{}, false, nil
	}
	if err != nil {
		return Hash{}, false, fmt.Errorf("read packed-refs: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) < 42 || line[0] == '#' || line[0] == '^' || line[40] != ' ' {
			continue
		}
		if string(line[41:]) == name {
			var h Hash
			if _, err := hex.Decode(h[:], line[:40]); err != nil {
				return Hash{}, false, fmt.Errorf("packed-refs: %s: %w", name, err)
			}
			return h, true, nil
		}
	}
	return Hash{}, false, sc.Err()
}

// readRef resolves a full ref name (following symbolic refs) to a hash.
func (s *Store) readRef(name string) (Hash, bool, error) {
	for range 5 {
		h, sym, ok, err := s.readLooseRef(s.refPath(name))
		if err != nil {
			return Hash{}, false, err
		}
		if ok && sym != "" {
			name = sym
			continue
		}
		if ok {
			return h, true, nil
		}
		if perWorktreeRef(name) {
			return Hash{}, false, nil
		}
		return s.packedRef(name)
	}
	return Hash{}, false, fmt.Errorf("ref %s: too many levels of symbolic refs", name)
}

// headRef returns the ref HEAD points at ("refs/heads/main"), or "" when
// HEAD is detached.
func (s *Store) headRef() (string, error) {
	_, sym, ok, err := s.readLooseRef(filepath.Join(s.gitDir, "HEAD"))
	if err != nil {
		return "", err
	}
	if !ok {
		return "", fmt.Errorf("%s: HEAD is missing or empty", s.gitDir)
	}
	return sym, nil
}

// Head reports the current branch and commit.
func (s *Store) Head() (Head, error) {
	ref, err := s.headRef()
	if err != nil {
		return Head{}, err
	}
	var hd Head
	if ref == "" {
		h, _, _, err := s.readLooseRef(filepath.Join(s.gitDir, "HEAD"))
		return Head{Commit: h}, err
	}
	hd.Branch = strings.TrimPrefix(ref, "refs/heads/")
	h, _, err := s.readRef(ref)
	if err != nil {
		return Head{}, err
	}
	hd.Commit = h
	return hd, nil
}

// Resolve turns a revision into a commit id: HEAD, a branch, a tag (peeled
// to its commit), a remote-tracking ref such as origin/main, a full ref
// name, a full id or an unambiguous abbreviated id, optionally followed by
// ~N or ^ / ^N (first or Nth parent) suffixes.
func (s *Store) Resolve(rev string) (Hash, error) {
	h, err := s.resolve(rev)
	if err != nil {
		return Hash{}, fmt.Errorf("resolve %q: %w", rev, err)
	}
	return h, nil
}

func (s *Store) resolve(rev string) (Hash, error) {
	if rev == "" {
		return Hash{}, errors.New("empty revision")
	}
	if i := strings.LastIndexAny(rev, "~^"); i > 0 {
		base, err := s.resolve(rev[:i])
		if err != nil {
			return Hash{}, err
		}
		n := 1
		if num := rev[i+1:]; num != "" {
			if _, err := fmt.Sscanf(num, "%d", &n); err != nil || n < 0 {
				return Hash{}, fmt.Errorf("bad suffix %q", rev[i:])
			}
		}
		if rev[i] == '^' {
			return s.nthParent(base, n)
		}
		for range n {
			if base, err = s.nthParent(base, 1); err != nil {
				return Hash{}, err
			}
		}
		return base, nil
	}
	if len(rev) == 40 {
		if h, err := ParseHash(rev); err == nil {
			return s.peelToCommit(h)
		}
	}
	for _, name := range []string{rev, "refs/" + rev, "refs/tags/" + rev, "refs/heads/" + rev, "refs/remotes/" + rev, "refs/remotes/" + rev + "/HEAD"} {
		if name != "HEAD" && !strings.HasPrefix(name, "refs/") {
			continue
		}
		if checkRefName(name) != nil {
			continue
		}
		h, ok, err := s.readRef(name)
		if err != nil {
			return Hash{}, err
		}
		if ok {
			return s.peelToCommit(h)
		}
	}
	if len(rev) >= 4 && len(rev) < 40 && isHex(rev) {
		return s.resolveShort(rev)
	}
	return Hash{}, errors.New("unknown revision")
}

func checkRefName(name string) error {
	if strings.Contains(name, "..") || strings.ContainsAny(name, " ~^:?*[\\\x00\x7f") || strings.HasSuffix(name, ".lock") || strings.HasSuffix(name, "/") {
		return errors.New("invalid ref name")
	}
	return nil
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// resolveShort finds the one commit-ish object whose id starts with prefix.
func (s *Store) resolveShort(prefix string) (Hash, error) {
	prefix = strings.ToLower(prefix)
	seen := map[Hash]bool{}
	loose, _ := os.ReadDir(filepath.Join(s.commonDir, "objects", prefix[:2]))
	for _, e := range loose {
		if strings.HasPrefix(prefix[:2]+e.Name(), prefix) {
			if h, err := ParseHash(prefix[:2] + e.Name()); err == nil {
				seen[h] = true
			}
		}
	}
	// Packs are searched by whole bytes; an odd prefix is filtered below.
	raw, _ := hex.DecodeString(prefix[:len(prefix)&^1])
	s.db.rescan()
	s.db.withPrefix(raw, func(h Hash) {
		if strings.HasPrefix(h.String(), prefix) {
			seen[h] = true
		}
	})
	var found []Hash
	for h := range seen {
		if t, _, err := s.readObject(h); err == nil && (t == objCommit || t == objTag) {
			found = append(found, h)
		}
	}
	switch len(found) {
	case 0:
		return Hash{}, errors.New("unknown revision")
	case 1:
		return s.peelToCommit(found[0])
	}
	return Hash{}, fmt.Errorf("short object id %s is ambiguous", prefix)
}

// peelToCommit follows annotated tags to the commit they name.
func (s *Store) peelToCommit(h Hash) (Hash, error) {
	for range 10 {
		t, body, err := s.readObject(h)
		if err != nil {
			return Hash{}, err
		}
		switch t {
		case objCommit:
			return h, nil
		case objTag:
			if !bytes.HasPrefix(body, []byte("object ")) || len(body) < 47 {
				return Hash{}, fmt.Errorf("tag %s: malformed", h)
			}
			if h, err = ParseHash(string(body[7:47])); err != nil {
				return Hash{}, fmt.Errorf("tag %s: %w", h, err)
			}
		default:
			return Hash{}, fmt.Errorf("%s is a %s, not a commit", h, t)
		}
	}
	return Hash{}, errors.New("too many nested tags")
}

// nthParent returns parent n of a commit (n == 0: the commit itself).
func (s *Store) nthParent(c Hash, n int) (Hash, error) {
	if n == 0 {
		return c, nil
	}
	parents, err := s.parents(c)
	if err != nil {
		return Hash{}, err
	}
	if n > len(parents) {
		return Hash{}, fmt.Errorf("commit %s has no parent %d", c, n)
	}
	return parents[n-1], nil
}

// parents returns the parent ids of a commit.
func (s *Store) parents(c Hash) ([]Hash, error) {
	body, err := s.readTyped(c, objCommit)
	if err != nil {
		return nil, err
	}
	var ps []Hash
	for _, line := range bytes.Split(body, []byte("\n")) {
		if len(line) == 0 {
			break
		}
		if p, ok := bytes.CutPrefix(line, []byte("parent ")); ok {
			h, err := ParseHash(string(p))
			if err != nil {
				return nil, fmt.Errorf("commit %s: %w", c, err)
			}
			ps = append(ps, h)
		}
	}
	return ps, nil
}
