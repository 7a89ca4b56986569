package gitstore

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"sync"
)

// Reading the blobs of many groups (the event files of many folders) a
// group at a time, each group's ReadBlobs resolves again every delta chain
// that one of its blobs is on: git chains the files of different groups
// together, and the bases that WithBases keeps cannot hold them all once
// the groups are many. At 100,000 folders of ten files each chain was
// resolved about four times over. A Spill reads the blobs of all the
// groups first, in the order they lie in the packs, a window at a time:
// git writes each family of deltas together, so every chain is resolved
// about once. It writes them to a temporary file by group, and ReadBlobs
// of a group's Snapshot (Spill.Group) then takes them from there.

// Spill holds blobs read ahead, by group, in a temporary file (in memory
// when none can be made). Close removes it.
type Spill struct {
	mu      sync.Mutex
	file    spillFile
	size    int64         // bytes written
	spans   [][]spillSpan // where each group's records are
	pending [][]byte      // each group's records not yet written
	err     error
}

// spillSpan is a run of records at off in the spill, n bytes long.
type spillSpan struct {
	off int64
	n   int
}

// spillFile is where a Spill writes: a temporary file, or memory.
type spillFile interface {
	io.WriterAt
	io.ReaderAt
	Close() error
}

const (
	// spillWindow is how many reads of the pack order one ReadBlobs
	// resolves together.
	spillWindow = 16384
	// spillBases keeps the bases of one window for the next: in pack
	// order a family crosses from one window into the next only.
	spillBases = 4 << 20
	// spillFlush is how many bytes of records a group gathers before
	// they are written.
	spillFlush = 64 << 10
)

// Spill reads the blobs reads, which ends cuts into groups (group g is
// reads[ends[g-1]:ends[g]], from 0 for the first), and keeps each one
// read, whole and within its limit, for Group. A blob that cannot be read
// so is not kept: Group's ReadBlobs reads it alone, for its answer or its
// error. An error is one of writing the spill; nothing is kept then.
func (t *Snapshot) Spill(reads []BlobRead, ends []int) (*Spill, error) {
	s := &Spill{spans: make([][]spillSpan, len(ends)), pending: make([][]byte, len(ends))}
	if f, err := os.CreateTemp("", "cc-spill-*"); err == nil {
		s.file = &tempFile{f}
	} else {
		s.file = &memFile{}
	}
	order := t.s.db.packOrder(reads)
	kept := t.WithBases(spillBases)
	window := make([]BlobRead, 0, min(spillWindow, len(order)))
	for start := 0; start < len(order); start += spillWindow {
		part := order[start:min(start+spillWindow, len(order))]
		window = window[:0]
		for _, i := range part {
			window = append(window, reads[i])
		}
		err := kept.ReadBlobs(window, func(i int, body []byte, err error) error {
			if err != nil {
				return nil // read alone by Group's ReadBlobs
			}
			r := int(part[i])
			return s.add(sort.SearchInts(ends, r+1), reads[r].ID, body)
		})
		if err != nil {
			s.Close()
			return nil, err
		}
	}
	for g := range s.pending {
		if err := s.flush(g); err != nil {
			s.Close()
			return nil, err
		}
	}
	s.pending = nil
	return s, nil
}

// add keeps body, blob id, in group g.
func (s *Spill) add(g int, id Hash, body []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := append(s.pending[g], id[:]...)
	b = binary.AppendUvarint(b, uint64(len(body)))
	s.pending[g] = append(b, body...)
	if len(s.pending[g]) >= spillFlush {
		return s.flush(g)
	}
	return nil
}

// flush writes the records group g gathered.
func (s *Spill) flush(g int) error {
	b := s.pending[g]
	if len(b) == 0 {
		return nil
	}
	if _, err := s.file.WriteAt(b, s.size); err != nil {
		return fmt.Errorf("spill of blobs: %w", err)
	}
	s.spans[g] = append(s.spans[g], spillSpan{s.size, len(b)})
	s.size += int64(len(b))
	s.pending[g] = b[:0]
	return nil
}

// Group returns t whose ReadBlobs takes the blobs kept for group g from
// the spill, and reads the others as before.
func (s *Spill) Group(t *Snapshot, g int) (*Snapshot, error) {
	n := 0
	for _, sp := range s.spans[g] {
		n += sp.n
	}
	buf := make([]byte, n)
	at := 0
	for _, sp := range s.spans[g] {
		if _, err := s.file.ReadAt(buf[at:at+sp.n], sp.off); err != nil {
			return nil, fmt.Errorf("spill of blobs: %w", err)
		}
		at += sp.n
	}
	kept, err := parseSpill(buf)
	if err != nil {
		return nil, err
	}
	c := *t
	c.kept = kept
	return &c, nil
}

// errSpill is the error for records that do not parse.
var errSpill = errors.New("spill of blobs: damaged record")

// parseSpill reads the records of b, each a blob id, the uvarint length
// of the blob and the blob, into a map by id. The blobs are b's bytes.
func parseSpill(b []byte) (map[Hash][]byte, error) {
	kept := map[Hash][]byte{}
	for len(b) > 0 {
		if len(b) < len(Hash{}) {
			return nil, errSpill
		}
		id := Hash(b[:len(Hash{})])
		b = b[len(Hash{}):]
		n, w := binary.Uvarint(b)
		if w <= 0 || n > uint64(len(b)-w) {
			return nil, errSpill
		}
		kept[id] = b[w : w+int(n) : w+int(n)]
		b = b[w+int(n):]
	}
	return kept, nil
}

// Close removes the spill.
func (s *Spill) Close() error {
	return s.file.Close()
}

// packOrder returns the indices of reads ordered as their objects lie in
// the packs, those in no pack last, each in the order of reads.
func (db *objectDB) packOrder(reads []BlobRead) []int32 {
	_, packs := db.lists()
	// The number of the pack, then the offset: an offset of 2^48 or more
	// (a pack of 256 TiB) only reads in a worse order.
	keys := make([]uint64, len(reads))
	inParts(len(reads), func(from, to int) {
		for i := from; i < to; i++ {
			keys[i] = math.MaxUint64
			for k, p := range packs {
				if off, ok := p.find(reads[i].ID); ok {
					keys[i] = uint64(k)<<48 | uint64(off)&(1<<48-1)
					break
				}
			}
		}
	})
	order := make([]int32, len(reads))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(keys[a], keys[b]) })
	return order
}

// tempFile is a spill in a temporary file, removed when closed.
type tempFile struct{ *os.File }

func (f *tempFile) Close() error {
	err := f.File.Close()
	if rerr := os.Remove(f.Name()); err == nil {
		err = rerr
	}
	return err
}

// memFile is a spill in memory, for when no temporary file can be made.
type memFile struct{ b []byte }

func (m *memFile) WriteAt(p []byte, off int64) (int, error) {
	if end := int(off) + len(p); end > len(m.b) {
		m.b = append(m.b, make([]byte, end-len(m.b))...)
	}
	return copy(m.b[off:], p), nil
}

func (m *memFile) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > int64(len(m.b)) {
		return 0, io.ErrUnexpectedEOF
	}
	return copy(p, m.b[off:]), nil
}

func (m *memFile) Close() error { return nil }
