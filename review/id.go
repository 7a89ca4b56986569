package review

import (
	"fmt"
	"io"
	"time"
)

// crockford is the Crockford base32 alphabet used by ULIDs: no I, L, O, U.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewEventID returns a ULID: 48 bits of milliseconds since the Unix epoch
// and 80 random bits read from random, as 26 upper-case Crockford base32
// characters. IDs made later sort after earlier ones, so the files of a
// draft list in the order they were made. random must not fail
// (crypto/rand.Reader never does); a short read panics, because an id with
// missing randomness would collide silently.
func NewEventID(now time.Time, random io.Reader) string {
	var b [16]byte
	ms := uint64(now.UnixMilli())
	for i := 5; i >= 0; i-- {
		b[i] = byte(ms)
		ms >>= 8
	}
	if _, err := io.ReadFull(random, b[6:]); err != nil {
		panic(fmt.Sprintf("review: reading randomness for an event id: %v", err))
	}
	// 128 bits as 26 digits of 5 bits: the first digit holds the top 3.
	var out [26]byte
	hi := uint64(b[0])<<56 | uint64(b[1])<<48 | uint64(b[2])<<40 | uint64(b[3])<<32 |
		uint64(b[4])<<24 | uint64(b[5])<<16 | uint64(b[6])<<8 | uint64(b[7])
	lo := uint64(b[8])<<56 | uint64(b[9])<<48 | uint64(b[10])<<40 | uint64(b[11])<<32 |
		uint64(b[12])<<24 | uint64(b[13])<<16 | uint64(b[14])<<8 | uint64(b[15])
	for i := 25; i >= 0; i-- {
		out[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}

// validEventID reports whether s has the shape of a ULID: 26 upper-case
// letters and digits whose first digit is at most 7. It accepts the letters
// Crockford base32 leaves out (I, L, O, U), which NewEventID never writes,
// so that ids written by hand, like the example in docs/format.md, read.
func validEventID(s string) bool {
	if len(s) != 26 || s[0] > '7' {
		return false // the first digit only holds 3 bits
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
