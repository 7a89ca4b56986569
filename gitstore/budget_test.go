package gitstore

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

// memoryBudget is content.MemoryBudget, restated because gitstore imports
// no other cc package: reading n bytes may allocate 4n bytes plus 256 KiB,
// garbage included.
func memoryBudget(n int) int64 { return 4*int64(n) + 256<<10 }

// checkBudget runs parse and fails when it allocates more than limit to
// read n bytes.
func checkBudget(t testing.TB, n int, limit int64, parse func()) {
	t.Helper()
	if a := int64(allocated(parse)); a > limit {
		t.Fatalf("reading %d bytes allocated %d, over the budget of %d (%.1f times the input)",
			n, a, limit, float64(a)/float64(max(n, 1)))
	}
}

func TestApplyDeltaMemoryBudget(t *testing.T) {
	base := bytes.Repeat([]byte("x"), 1<<16)
	header := func(size uint64) []byte {
		d := binary.AppendUvarint(nil, uint64(len(base)))
		return binary.AppendUvarint(d, size)
	}
	// A thousand one-byte copies of 64 KiB each declare a result of
	// 64 MiB; the last instruction is damaged.
	damaged := append(header(1000<<16), bytes.Repeat([]byte{0x80}, 999)...)
	damaged = append(damaged, 0)
	var err error
	n := len(base) + len(damaged)
	checkBudget(t, n, memoryBudget(n), func() { _, err = applyDelta(base, damaged) })
	if !errors.Is(err, errBadDelta) {
		t.Errorf("damaged delta: %v", err)
	}
	// The same without the damage is a valid delta, and its result is
	// what it costs beyond the budget.
	valid := append(header(1000<<16), bytes.Repeat([]byte{0x80}, 1000)...)
	var out []byte
	n = len(base) + len(valid)
	checkBudget(t, n, memoryBudget(n)+deltaResultCost(1000<<16), func() { out, err = applyDelta(base, valid) })
	if err != nil || len(out) != 1000<<16 {
		t.Errorf("valid delta: %d bytes, %v", len(out), err)
	}
}

func TestParseRawTreeMemoryBudget(t *testing.T) {
	for _, raw := range [][]byte{
		make([]byte, 1<<20), // a NUL in every byte
		bytes.Repeat(append([]byte("1 a\x00"), make([]byte, 20)...), 1<<15), // the shortest entries
	} {
		checkBudget(t, len(raw), memoryBudget(len(raw)), func() { _, _ = parseRawTree(raw) })
	}
}

func TestParseIndexMemoryBudget(t *testing.T) {
	// An index of no entries and 128 Ki empty extensions of 8 bytes.
	data := append([]byte("DIRC"), 0, 0, 0, 2, 0, 0, 0, 0)
	data = append(data, bytes.Repeat([]byte("ABCD\x00\x00\x00\x00"), 1<<17)...)
	data = append(data, make([]byte, indexChecksumLen)...)
	var ix *rawIndex
	var err error
	checkBudget(t, len(data), memoryBudget(len(data)), func() { ix, err = parseIndex(data) })
	if err != nil || len(ix.exts) != 1<<17 {
		t.Fatalf("err = %v", err)
	}
}
