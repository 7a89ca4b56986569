package gitstore

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
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

// Spill holds the files of groups of trees and their blobs, read ahead,
// by group, in a temporary file (in memory when none can be made). Close
// removes it.
type Spill struct {
	mu      sync.Mutex
	file    spillFile
	size    int64         // bytes written
	lists   []spillSpan   // each group's files
	trees   []int         // how many trees each group has
	spans   [][]spillSpan // where each group's blobs are
	pending [][]byte      // each group's blobs not yet written
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
	// resolves together, when there are more than spillWhole.
	spillWindow = 16384
	// spillWhole is the most reads resolved in one ReadBlobs. In a pack
	// git made (a clone from a host), the deltas of one family are spread
	// through the whole pack, and windows of spillWindow inflated one
	// entry in five again, their bases gone from the kept ring: in one
	// batch each is inflated once. Its memory is no more than the
	// windows' at 100,000 events; at 1,000,000 windows keep it flat.
	spillWhole = 1 << 17
	// spillBases keeps the bases of one window for the next: in pack
	// order a family crosses from one window into the next only.
	spillBases = 4 << 20
	// spillFlush is how many bytes of blobs a group gathers before
	// they are written.
	spillFlush = 64 << 10
)

// SpillTrees walks the trees of each group (WalkTrees), then reads the
// files of them all, each with the limit limit gives it (a BlobRead's
// Max), and keeps the lists of files and each blob read, whole and within
// its limit, for Group. A blob that cannot be read so is not kept:
// Group's ReadBlobs reads it alone, for its answer or its error. An error
// is one of WalkTrees, or of writing the spill.
func (t *Snapshot) SpillTrees(groups [][]Entry, limit func(Entry) int64) (*Spill, error) {
	s := newSpill(filepath.Join(t.s.commonDir, "cc"), len(groups))
	var reads []spillRead
	ends := make([]int, len(groups))
	for g, trees := range groups {
		files, err := t.WalkTrees(trees)
		if err == nil {
			err = s.write(appendListing(nil, files), &s.lists)
		}
		if err != nil {
			s.Close()
			return nil, err
		}
		s.trees = append(s.trees, len(trees))
		for _, es := range files {
			for _, e := range es {
				reads = append(reads, newSpillRead(e.Blob, limit(e)))
			}
		}
		ends[g] = len(reads)
	}
	if err := s.spill(t, reads, ends); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// newSpill makes an empty spill for groups groups, in a temporary file
// in dir, else in the system's temporary folder, else in memory. The
// spill of a large repository is as large as its files: in the
// repository's folder it is on the disk that holds the repository, where
// a system's temporary folder may be memory. The file is removed at once
// where an open file can be (so no crash leaves it behind), else when
// the spill is closed.
func newSpill(dir string, groups int) *Spill {
	s := &Spill{spans: make([][]spillSpan, groups), pending: make([][]byte, groups), file: &memFile{}}
	for _, dir := range []string{dir, os.TempDir()} {
		if os.MkdirAll(dir, 0o755) != nil {
			continue
		}
		if f, err := os.CreateTemp(dir, ".cc-spill-*"); err == nil {
			s.file = &tempFile{f, os.Remove(f.Name()) == nil}
			break
		}
	}
	return s
}

// spillRead is a BlobRead in 24 bytes instead of 32: at 1,000,000 event
// files they are all held while the spill is read. A limit of 4 GiB or
// more is cut to 4 GiB; a blob larger than that is then left out, and
// Group's ReadBlobs reads it with its own limit.
type spillRead struct {
	id  Hash
	max uint32
}

// newSpillRead is the read of blob id with limit, a BlobRead's Max: no
// more than 0 is no limit, as there.
func newSpillRead(id Hash, limit int64) spillRead {
	return spillRead{id, uint32(min(max(limit, 0), math.MaxUint32))}
}

// spill reads reads in pack order, a window at a time, and keeps each
// blob it reads in its group (group g is reads[ends[g-1]:ends[g]]).
func (s *Spill) spill(t *Snapshot, reads []spillRead, ends []int) error {
	order := t.s.db.packOrder(reads)
	kept := t.WithBases(spillBases)
	size := spillWindow
	if len(order) <= spillWhole {
		size = max(len(order), 1)
	}
	window := make([]BlobRead, 0, size)
	for start := 0; start < len(order); start += size {
		part := order[start:min(start+size, len(order))]
		window = window[:0]
		for _, i := range part {
			window = append(window, BlobRead{ID: reads[i].id, Max: int64(reads[i].max)})
		}
		err := kept.ReadBlobs(window, func(i int, body []byte, err error) error {
			if err != nil {
				return nil // read alone by Group's ReadBlobs
			}
			r := int(part[i])
			return s.add(sort.SearchInts(ends, r+1), reads[r].id, body)
		})
		if err != nil {
			return err
		}
	}
	for g := range s.pending {
		if err := s.write(s.pending[g], &s.spans[g]); err != nil {
			return err
		}
	}
	s.pending = nil
	return nil
}

// add keeps body, blob id, in group g.
func (s *Spill) add(g int, id Hash, body []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending[g] = appendSpillRecord(s.pending[g], id, body)
	if len(s.pending[g]) < spillFlush {
		return nil
	}
	err := s.write(s.pending[g], &s.spans[g])
	s.pending[g] = s.pending[g][:0]
	return err
}

// write writes b at the end of the spill, and adds where to spans.
func (s *Spill) write(b []byte, spans *[]spillSpan) error {
	if len(b) == 0 {
		return nil
	}
	if _, err := s.file.WriteAt(b, s.size); err != nil {
		return fmt.Errorf("spill of blobs: %w", err)
	}
	*spans = append(*spans, spillSpan{s.size, len(b)})
	s.size += int64(len(b))
	return nil
}

// read reads the spans of the spill into one slice.
func (s *Spill) read(spans []spillSpan) ([]byte, error) {
	n := 0
	for _, sp := range spans {
		n += sp.n
	}
	buf := make([]byte, n)
	at := 0
	for _, sp := range spans {
		if _, err := s.file.ReadAt(buf[at:at+sp.n], sp.off); err != nil {
			return nil, fmt.Errorf("spill of blobs: %w", err)
		}
		at += sp.n
	}
	return buf, nil
}

// Group returns the files of group g's trees, as WalkTrees lists them,
// and t whose ReadBlobs takes the blobs kept for group g from the spill,
// and reads the others as before.
func (s *Spill) Group(t *Snapshot, g int) ([][]Entry, *Snapshot, error) {
	list, err := s.read(s.lists[g : g+1])
	if err != nil {
		return nil, nil, err
	}
	files, err := parseListing(list, s.trees[g])
	if err != nil {
		return nil, nil, err
	}
	blobs, err := s.blobs(t, g)
	return files, blobs, err
}

// blobs returns t whose ReadBlobs takes the blobs kept for group g from
// the spill.
func (s *Spill) blobs(t *Snapshot, g int) (*Snapshot, error) {
	buf, err := s.read(s.spans[g])
	if err != nil {
		return nil, err
	}
	kept, err := parseSpill(buf)
	if err != nil {
		return nil, err
	}
	c := *t
	c.kept = kept
	return &c, nil
}

// appendListing appends files, the lists of files of some trees, to b:
// for each tree the uvarint number of its files, and for each file its
// uvarint mode, its blob id, and the uvarint length of its path and the
// path.
func appendListing(b []byte, files [][]Entry) []byte {
	for _, es := range files {
		b = binary.AppendUvarint(b, uint64(len(es)))
		for _, e := range es {
			b = binary.AppendUvarint(b, uint64(e.Mode))
			b = append(b, e.Blob[:]...)
			b = binary.AppendUvarint(b, uint64(len(e.Path)))
			b = append(b, e.Path...)
		}
	}
	return b
}

// parseListing reads the lists of files of n trees that appendListing
// wrote.
func parseListing(b []byte, n int) ([][]Entry, error) {
	text := string(b) // the paths are parts of it
	at := 0
	uvarint := func() (uint64, bool) {
		v, w := binary.Uvarint(b[at:])
		at += max(w, 0)
		return v, w > 0
	}
	files := make([][]Entry, n)
	for k := range files {
		count, ok := uvarint()
		if !ok || count > uint64(len(b)-at) {
			return nil, errSpill
		}
		files[k] = make([]Entry, 0, count)
		for range count {
			mode, ok := uvarint()
			if !ok || mode > math.MaxUint32 || len(b)-at < len(Hash{}) {
				return nil, errSpill
			}
			e := Entry{Blob: Hash(b[at : at+len(Hash{})]), Mode: uint32(mode)}
			at += len(Hash{})
			size, ok := uvarint()
			if !ok || size > uint64(len(b)-at) {
				return nil, errSpill
			}
			e.Path = text[at : at+int(size)]
			at += int(size)
			files[k] = append(files[k], e)
		}
	}
	if at != len(b) {
		return nil, errSpill
	}
	return files, nil
}

// appendSpillRecord appends the record of blob id, body, to b: the id,
// the uvarint length of body and body.
func appendSpillRecord(b []byte, id Hash, body []byte) []byte {
	b = append(b, id[:]...)
	b = binary.AppendUvarint(b, uint64(len(body)))
	return append(b, body...)
}

// errSpill is the error for records that do not parse.
var errSpill = errors.New("spill of blobs: damaged record")

// parseSpill reads the records of b that appendSpillRecord wrote into a
// map by id. The blobs are b's bytes.
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
func (db *objectDB) packOrder(reads []spillRead) []int32 {
	_, packs := db.lists()
	// The number of the pack, then the offset: an offset of 2^48 or more
	// (a pack of 256 TiB) only reads in a worse order.
	keys := make([]uint64, len(reads))
	inParts(len(reads), func(from, to int) {
		for i := from; i < to; i++ {
			keys[i] = math.MaxUint64
			for k, p := range packs {
				if off, ok := p.find(reads[i].id); ok {
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

// tempFile is a spill in a temporary file, removed when closed if it
// was not when it was made.
type tempFile struct {
	*os.File
	removed bool
}

func (f *tempFile) Close() error {
	err := f.File.Close()
	if !f.removed {
		if rerr := os.Remove(f.Name()); err == nil {
			err = rerr
		}
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
