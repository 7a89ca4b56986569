package gitstore

import (
	"bytes"
	"testing"
)

// FuzzApplyDelta: applyDelta never panics, fails or returns exactly the
// declared size, and allocates no more than memoryBudget of its input
// plus, when it succeeds, its result (with the allocator's rounding):
// a declared size is never trusted.
func FuzzApplyDelta(f *testing.F) {
	base := []byte("0123456789abcdefghij")
	f.Add(base, []byte{20, 9, 0x91, 2, 3, 3, 'X', 'Y', 'Z', 0x90, 3})
	f.Add(base, []byte{20, 0})
	f.Add(base, []byte{20, 0x80, 0x80, 0x04, 0x80})
	f.Add([]byte{}, []byte{0, 0xff, 0xff, 0xff, 0x7f, 0x80})
	f.Add(bytes.Repeat([]byte("ab"), 100), []byte{200, 1, 200, 1, 0x80 | 0x10 | 0x20, 200, 0})
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		var declared uint64
		if _, rest, err := deltaSize(delta); err == nil {
			declared, _, _ = deltaSize(rest)
		}
		var out []byte
		var err error
		n := len(base) + len(delta)
		a := int64(allocated(func() { out, err = applyDelta(base, delta) }))
		limit := memoryBudget(n)
		if err == nil {
			limit += deltaResultCost(len(out))
		}
		if a > limit {
			t.Fatalf("allocated %d bytes for %d bytes of input and a result of %d (err %v)", a, n, len(out), err)
		}
		if err == nil && uint64(len(out)) != declared {
			t.Fatalf("result is %d bytes, declared %d", len(out), declared)
		}
	})
}

// deltaResultCost is what holding a result of n bytes may cost: the
// allocator rounds up to its size classes (at most 1/8 more) or, for
// large objects, to 8 KiB pages.
func deltaResultCost(n int) int64 { return int64(n) + int64(n)/8 + 8192 }

// FuzzPackIdx: looking ids up in damaged idx bytes never panics and never
// gives an offset from outside the file's tables.
func FuzzPackIdx(f *testing.F) {
	f.Add(realIdx(f, ""), []byte{0x12, 0x34})
	f.Add(realIdx(f, "--index-version=1"), []byte{0xab})
	f.Add(realIdx(f, "--index-version=2,16"), []byte{0})
	f.Fuzz(func(t *testing.T, data, id []byte) {
		var x *packIdx
		var err error
		checkBudget(t, len(data), memoryBudget(len(data)), func() { x, err = parseIdx(data) })
		if err != nil {
			return
		}
		var h Hash
		copy(h[:], id)
		if i, ok := x.lookup(h); ok {
			_, _ = x.offset(i)
		}
		n := 0
		x.withPrefix(id[:min(len(id), 3)], func(h Hash) {
			if i, ok := x.lookup(h); ok {
				_, _ = x.offset(i)
			}
			n++
		})
		for i := range min(x.n, 64) {
			_, _ = x.offset(i)
			_ = x.name(i)
		}
	})
}
