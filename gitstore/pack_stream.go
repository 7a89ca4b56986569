package gitstore

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
)

// Reading a pack as it arrives (git index-pack's first pass): every byte
// is written to the pack file once, every entry's header is parsed and
// its zlib stream inflated to find where the next entry starts, a whole
// object is hashed as it is inflated, and a delta is only checked. What
// is kept per entry is its header, offset, CRC32 and, for a whole object,
// its id: memory grows with the number of objects, not their size.

// packStream is the reader the scan inflates from. It takes bytes from r a
// buffer at a time and passes each byte taken (not each byte buffered) to
// the pack file, the pack's checksum and the current entry's CRC32, so an
// entry's CRC32 covers exactly its bytes and the checksum stops at the
// trailer. It is an io.ByteReader, so zlib reads no further than its
// stream's end.
type packStream struct {
	r     io.Reader
	out   io.Writer
	sum   hash.Hash
	crc   uint32
	buf   []byte
	rd    int   // the next byte to take
	end   int   // the end of what is buffered
	from  int   // bytes taken from here to rd are not passed on yet
	start int64 // the pack offset of buf[0]
	err   error // from r, once it is buffered out
}

// packStreamBuffer is how much of the pack is read at once.
const packStreamBuffer = 64 << 10

func newPackStream(r io.Reader, out io.Writer) *packStream {
	return &packStream{r: r, out: out, sum: sha1.New(), buf: make([]byte, packStreamBuffer)}
}

// offset is the pack offset of the next byte.
func (s *packStream) offset() int64 { return s.start + int64(s.rd) }

// pass passes the bytes taken since the last pass on to the pack file,
// the checksum and the CRC32.
func (s *packStream) pass() error {
	b := s.buf[s.from:s.rd]
	s.from = s.rd
	s.sum.Write(b)
	s.crc = crc32.Update(s.crc, crc32.IEEETable, b)
	_, err := s.out.Write(b)
	return err
}

// fill buffers more, keeping what is not taken yet; it reports false once
// r has nothing more (s.err then says why).
func (s *packStream) fill() bool {
	if s.err != nil {
		return false
	}
	if err := s.pass(); err != nil {
		s.err = err
		return false
	}
	n := copy(s.buf, s.buf[s.rd:s.end])
	s.start += int64(s.rd)
	s.rd, s.end, s.from = 0, n, 0
	for s.end < len(s.buf) {
		k, err := s.r.Read(s.buf[s.end:])
		s.end += k
		if err != nil {
			s.err = err
			break
		}
		if k > 0 {
			break
		}
	}
	return s.end > 0
}

// ReadByte takes one byte.
func (s *packStream) ReadByte() (byte, error) {
	if s.rd == s.end && !s.fill() {
		return 0, s.readErr()
	}
	s.rd++
	return s.buf[s.rd-1], nil
}

// Read takes what is buffered, up to len(p).
func (s *packStream) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if s.rd == s.end && !s.fill() {
		return 0, s.readErr()
	}
	n := copy(p, s.buf[s.rd:s.end])
	s.rd += n
	return n, nil
}

// readErr is the error of a read past what r gave: io.EOF when r ended.
func (s *packStream) readErr() error {
	if s.err == nil {
		return io.EOF
	}
	return s.err
}

// peek returns up to n bytes without taking them; fewer only when r ends.
func (s *packStream) peek(n int) []byte {
	if s.end-s.rd < n && s.err == nil {
		s.fill()
		for s.end-s.rd < n && s.end < len(s.buf) && s.err == nil {
			k, err := s.r.Read(s.buf[s.end:])
			s.end += k
			s.err = err
		}
	}
	return s.buf[s.rd:min(s.end, s.rd+n)]
}

// packScan is what the first pass learned of a pack, entry by entry in
// pack order.
type packScan struct {
	nodes []batchNode // headers and offsets; p is not set
	crcs  []uint32
	ids   []Hash // a whole object's id; a delta's once resolved
	known []bool // whether ids holds the entry's id yet
	sum   Hash   // the pack's checksum, its last 20 bytes
	size  int64
}

// scanBound stands for the size of a pack that is still arriving, for
// parseEntry's check of a declared size: the real check is that each
// zlib stream gives exactly the size its header declares.
var scanBound = &pack{size: 1 << 50}

// scanPack reads a whole pack from r, writes it to out and returns what
// it learned, or an error naming the offset of the first damaged entry.
func scanPack(r io.Reader, out io.Writer) (*packScan, error) {
	s := newPackStream(r, out)
	hdr := s.peek(12)
	if len(hdr) < 12 || string(hdr[:4]) != "PACK" {
		return nil, fmt.Errorf("not a pack: %w", s.shortErr())
	}
	if v := binary.BigEndian.Uint32(hdr[4:]); v != 2 && v != 3 {
		return nil, fmt.Errorf("unsupported pack version %d", v)
	}
	count := binary.BigEndian.Uint32(hdr[8:])
	s.rd += 12
	sc := &packScan{}
	copyBuf := make([]byte, 32<<10)
	for i := uint32(0); i < count; i++ {
		off := s.offset()
		if err := s.pass(); err != nil {
			return nil, err
		}
		s.crc = 0
		b := s.peek(maxEntryHeader)
		if len(b) == 0 {
			return nil, fmt.Errorf("pack ends after %d of its %d objects: %w", i, count, s.shortErr())
		}
		e, err := scanBound.parseEntry(off, b)
		if err != nil {
			return nil, fmt.Errorf("%w at offset %d", err, off)
		}
		if e.typ == packObjOfsDelta {
			if _, ok := findEntry(sc.nodes, e.baseOff); !ok {
				return nil, fmt.Errorf("delta at offset %d: no object at its base's offset %d", off, e.baseOff)
			}
		}
		s.rd += int(e.dataOff - off)
		var id Hash
		whole := e.typ != packObjOfsDelta && e.typ != packObjRefDelta
		var w io.Writer = io.Discard
		var d hash.Hash
		if whole {
			d = sha1.New()
			d.Write(objectHeader(packTypes[e.typ], int(e.size)))
			w = d
		}
		if err := inflateEntry(w, s, e.size, copyBuf); err != nil {
			return nil, fmt.Errorf("object at offset %d: %w", off, err)
		}
		if whole {
			d.Sum(id[:0])
		}
		if err := s.pass(); err != nil {
			return nil, err
		}
		sc.nodes = append(sc.nodes, batchNode{off: off, e: e})
		sc.crcs = append(sc.crcs, s.crc)
		sc.ids = append(sc.ids, id)
		sc.known = append(sc.known, whole)
	}
	if err := s.pass(); err != nil {
		return nil, err
	}
	s.sum.Sum(sc.sum[:0])
	var trailer [20]byte
	if _, err := io.ReadFull(s, trailer[:]); err != nil {
		return nil, fmt.Errorf("pack ends before its checksum: %w", s.shortErr())
	}
	if !bytes.Equal(trailer[:], sc.sum[:]) {
		return nil, fmt.Errorf("pack checksum mismatch: the pack says %x, its bytes hash to %x", trailer, sc.sum)
	}
	sc.size = s.offset()
	if _, err := s.ReadByte(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the pack's checksum")
		}
		return nil, err
	}
	return sc, s.pass()
}

// shortErr is the error of a pack that ended early: what r failed with,
// or io.ErrUnexpectedEOF.
func (s *packStream) shortErr() error {
	if s.err == nil || s.err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return s.err
}

// inflateEntry copies exactly size bytes of the zlib stream that s is at
// to w, through buf, and checks that the stream ends there.
func inflateEntry(w io.Writer, s *packStream, size uint64, buf []byte) error {
	zr, err := getZlib(s)
	if err != nil {
		return fmt.Errorf("inflate: %w", err)
	}
	defer putZlib(zr)
	n, err := io.CopyBuffer(w, io.LimitReader(zr, int64(size)), buf)
	if err == nil && uint64(n) < size {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return fmt.Errorf("inflate: %w", err)
	}
	return readExact(zr, nil)
}
