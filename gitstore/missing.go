package gitstore

import (
	"errors"
	"fmt"
	"path"
	"strings"
)

// MissingBlobError is returned by a read of committed content whose blob
// the object store lacks. In a partial clone (git clone --filter) that is
// a blob git has not fetched yet; otherwise the repository is damaged.
// Either way the file is neither empty nor deleted: its content is unknown.
type MissingBlobError struct {
	Path    string // "" when the blob was read by id
	Blob    Hash
	Partial bool // the repository is a partial clone
}

func (e *MissingBlobError) Error() string {
	what := "blob " + e.Blob.String()
	if e.Path != "" {
		what = fmt.Sprintf("%s (blob %s)", e.Path, e.Blob.String()[:12])
	}
	if !e.Partial {
		return what + " is missing from the object store; the repository is damaged (run git fsck)"
	}
	advice := fmt.Sprintf("fetch it with 'git cat-file -e %s'", e.Blob)
	if dir := path.Dir(e.Path); e.Path != "" && dir != "." {
		advice = fmt.Sprintf("check it out with 'git sparse-checkout add %s' or %s", dir, advice)
	}
	return what + " has not been fetched into this partial clone; " + advice
}

// missingBlob turns a failed read of blob h (the content of p) into a
// *MissingBlobError when the object is absent.
func (s *Store) missingBlob(p string, h Hash, err error) error {
	if !errors.Is(err, errObjectNotFound) {
		return err
	}
	return &MissingBlobError{Path: p, Blob: h, Partial: s.partialClone()}
}

// partialClone reports whether objects may be missing by design: a remote
// is a promisor, as git clone --filter records.
func (s *Store) partialClone() bool {
	cfg, err := s.config()
	if err != nil {
		return false
	}
	if _, ok := cfg.get("extensions.partialclone"); ok {
		return true
	}
	for _, v := range cfg.vals {
		if strings.HasPrefix(v.key, "remote.") && strings.HasSuffix(v.key, ".promisor") {
			if b, ok := parseConfigBool(v.val); ok && b {
				return true
			}
		}
	}
	return false
}
