package gitstore

import (
	"errors"
	"fmt"
)

// Reading with a limit. Callers that parse what they read (drafts, event
// files) have a size above which they refuse the file; reading such a
// blob whole only to refuse it would let one hostile blob cost its full
// size in memory. The size is in every object's header: a loose object's
// "type size\0", a pack entry's header, and for a delta the result size
// at the start of the delta itself, so it is known after inflating a few
// bytes, in the same pass that then reads the object (objectDB.readMax).

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
	if limit < 0 {
		return nil, &TooLargeError{Limit: limit}
	}
	t, data, err := s.db.readMax(h, uint64(limit))
	var tl *TooLargeError
	switch {
	case errors.As(err, &tl):
		tl.Limit = limit
		return nil, tl
	case err != nil:
		return nil, s.missingBlob(p, h, fmt.Errorf("read object %s: %w", h, err))
	case t != objBlob:
		return nil, s.missingBlob(p, h, fmt.Errorf("object %s is a %s, not a %s", h, t, objBlob))
	}
	return data, nil
}
