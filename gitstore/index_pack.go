package gitstore

import (
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
)

// Storing a fetched pack as git index-pack does: the pack is streamed to a
// temporary file in objects/pack while its entries are scanned (see
// scanPack), then every delta is resolved, family by family from its whole
// base down, as ReadBlobs resolves a batch, so that what is held at once
// is one chain of bodies per core, not the pack's objects or a cache of
// bases. Then the index (version 2, with CRC32s) is written, both files
// are synced and renamed into place, the pack first, so a reader that
// finds the index finds its pack.
//
// The pack must be complete: fetch asks for no thin pack, so a delta
// whose base is not in the pack is an error, not a base to read from the
// repository.

// storePack writes a received pack and its index into the objects folder.
// The object reader finds the new pack when it next misses an object.
func (s *Store) storePack(pack io.Reader) error {
	if err := s.db.indexPack(pack); err != nil {
		return fmt.Errorf("store the fetched pack: %w", err)
	}
	return nil
}

// indexPack reads a pack from r and stores it, with its index, in the
// repository's objects folder.
func (db *objectDB) indexPack(r io.Reader) (err error) {
	dir := filepath.Join(db.dirs[0].path, "pack")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "tmp_pack_")
	if err != nil {
		return err
	}
	temps := []string{f.Name()}
	defer func() {
		if f != nil {
			f.Close()
		}
		if err != nil {
			for _, name := range temps {
				os.Remove(name)
			}
		}
	}()
	sc, err := scanPack(r, f)
	if err != nil {
		return err
	}
	if len(sc.nodes) == 0 {
		os.Remove(f.Name())
		return nil // nothing to store
	}
	p := &pack{base: f.Name(), f: f, size: sc.size}
	if err := db.resolvePack(p, sc); err != nil {
		return fmt.Errorf("%s: %w", f.Name(), err)
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	f = nil
	idx, err := os.CreateTemp(dir, "tmp_idx_")
	if err != nil {
		return err
	}
	temps = append(temps, idx.Name())
	err = writeIdx(idx, sc)
	if err == nil {
		err = idx.Sync()
	}
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write the pack index: %w", err)
	}
	final := filepath.Join(dir, "pack-"+hex.EncodeToString(sc.sum[:]))
	for i, ext := range []string{".pack", ".idx"} {
		// Read-only, as git leaves them: a pack is never written in place.
		if err := os.Chmod(temps[i], 0o444); err != nil {
			return err
		}
		if err := os.Rename(temps[i], final+ext); err != nil {
			return err
		}
	}
	return nil
}

// resolvePack finds the id of every delta in the pack that sc describes,
// or fails naming the first one it cannot make.
func (db *objectDB) resolvePack(p *pack, sc *packScan) error {
	nodes := sc.nodes
	// Each node is "wanted" by its own position, which emit reads back.
	pos := make([]int, len(nodes))
	// REF_DELTAs wait on their base's id; it is known now for a whole
	// object and once made for a delta.
	waiting := map[Hash][]*batchNode{}
	for i := range nodes {
		n := &nodes[i]
		pos[i] = i
		n.p, n.want = p, pos[i:i+1:i+1]
		switch n.e.typ {
		case packObjOfsDelta:
			b, _ := findEntry(nodes, n.e.baseOff) // scanPack checked that it is there
			nodes[b].children = append(nodes[b].children, n)
		case packObjRefDelta:
			waiting[n.e.baseID] = append(waiting[n.e.baseID], n)
		}
	}
	var mu sync.Mutex
	var left atomic.Int64 // len(waiting), read without mu by the check below
	left.Store(int64(len(waiting)))
	adopt := func(n *batchNode, id Hash) {
		if left.Load() == 0 {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if kids, ok := waiting[id]; ok {
			delete(waiting, id)
			left.Add(-1)
			n.children = append(n.children, kids...)
		}
	}
	var roots []*batchNode
	for i := range nodes {
		if sc.known[i] {
			adopt(&nodes[i], sc.ids[i])
			if len(nodes[i].children) > 0 {
				roots = append(roots, &nodes[i])
			}
		}
	}
	var failed *batchNode
	var failure error
	fail := func(n *batchNode, err error) {
		mu.Lock()
		defer mu.Unlock()
		if failed == nil || n.off < failed.off {
			failed, failure = n, err
		}
	}
	eachParallel(len(roots), func(k int) bool {
		return db.resolveFamily(roots[k], nil, "", 0, nil, fail, func(n *batchNode, t objType, body []byte) bool {
			i := n.want[0]
			if !sc.known[i] {
				sc.ids[i], sc.known[i] = objectHash(t, body), true
				adopt(n, sc.ids[i])
			}
			return true
		})
	})
	if failed != nil {
		return fmt.Errorf("delta at offset %d: %w", failed.off, failure)
	}
	for i, ok := range sc.known {
		switch n := &nodes[i]; {
		case ok:
		case n.e.typ == packObjRefDelta && len(waiting[n.e.baseID]) > 0:
			return fmt.Errorf("delta at offset %d: its base %s is not in the pack", n.off, n.e.baseID)
		default:
			return fmt.Errorf("delta at offset %d: its bases form a cycle or a chain longer than %d", n.off, maxDeltaChain)
		}
	}
	return nil
}

// findEntry returns the position of the entry at off among nodes, which
// are in pack order.
func findEntry(nodes []batchNode, off int64) (int, bool) {
	lo, hi := 0, len(nodes)
	for lo < hi {
		mid := lo + (hi-lo)/2
		switch {
		case nodes[mid].off == off:
			return mid, true
		case nodes[mid].off < off:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return 0, false
}
