package gitstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// fileHistoriesMagic starts an encoded FileHistories; the rest is binary:
// the tip, the folders, and for each file in path order its path, whether
// it was cut, and its blobs.
const fileHistoriesMagic = "cc-file-histories 1\n"

// Encode writes h in the form ParseFileHistories reads, the same bytes for
// the same histories.
func (h *FileHistories) Encode() []byte {
	b := append([]byte(fileHistoriesMagic), h.tip[:]...)
	b = binary.AppendUvarint(b, uint64(len(h.dirs)))
	for _, d := range h.dirs {
		b = appendString(b, d)
	}
	paths := make([]string, 0, len(h.files))
	for p := range h.files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	b = binary.AppendUvarint(b, uint64(len(paths)))
	for _, p := range paths {
		f := h.files[p]
		b = appendString(b, p)
		cut := byte(0)
		if f.Cut {
			cut = 1
		}
		b = append(b, cut)
		b = binary.AppendUvarint(b, uint64(len(f.Blobs)))
		for _, x := range f.Blobs {
			b = append(b, x[:]...)
		}
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// ParseFileHistories reads what Encode wrote. It checks the form, not the
// history: the result is a hint to be grown from.
func ParseFileHistories(data []byte) (*FileHistories, error) {
	rest, ok := strings.CutPrefix(string(data), fileHistoriesMagic)
	if !ok {
		return nil, errors.New("file histories: not a cc-file-histories 1 file")
	}
	r := &byteReader{rest: rest}
	h := &FileHistories{files: map[string]*FileHistory{}}
	copy(h.tip[:], r.bytes(len(h.tip)))
	for n := r.count(1); n > 0; n-- {
		h.dirs = append(h.dirs, r.string())
	}
	if r.err == nil && !slices.Equal(h.dirs, normalDirs(h.dirs)) {
		r.fail("folders %q are not sorted and distinct", h.dirs)
	}
	last := ""
	for n := r.count(1 + 1 + 1 + 20); n > 0 && r.err == nil; n-- {
		p := r.string()
		switch {
		case r.err != nil:
		case checkPath(p) != nil || !underDirs(p, h.dirs):
			r.fail("path %q is not a file below %q", p, h.dirs)
		case len(h.files) > 0 && p <= last:
			r.fail("path %q is out of order", p)
		}
		f := &FileHistory{}
		switch r.bytes(1) {
		case "\x00":
		case "\x01":
			f.Cut = true
		default:
			r.fail("%s: cut is not 0 or 1", p)
		}
		nb := r.count(20)
		if nb == 0 {
			r.fail("%s: no blobs", p)
		}
		for ; nb > 0 && r.err == nil; nb-- {
			var x Hash
			copy(x[:], r.bytes(len(x)))
			f.Blobs = append(f.Blobs, x)
		}
		h.files[p], last = f, p
	}
	if r.err == nil && r.rest != "" {
		r.fail("%d bytes after the last file", len(r.rest))
	}
	if r.err != nil {
		return nil, fmt.Errorf("file histories: %w", r.err)
	}
	return h, nil
}

// byteReader reads the parts of an encoded FileHistories; after the first
// error every read gives zero values.
type byteReader struct {
	rest string
	err  error
}

func (r *byteReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, args...)
	}
}

func (r *byteReader) bytes(n int) string {
	if r.err != nil {
		return ""
	}
	if len(r.rest) < n {
		r.fail("truncated")
		return ""
	}
	out := r.rest[:n]
	r.rest = r.rest[n:]
	return out
}

// count reads a number of things each at least size bytes long, refusing
// one larger than what is left could hold.
func (r *byteReader) count(size int) int {
	if r.err != nil {
		return 0
	}
	n, k := binary.Uvarint([]byte(r.rest[:min(len(r.rest), binary.MaxVarintLen64)]))
	if k <= 0 {
		r.fail("bad number")
		return 0
	}
	r.rest = r.rest[k:]
	if n > uint64(len(r.rest)/size) {
		r.fail("%d items do not fit in %d bytes", n, len(r.rest))
		return 0
	}
	return int(n)
}

func (r *byteReader) string() string { return r.bytes(r.count(1)) }
