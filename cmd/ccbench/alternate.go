package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// alternateMain runs the same command line with several binaries in
// turn, round after round, and prints each binary's median wall time and
// the median over rounds of its time against the first binary's: an A/B
// of two builds of cc on one repository, with the machine's drift shared
// by both. {n} in the arguments becomes a number unique to each run (a new
// draft's title, say).
func alternateMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ccbench alternate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 100, "rounds; each runs every binary once, in turn")
	dir := fs.String("dir", ".", "folder the command runs in")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	rest := fs.Args()
	sep := -1
	for i, a := range rest {
		if a == "--" {
			sep = i
			break
		}
	}
	if sep < 1 || *n < 1 {
		fmt.Fprintln(stderr, "ccbench alternate: give -n >= 1, one binary or more, then -- and the command's arguments")
		return exitUsage
	}
	bins, cmdArgs := rest[:sep], rest[sep+1:]
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "ccbench alternate: %v\n", err)
		return exitError
	}
	sp := spawner{self}
	walls := make([][]time.Duration, len(bins))
	run := 0
	for range *n {
		for b, bin := range bins {
			run++
			argv := make([]string, len(cmdArgs))
			for i, a := range cmdArgs {
				argv[i] = strings.ReplaceAll(a, "{n}", fmt.Sprintf("%d-%d", os.Getpid(), run))
			}
			res, err := sp.run(*dir, os.Environ(), bin, argv...)
			if err == nil && res.code != 0 {
				err = fmt.Errorf("exit %d: %s", res.code, firstLine(res.stderr))
			}
			if err != nil {
				fmt.Fprintf(stderr, "ccbench alternate: %s: %v\n", bin, err)
				return exitError
			}
			walls[b] = append(walls[b], res.wall)
		}
	}
	for b, bin := range bins {
		fmt.Fprintf(stdout, "%-32s median %6.2f ms", bin, float64(median(walls[b]).Microseconds())/1000)
		if b > 0 {
			med, lo, hi := ratioStats(walls[b], walls[0])
			fmt.Fprintf(stdout, "  against the first: %.3f [%.2f-%.2f]", med, lo, hi)
		}
		fmt.Fprintln(stdout)
	}
	return exitOK
}
