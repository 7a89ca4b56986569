package gitstore

import (
	"bytes"
	"encoding/binary"
	"hash/adler32"

	"github.com/klauspost/compress/flate"
)

// storeObjectsFrom is the size from which a tree is stored uncompressed. A
// tree is mostly 20-byte object ids, and every commit rewrites the trees on
// its path whole, so a tree of 10,000 entries would cost milliseconds to
// compress on each commit; stored, it costs one checksum. git gc packs it
// (with deltas) all the same.
const storeObjectsFrom = 16 << 10

// zlibHeader is the two-byte header of a zlib stream with a 32 KiB window
// and no preset dictionary, as git writes at its fast levels.
var zlibHeader = []byte{0x78, 0x01}

// deflateObject returns the loose-object file of an object: hdr and body
// as one zlib stream. Large trees are stored without compression; anything
// else is compressed in one stateless pass, which needs no compressor state:
// a zlib writer allocates and clears about a megabyte before its first
// byte, more than the whole work of a commit that adds one draft.
func deflateObject(t objType, hdr, body []byte) []byte {
	if t == objTree && len(body) >= storeObjectsFrom {
		return storedZlib(hdr, body)
	}
	in := make([]byte, 0, len(hdr)+len(body))
	in = append(append(in, hdr...), body...)
	var out bytes.Buffer
	out.Grow(len(in)/2 + 64)
	out.Write(zlibHeader)
	// Writing to a bytes.Buffer cannot fail.
	_ = flate.StatelessDeflate(&out, in, true, nil)
	return binary.BigEndian.AppendUint32(out.Bytes(), adler32.Checksum(in))
}

// maxStoredBlock is the most a stored deflate block holds.
const maxStoredBlock = 0xffff

// storedZlib encodes the pieces, in order, as a zlib stream of stored
// deflate blocks.
func storedZlib(pieces ...[]byte) []byte {
	n := 0
	sum := adler32.New()
	for _, p := range pieces {
		n += len(p)
		sum.Write(p)
	}
	out := make([]byte, 0, len(zlibHeader)+n+5*(n/maxStoredBlock+1)+4)
	out = append(out, zlibHeader...)
	var cur []byte // what is left of the piece being copied
	for left, first := n, true; first || left > 0; first = false {
		block := min(left, maxStoredBlock)
		left -= block
		final := byte(0)
		if left == 0 {
			final = 1
		}
		out = append(out, final)
		out = binary.LittleEndian.AppendUint16(out, uint16(block))
		out = binary.LittleEndian.AppendUint16(out, ^uint16(block))
		for block > 0 {
			for len(cur) == 0 {
				cur, pieces = pieces[0], pieces[1:]
			}
			k := min(block, len(cur))
			out = append(out, cur[:k]...)
			cur, block = cur[k:], block-k
		}
	}
	return binary.BigEndian.AppendUint32(out, sum.Sum32())
}
