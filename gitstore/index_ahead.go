package gitstore

import (
	"crypto/sha1"
	"fmt"
	"hash"
	"os"
	"slices"
)

// indexAhead writes a commit's new index into index.lock while the commit
// writes its objects and work-tree files, on another goroutine: every
// piece but the new entries, whose stat data only the work tree gives
// later, and the SHA-1 of the pieces before the first of them. On a
// 10,000-entry index the SHA-1 alone takes about a millisecond, and the
// write most of another; finish is left with the entries and the pieces
// after them. The goroutine hashes before it writes, so that finish can
// go on with the SHA-1 while the writes are still under way. The goroutine then starts the disk writes too: renaming
// index.lock over the index makes ext4 (auto_da_alloc) allocate and start
// writing the whole file at that moment, and the device is then still
// busy with it when the ref is renamed right after, which waited for it.
type indexAhead struct {
	lock   *lockFile
	layout indexLayout
	offs   []int64 // where each piece starts
	first  int     // the first piece not hashed ahead
	sum    hash.Hash
	zero   bool          // the old index had no checksum (index.skipHash): nor does the new
	hashed chan struct{} // closed once sum holds the pieces before first
	done   chan struct{} // closed once the goroutine is done with the file
	err    error
}

// writeIndexAhead starts writing l into lock. old is the old index's
// checksum.
func writeIndexAhead(lock *lockFile, l indexLayout, old []byte) *indexAhead {
	w := &indexAhead{
		lock: lock, layout: l, offs: make([]int64, len(l.pieces)+1),
		first: len(l.pieces), sum: sha1.New(),
		zero:   skipsHash(old),
		hashed: make(chan struct{}), done: make(chan struct{}),
	}
	for i, p := range l.pieces {
		w.offs[i+1] = w.offs[i] + int64(len(p))
	}
	for _, p := range l.entries {
		if p >= 0 {
			w.first = min(w.first, p)
		}
	}
	// finish fills the entries' pieces in while the goroutine still reads
	// the others.
	pieces := slices.Clone(l.pieces)
	go func() {
		defer close(w.done)
		if !w.zero {
			for _, p := range pieces[:w.first] {
				w.sum.Write(p)
			}
		}
		close(w.hashed)
		entry := make([]bool, len(pieces))
		for _, p := range l.entries {
			if p >= 0 {
				entry[p] = true
			}
		}
		for i, p := range pieces {
			if entry[i] {
				continue
			}
			if err := w.writeAt(p, i); err != nil {
				w.err = err
				return
			}
		}
		// The pages that finish writes into again (an entry's, the last
		// one) are left out: on a file system that keeps a page stable
		// while it is being written out, finish would wait for the disk.
		page := int64(os.Getpagesize())
		from := int64(0)
		for i := range entry {
			if entry[i] || i == len(entry)-1 {
				to := w.offs[i]
				if !entry[i] {
					to = w.offs[i+1]
				}
				if start, end := (from+page-1)/page*page, to/page*page; start < end {
					startWriteback(w.lock.f, start, end-start)
				}
				from = w.offs[i+1]
			}
		}
	}()
	return w
}

func (w *indexAhead) writeAt(p []byte, piece int) error {
	if _, err := w.lock.f.WriteAt(p, w.offs[piece]); err != nil {
		return fmt.Errorf("write %s: %w", w.lock.path, err)
	}
	return nil
}

// wait returns once the goroutine is done with the lock file.
func (w *indexAhead) wait() error {
	<-w.done
	return w.err
}

// finish writes the entries of ups (the updates the layout was made
// from, now with blobs and stat data) and the checksum, and cuts the
// file to its length.
func (w *indexAhead) finish(ups []indexUpdate) error {
	<-w.hashed
	w.layout.fill(ups)
	sum := make([]byte, indexChecksumLen)
	if !w.zero {
		for _, p := range w.layout.pieces[w.first:] {
			w.sum.Write(p)
		}
		sum = w.sum.Sum(sum[:0])
	}
	if err := w.wait(); err != nil {
		return err
	}
	for _, p := range w.layout.entries {
		if p >= 0 {
			if err := w.writeAt(w.layout.pieces[p], p); err != nil {
				return err
			}
		}
	}
	end := len(w.layout.pieces)
	if _, err := w.lock.f.WriteAt(sum, w.offs[end]); err != nil {
		return fmt.Errorf("write %s: %w", w.lock.path, err)
	}
	// A lock file is new, so the file ends where the checksum does. Cutting
	// it there anyway would wait for the disk writes begun on its last
	// page, most of a millisecond.
	size := w.offs[end] + indexChecksumLen
	if fi, err := w.lock.f.Stat(); err != nil || fi.Size() != size {
		if err := w.lock.f.Truncate(size); err != nil {
			return fmt.Errorf("write %s: %w", w.lock.path, err)
		}
	}
	return nil
}
