package gitstore

import (
	"crypto/sha1"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// maxObjectAttempts bounds how often writeObject writes an object again
// after a concurrent git gc or git prune removed its temporary file or its
// fan-out folder.
const maxObjectAttempts = 8

// writeObject stores an object as a loose object unless it already exists,
// and returns its id, compressed as deflateObject says: a commit rewrites
// whole trees, and git's default level costs several times as much for a
// few percent of size.
//
// The file is written under a temporary name in the objects folder and then
// hard-linked into place, as git does, so a reader never sees a partial
// object and a crash leaves at most a stray temporary file, which git gc
// removes.
//
// A git gc, git repack or git prune may run meanwhile: prune removes fresh
// tmp_obj_* files and empty fan-out folders (with --prune=now), so the
// write is retried when its temporary file or folder vanished, and a loose
// object found is freshened, as git does. Commit puts back the objects a
// git gc --prune=now removed before they were reachable (see keepObjects).
// An object found in a pack is not written again; git
// freshens the pack, which repack -ad ignores: an unreachable packed object
// that a commit reuses in the milliseconds before its reflog line names it
// can be dropped by a repack -ad running just then, as it can under git.
// As git does when it writes, the pack folders are not listed again for
// each new object: a pack made since they were listed at worst means an
// object written loose that a pack holds too.
func (s *Store) writeObject(t objType, body []byte) (Hash, error) {
	hdr := objectHeader(t, len(body))
	d := sha1.New()
	d.Write(hdr)
	d.Write(body)
	var h Hash
	d.Sum(h[:0])
	objDir := filepath.Join(s.commonDir, "objects")
	hex := h.String()
	final := filepath.Join(objDir, hex[:2], hex[2:])
	if s.db.hasListed(h) {
		return h, nil
	}
	// A loose copy is found by the link below, which then fails: the
	// objects a commit writes are nearly always new, and asking first
	// would cost each of them a path lookup.
	file := deflateObject(t, hdr, body)
	var err error
	for range maxObjectAttempts {
		var tmpName string
		tmpName, err = writeObjectTemp(objDir, file)
		if err == nil {
			err = placeObject(tmpName, final)
			os.Remove(tmpName)
		}
		if err == nil || !errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	if err != nil {
		return h, fmt.Errorf("write object %s: %w", hex, err)
	}
	return h, nil
}

// freshenLoose sets the modification time of an existing loose object to
// now, as git freshens an object it would write again, so a prune with a
// grace period keeps it.
func freshenLoose(final string) error {
	now := time.Now()
	return os.Chtimes(final, now, now)
}

// writeObjectTemp writes the compressed object to a new temporary file in
// the objects folder and returns its name. The file is created read-only,
// as git creates it.
func writeObjectTemp(objDir string, file []byte) (string, error) {
	create := func() (f *os.File, err error) {
		for range maxObjectAttempts {
			f, err = os.OpenFile(randomName(objDir, "tmp_obj_", ""), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o444)
			if !errors.Is(err, fs.ErrExist) {
				break
			}
		}
		return f, err
	}
	tmp, err := create()
	if errors.Is(err, fs.ErrNotExist) {
		if os.MkdirAll(objDir, 0o755) == nil {
			tmp, err = create()
		}
	}
	if err != nil {
		return "", err
	}
	_, err = tmp.Write(file)
	if err == nil {
		// The umask took bits off the mode given to open. cc's objects
		// are 0444 whatever it is, so that a group sharing the repository
		// (core.sharedRepository) can read them; on the open file, so
		// without a second path lookup.
		err = tmp.Chmod(0o444)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return tmp.Name(), nil
}

// placeObject links tmp to final, creating the fan-out folder when needed
// (again when a concurrent prune removed it as empty in between). An
// existing final file holds the same bytes (ids are content hashes): it is
// freshened instead. It fails with fs.ErrNotExist when tmp itself is gone.
func placeObject(tmp, final string) error {
	var err error
	for range maxObjectAttempts {
		err = os.Link(tmp, final)
		if errors.Is(err, fs.ErrExist) {
			// Had a prune removed it just now, the link would have made it.
			if ferr := freshenLoose(final); !errors.Is(ferr, fs.ErrNotExist) {
				return nil
			}
			continue
		}
		if !errors.Is(err, fs.ErrNotExist) {
			break
		}
		// The fan-out folder is missing, or tmp is gone.
		if merr := os.Mkdir(filepath.Dir(final), 0o755); errors.Is(merr, fs.ErrExist) {
			if _, serr := os.Lstat(tmp); serr != nil {
				return err
			}
		} else if merr != nil {
			if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
				return err
			}
		}
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		// Some file systems have no hard links; rename is atomic too, but
		// replaces a loose copy, which Windows refuses when it is read-only.
		if _, serr := os.Lstat(final); serr == nil {
			_ = freshenLoose(final)
			return nil
		}
		if rerr := os.Rename(tmp, final); rerr == nil {
			return nil
		}
	}
	return err
}

// commitBody encodes a commit object. Zero parents are left out (the
// first commit of a branch).
func commitBody(tree Hash, parents []Hash, author, committer Signature, msg string) []byte {
	b := make([]byte, 0, 256+len(msg))
	b = append(b, "tree "...)
	b = append(b, tree.String()...)
	b = append(b, '\n')
	for _, parent := range parents {
		if parent.IsZero() {
			continue
		}
		b = append(b, "parent "...)
		b = append(b, parent.String()...)
		b = append(b, '\n')
	}
	b = append(b, "author "...)
	b = appendIdent(b, author)
	b = append(b, "\ncommitter "...)
	b = appendIdent(b, committer)
	b = append(b, "\n\n"...)
	b = append(b, msg...)
	if len(msg) == 0 || msg[len(msg)-1] != '\n' {
		b = append(b, '\n')
	}
	return b
}

// commitTree returns the tree id of a commit object body.
func commitTree(body []byte) (Hash, error) {
	if len(body) < 46 || string(body[:5]) != "tree " || body[45] != '\n' {
		return Hash{}, errors.New("malformed commit: no tree line")
	}
	return ParseHash(string(body[5:45]))
}
