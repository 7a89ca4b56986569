package gitstore

import (
	"errors"
	"fmt"
)

// Git's delta format (gitformat-pack, "Deltified representation"): the
// base's size and the result's size as little-endian base-128 numbers,
// then instructions. An instruction byte with the high bit set copies a
// range of the base; its low seven bits say which offset and size bytes
// follow (a size of 0 means 0x10000). A byte 1..127 inserts that many
// literal bytes that follow it. Byte 0 is reserved.

var errBadDelta = errors.New("malformed delta")

// deltaSize reads a delta's size header: a little-endian base-128 number.
func deltaSize(d []byte) (n uint64, rest []byte, err error) {
	for i, shift := 0, uint(0); i < len(d) && shift < 64; i, shift = i+1, shift+7 {
		n |= uint64(d[i]&0x7f) << shift
		if d[i]&0x80 == 0 {
			return n, d[i+1:], nil
		}
	}
	return 0, nil, errBadDelta
}

// applyDelta returns base with delta applied. It allocates the result once,
// at the size the delta declares, and only after checking that the
// instructions could produce that many bytes; it fails on any instruction
// that reads outside the base or the delta or writes past the result.
func applyDelta(base, delta []byte) ([]byte, error) {
	srcSize, d, err := deltaSize(delta)
	if err != nil {
		return nil, err
	}
	if srcSize != uint64(len(base)) {
		return nil, fmt.Errorf("%w: base is %d bytes, delta expects %d", errBadDelta, len(base), srcSize)
	}
	dstSize, d, err := deltaSize(d)
	if err != nil {
		return nil, err
	}
	// One instruction byte yields at most max(len(base), 127) bytes, so a
	// larger declared size can only be a damaged delta.
	perByte := uint64(max(len(base), 127))
	need := dstSize / perByte
	if dstSize%perByte != 0 {
		need++
	}
	if need > uint64(len(d)) || dstSize > uint64(maxInt) {
		return nil, fmt.Errorf("%w: result size %d is more than the delta can produce", errBadDelta, dstSize)
	}
	out := make([]byte, 0, int(dstSize))
	for len(d) > 0 {
		op := d[0]
		d = d[1:]
		switch {
		case op&0x80 != 0:
			var off, n uint64
			for i := range 4 {
				if op&(1<<i) != 0 {
					if len(d) == 0 {
						return nil, errBadDelta
					}
					off |= uint64(d[0]) << (8 * i)
					d = d[1:]
				}
			}
			for i := range 3 {
				if op&(0x10<<i) != 0 {
					if len(d) == 0 {
						return nil, errBadDelta
					}
					n |= uint64(d[0]) << (8 * i)
					d = d[1:]
				}
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > uint64(len(base)) || n > uint64(cap(out)-len(out)) {
				return nil, fmt.Errorf("%w: copy outside the base or past the result", errBadDelta)
			}
			out = append(out, base[off:off+n]...)
		case op != 0:
			n := int(op)
			if n > len(d) || n > cap(out)-len(out) {
				return nil, fmt.Errorf("%w: insert past the delta or the result", errBadDelta)
			}
			out = append(out, d[:n]...)
			d = d[n:]
		default:
			return nil, fmt.Errorf("%w: reserved instruction 0", errBadDelta)
		}
	}
	if uint64(len(out)) != dstSize {
		return nil, fmt.Errorf("%w: result is %d bytes, delta declares %d", errBadDelta, len(out), dstSize)
	}
	return out, nil
}

const maxInt = int(^uint(0) >> 1)
