package gitstore

import (
	"compress/zlib"
	"crypto/sha1"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// zlibPool reuses compressors: a zlib writer allocates several hundred KB of
// state, more than a typical draft. storePool's writers store without
// compressing (see writeObject).
var (
	zlibPool = sync.Pool{New: func() any {
		w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
		return w
	}}
	storePool = sync.Pool{New: func() any {
		w, _ := zlib.NewWriterLevel(nil, zlib.NoCompression)
		return w
	}}
)

// storeTreesFrom is the size from which a tree is stored uncompressed. A
// tree is mostly 20-byte object ids, which do not compress: level 1 gets a
// 10,000-entry tree to 82% of its size in 4 ms, storing it takes 0.5 ms,
// and every commit rewrites the trees on its path whole. git gc packs
// them (with deltas) all the same.
const storeTreesFrom = 16 << 10

// writeObject stores an object as a loose object unless it already exists,
// and returns its id. Level 1 compression (large trees: none): a commit
// rewrites whole trees, and level 6 costs three to four times as much for a
// few percent of size.
//
// The file is written under a temporary name in the objects folder and then
// hard-linked into place, as git does, so a reader never sees a partial
// object and a crash leaves at most a stray temporary file, which git gc
// removes.
func (s *Store) writeObject(t objType, body []byte) (Hash, error) {
	hdr := objectHeader(t, len(body))
	d := sha1.New()
	d.Write(hdr)
	d.Write(body)
	var h Hash
	d.Sum(h[:0])
	if s.hasObject(h) {
		return h, nil
	}
	objDir := filepath.Join(s.commonDir, "objects")
	hex := h.String()
	final := filepath.Join(objDir, hex[:2], hex[2:])
	tmp, err := os.CreateTemp(objDir, "tmp_obj_")
	if err != nil {
		return h, fmt.Errorf("write object: %w", err)
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName)
	pool := &zlibPool
	if t == objTree && len(body) >= storeTreesFrom {
		pool = &storePool
	}
	zw := pool.Get().(*zlib.Writer)
	zw.Reset(tmp)
	_, err = zw.Write(hdr)
	if err == nil {
		_, err = zw.Write(body)
	}
	if err == nil {
		err = zw.Close()
	}
	pool.Put(zw)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmpName, 0o444)
	}
	if err != nil {
		return h, fmt.Errorf("write object %s: %w", hex, err)
	}
	if err := placeObject(tmpName, final); err != nil {
		return h, fmt.Errorf("write object %s: %w", hex, err)
	}
	return h, nil
}

// placeObject links tmp to final, creating the fan-out folder when needed.
// An existing final file holds the same bytes (ids are content hashes).
func placeObject(tmp, final string) error {
	err := os.Link(tmp, final)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
			return err
		}
		err = os.Link(tmp, final)
	}
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		// Some file systems have no hard links; rename is atomic too.
		if rerr := os.Rename(tmp, final); rerr == nil {
			return nil
		}
	}
	return err
}

// commitBody encodes a commit object.
func commitBody(tree, parent Hash, author, committer Signature, msg string) []byte {
	b := make([]byte, 0, 256+len(msg))
	b = append(b, "tree "...)
	b = append(b, tree.String()...)
	b = append(b, '\n')
	if !parent.IsZero() {
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
