package gitstore

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// Reading with a limit. Callers that parse what they read (drafts, event
// files) have a size above which they refuse the file; reading such a
// blob whole only to refuse it would let one hostile blob cost its full
// size in memory. The size is in every object's header: a loose object's
// "type size\0", a pack entry's header, and for a delta the result size
// at the start of the delta itself, so it is known after inflating a few
// bytes.

// TooLargeError is the error of a read with a limit when the object is
// larger; nothing of its body was inflated.
type TooLargeError struct {
	Size  uint64 // the object's size, from its header
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%d bytes, over the limit of %d", e.Size, e.Limit)
}

// ReadFileMax is ReadFile for a file of at most limit bytes: a larger one
// gives a *TooLargeError, found from the object's header before its body
// is read.
func (t *Snapshot) ReadFileMax(path string, limit int64) ([]byte, error) {
	e, err := t.fileEntry(path)
	if err != nil {
		return nil, err
	}
	return t.s.readBlobMax(path, e.Blob, limit)
}

// ReadBlobMax is ReadBlob for a blob of at most limit bytes: a larger one
// gives a *TooLargeError, found from the object's header before its body
// is read.
func (t *Snapshot) ReadBlobMax(h Hash, limit int64) ([]byte, error) {
	return t.s.readBlobMax("", h, limit)
}

// readBlobMax reads blob h (the content of p, when known) if it is at most
// limit bytes; an absent blob gives a *MissingBlobError.
func (s *Store) readBlobMax(p string, h Hash, limit int64) ([]byte, error) {
	size, err := s.db.size(h)
	if err != nil {
		return nil, s.missingBlob(p, h, fmt.Errorf("read object %s: %w", h, err))
	}
	if limit < 0 || size > uint64(limit) {
		return nil, &TooLargeError{Size: size, Limit: limit}
	}
	data, err := s.readTyped(h, objBlob)
	if err != nil {
		return nil, s.missingBlob(p, h, err)
	}
	return data, nil
}

// size returns an object's size from its header, looking it up where
// find does.
func (db *objectDB) size(h Hash) (uint64, error) {
	if _, body, ok := db.cache.get(cacheKey{h: h}); ok {
		return uint64(len(body)), nil
	}
	for attempt := 0; ; attempt++ {
		n, err := looseSize(db.dirs[0].path, h)
		if !errors.Is(err, errObjectNotFound) {
			return n, err
		}
		dirs, packs := db.lists()
		for _, p := range packs {
			off, ok := p.find(h)
			if !ok {
				continue
			}
			n, err := p.sizeAt(off)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return 0, fmt.Errorf("%s.pack: %w", p.base, err)
			}
			return n, nil
		}
		for _, d := range dirs[1:] {
			n, err := looseSize(d.path, h)
			if !errors.Is(err, errObjectNotFound) {
				return n, err
			}
		}
		if attempt > 0 || !db.rescan() {
			return 0, db.notFound()
		}
	}
}

// looseSize reads the size in a loose object's header, inflating only the
// header.
func looseSize(dir string, h Hash) (uint64, error) {
	f, err := os.Open(looseName(dir, h))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, errObjectNotFound
	}
	if err != nil {
		return 0, err
	}
	defer f.Close()
	zr, err := getZlib(bufio.NewReaderSize(f, 512))
	if err != nil {
		return 0, fmt.Errorf("loose object: %w", err)
	}
	defer putZlib(zr)
	var hdr [32]byte
	n, err := io.ReadFull(zr, hdr[:])
	if err != nil && err != io.ErrUnexpectedEOF {
		return 0, fmt.Errorf("loose object: %w", err)
	}
	head, _, ok := strings.Cut(string(hdr[:n]), "\x00")
	_, sizeStr, ok2 := strings.Cut(head, " ")
	size, perr := strconv.ParseUint(sizeStr, 10, 63)
	if !ok || !ok2 || perr != nil {
		return 0, fmt.Errorf("loose object: bad header %q", head)
	}
	return size, nil
}

// sizeAt returns the size of the object at off: the entry's for a whole
// object, the result size in the delta's header for a delta, without
// resolving the delta's base.
func (p *pack) sizeAt(off int64) (uint64, error) {
	e, err := p.entry(off)
	if errors.Is(err, errBadHeader) {
		return 0, fmt.Errorf("%w at offset %d", err, off)
	}
	if err != nil {
		return 0, err
	}
	if e.typ != packObjOfsDelta && e.typ != packObjRefDelta {
		return e.size, nil
	}
	// The delta starts with two base-128 numbers of at most 10 bytes each.
	n := min(int64(e.size), 20)
	br := bufReaders.Get().(*bufio.Reader)
	defer bufReaders.Put(br)
	br.Reset(io.NewSectionReader(p.f, e.dataOff, min(int64(e.size+e.size>>10+64), p.size-e.dataOff)))
	zr, err := getZlib(br)
	if err != nil {
		return 0, fmt.Errorf("delta at offset %d: %w", off, err)
	}
	defer putZlib(zr)
	head := make([]byte, n)
	if _, err := io.ReadFull(zr, head); err != nil {
		return 0, fmt.Errorf("delta at offset %d: inflate: %w", off, err)
	}
	_, rest, err := deltaSize(head)
	if err != nil {
		return 0, fmt.Errorf("delta at offset %d: %w", off, err)
	}
	size, _, err := deltaSize(rest)
	if err != nil {
		return 0, fmt.Errorf("delta at offset %d: %w", off, err)
	}
	return size, nil
}
