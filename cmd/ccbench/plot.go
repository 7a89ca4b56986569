package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
)

// `ccbench plot` turns the JSON reports of runs on corpora of different
// sizes into a table and a PNG: for every pair, cc's median time (solid)
// and git's (dotted) against the number of drafts, both axes logarithmic,
// so that a cost that grows with the repository is a rising line and one
// that grows with the change is a flat one. It draws with the standard
// library alone: lines, axes and a small pixel font.

func plotMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ccbench plot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "PNG file to write (required)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if *out == "" || fs.NArg() == 0 {
		fmt.Fprintln(stderr, "ccbench plot: -o FILE.png and at least one report (ccbench run -json) are required")
		return exitUsage
	}
	var reps []*report
	for _, name := range fs.Args() {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "ccbench plot: %v\n", err)
			return exitError
		}
		var r report
		if err := json.Unmarshal(data, &r); err != nil {
			fmt.Fprintf(stderr, "ccbench plot: %s: %v\n", name, err)
			return exitError
		}
		reps = append(reps, &r)
	}
	series := scaleSeries(reps)
	printScaleTable(stdout, series)
	f, err := os.Create(*out)
	if err == nil {
		err = png.Encode(f, drawScale(series))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "ccbench plot: %v\n", err)
		return exitError
	}
	return exitOK
}

// scalePoint is one pair measured on one corpus.
type scalePoint struct {
	drafts, events int
	cc, git        float64 // median ms; cc is 0 when not measured
	ratio          float64
	ccRSS          int64
	load           string // 1-minute load average at the pair's start → end
}

// scaleSeries groups the measured pairs by name, each by corpus size.
func scaleSeries(reps []*report) map[string][]scalePoint {
	out := map[string][]scalePoint{}
	for _, r := range reps {
		for _, p := range r.Pairs {
			if p.GitError != "" {
				continue
			}
			pt := scalePoint{drafts: r.Corpus.Drafts, events: r.Corpus.Events, git: p.GitMedianMS, load: loadCell(p.Load, r.Machine.Load)}
			if p.Status == "measured" {
				pt.cc, pt.ratio, pt.ccRSS = p.CCMedianMS, p.Ratio, p.CCRSSKiB
			}
			out[p.Name] = append(out[p.Name], pt)
		}
	}
	for _, pts := range out {
		sort.Slice(pts, func(i, j int) bool { return pts[i].drafts < pts[j].drafts })
	}
	return out
}

// loadCell is the 1-minute load average when the pair started and ended
// ("start → end"), or when the run started for a report without them.
func loadCell(pair, run string) string {
	var out []string
	for _, l := range strings.Split(pair, ";") {
		if f := strings.Fields(l); len(f) > 0 {
			out = append(out, f[0])
		}
	}
	if f := strings.Fields(run); len(out) == 0 && len(f) > 0 {
		out = f[:1]
	}
	if len(out) == 0 {
		return "-"
	}
	return strings.Join(out, " → ")
}

func seriesNames(series map[string][]scalePoint) []string {
	names := make([]string, 0, len(series))
	for n := range series {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func printScaleTable(w io.Writer, series map[string][]scalePoint) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "| pair\t| drafts\t| events\t| cc median\t| git median\t| ratio\t| cc RSS\t| load\t|")
	fmt.Fprintln(tw, "|---\t|---:\t|---:\t|---:\t|---:\t|---:\t|---:\t|---\t|")
	for _, name := range seriesNames(series) {
		for _, p := range series[name] {
			cc, ratio, rss := "-", "-", "-"
			if p.cc > 0 {
				cc, ratio, rss = fmtMS(p.cc), fmt.Sprintf("%.2f", p.ratio), mib(p.ccRSS)
			}
			fmt.Fprintf(tw, "| %s\t| %d\t| %d\t| %s\t| %s\t| %s\t| %s\t| %s\t|\n", name, p.drafts, p.events, cc, fmtMS(p.git), ratio, rss, p.load)
		}
	}
	tw.Flush()
}

// The plot's geometry, in pixels.
const (
	plotW, plotH          = 960, 600
	marginL, marginR      = 70, 190
	marginT, marginB      = 30, 50
	glyphScale            = 2
	glyphW, glyphH, glyph = 3, 5, 4 // glyph: advance in font pixels
)

// palette is one color per pair, in name order.
var palette = []color.RGBA{
	{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255}, {214, 39, 40, 255},
	{148, 103, 189, 255}, {140, 86, 75, 255}, {227, 119, 194, 255}, {127, 127, 127, 255},
	{188, 189, 34, 255}, {23, 190, 207, 255}, {0, 0, 0, 255}, {120, 60, 200, 255},
	{128, 0, 0, 255}, {0, 110, 110, 255}, {255, 0, 255, 255}, {90, 90, 0, 255},
}

// drawScale draws every series on log-log axes: drafts across, ms up.
func drawScale(series map[string][]scalePoint) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, plotW, plotH))
	fill(img, img.Bounds(), color.RGBA{255, 255, 255, 255})
	minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, pts := range series {
		for _, p := range pts {
			minX, maxX = math.Min(minX, float64(p.drafts)), math.Max(maxX, float64(p.drafts))
			for _, v := range []float64{p.cc, p.git} {
				if v > 0 {
					minY, maxY = math.Min(minY, v), math.Max(maxY, v)
				}
			}
		}
	}
	if math.IsInf(minX, 1) || math.IsInf(minY, 1) {
		return img
	}
	// Whole decades on both axes.
	x0, x1 := math.Floor(math.Log10(minX)), math.Ceil(math.Log10(maxX))
	y0, y1 := math.Floor(math.Log10(minY)), math.Ceil(math.Log10(maxY))
	x1, y1 = math.Max(x1, x0+1), math.Max(y1, y0+1)
	left, right, top, bottom := marginL, plotW-marginR, marginT, plotH-marginB
	px := func(v float64) int {
		return left + int(math.Round((math.Log10(v)-x0)/(x1-x0)*float64(right-left)))
	}
	py := func(v float64) int {
		return bottom - int(math.Round((math.Log10(v)-y0)/(y1-y0)*float64(bottom-top)))
	}
	grid, axis := color.RGBA{225, 225, 225, 255}, color.RGBA{0, 0, 0, 255}
	for d := x0; d <= x1; d++ {
		x := px(math.Pow(10, d))
		line(img, x, top, x, bottom, grid, 0)
		label := fmt.Sprintf("%.0f", math.Pow(10, d))
		text(img, x-len(label)*glyph*glyphScale/2, bottom+8, label, axis)
	}
	for d := y0; d <= y1; d++ {
		y := py(math.Pow(10, d))
		line(img, left, y, right, y, grid, 0)
		text(img, 4, y-glyphH*glyphScale/2, msLabel(math.Pow(10, d)), axis)
	}
	line(img, left, bottom, right, bottom, axis, 0)
	line(img, left, top, left, bottom, axis, 0)
	text(img, (left+right)/2-7*glyph*glyphScale/2, plotH-18, "drafts", axis)
	text(img, 4, 8, "median time (solid: cc, dotted: git)", axis)
	for i, name := range seriesNames(series) {
		c := palette[i%len(palette)]
		pts := series[name]
		for j := 1; j < len(pts); j++ {
			a, b := pts[j-1], pts[j]
			if a.cc > 0 && b.cc > 0 {
				thick(img, px(float64(a.drafts)), py(a.cc), px(float64(b.drafts)), py(b.cc), c, 0)
			}
			if a.git > 0 && b.git > 0 {
				thick(img, px(float64(a.drafts)), py(a.git), px(float64(b.drafts)), py(b.git), c, 6)
			}
		}
		for _, p := range pts {
			if p.cc > 0 {
				fill(img, image.Rect(px(float64(p.drafts))-3, py(p.cc)-3, px(float64(p.drafts))+4, py(p.cc)+4), c)
			}
		}
		ly := top + 10 + i*22
		thick(img, right+12, ly+4, right+36, ly+4, c, 0)
		text(img, right+42, ly, name, axis)
	}
	return img
}

func msLabel(ms float64) string {
	if ms >= 1000 {
		return fmt.Sprintf("%.0fs", ms/1000)
	}
	if ms < 1 {
		return fmt.Sprintf("%.1fms", ms)
	}
	return fmt.Sprintf("%.0fms", ms)
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetRGBA(x, y, c)
		}
	}
}

// line draws from (x0, y0) to (x1, y1) (Bresenham); with dash > 0 it
// draws dash pixels and skips as many.
func line(img *image.RGBA, x0, y0, x1, y1 int, c color.RGBA, dash int) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	err := dx + dy
	for n := 0; ; n++ {
		if dash == 0 || (n/dash)%2 == 0 {
			if (image.Point{x0, y0}).In(img.Bounds()) {
				img.SetRGBA(x0, y0, c)
			}
		}
		if x0 == x1 && y0 == y1 {
			return
		}
		if e2 := 2 * err; e2 >= dy {
			err += dy
			x0 += sx
		} else if e2 <= dx {
			err += dx
			y0 += sy
		}
	}
}

// thick is line, two pixels wide.
func thick(img *image.RGBA, x0, y0, x1, y1 int, c color.RGBA, dash int) {
	line(img, x0, y0, x1, y1, c, dash)
	line(img, x0, y0+1, x1, y1+1, c, dash)
}

func sign(v int) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// text draws s in the pixel font, glyphScale times its size, its top left
// at (x, y). Letters are drawn in lower case; a rune without a glyph is a
// space.
func text(img *image.RGBA, x, y int, s string, c color.RGBA) {
	for _, r := range strings.ToLower(s) {
		rows, ok := font[r]
		if ok {
			for row := range glyphH {
				for col := range glyphW {
					if rows[row]&(4>>col) != 0 {
						fill(img, image.Rect(x+col*glyphScale, y+row*glyphScale, x+(col+1)*glyphScale, y+(row+1)*glyphScale), c)
					}
				}
			}
		}
		x += glyph * glyphScale
	}
}

// font is a 3×5 pixel font: each row's three bits, left to right.
var font = map[rune][glyphH]uint8{
	'0': {7, 5, 5, 5, 7}, '1': {2, 6, 2, 2, 7}, '2': {7, 1, 7, 4, 7}, '3': {7, 1, 7, 1, 7},
	'4': {5, 5, 7, 1, 1}, '5': {7, 4, 7, 1, 7}, '6': {7, 4, 7, 5, 7}, '7': {7, 1, 1, 1, 1},
	'8': {7, 5, 7, 5, 7}, '9': {7, 5, 7, 1, 7},
	'a': {2, 5, 7, 5, 5}, 'b': {6, 5, 6, 5, 6}, 'c': {3, 4, 4, 4, 3}, 'd': {6, 5, 5, 5, 6},
	'e': {7, 4, 6, 4, 7}, 'f': {7, 4, 6, 4, 4}, 'g': {3, 4, 5, 5, 3}, 'h': {5, 5, 7, 5, 5},
	'i': {7, 2, 2, 2, 7}, 'j': {1, 1, 1, 5, 2}, 'k': {5, 5, 6, 5, 5}, 'l': {4, 4, 4, 4, 7},
	'm': {5, 7, 7, 5, 5}, 'n': {6, 5, 5, 5, 5}, 'o': {2, 5, 5, 5, 2}, 'p': {6, 5, 6, 4, 4},
	'q': {2, 5, 5, 6, 3}, 'r': {6, 5, 6, 5, 5}, 's': {3, 4, 2, 1, 6}, 't': {7, 2, 2, 2, 2},
	'u': {5, 5, 5, 5, 7}, 'v': {5, 5, 5, 5, 2}, 'w': {5, 5, 7, 7, 5}, 'x': {5, 5, 2, 5, 5},
	'y': {5, 5, 2, 2, 2}, 'z': {7, 1, 2, 4, 7},
	'-': {0, 0, 7, 0, 0}, '.': {0, 0, 0, 0, 2}, ':': {0, 2, 0, 2, 0}, ',': {0, 0, 0, 2, 4},
	'(': {1, 2, 2, 2, 1}, ')': {4, 2, 2, 2, 4}, '/': {1, 1, 2, 4, 4},
}
