package gitstore

import (
	"bytes"
	"compress/zlib"
	"errors"
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

// FuzzInflateLoose: a loose object file, damaged or not, with a limit, is
// refused from its header (a *TooLargeError naming the header's size) or
// read whole, never over the limit, and reads the same as without one.
func FuzzInflateLoose(f *testing.F) {
	for _, obj := range []string{"blob 5\x00hello", "tree 0\x00", "commit 3\x00abc", "blob 9\x00short", "blob x\x00"} {
		var b bytes.Buffer
		zw := zlib.NewWriter(&b)
		zw.Write([]byte(obj))
		zw.Close()
		f.Add(b.Bytes(), uint64(4))
		f.Add(b.Bytes(), uint64(100))
	}
	f.Fuzz(func(t *testing.T, z []byte, limit uint64) {
		typ, body, err := inflateLoose(bytes.NewReader(z), int64(len(z)), limit)
		var tl *TooLargeError
		switch {
		case errors.As(err, &tl):
			if tl.Size <= limit {
				t.Fatalf("refused %d bytes under the limit of %d", tl.Size, limit)
			}
			if _, whole, err := inflateLoose(bytes.NewReader(z), int64(len(z)), noLimit); err == nil && uint64(len(whole)) != tl.Size {
				t.Fatalf("refused as %d bytes, reads as %d", tl.Size, len(whole))
			}
		case err == nil:
			if uint64(len(body)) > limit {
				t.Fatalf("read %d bytes over the limit of %d", len(body), limit)
			}
			typ2, whole, err := inflateLoose(bytes.NewReader(z), int64(len(z)), noLimit)
			if err != nil || typ2 != typ || !bytes.Equal(whole, body) {
				t.Fatalf("without a limit: %s %q %v; with: %s %q", typ2, whole, err, typ, body)
			}
		}
	})
}
