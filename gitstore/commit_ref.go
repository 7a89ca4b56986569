package gitstore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// readRefForUpdate reads a ref's current value the way the update must see
// it: a loose file first (an empty one counts as absent and, with
// removeEmpty, is removed: the caller holds its lock), then packed-refs.
// symbolic is true when it is a symbolic ref, which a commit cannot move.
func (s *Store) readRefForUpdate(name string, removeEmpty bool) (h Hash, symbolic bool, err error) {
	path := s.refPath(name)
	h, sym, ok, err := readLooseRef(path)
	if err != nil {
		return h, false, err
	}
	if sym != "" {
		return h, true, nil
	}
	if ok {
		return h, false, nil
	}
	if removeEmpty {
		if fi, err := os.Lstat(path); err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
			os.Remove(path)
		}
	}
	if name == "HEAD" {
		return Hash{}, false, nil
	}
	h, _, err = s.packedRef(name)
	return h, false, err
}

// appendReflogs appends the reflog lines git's commit writes: the branch's
// and HEAD's. With core.logAllRefUpdates off (the default in a bare
// repository) only logs that already exist are appended to, as git does.
func (s *Store) appendReflogs(refName string, detached bool, old, new Hash, who Signature, msg string) error {
	cfg, err := s.config()
	if err != nil {
		return err
	}
	create := !s.Bare()
	if v, ok := cfg.get("core.logallrefupdates"); ok {
		if strings.EqualFold(v, "always") {
			create = true
		} else if b, ok := parseConfigBool(v); ok {
			create = b
		}
	}
	subject, _, _ := strings.Cut(strings.TrimLeft(msg, "\n"), "\n")
	kind := "commit"
	if old.IsZero() {
		kind = "commit (initial)"
	}
	line := make([]byte, 0, 200)
	line = append(line, old.String()...)
	line = append(line, ' ')
	line = append(line, new.String()...)
	line = append(line, ' ')
	line = appendIdent(line, who)
	line = append(line, '\t')
	line = append(line, kind+": "+strings.TrimSpace(subject)...)
	line = append(line, '\n')
	logs := []string{filepath.Join(s.gitDir, "logs", "HEAD")}
	if !detached {
		logs = append(logs, filepath.Join(s.commonDir, "logs", filepath.FromSlash(refName)))
	}
	for _, name := range logs {
		flags := os.O_WRONLY | os.O_APPEND
		if create {
			flags |= os.O_CREATE
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				return fmt.Errorf("reflog: %w", err)
			}
		}
		f, err := os.OpenFile(name, flags, 0o644)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("reflog: %w", err)
		}
		_, err = f.Write(line)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("reflog: %w", err)
		}
	}
	return nil
}
