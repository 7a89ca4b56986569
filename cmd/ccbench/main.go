// Command ccbench generates benchmark corpora and compares cc with the git CLI
// doing the same work. See docs/BENCHMARKS.md.
//
//	ccbench corpus -dir D [-drafts N] [-events M] [-commits C] [-heavy H] [-seed S] [-signed] [-flat] [-adopt F]
//	ccbench run -corpus D [-pairs a,b] [-n 10] [-warmup 1] [-cc path] [-before path] [-git-only] [-json] [-strict] [-o file]
//	ccbench smoke [-n 3] [-cc path]
//	ccbench render [-rounds 7]    cc's draft page vs goldmark alone
//	ccbench serve -corpus D [-clients 50] [-duration 10s] [-cc path]
//	ccbench plot -o scale.png REPORT.json...
//
// It drives the cc binary as a black box and imports none of cc's packages.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Exit codes, as for cc itself.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
	exitGate  = 3 // -strict and a built pair misses its target
)

func main() {
	if os.Getenv(spawnEnv) != "" {
		os.Exit(spawnMain())
	}
	os.Exit(ccbench(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
  ccbench corpus -dir D [-drafts 10000] [-events 100000] [-commits 20000] [-heavy 1000] [-seed 1] [-signed] [-flat] [-adopt F]
  ccbench run -corpus D [-pairs draft-new,comment,check,check-base,status,inbox,show,log,sync]
              [-n 10] [-warmup 1] [-cc path/to/cc] [-before path/to/old/cc] [-git-only] [-json] [-strict] [-keep] [-o report.json]
  ccbench smoke [-n 3] [-cc path/to/cc]    a small corpus and every pair: proves the harness works (CI)
  ccbench render [-rounds 7] [-benchtime 3x] [-strict]    a 1 MB draft page with 500 threads vs goldmark alone
  ccbench serve -corpus D [-clients 50] [-duration 10s] [-cc path/to/cc] [-strict]    load on cc serve's draft pages
  ccbench plot -o scale.png REPORT.json...  a table and a plot of reports (run -json) on corpora of several sizes
  ccbench alternate [-n 100] [-dir D] BIN... -- ARGS    the same cc command with each binary in turn: medians, and ratios to the first
`

func ccbench(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "corpus":
		return corpusMain(args[1:], stdout, stderr)
	case "run":
		return runMain(args[1:], stdout, stderr)
	case "smoke":
		return smokeMain(args[1:], stdout, stderr)
	case "render":
		return renderMain(args[1:], stdout, stderr)
	case "serve":
		return serveMain(args[1:], stdout, stderr)
	case "plot":
		return plotMain(args[1:], stdout, stderr)
	case "alternate":
		return alternateMain(args[1:], stdout, stderr)
	case "anchors":
		return anchorsMain(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "ccbench: unknown command %q\n%s", args[0], usage)
	return exitUsage
}

func corpusMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ccbench corpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o corpusOptions
	fs.StringVar(&o.dir, "dir", "", "new directory for the corpus repository (required)")
	fs.IntVar(&o.drafts, "drafts", 10000, "number of drafts")
	fs.IntVar(&o.events, "events", 100000, "number of review events")
	fs.IntVar(&o.commits, "commits", 20000, "number of commits in the history")
	fs.IntVar(&o.heavy, "heavy", 1000, "events on the one draft that the show pair reads")
	fs.Uint64Var(&o.seed, "seed", 1, "seed; the same seed gives the same repository")
	fs.BoolVar(&o.signed, "signed", false, "sign every approval (SSHSIG, keys from the seed) and require signed approvals")
	fs.BoolVar(&o.flat, "flat", false, "put every draft in content/ itself instead of 100 folders")
	fs.Float64Var(&o.adopt, "adopt", 0, "share of the actions that one commit after the init commit brings in, as when a site adopts cc")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if o.dir == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "ccbench corpus: -dir is required and there are no arguments")
		return exitUsage
	}
	m, err := generateCorpus(o, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "ccbench corpus: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stderr, "ccbench: %d drafts, %d events, %d commits in %.1fs\n",
		m.Drafts, m.Events, m.Commits, m.GenerationSeconds)
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return exitError
	}
	return exitOK
}

func runMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ccbench run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o runOptions
	var pairs string
	fs.StringVar(&o.corpus, "corpus", "", "corpus made by `ccbench corpus` (required)")
	fs.StringVar(&pairs, "pairs", strings.Join(pairNames(), ","), "comma-separated `list` of pairs to run, in this order; name=N runs that pair N times\n"+
		"with no warm-up whatever -n and -warmup say (for the long ones on a big corpus)")
	fs.IntVar(&o.n, "n", 10, "timed runs of each side")
	fs.IntVar(&o.warmup, "warmup", 1, "untimed runs of each side first")
	fs.StringVar(&o.cc, "cc", "", "cc binary to measure (default: go build ./cmd/cc)")
	fs.StringVar(&o.before, "before", "", "an older cc binary to measure in the same rounds, for a before/after comparison")
	fs.BoolVar(&o.json, "json", false, "print the results as JSON")
	fs.BoolVar(&o.strict, "strict", false, "exit 3 when a built pair misses its target")
	fs.BoolVar(&o.keep, "keep", false, "keep the work directory (clones, remote)")
	fs.StringVar(&o.out, "o", "", "also write the JSON report to `file`, rewritten after every pair, so a stopped run keeps the pairs it finished;\n"+
		"with several pairs in one run, each clone is made once (on a big corpus a clone takes minutes)")
	fs.BoolVar(&o.gitOnly, "git-only", false, "measure only the git side of each pair (no cc needed)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if o.corpus == "" || fs.NArg() > 0 || o.n < 1 || o.warmup < 0 {
		fmt.Fprintln(stderr, "ccbench run: -corpus is required, -n >= 1, -warmup >= 0, and there are no arguments")
		return exitUsage
	}
	o.counts = map[string]int{}
	for _, p := range strings.Split(pairs, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		p, count, counted := strings.Cut(p, "=")
		if _, ok := pairByName(p); !ok {
			fmt.Fprintf(stderr, "ccbench run: -pairs: unknown pair %q (known: %s)\n", p, strings.Join(pairNames(), ", "))
			return exitUsage
		}
		if counted {
			c, err := strconv.Atoi(count)
			if err != nil || c < 1 {
				fmt.Fprintf(stderr, "ccbench run: -pairs: %s=%s: want a number of timed runs >= 1\n", p, count)
				return exitUsage
			}
			o.counts[p] = c
		}
		o.pairs = append(o.pairs, p)
	}
	o.command = "go run ./cmd/ccbench run " + strings.Join(args, " ")
	rep, cleanup, err := runBench(o, stderr)
	defer cleanup()
	if err != nil {
		fmt.Fprintf(stderr, "ccbench run: %v\n", err)
		var ue usageError
		if errors.As(err, &ue) {
			return exitUsage
		}
		return exitError
	}
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return exitError
		}
	} else {
		printReport(stdout, rep)
	}
	if rep.gitFailed() {
		return exitError
	}
	if o.strict && rep.missed() {
		return exitGate
	}
	return exitOK
}

// usageError is a mistake in how ccbench was called, exit code 2.
type usageError struct{ error }

// smokeSkips are the pairs too slow for a smoke run: sync-1000 makes and
// pushes 1,000 commits on each side for every run (minutes), and its setup
// and checks are the sync pair's, which the smoke run keeps.
var smokeSkips = []string{"sync-1000"}

// smokePairs are the pairs a smoke run measures.
func smokePairs() []string {
	var out []string
	for _, p := range pairNames() {
		if !slices.Contains(smokeSkips, p) {
			out = append(out, p)
		}
	}
	return out
}

// smokeMain is what CI runs: a small corpus, checked with git fsck --strict,
// and every pair on it. It fails when the corpus or a git side is broken or
// when a cc command that exists fails on a valid repository; it does not fail
// on a missed target, since ratios on a small corpus on a shared CI machine
// say little. The full run is by hand (docs/BENCHMARKS.md).
func smokeMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ccbench smoke", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := runOptions{pairs: smokePairs(), warmup: 1, command: "go run ./cmd/ccbench smoke " + strings.Join(args, " ")}
	c := corpusOptions{drafts: 200, events: 2000, commits: 300, heavy: 1000, seed: 1}
	fs.IntVar(&o.n, "n", 3, "timed runs of each side")
	fs.StringVar(&o.cc, "cc", "", "cc binary to measure (default: go build ./cmd/cc)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 || o.n < 1 {
		fmt.Fprintln(stderr, "ccbench smoke: -n >= 1 and there are no arguments")
		return exitUsage
	}
	tmp, err := os.MkdirTemp("", "ccbench-smoke-")
	if err != nil {
		fmt.Fprintf(stderr, "ccbench smoke: %v\n", err)
		return exitError
	}
	defer os.RemoveAll(tmp)
	c.dir = filepath.Join(tmp, "corpus")
	o.corpus = c.dir
	m, err := generateCorpus(c, stderr)
	if err == nil {
		fmt.Fprintf(stderr, "ccbench: corpus of %d drafts, %d events, %d commits in %.1fs; git fsck --strict\n",
			m.Drafts, m.Events, m.Commits, m.GenerationSeconds)
		err = git(c.dir, nil, "fsck", "--strict", "--no-progress")
	}
	if err != nil {
		fmt.Fprintf(stderr, "ccbench smoke: %v\n", err)
		return exitError
	}
	rep, cleanup, err := runBench(o, stderr)
	defer cleanup()
	if err != nil {
		fmt.Fprintf(stderr, "ccbench smoke: %v\n", err)
		return exitError
	}
	for i := range rep.Pairs {
		if h := rep.Pairs[i].Holds; h == "yes" || h == "no" {
			rep.Pairs[i].Holds = "not judged"
		}
	}
	printReport(stdout, rep)
	fmt.Fprintln(stdout, "Targets are not judged here: ratios on a 200-draft corpus on a shared machine say little. They are judged by hand with 'ccbench run' on the 10,000-draft corpus; docs/BENCHMARKS.md has the results.")
	failed := rep.gitFailed()
	for _, p := range rep.Pairs {
		if p.Status == "error" {
			failed = true
		}
	}
	if failed {
		fmt.Fprintln(stderr, "ccbench smoke: failed (see the errors under the table)")
		return exitError
	}
	return exitOK
}
