package gitstore

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	// Its inflate is about twice the standard library's, and inflating
	// is most of what a first full check of a large repository does.
	"github.com/klauspost/compress/zlib"
)

// The object reader. Git keeps an object either loose (objects/xx/yyyy…,
// zlib-deflated "type size\0body") or in a pack found through its .idx, in
// this repository's objects folder or in one of its alternates. A lookup
// tries the loose file first (what cc itself writes), then the packs, which
// are listed and opened only then; when everything misses, the pack folders
// are listed again, since a git gc or fetch may have added packs meanwhile.
//
// A missing object gives an error naming it and wrapping errObjectNotFound,
// deliberately not fs.ErrNotExist: for Snapshot callers that means "no such
// path", and a repository that lacks an object it refers to is damaged, not
// empty.

var errObjectNotFound = errors.New("object not found")

const (
	// objCacheBytes bounds the cache of delta bases and trees.
	objCacheBytes = 8 << 20
	// maxAlternateDepth is how deep alternates may list alternates (git: 5).
	maxAlternateDepth = 5
	// maxRefDepth bounds REF_DELTA bases that live in another pack or loose
	// and are themselves deltas there.
	maxRefDepth = 16
)

// objectDB reads objects. It is safe for concurrent use: mu guards the
// folder and pack lists; reading a pack uses ReadAt and takes no lock.
type objectDB struct {
	mu        sync.Mutex
	dirs      []*objectDir // [0] is the repository's own objects folder
	altLoaded bool
	altErr    error

	cache *objCache
}

// objectDir is one objects folder: the repository's or an alternate.
type objectDir struct {
	path    string
	scanned bool
	packs   []*pack
	byName  map[string]bool
}

func newObjectDB(objects string) *objectDB {
	return &objectDB{
		dirs:  []*objectDir{{path: filepath.Clean(objects)}},
		cache: newObjCache(objCacheBytes),
	}
}

// looseName is the path of h's loose file in an objects folder.
func looseName(dir string, h Hash) string {
	hex := h.String()
	return filepath.Join(dir, hex[:2], hex[2:])
}

// read returns an object's type and body. The body is the caller's own.
func (db *objectDB) read(h Hash) (objType, []byte, error) {
	return db.readDepth(h, 0, noLimit)
}

// noLimit is the limit of a read that has none.
const noLimit = ^uint64(0)

// readMax is read for an object of at most limit bytes: a larger one gives
// a *TooLargeError, found from its header (for a delta, from the first
// bytes of the delta) before the rest of it is inflated, in the same pass
// that reads it.
func (db *objectDB) readMax(h Hash, limit uint64) (objType, []byte, error) {
	return db.readDepth(h, 0, limit)
}

// tooLarge is the error of a read of size bytes over limit.
func tooLarge(size, limit uint64) error {
	return &TooLargeError{Size: size, Limit: int64(min(limit, 1<<63-1))}
}

func (db *objectDB) readDepth(h Hash, depth int, limit uint64) (objType, []byte, error) {
	if t, body, ok := db.cache.get(cacheKey{h: h}); ok {
		if uint64(len(body)) > limit {
			return "", nil, tooLarge(uint64(len(body)), limit)
		}
		return t, bytes.Clone(body), nil
	}
	t, body, err := db.find(h, depth, limit)
	if err == nil && t == objTree {
		db.cache.add(cacheKey{h: h}, t, bytes.Clone(body))
	}
	return t, body, err
}

// readShared is read for an object the caller only reads: a cached body
// is shared instead of copied, and a tree read is cached as it is.
func (db *objectDB) readShared(h Hash) (objType, []byte, error) {
	if t, body, ok := db.cache.get(cacheKey{h: h}); ok {
		return t, body, nil
	}
	t, body, err := db.find(h, 0, noLimit)
	if err == nil && t == objTree {
		db.cache.add(cacheKey{h: h}, t, body)
	}
	return t, body, err
}

// find looks h up loose in the repository, then in the packs, then loose
// in the alternates, and again after listing the pack folders anew.
func (db *objectDB) find(h Hash, depth int, limit uint64) (objType, []byte, error) {
	for attempt := 0; ; attempt++ {
		t, body, err := db.readLoose(db.dirs[0].path, h, limit)
		if !errors.Is(err, errObjectNotFound) {
			return t, body, err
		}
		dirs, packs := db.lists()
		for _, p := range packs {
			t, body, err := db.readFromPack(p, h, depth, limit)
			if !errors.Is(err, errObjectNotFound) {
				return t, body, err
			}
		}
		for _, d := range dirs[1:] {
			t, body, err := db.readLoose(d.path, h, limit)
			if !errors.Is(err, errObjectNotFound) {
				return t, body, err
			}
		}
		if attempt > 0 || !db.rescan() {
			return "", nil, db.notFound()
		}
	}
}

// has reports whether h exists, without reading it.
func (db *objectDB) has(h Hash) bool {
	for attempt := 0; ; attempt++ {
		if _, err := os.Lstat(looseName(db.dirs[0].path, h)); err == nil {
			return true
		}
		if db.hasListed(h) {
			return true
		}
		if attempt > 0 || !db.rescan() {
			return false
		}
	}
}

// hasListed reports whether h is in a pack already listed or loose in an
// alternate, without listing the pack folders again.
func (db *objectDB) hasListed(h Hash) bool {
	dirs, packs := db.lists()
	for _, p := range packs {
		if _, ok := p.find(h); ok {
			return true
		}
	}
	for _, d := range dirs[1:] {
		if _, err := os.Lstat(looseName(d.path, h)); err == nil {
			return true
		}
	}
	return false
}

// notFound is the error for a missing object; it mentions the alternates
// file when that could not be read, since objects may be missing because of
// it.
func (db *objectDB) notFound() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.altErr != nil {
		return fmt.Errorf("%w (%v)", errObjectNotFound, db.altErr)
	}
	return errObjectNotFound
}

// lists returns the objects folders and their packs, reading the
// alternates and listing the pack folders the first time.
func (db *objectDB) lists() ([]*objectDir, []*pack) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if !db.altLoaded {
		db.altLoaded = true
		db.altErr = db.loadAlternates(db.dirs[0].path, 1, map[string]bool{db.dirs[0].path: true})
	}
	var packs []*pack
	for _, d := range db.dirs {
		if !d.scanned {
			d.scan()
		}
		for _, p := range d.packs {
			if !p.dead.Load() {
				packs = append(packs, p)
			}
		}
	}
	return db.dirs, packs
}

// rescan lists every pack folder again and reports whether a pack was
// added.
func (db *objectDB) rescan() bool {
	db.mu.Lock()
	defer db.mu.Unlock()
	added := false
	for _, d := range db.dirs {
		if d.scan() {
			added = true
		}
	}
	return added
}

// scan adds the packs of the folder that are not known yet. Packs are
// never dropped: a removed pack's files fail to open and it is skipped.
// Packs are searched newest first (by name order of discovery, then in
// reverse), since fresh packs hold what was just fetched or repacked.
func (d *objectDir) scan() bool {
	d.scanned = true
	ents, err := os.ReadDir(filepath.Join(d.path, "pack"))
	if err != nil {
		return false
	}
	if d.byName == nil {
		d.byName = map[string]bool{}
	}
	var fresh []*pack
	for _, e := range ents {
		name := e.Name()
		if !strings.HasPrefix(name, "pack-") || !strings.HasSuffix(name, ".idx") || d.byName[name] {
			continue
		}
		d.byName[name] = true
		fresh = append(fresh, newPack(filepath.Join(d.path, "pack", strings.TrimSuffix(name, ".idx"))))
	}
	if len(fresh) == 0 {
		return false
	}
	d.packs = append(fresh, d.packs...)
	return true
}

// loadAlternates appends the folders listed in dir's info/alternates,
// recursively. Relative paths are relative to dir, as in git.
func (db *objectDB) loadAlternates(dir string, depth int, seen map[string]bool) error {
	data, err := os.ReadFile(filepath.Join(dir, "info", "alternates"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read alternates: %w", err)
	}
	if depth > maxAlternateDepth {
		return fmt.Errorf("%s: alternates nested more than %d deep", dir, maxAlternateDepth)
	}
	var firstErr error
	for line := range strings.SplitSeq(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '"' {
			if u, err := strconv.Unquote(line); err == nil {
				line = u
			}
		}
		p := line
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		p = filepath.Clean(p)
		if seen[p] {
			continue
		}
		seen[p] = true
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
			if firstErr == nil {
				firstErr = fmt.Errorf("alternate object folder %s is missing", p)
			}
			continue
		}
		db.dirs = append(db.dirs, &objectDir{path: p})
		if err := db.loadAlternates(p, depth+1, seen); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

// readLoose reads a loose object from an objects folder. It streams the
// file, so a body over limit is refused from its header having read only
// that much of the file.
func (db *objectDB) readLoose(dir string, h Hash, limit uint64) (objType, []byte, error) {
	f, err := os.Open(looseName(dir, h))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil, errObjectNotFound
	}
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", nil, err
	}
	br := bufReaders.Get().(*bufio.Reader)
	defer bufReaders.Put(br)
	br.Reset(f)
	t, body, err := inflateLoose(br, st.Size(), limit)
	var tl *TooLargeError
	if err != nil && !errors.As(err, &tl) {
		return "", nil, fmt.Errorf("loose object: %w", err)
	}
	return t, body, err
}

// inflateLoose decodes a loose object file of n bytes: zlib of
// "type size\0body", refusing from its header a body over limit.
func inflateLoose(z io.Reader, n int64, limit uint64) (objType, []byte, error) {
	zr, err := getZlib(z)
	if err != nil {
		return "", nil, err
	}
	defer putZlib(zr)
	var hdr [32]byte
	got, err := io.ReadFull(zr, hdr[:])
	if err != nil && err != io.ErrUnexpectedEOF {
		return "", nil, err
	}
	nul := bytes.IndexByte(hdr[:got], 0)
	if nul < 0 {
		return "", nil, errors.New("bad header")
	}
	typ, sizeStr, ok := strings.Cut(string(hdr[:nul]), " ")
	t := objType(typ)
	if !ok || (t != objBlob && t != objTree && t != objCommit && t != objTag) {
		return "", nil, fmt.Errorf("bad header %q", hdr[:nul])
	}
	size, err := strconv.ParseUint(sizeStr, 10, 63)
	if err != nil || size > maxInflated(int(min(n, 1<<40))) {
		return "", nil, fmt.Errorf("bad size in header %q", hdr[:nul])
	}
	if size > limit {
		return "", nil, tooLarge(size, limit)
	}
	body := make([]byte, size)
	copied := copy(body, hdr[nul+1:got])
	if nul+1+copied < got {
		return "", nil, errors.New("longer than its header says")
	}
	if err := readExact(zr, body[copied:]); err != nil {
		return "", nil, err
	}
	return t, body, nil
}

// maxInflated bounds what n bytes of zlib can decompress to (deflate's best
// ratio is about 1032:1), so a damaged size cannot make us allocate wildly.
func maxInflated(n int) uint64 { return uint64(n)*1040 + 1024 }

// readExact fills buf from a zlib stream and checks that the stream ends
// there (which also verifies its checksum).
func readExact(zr io.Reader, buf []byte) error {
	if _, err := io.ReadFull(zr, buf); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return fmt.Errorf("inflate: %w", err)
	}
	var one [1]byte
	if n, err := zr.Read(one[:]); n != 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			return errors.New("inflate: longer than its header says")
		}
		return fmt.Errorf("inflate: %w", err)
	}
	return nil
}

var zlibReaders sync.Pool // of io.ReadCloser that implement zlib.Resetter

func getZlib(r io.Reader) (io.ReadCloser, error) {
	if v := zlibReaders.Get(); v != nil {
		zr := v.(io.ReadCloser)
		if err := zr.(zlib.Resetter).Reset(r, nil); err != nil {
			return nil, err
		}
		return zr, nil
	}
	return zlib.NewReader(r)
}

func putZlib(zr io.ReadCloser) { zlibReaders.Put(zr) }

var bufReaders = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 16<<10) }}

// withPrefix calls fn for every packed object whose id starts with prefix,
// in every pack of the repository and its alternates.
func (db *objectDB) withPrefix(prefix []byte, fn func(Hash)) {
	_, packs := db.lists()
	for _, p := range packs {
		p.withPrefix(prefix, fn)
	}
}
