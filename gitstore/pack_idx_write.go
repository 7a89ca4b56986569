package gitstore

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"io"
	"slices"
)

// writeIdx writes the version 2 index of the pack that sc describes, as
// git index-pack writes it: a fan-out table, the ids in order, their
// CRC32s, their offsets (those of 2 GiB and more in a table of 64-bit
// offsets), the pack's checksum, and the index's own.
func writeIdx(w io.Writer, sc *packScan) error {
	order := make([]int32, len(sc.ids))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := bytes.Compare(sc.ids[a][:], sc.ids[b][:]); c != 0 {
			return c
		}
		return int(a - b)
	})
	sum := sha1.New()
	bw := bufio.NewWriter(io.MultiWriter(w, sum))
	var b [8]byte
	put32 := func(v uint32) {
		binary.BigEndian.PutUint32(b[:4], v)
		bw.Write(b[:4])
	}
	bw.Write(idxV2Magic)
	put32(2)
	var fan [256]uint32
	for _, id := range sc.ids {
		fan[id[0]]++
	}
	total := uint32(0)
	for _, c := range fan {
		total += c
		put32(total)
	}
	for _, i := range order {
		bw.Write(sc.ids[i][:])
	}
	for _, i := range order {
		put32(sc.crcs[i])
	}
	var large []int64
	for _, i := range order {
		off := sc.nodes[i].off
		if off < 1<<31 {
			put32(uint32(off))
			continue
		}
		put32(1<<31 | uint32(len(large)))
		large = append(large, off)
	}
	for _, off := range large {
		binary.BigEndian.PutUint64(b[:], uint64(off))
		bw.Write(b[:])
	}
	bw.Write(sc.sum[:])
	if err := bw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(sum.Sum(nil))
	return err
}
