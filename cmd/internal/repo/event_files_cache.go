package repo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"maps"
	"slices"

	"github.com/cc-content/cc/gitstore"
)

// eventFilesCache keeps the event files of every review folder a server
// read, by draft id and the folder's tree id, so that a server started
// again reads none of them from the packs but those of folders that
// changed since.
const eventFilesCache = "event-files"

// eventFilesMagic starts an encoded event files cache; the rest is binary:
// the number of folders, and for each in draft id order its id, its tree
// and its files in path order, each a path and a content.
const eventFilesMagic = "cc-event-files 1\n"

// cachedFolder is one folder of the event files cache.
type cachedFolder struct {
	tree  gitstore.Hash
	files map[string][]byte
}

// encodeEventFiles writes folders (by draft id) in the form
// decodeEventFiles reads, the same bytes for the same folders.
func encodeEventFiles(folders map[string]cachedFolder) []byte {
	size := len(eventFilesMagic) + binary.MaxVarintLen64
	for id, f := range folders {
		size += len(id) + len(f.tree) + 2*binary.MaxVarintLen64
		for p, data := range f.files {
			size += len(p) + len(data) + 2*binary.MaxVarintLen64
		}
	}
	b := make([]byte, 0, size)
	b = append(b, eventFilesMagic...)
	b = binary.AppendUvarint(b, uint64(len(folders)))
	for _, id := range slices.Sorted(maps.Keys(folders)) {
		f := folders[id]
		b = appendBytes(b, []byte(id))
		b = append(b, f.tree[:]...)
		b = binary.AppendUvarint(b, uint64(len(f.files)))
		for _, p := range slices.Sorted(maps.Keys(f.files)) {
			b = appendBytes(b, []byte(p))
			b = appendBytes(b, f.files[p])
		}
	}
	return b
}

func appendBytes(b, s []byte) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

var errEventFiles = errors.New("event files cache: not a whole cc-event-files 1 file")

// decodeEventFiles reads what encodeEventFiles wrote. The contents it
// returns are parts of data, not copies.
func decodeEventFiles(data []byte) (map[string]cachedFolder, error) {
	if !bytes.HasPrefix(data, []byte(eventFilesMagic)) {
		return nil, errEventFiles
	}
	r := eventFilesReader{rest: data[len(eventFilesMagic):]}
	// Each folder takes at least 22 bytes and each file 2: counts that
	// could not fit in what is left are damage, not a reason to allocate.
	n := r.count(22)
	out := make(map[string]cachedFolder, n)
	for ; n > 0 && r.err == nil; n-- {
		id := string(r.bytes(r.count(1)))
		var f cachedFolder
		copy(f.tree[:], r.bytes(len(f.tree)))
		files := r.count(2)
		f.files = make(map[string][]byte, files)
		for ; files > 0 && r.err == nil; files-- {
			p := string(r.bytes(r.count(1)))
			f.files[p] = r.bytes(r.count(1))
		}
		out[id] = f
	}
	if r.err == nil && len(r.rest) > 0 {
		r.err = errEventFiles
	}
	if r.err != nil {
		return nil, r.err
	}
	return out, nil
}

// eventFilesReader reads the parts of an encoded cache; the first that
// is not there sets err, and every read after it returns nothing.
type eventFilesReader struct {
	rest []byte
	err  error
}

// count reads a number of things that take at least each bytes apiece.
func (r *eventFilesReader) count(each int) int {
	if r.err != nil {
		return 0
	}
	n, size := binary.Uvarint(r.rest)
	if size <= 0 || n > uint64(len(r.rest)-size)/uint64(each) {
		r.err = errEventFiles
		return 0
	}
	r.rest = r.rest[size:]
	return int(n)
}

func (r *eventFilesReader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n > len(r.rest) {
		r.err = errEventFiles
		return nil
	}
	b := r.rest[:n:n]
	r.rest = r.rest[n:]
	return b
}
