package gitstore

import "bytes"

// editDelta is the delta from base to target as one edit: the bytes both
// share at the start and at the end are copied from base, the rest is
// inserted. That is all a tree that gained, lost or changed one entry
// needs, and it is found with two comparisons instead of the index of the
// base a general delta builds. ok is false when the edit is not small: its
// insert is over an eighth of target.
func editDelta(base, target []byte) (delta []byte, ok bool) {
	pre := commonPrefix(base, target)
	suf := commonSuffix(base[pre:], target[pre:])
	mid := target[pre : len(target)-suf]
	if len(mid) > len(target)/8 {
		return nil, false
	}
	d := appendDeltaSize(make([]byte, 0, len(mid)+len(mid)/127+64), uint64(len(base)))
	d = appendDeltaSize(d, uint64(len(target)))
	d = appendDeltaCopy(d, 0, pre)
	for len(mid) > 0 {
		n := min(len(mid), 127)
		d = append(append(d, byte(n)), mid[:n]...)
		mid = mid[n:]
	}
	return appendDeltaCopy(d, len(base)-suf, suf), true
}

// commonPrefix is how many bytes a and b share at the start, compared a
// block at a time.
func commonPrefix(a, b []byte) int {
	const block = 4 << 10
	n := 0
	for n+block <= min(len(a), len(b)) && bytes.Equal(a[n:n+block], b[n:n+block]) {
		n += block
	}
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// commonSuffix is how many bytes a and b share at the end.
func commonSuffix(a, b []byte) int {
	const block = 4 << 10
	n := 0
	for n+block <= min(len(a), len(b)) && bytes.Equal(a[len(a)-n-block:len(a)-n], b[len(b)-n-block:len(b)-n]) {
		n += block
	}
	for n < len(a) && n < len(b) && a[len(a)-n-1] == b[len(b)-n-1] {
		n++
	}
	return n
}

// appendDeltaSize appends a size of the delta header: little-endian,
// seven bits a byte.
func appendDeltaSize(d []byte, n uint64) []byte {
	for n >= 0x80 {
		d = append(d, byte(n)|0x80)
		n >>= 7
	}
	return append(d, byte(n))
}

// appendDeltaCopy appends instructions copying n bytes of the base from
// off, at most 0x10000 an instruction (the size a copy of size 0 means).
func appendDeltaCopy(d []byte, off, n int) []byte {
	for n > 0 {
		size := min(n, 0x10000)
		op, at := byte(0x80), len(d)
		d = append(d, 0)
		for i := range 4 {
			if b := byte(off >> (8 * i)); b != 0 {
				op |= 1 << i
				d = append(d, b)
			}
		}
		if size < 0x10000 {
			for i := range 3 {
				if b := byte(size >> (8 * i)); b != 0 {
					op |= 0x10 << i
					d = append(d, b)
				}
			}
		}
		d[at] = op
		off += size
		n -= size
	}
	return d
}
