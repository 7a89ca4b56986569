package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The render comparison: cc's draft page for a 1 MB draft with 500 open
// threads against goldmark alone on the same Markdown, in the same run.
// Both are Go benchmarks of package preview (BenchmarkPage1MB500Threads,
// BenchmarkGoldmark1MB); ccbench builds that test binary once and runs the
// two benchmarks in alternation, so load on the machine falls on both.
const (
	renderPkg    = "./cmd/internal/preview"
	renderPage   = "BenchmarkPage1MB500Threads"
	renderGold   = "BenchmarkGoldmark1MB"
	renderTarget = 1.5
)

func renderMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ccbench render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rounds := fs.Int("rounds", 7, "rounds; each runs both benchmarks")
	benchtime := fs.String("benchtime", "3x", "go test -benchtime of each benchmark in a round")
	strict := fs.Bool("strict", false, "exit 3 when the ratio misses its target")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 || *rounds < 1 {
		fmt.Fprintln(stderr, "ccbench render: -rounds >= 1, and there are no arguments")
		return exitUsage
	}
	work, err := os.MkdirTemp("", "ccbench-render-")
	if err != nil {
		fmt.Fprintf(stderr, "ccbench render: %v\n", err)
		return exitError
	}
	defer os.RemoveAll(work)
	bin := filepath.Join(work, "preview.test")
	fmt.Fprintf(stderr, "ccbench: go test -c -o %s %s\n", bin, renderPkg)
	if out, err := exec.Command("go", "test", "-c", "-o", bin, renderPkg).CombinedOutput(); err != nil {
		fmt.Fprintf(stderr, "ccbench render: %v\n%s", err, out)
		return exitError
	}
	var page, gold []time.Duration
	for i := range *rounds {
		// Alternate which runs first, so neither always gets a cooler or
		// warmer machine.
		order := []string{renderPage, renderGold}
		if i%2 == 1 {
			order = []string{renderGold, renderPage}
		}
		for _, name := range order {
			d, err := runGoBenchmark(bin, name, *benchtime)
			if err != nil {
				fmt.Fprintf(stderr, "ccbench render: %v\n", err)
				return exitError
			}
			if name == renderPage {
				page = append(page, d)
			} else {
				gold = append(gold, d)
			}
		}
	}
	med, lo, hi := ratioStats(page, gold)
	verdict := "met"
	if med > renderTarget {
		verdict = "MISSED"
	}
	fmt.Fprintf(stdout, "render: 1 MB draft, 500 threads; %d rounds of -benchtime %s\n\n", *rounds, *benchtime)
	fmt.Fprintf(stdout, "%-32s %10s\n", "benchmark", "median ms")
	fmt.Fprintf(stdout, "%-32s %10.1f\n", "cc page (threads beside words)", ms(median(page)))
	fmt.Fprintf(stdout, "%-32s %10.1f\n", "goldmark alone, no threads", ms(median(gold)))
	fmt.Fprintf(stdout, "\nratio cc/goldmark: median %.2f (range %.2f-%.2f), target ≤ %.2f: %s\n", med, lo, hi, renderTarget, verdict)
	if *strict && verdict != "met" {
		return exitGate
	}
	return exitOK
}

// runGoBenchmark runs one benchmark of a test binary and returns its time
// per operation.
func runGoBenchmark(bin, name, benchtime string) (time.Duration, error) {
	out, err := exec.Command(bin, "-test.run", "^$", "-test.bench", "^"+name+"$", "-test.benchtime", benchtime).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("%s: %v\n%s", name, err, out)
	}
	for _, line := range bytes.Split(out, []byte("\n")) {
		f := strings.Fields(string(line))
		if len(f) >= 4 && strings.HasPrefix(f[0], name) && f[3] == "ns/op" {
			ns, err := strconv.ParseFloat(f[2], 64)
			if err != nil {
				return 0, fmt.Errorf("%s: %q: %w", name, line, err)
			}
			return time.Duration(ns), nil
		}
	}
	return 0, fmt.Errorf("%s: no result in\n%s", name, out)
}
