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

// applyDelta returns base with delta applied. It reads the instructions
// once without writing, to check that they stay inside the base and the
// delta and produce exactly the declared size, and only then allocates the
// result: a declared size is never trusted, so a damaged delta costs
// nothing however large the size it declares. What a valid delta
// allocates is its result, which may be far larger than base and delta
// together (a few bytes copy 16 MiB of the base): that is the object as
// git stored it, which the caller asked for.
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
	if err := runDelta(base, d, dstSize, nil); err != nil {
		return nil, err
	}
	out := make([]byte, 0, int(dstSize))
	if err := runDelta(base, d, dstSize, func(b []byte) { out = append(out, b...) }); err != nil {
		return nil, err
	}
	return out, nil
}

// runDelta runs the instructions d, passing each piece of the result to
// emit (when not nil), and fails unless they produce exactly size bytes.
func runDelta(base, d []byte, size uint64, emit func([]byte)) error {
	var n uint64 // produced so far
	for len(d) > 0 {
		op := d[0]
		d = d[1:]
		var piece []byte
		switch {
		case op&0x80 != 0:
			var off, cnt uint64
			for i := range 4 {
				if op&(1<<i) != 0 {
					if len(d) == 0 {
						return errBadDelta
					}
					off |= uint64(d[0]) << (8 * i)
					d = d[1:]
				}
			}
			for i := range 3 {
				if op&(0x10<<i) != 0 {
					if len(d) == 0 {
						return errBadDelta
					}
					cnt |= uint64(d[0]) << (8 * i)
					d = d[1:]
				}
			}
			if cnt == 0 {
				cnt = 0x10000
			}
			if off+cnt > uint64(len(base)) || cnt > size-n {
				return fmt.Errorf("%w: copy outside the base or past the result", errBadDelta)
			}
			piece = base[off : off+cnt]
		case op != 0:
			cnt := int(op)
			if cnt > len(d) || uint64(cnt) > size-n {
				return fmt.Errorf("%w: insert past the delta or the result", errBadDelta)
			}
			piece, d = d[:cnt], d[cnt:]
		default:
			return fmt.Errorf("%w: reserved instruction 0", errBadDelta)
		}
		n += uint64(len(piece))
		if emit != nil {
			emit(piece)
		}
	}
	if n != size {
		return fmt.Errorf("%w: result is %d bytes, delta declares %d", errBadDelta, n, size)
	}
	if size > uint64(maxInt) {
		return fmt.Errorf("%w: result of %d bytes", errBadDelta, size)
	}
	return nil
}

const maxInt = int(^uint(0) >> 1)
