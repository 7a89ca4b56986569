package gitstore

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strconv"
)

// Hash is a SHA-1 object id.
type Hash [20]byte

// String returns the 40-character lower-case hex form of h.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// IsZero reports whether h is the all-zero id, used for "no commit".
func (h Hash) IsZero() bool { return h == Hash{} }

// ParseHash parses a full 40-character hex object id.
func ParseHash(s string) (Hash, error) {
	var h Hash
	if len(s) != 40 {
		return h, fmt.Errorf("invalid object id %q: want 40 hex digits", s)
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return h, fmt.Errorf("invalid object id %q: %w", s, err)
	}
	return h, nil
}

// BlobHash returns the id git gives a blob holding data.
func BlobHash(data []byte) Hash { return objectHash(objBlob, data) }

// objType is a git object type as written in an object header.
type objType string

const (
	objBlob   objType = "blob"
	objTree   objType = "tree"
	objCommit objType = "commit"
	objTag    objType = "tag"
)

// objectHeader returns "type len\0".
func objectHeader(t objType, n int) []byte {
	b := make([]byte, 0, 32)
	b = append(b, t...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, 0)
}

func objectHash(t objType, body []byte) Hash {
	d := sha1.New()
	d.Write(objectHeader(t, len(body)))
	d.Write(body)
	var h Hash
	d.Sum(h[:0])
	return h
}
