package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two reports of one pair at two sizes make one row each in the table and
// a line of the pair's color in the PNG.
func TestPlot(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i, drafts := range []int{1000, 10000} {
		r := report{Corpus: corpusInfo{Drafts: drafts, Events: drafts * 10}, Pairs: []pairResult{{
			Name: "check", Status: "measured", CCMedianMS: float64(100 * (i + 1)), GitMedianMS: float64(200 * (i + 1)),
			Ratio: 0.5, CCRSSKiB: 40 << 10,
		}}, Machine: machine{Load: "7.00 8.00 9.00"}}
		if i == 0 {
			r.Pairs[0].Load = "1.00 2.00 3.00; 4.00 5.00 6.00"
		}
		data, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, filepath.Join(dir, filepath.Base(t.Name())+string(rune('a'+i))+".json"))
		if err := os.WriteFile(files[i], data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "scale.png")
	var stdout, stderr bytes.Buffer
	if code := ccbench(append([]string{"plot", "-o", out}, files...), &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"| check  | 1000", "| check  | 10000", "100.0 ms", "200.0 ms", "0.50", "40.0 MiB", "| 1.00 → 4.00 ", "| 7.00 "} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, stdout.String())
		}
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != plotW || b.Dy() != plotH {
		t.Fatalf("size %v", b)
	}
	colored := 0
	want := palette[0]
	for y := 0; y < plotH; y++ {
		for x := 0; x < plotW; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if uint8(r>>8) == want.R && uint8(g>>8) == want.G && uint8(b>>8) == want.B {
				colored++
			}
		}
	}
	if colored < 200 {
		t.Fatalf("only %d pixels of the pair's color: no line drawn", colored)
	}
	if code := ccbench([]string{"plot", files[0]}, &stdout, &stderr); code != exitUsage {
		t.Fatalf("without -o: exit %d", code)
	}
}

// Every pair has a color of its own in the plot.
func TestPaletteCoversEveryPair(t *testing.T) {
	seen := map[[3]uint8]bool{}
	for _, c := range palette {
		seen[[3]uint8{c.R, c.G, c.B}] = true
	}
	if len(seen) < len(pairDefs) {
		t.Errorf("%d colors for %d pairs", len(seen), len(pairDefs))
	}
}
