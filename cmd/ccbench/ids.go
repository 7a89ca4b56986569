package main

import (
	"crypto/sha1"
	"encoding/hex"
	"math/rand/v2"
	"strconv"
)

// draftIDAlphabet is the id alphabet of docs/format.md: no 0/1/i/l/o, so ids
// survive being read aloud or retyped.
const draftIDAlphabet = "23456789abcdefghjkmnpqrstuvwxyz"

// crockford is the ULID alphabet (Crockford base32, upper case).
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// newDraftID returns a six-character id not yet in used, and records it.
func newDraftID(rng *rand.Rand, used map[string]bool) string {
	for {
		var b [6]byte
		for i := range b {
			b[i] = draftIDAlphabet[rng.IntN(len(draftIDAlphabet))]
		}
		id := string(b[:])
		if !used[id] {
			used[id] = true
			return id
		}
	}
}

// ulid encodes a 48-bit millisecond time and 80 random bits as 26 Crockford
// base32 characters, so that ids sort by time.
func ulid(ms uint64, rng *rand.Rand) string {
	var out [26]byte
	for i := 9; i >= 0; i-- {
		out[i] = crockford[ms&31]
		ms >>= 5
	}
	hi, lo := rng.Uint64()&(1<<16-1), rng.Uint64() // 16 + 64 = 80 bits
	for i := 25; i >= 10; i-- {
		out[i] = crockford[lo&31]
		lo = lo>>5 | (hi&31)<<59
		hi >>= 5
	}
	return string(out[:])
}

// blobID is the git object id of a blob with this content.
func blobID(content []byte) string {
	h := sha1.New()
	h.Write([]byte("blob " + strconv.Itoa(len(content)) + "\x00"))
	h.Write(content)
	return hex.EncodeToString(h.Sum(nil))
}
