package gitstore

import (
	"bufio"
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"testing"
)

// TestReadHeaders reads the headers of a real pack's entries, all of them
// and every seventh (so that the windows span gaps and stop at them), in
// more parts than one, and compares each with a read of that header alone.
// The streams kept with them inflate as those read from the pack.
func TestReadHeaders(t *testing.T) {
	dir := newRepo(t)
	fastImport(t, dir, func(w *bufio.Writer) {
		for v := range 40 {
			fmt.Fprintf(w, "commit refs/heads/main\ncommitter T <t@example.com> %d +0000\ndata 2\nc\n", 1764000000+v)
			for f := range 40 {
				data := fmt.Sprintf("file %d, version %d\n%s", f, v, bigDoc(200+f*50, v))
				fmt.Fprintf(w, "M 100644 inline d%d/f.txt\ndata %d\n%s\n", f, len(data), data)
			}
		}
	})
	runGit(t, dir, "repack", "-q", "-a", "-d", "-f", "--depth=50")
	_, packs := openStore(t, dir).db.lists()
	if len(packs) != 1 || packs[0].open() != nil {
		t.Fatal("expected one pack")
	}
	p := packs[0]
	var all []*batchNode
	for i := range p.idx.n {
		off, err := p.idx.offset(i)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, &batchNode{p: p, off: off})
	}
	slices.SortFunc(all, byOffset)
	if len(all) < 3*512 {
		t.Fatalf("only %d entries: one part", len(all))
	}
	var sparse []*batchNode
	for i := 0; i < len(all); i += 7 {
		sparse = append(sparse, all[i])
	}
	outside := &batchNode{p: p, off: p.size - 4}
	for _, round := range [][]*batchNode{all, sparse, append(slices.Clone(sparse), outside)} {
		heads := readHeaders(round)
		kept := 0
		for i, n := range round {
			e, err := p.entry(n.off)
			got := heads[i].e
			got.stream = nil
			if !reflect.DeepEqual(got, e) || fmt.Sprint(heads[i].err) != fmt.Sprint(err) {
				t.Fatalf("header at %d: %+v %v, read alone: %+v %v", n.off, heads[i].e, heads[i].err, e, err)
			}
			if heads[i].e.stream == nil {
				continue
			}
			kept++
			want, err := p.inflate(e)
			if err != nil {
				t.Fatal(err)
			}
			body := make([]byte, e.size)
			if !inflateInto(body, heads[i].e.stream) || !bytes.Equal(body, want) {
				t.Fatalf("entry at %d from its kept stream: %q; from the pack: %q", n.off, body, want)
			}
		}
		if kept < len(round)/2 {
			t.Errorf("%d of %d streams kept with their headers", kept, len(round))
		}
	}
}
