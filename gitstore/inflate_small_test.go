package gitstore

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	kzlib "github.com/klauspost/compress/zlib"
)

// inflateSamples are texts of the kinds a pack holds: event files, a
// draft, binary deltas, repeats, and text with rare bytes, whose codes
// run longer than a table entry.
func inflateSamples() [][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	var rare bytes.Buffer
	for range 4000 {
		if r.IntN(40) == 0 {
			rare.WriteByte(byte(r.IntN(256)))
		} else {
			rare.WriteByte("etaoin shrdlu"[r.IntN(13)])
		}
	}
	noise := make([]byte, 3000)
	for i := range noise {
		noise[i] = byte(r.IntN(256))
	}
	return [][]byte{
		{}, []byte("x"),
		[]byte("cc: 1\ntype: comment\nid: 01JF0000000000000000000001\ndraft: k3x9q2\nbody: |\n  Looks good.\n"),
		[]byte(bigDoc(20<<10, 1)),
		{0x90, 0x03, 0xa0, 0x03, 0x91, 0x10, 0x20, 0x05, 'a', 'b', 'c', 'd', 'e'},
		bytes.Repeat([]byte("abc"), 5000),
		rare.Bytes(), noise,
	}
}

// TestInflateInto decodes what zlib and git write, at every level, and
// checks that a short or long output, or a damaged checksum, is refused.
func TestInflateInto(t *testing.T) {
	var streams [][]byte
	var bodies [][]byte
	for _, body := range inflateSamples() {
		for _, level := range []int{zlib.HuffmanOnly, zlib.NoCompression, zlib.BestSpeed, zlib.DefaultCompression, zlib.BestCompression} {
			var b bytes.Buffer
			w, _ := zlib.NewWriterLevel(&b, level)
			w.Write(body)
			w.Close()
			streams, bodies = append(streams, b.Bytes()), append(bodies, body)
		}
	}
	// git's own: a loose object is a zlib stream of its header and body.
	dir := newRepo(t)
	for _, body := range inflateSamples() {
		f := filepath.Join(t.TempDir(), "f")
		if err := os.WriteFile(f, body, 0o644); err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSpace(runGit(t, dir, "hash-object", "-w", f))
		raw, err := os.ReadFile(filepath.Join(dir, ".git", "objects", id[:2], id[2:]))
		if err != nil {
			t.Fatal(err)
		}
		streams, bodies = append(streams, raw), append(bodies, fmt.Appendf(nil, "blob %d\x00%s", len(body), body))
	}
	for i, s := range streams {
		want := bodies[i]
		got := make([]byte, len(want))
		// The pack goes on after the stream.
		if !inflateInto(got, append(s[:len(s):len(s)], "PACK"...)) || !bytes.Equal(got, want) {
			t.Fatalf("stream %d (%d bytes of %.20q…) not read", i, len(want), want)
		}
		if len(want) > 0 && inflateInto(make([]byte, len(want)-1), s) {
			t.Fatalf("stream %d read into one byte less", i)
		}
		if inflateInto(make([]byte, len(want)+1), s) {
			t.Fatalf("stream %d read into one byte more", i)
		}
		bad := bytes.Clone(s)
		bad[len(bad)-1] ^= 1
		if inflateInto(make([]byte, len(want)), bad) || inflateInto(make([]byte, len(want)), s[:len(s)-1]) {
			t.Fatalf("stream %d read with a damaged or cut checksum", i)
		}
	}
}

// FuzzInflateInto checks that whatever inflateInto reads, zlib reads the
// same, and that it stops there.
func FuzzInflateInto(f *testing.F) {
	for _, body := range inflateSamples() {
		for _, level := range []int{zlib.HuffmanOnly, zlib.NoCompression, zlib.DefaultCompression} {
			var b bytes.Buffer
			w, _ := zlib.NewWriterLevel(&b, level)
			w.Write(body)
			w.Close()
			f.Add(b.Bytes(), uint16(len(body)))
		}
	}
	f.Fuzz(func(t *testing.T, src []byte, size uint16) {
		got := make([]byte, size)
		if !inflateInto(got, src) {
			return
		}
		zr, err := kzlib.NewReader(bytes.NewReader(src))
		if err != nil {
			t.Fatalf("inflateInto reads what zlib refuses: %v", err)
		}
		want := make([]byte, size)
		if err := readExact(zr, want); err != nil {
			t.Fatalf("inflateInto reads what zlib refuses: %v", err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("inflateInto reads %q, zlib %q", got, want)
		}
		if _, err := io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkInflateInto decodes streams of the size and kind a cold check
// reads most: event files of a few hundred bytes, as git compresses them.
func BenchmarkInflateInto(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields("the draft reads well but the second paragraph says what the first " +
		"already said and a newcomer may not know this term define it or link the glossary")
	var streams, bodies [][]byte
	var size int64
	for i := range 1000 {
		var text strings.Builder
		for range 5 + r.IntN(30) {
			text.WriteString(words[r.IntN(len(words))] + " ")
		}
		body := fmt.Sprintf("cc: 1\nid: 01K40K4B0NPND29Q7EGZWZ%04d\ntype: comment\ndraft: %06x\n"+
			"author:\n  name: Writer %d\n  email: writer%d@example.com\ntime: 2025-08-31T17:34:49Z\n"+
			"clock: %d\nanswers: []\nbody: |\n  %s\nanchor:\n  quote: %q\n  position: %d\n  blob: %040x\n",
			i, r.IntN(1<<24), i%40, i%40, i, text.String(), words[r.IntN(len(words))], r.IntN(5000), r.Uint64())
		var c bytes.Buffer
		w := zlib.NewWriter(&c)
		w.Write([]byte(body))
		w.Close()
		streams, bodies = append(streams, c.Bytes()), append(bodies, []byte(body))
		size += int64(len(body))
	}
	b.SetBytes(size)
	out := make([]byte, 64<<10)
	for b.Loop() {
		for i, s := range streams {
			if !inflateInto(out[:len(bodies[i])], s) {
				b.Fatal("refused")
			}
		}
	}
}
