package gitstore

import (
	"encoding/binary"
	"hash/adler32"
	"math/bits"
	"sync"
)

// A full read of a large repository inflates a quarter of a million pack
// entries of a few hundred bytes each, and zlib readers spend most of
// such a small stream on building Huffman tables of 512 entries, three
// per block, and on reading their input through an io.Reader. inflateInto
// decodes a whole stream held in memory into an output of the size the
// entry's header gives, with tables no larger than its codes need. It
// accepts only what is certain: complete codes, an output of exactly that
// size, a valid checksum. For anything else it answers false, and the
// entry is read again with zlib, which gives the answer or the error.
// FuzzInflateInto checks that zlib reads the same whenever it answers.

// inflateInto decodes the zlib stream at the start of src into dst, which
// it must fill exactly; src may go on past the stream.
func inflateInto(dst, src []byte) bool {
	if len(src) < 2 || src[0]&0x0f != 8 || src[0]>>4 > 7 || src[1]&0x20 != 0 ||
		(uint(src[0])<<8|uint(src[1]))%31 != 0 {
		return false
	}
	d := inflater{in: src[2:], out: dst}
	for final := false; !final; {
		if d.over() {
			return false
		}
		final = d.bits(1) == 1
		var ok bool
		switch d.bits(2) {
		case 0:
			ok = d.stored()
		case 1:
			ok = d.codes(fixedCodes())
		case 2:
			ok = d.dynamic()
		}
		if !ok {
			return false
		}
	}
	if d.over() || d.n != len(dst) {
		return false
	}
	// The checksum follows, from the next whole byte.
	at := d.pos + d.pad - int(d.nb/8)
	if at+4 > len(d.in) {
		return false
	}
	return binary.BigEndian.Uint32(d.in[at:]) == adler32.Checksum(dst)
}

// inflater is the state of inflateInto: the input and the bits taken from
// it but not used, the output and how much of it is written.
type inflater struct {
	in  []byte
	pos int    // the next byte of in to take
	buf uint64 // bits taken, the next one lowest
	nb  uint   // how many
	// pad counts the zero bytes taken past the end of in: decoding
	// goes on over them, and the stream is refused at the next check.
	pad int
	out []byte
	n   int
}

// over reports whether bits past the end of the input were used.
func (d *inflater) over() bool { return d.pad > 0 && int(d.nb) < 8*d.pad }

func (d *inflater) fill() {
	if d.pos+8 <= len(d.in) {
		// Eight bytes at once; the bits above nb are those of the bytes
		// after, which the next fill puts in the same place.
		d.buf |= binary.LittleEndian.Uint64(d.in[d.pos:]) << d.nb
		d.pos += int(63-d.nb) >> 3
		d.nb |= 56
		return
	}
	for d.nb <= 56 {
		var c byte
		if d.pos < len(d.in) {
			c = d.in[d.pos]
			d.pos++
		} else {
			d.pad++
		}
		d.buf |= uint64(c) << d.nb
		d.nb += 8
	}
}

// bits takes the next n bits (at most 32), the first one lowest.
func (d *inflater) bits(n uint) uint32 {
	if d.nb < n {
		d.fill()
	}
	v := uint32(d.buf & (1<<n - 1))
	d.buf >>= n
	d.nb -= n
	return v
}

func (d *inflater) stored() bool {
	// Drop the bits up to the next whole byte, then take LEN and NLEN.
	d.bits(d.nb % 8)
	n, nn := d.bits(16), d.bits(16)
	if n != ^nn&0xffff || d.over() || d.n+int(n) > len(d.out) {
		return false
	}
	for ; n > 0; n-- { // a stored block in a small object is rare
		d.out[d.n] = byte(d.bits(8))
		d.n++
	}
	return !d.over()
}

// codeLengthOrder is the order of the lengths of the code-length code.
var codeLengthOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// dynamic reads a block's codes, then the block.
func (d *inflater) dynamic() bool {
	nlit, ndist, nclen := int(d.bits(5))+257, int(d.bits(5))+1, int(d.bits(4))+4
	if nlit > 286 || ndist > 30 {
		return false
	}
	var lengths [286 + 30]uint8
	for i := range nclen {
		lengths[codeLengthOrder[i]] = uint8(d.bits(3))
	}
	var clen huffman
	if !clen.init(lengths[:19]) {
		return false
	}
	clear(lengths[:19])
	for i := 0; i < nlit+ndist; {
		sym := clen.decode(d)
		if sym < 0 {
			return false
		}
		if sym < 16 {
			lengths[i] = uint8(sym)
			i++
			continue
		}
		var rep int
		var v uint8
		switch sym {
		case 16:
			if i == 0 {
				return false
			}
			rep, v = 3+int(d.bits(2)), lengths[i-1]
		case 17:
			rep = 3 + int(d.bits(3))
		default:
			rep = 11 + int(d.bits(7))
		}
		if i+rep > nlit+ndist {
			return false
		}
		for ; rep > 0; rep-- {
			lengths[i] = v
			i++
		}
	}
	if lengths[256] == 0 || d.over() {
		return false
	}
	var c blockCodes
	if !c.lit.init(lengths[:nlit]) || !c.dist.initDist(lengths[nlit:nlit+ndist]) {
		return false
	}
	return d.codes(&c)
}

// blockCodes are the two codes of a block.
type blockCodes struct{ lit, dist huffman }

var fixedCodes = sync.OnceValue(func() *blockCodes {
	var l [288 + 30]uint8
	for i := range l {
		switch {
		case i < 144:
			l[i] = 8
		case i < 256:
			l[i] = 9
		case i < 280:
			l[i] = 7
		default:
			l[i] = 8
		}
	}
	var c blockCodes
	c.lit.init(l[:288])
	for i := range 30 {
		l[288+i] = 5
	}
	c.dist.build(l[288:]) // 30 of its 32 codes
	return &c
})

// The bases and extra bits of lengths 257…285 and distances 0…29.
var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// codes decodes a block's literals and copies up to its end.
func (d *inflater) codes(c *blockCodes) bool {
	for {
		sym := c.lit.decode(d)
		switch {
		case sym < 0 || sym > 285 || d.over():
			return false
		case sym < 256:
			if d.n == len(d.out) {
				return false
			}
			d.out[d.n] = byte(sym)
			d.n++
			continue
		case sym == 256:
			return true
		}
		sym -= 257
		n := int(lengthBase[sym]) + int(d.bits(uint(lengthExtra[sym])))
		ds := c.dist.decode(d)
		if ds < 0 || ds > 29 {
			return false
		}
		dist := int(distBase[ds]) + int(d.bits(uint(distExtra[ds])))
		if dist > d.n || d.n+n > len(d.out) {
			return false
		}
		// Byte by byte: a copy may overlap what it writes.
		for from := d.n - dist; n > 0; n-- {
			d.out[d.n] = d.out[from]
			d.n++
			from++
		}
	}
}

// huffman is a canonical Huffman code: a table of the codes of up to
// tableBits bits, looked up by the next bits of the input, and the counts
// and symbols that decode the longer ones a bit at a time.
type huffman struct {
	count  [16]uint16  // how many codes of each length
	symbol [288]uint16 // the symbols, by length, then value
	mask   uint64      // of the bits that index table
	table  [1 << tableBits]uint16
}

// tableBits is the most bits a table entry decodes: codes of text and
// deltas are mostly shorter, and a longer table costs more to fill.
const tableBits = 9

// init builds the code of lengths, and reports whether it is complete:
// every string of bits starts a code. inflateInto refuses any other.
func (h *huffman) init(lengths []uint8) bool {
	left, ok := h.build(lengths)
	return ok && left == 0
}

// initDist builds a distance code, which zlib also accepts empty (a
// block of literals only) or of one code of one bit. Bits that are no
// code are refused when they are read.
func (h *huffman) initDist(lengths []uint8) bool {
	left, ok := h.build(lengths)
	return ok && (left == 0 || left == 1<<15 || left == 1<<14 && h.count[1] == 1)
}

// build builds the code of lengths, and returns how many codes of 15 bits
// it leaves unused; ok is false when it is over-subscribed.
func (h *huffman) build(lengths []uint8) (left int, ok bool) {
	// Two counts, of the even and the odd lengths: neighbours are often
	// equal, and one count would wait on its own last increment.
	var even, odd [16]uint16
	var all uint8
	i := 0
	for ; i+1 < len(lengths); i += 2 {
		even[lengths[i]&15]++
		odd[lengths[i+1]&15]++
		all |= lengths[i] | lengths[i+1]
	}
	if i < len(lengths) {
		even[lengths[i]&15]++
		all |= lengths[i]
	}
	if all > 15 {
		return 0, false
	}
	longest := 0
	h.count[0] = 0
	left = 1
	for l := 1; l <= 15; l++ {
		h.count[l] = even[l] + odd[l]
		if h.count[l] > 0 {
			longest = l
		}
		left = left<<1 - int(h.count[l])
		if left < 0 {
			return 0, false
		}
	}
	var offs [16]uint16
	for l := 1; l < 15; l++ {
		offs[l+1] = offs[l] + h.count[l]
	}
	for s, l := range lengths {
		if l != 0 {
			h.symbol[offs[l]] = uint16(s)
			offs[l]++
		}
	}
	// The table of l bits holds the codes up to l bits long, each at its
	// bits reversed; that of l+1 bits is two copies of it, with the codes
	// of l+1 bits put in.
	tb := min(longest, tableBits)
	h.mask = 1<<tb - 1
	clear(h.table[:2])
	code, s := 0, 0
	for l := 1; l <= tb; l++ {
		if l > 1 {
			copy(h.table[1<<(l-1):1<<l], h.table[:1<<(l-1)])
		}
		for range h.count[l] {
			h.table[bits.Reverse16(uint16(code))>>(16-l)] = h.symbol[s]<<4 | uint16(l)
			code++
			s++
		}
		code <<= 1
	}
	return left, true
}

// decode reads one symbol, or returns -1 for bits that are no code.
func (h *huffman) decode(d *inflater) int {
	if d.nb < 15 {
		d.fill()
	}
	if e := h.table[d.buf&h.mask]; e != 0 {
		n := uint(e & 15)
		d.buf >>= n
		d.nb -= n
		return int(e >> 4)
	}
	// A longer code, a bit at a time, as zlib's puff.c does.
	code, first, index := 0, 0, 0
	for l := 1; l <= 15; l++ {
		code |= int(d.buf & 1)
		d.buf >>= 1
		d.nb--
		count := int(h.count[l])
		if code-count < first {
			return int(h.symbol[index+code-first])
		}
		index += count
		first = (first + count) << 1
		code <<= 1
	}
	return -1
}
