package gitstore

import (
	"bytes"
	"fmt"
	"testing"
)

// TestBaseRing adds more than the ring holds, of sizes that do not divide
// it: every object is then either kept whole and exact, or not kept, and
// the latest ones are kept.
func TestBaseRing(t *testing.T) {
	const size = 1000
	r := newBaseRing(size)
	p, q := &pack{}, &pack{}
	body := func(i int) []byte { return bytes.Repeat([]byte(fmt.Sprintf("%d,", i)), i%37+1) }
	for i := range 2000 {
		r.add(p, int64(i), objBlob, body(i))
		r.add(q, int64(i), objTree, body(i+1))
		if i%3 != 0 {
			continue
		}
		kept := 0
		for j := max(0, i-200); j <= i; j++ {
			typ, got, ok := r.get(p, int64(j))
			if !ok {
				continue
			}
			kept++
			if typ != objBlob || !bytes.Equal(got, body(j)) {
				t.Fatalf("after %d: object %d is %s %q, want blob %q", i, j, typ, got, body(j))
			}
			if typ, got, _ := r.get(q, int64(j)); typ != "" && (typ != objTree || !bytes.Equal(got, body(j+1))) {
				t.Fatalf("after %d: object %d of the other pack is %s %q", i, j, typ, got)
			}
		}
		if _, _, ok := r.get(p, int64(i)); !ok || kept == 0 {
			t.Fatalf("after %d: the latest object is not kept (%d kept)", i, kept)
		}
	}
	if len(r.at[p]) > size {
		t.Fatalf("the index holds %d objects, more than fit in the ring", len(r.at[p]))
	}
	var none *baseRing
	none.add(p, 1, objBlob, []byte("x"))
	if _, _, ok := none.get(p, 1); ok {
		t.Fatal("a nil ring kept an object")
	}
	r.add(p, 5000, objBlob, make([]byte, size/4+1))
	if _, _, ok := r.get(p, 5000); ok {
		t.Fatal("an object over a quarter of the ring was kept")
	}
}
