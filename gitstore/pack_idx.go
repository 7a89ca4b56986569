package gitstore

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// Packs (gitformat-pack). The .idx is mapped (or read) whole once and
// searched in place: the fan-out table narrows a hash to the ids sharing
// its first byte, a binary search finds it, and its position gives the
// offset in the .pack, from the 32-bit table or, for offsets of 2 GiB and
// more, the 64-bit table. Nothing is built per object and the idx checksum
// is not verified (git verifies packs in fsck, not on every read).

var idxV2Magic = []byte{0xff, 't', 'O', 'c'}

// packIdx is a parsed view of .idx bytes.
type packIdx struct {
	data    []byte
	version int    // 1 or 2
	n       uint32 // objects
	names   int    // offset of the sorted ids
	stride  int    // bytes from one id to the next: 20 (v2) or 24 (v1)
	offs    int    // v2: offset of the 32-bit offsets
	large   int    // v2: offset of the 64-bit offsets
	nLarge  int
}

// parseIdx checks the layout of idx bytes: magic and version, a fan-out
// table that never decreases and a length that matches its count.
func parseIdx(data []byte) (*packIdx, error) {
	x := &packIdx{data: data}
	fan := 0
	switch {
	case len(data) >= 8 && bytes.Equal(data[:4], idxV2Magic):
		if v := binary.BigEndian.Uint32(data[4:8]); v != 2 {
			return nil, fmt.Errorf("unsupported pack index version %d", v)
		}
		x.version, fan = 2, 8
	default:
		x.version = 1 // version 1 has no header; its fan-out comes first
	}
	if len(data) < fan+idxFanoutLen+40 {
		return nil, errors.New("pack index truncated")
	}
	prev := uint32(0)
	for i := range 256 {
		v := binary.BigEndian.Uint32(data[fan+4*i:])
		if v < prev {
			return nil, errors.New("pack index: fan-out table decreases")
		}
		prev = v
	}
	x.n = prev
	n := uint64(x.n)
	rest := uint64(len(data) - fan - idxFanoutLen - 40)
	if x.version == 1 {
		if rest != n*24 {
			return nil, errors.New("pack index (version 1): length does not match its object count")
		}
		x.names, x.stride = idxFanoutLen+4, 24
		return x, nil
	}
	if rest < n*28 || (rest-n*28)%8 != 0 {
		return nil, errors.New("pack index: length does not match its object count")
	}
	x.names, x.stride = fan+idxFanoutLen, 20
	x.offs = x.names + int(n)*24 // after the ids and the CRC32s
	x.large = x.offs + int(n)*4
	x.nLarge = int((rest - n*28) / 8)
	return x, nil
}

func (x *packIdx) fanout(b int) uint32 {
	if b < 0 {
		return 0
	}
	base := 0
	if x.version == 2 {
		base = 8
	}
	return binary.BigEndian.Uint32(x.data[base+4*b:])
}

func (x *packIdx) name(i uint32) []byte {
	o := x.names + int(i)*x.stride
	return x.data[o : o+20]
}

// lookup returns the position of h in the index.
func (x *packIdx) lookup(h Hash) (uint32, bool) {
	lo, hi := x.fanout(int(h[0])-1), x.fanout(int(h[0]))
	for lo < hi {
		mid := lo + (hi-lo)/2
		switch c := bytes.Compare(x.name(mid), h[:]); {
		case c == 0:
			return mid, true
		case c < 0:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return 0, false
}

// offset returns the pack offset of the object at position i.
func (x *packIdx) offset(i uint32) (int64, error) {
	if x.version == 1 {
		return int64(binary.BigEndian.Uint32(x.data[idxFanoutLen+int(i)*24:])), nil
	}
	o := binary.BigEndian.Uint32(x.data[x.offs+int(i)*4:])
	if o&0x80000000 == 0 {
		return int64(o), nil
	}
	j := int(o & 0x7fffffff)
	if j >= x.nLarge {
		return 0, errors.New("pack index: 64-bit offset out of range")
	}
	v := binary.BigEndian.Uint64(x.data[x.large+8*j:])
	if v > 1<<62 {
		return 0, errors.New("pack index: offset out of range")
	}
	return int64(v), nil
}

// withPrefix calls fn for every id in the index that starts with prefix.
func (x *packIdx) withPrefix(prefix []byte, fn func(Hash)) {
	lo, hi := uint32(0), x.n
	if len(prefix) > 0 {
		lo, hi = x.fanout(int(prefix[0])-1), x.fanout(int(prefix[0]))
	}
	i := lo + uint32(sort.Search(int(hi-lo), func(k int) bool {
		return bytes.Compare(x.name(lo+uint32(k)), prefix) >= 0
	}))
	for ; i < hi && bytes.HasPrefix(x.name(i), prefix); i++ {
		fn(Hash(x.name(i)))
	}
}

// packChecksum is the checksum of the .pack that the index describes.
func (x *packIdx) packChecksum() []byte { return x.data[len(x.data)-40 : len(x.data)-20] }
