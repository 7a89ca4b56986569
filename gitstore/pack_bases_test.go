package gitstore

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestWithBasesStartsFromKept reads every blob but one delta, then damages
// the pack entry of that delta's base: ReadBlobs of the delta on the
// Snapshot that kept the base still reads it, where a fresh one fails, so
// the second call did not resolve the chain again.
func TestWithBasesStartsFromKept(t *testing.T) {
	dir := makeHistory(t)
	runGit(t, dir, "repack", "-q", "-a", "-d", "-f", "--depth=50", "--window=50")
	runGit(t, dir, "prune-packed")
	s := openStore(t, dir)
	_, packs := s.db.lists()
	if len(packs) != 1 {
		t.Fatalf("want one pack, have %d", len(packs))
	}
	p := packs[0]
	var blobs []Hash
	for _, line := range strings.Split(strings.TrimSpace(runGit(t, dir, "cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)")), "\n") {
		if id, ok := strings.CutSuffix(line, " blob"); ok {
			h, err := ParseHash(id)
			if err != nil {
				t.Fatal(err)
			}
			blobs = append(blobs, h)
		}
	}
	var delta Hash
	var base packEntry
	for _, h := range blobs {
		off, _ := p.find(h)
		if e, err := p.entry(off); err == nil && e.typ == packObjOfsDelta {
			if base, err = p.entry(e.baseOff); err != nil {
				t.Fatal(err)
			}
			delta = h
			break
		}
	}
	if delta.IsZero() {
		t.Fatal("no delta among the blobs")
	}
	snap, err := s.Snapshot(Hash{})
	if err != nil {
		t.Fatal(err)
	}
	kept := snap.WithBases(1 << 20)
	var first []BlobRead
	for len(first) < minBatch {
		for _, h := range blobs {
			if h != delta {
				first = append(first, BlobRead{ID: h})
			}
		}
	}
	if err := kept.ReadBlobs(first, func(_ int, _ []byte, err error) error { return err }); err != nil {
		t.Fatal(err)
	}

	// From a store of its own: a read alone keeps the bases it makes.
	alone, err := openStore(t, dir).Snapshot(Hash{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := alone.ReadBlob(delta)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(p.base + ".pack")
	if err != nil {
		t.Fatal(err)
	}
	for i := base.dataOff + 2; i < base.dataOff+12; i++ {
		data[i] ^= 0x55
	}
	os.Chmod(p.base+".pack", 0o644)
	if err := os.WriteFile(p.base+".pack", data, 0o444); err != nil {
		t.Fatal(err)
	}
	fresh, err := openStore(t, dir).Snapshot(Hash{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.ReadBlob(delta); err == nil {
		t.Fatal("the damaged base did not break a read of its delta")
	}
	second := slices.Repeat([]BlobRead{{ID: delta}}, minBatch)
	err = kept.ReadBlobs(second, func(_ int, body []byte, err error) error {
		if err == nil && !bytes.Equal(body, want) {
			return fmt.Errorf("%.80q, want %.80q", body, want)
		}
		return err
	})
	if err != nil {
		t.Fatalf("ReadBlobs of %s after its base was kept: %v", delta, err)
	}
}
