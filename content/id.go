package content

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// idAlphabet leaves out 0, 1, i, l and o, which are easy to misread.
const idAlphabet = "23456789abcdefghjkmnpqrstuvwxyz"

const idLength = 6

// maxIDAttempts bounds NewID's retries. With 31^6 (about 887 million) ids, a
// repository would need most of them taken before 100 draws all collide.
const maxIDAttempts = 100

// NewID returns a new draft id: six characters from idAlphabet drawn from
// random, retried while taken reports the id in use (taken may be nil). It
// also skips ids that YAML readers other than cc would take for a number,
// such as "234567" or "2e5678".
func NewID(random io.Reader, taken func(string) bool) (string, error) {
	if random == nil {
		return "", errors.New("new draft id: no source of randomness")
	}
	var buf [32]byte
	id := make([]byte, 0, idLength)
	for range maxIDAttempts {
		id = id[:0]
		for len(id) < idLength {
			if _, err := io.ReadFull(random, buf[:]); err != nil {
				return "", fmt.Errorf("new draft id: read random bytes: %w", err)
			}
			for _, b := range buf {
				// 248 = 8*31: dropping larger bytes keeps every character
				// equally likely.
				if b < 248 && len(id) < idLength {
					id = append(id, idAlphabet[b%31])
				}
			}
		}
		s := string(id)
		if idLooksNumeric(s) || (taken != nil && taken(s)) {
			continue
		}
		return s, nil
	}
	return "", fmt.Errorf("new draft id: no free id after %d attempts", maxIDAttempts)
}

// ValidID reports whether s has the form of a draft id.
func ValidID(s string) bool {
	if len(s) != idLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(idAlphabet, s[i]) < 0 {
			return false
		}
	}
	return true
}

// idLooksNumeric reports whether s is all digits, or digits with one 'e'
// inside (a float with an exponent), which some YAML readers decode as a
// number when unquoted.
func idLooksNumeric(s string) bool {
	e := strings.IndexByte(s, 'e')
	if e == 0 || e == len(s)-1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i != e && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}
