package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// serveOptions say how `ccbench serve` loads a cc serve.
type serveOptions struct {
	corpus   string
	cc       string
	clients  int
	duration time.Duration
	seed     uint64
	p99      time.Duration // the target
}

// serveMain starts cc serve on a corpus and asks it for draft pages from
// many clients at once, in three phases: every draft once, in a shuffled
// order (each page made when it is asked for); drafts drawn from
// those the first phase opened (pages kept); and one draft for every client,
// as in a live session where everyone looks at the same page. It reports
// requests per second and the latency percentiles of each phase.
func serveMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ccbench serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o serveOptions
	fs.StringVar(&o.corpus, "corpus", "", "corpus made by `ccbench corpus` (required)")
	fs.StringVar(&o.cc, "cc", "", "cc binary to measure (default: go build ./cmd/cc)")
	fs.IntVar(&o.clients, "clients", 50, "concurrent clients")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "length of each phase")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the clients' choice of drafts")
	fs.DurationVar(&o.p99, "p99", 100*time.Millisecond, "the 99th percentile a draft page must answer within")
	strict := fs.Bool("strict", false, "exit 3 when a phase misses the target")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if o.corpus == "" || fs.NArg() > 0 || o.clients < 1 || o.duration <= 0 {
		fmt.Fprintln(stderr, "ccbench serve: -corpus is required, -clients >= 1, -duration > 0, and there are no arguments")
		return exitUsage
	}
	phases, err := loadServe(o, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "ccbench serve: %v\n", err)
		return exitError
	}
	missed := false
	fmt.Fprintf(stdout, "cc serve, draft pages, %d clients, %v per phase (target: p99 < %v)\n\n", o.clients, o.duration, o.p99)
	fmt.Fprintf(stdout, "%-16s %9s %9s %8s %8s %8s %8s %7s  %s\n", "phase", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "target")
	for _, p := range phases {
		verdict := "met"
		if p.p99 >= o.p99 || p.errors > 0 {
			verdict, missed = "MISSED", true
		}
		fmt.Fprintf(stdout, "%-16s %9d %9.0f %8.1f %8.1f %8.1f %8.1f %7d  %s\n", p.name, p.requests,
			float64(p.requests)/p.wall.Seconds(), ms(p.p50), ms(p.p90), ms(p.p99), ms(p.max), p.errors, verdict)
	}
	if *strict && missed {
		return exitGate
	}
	return exitOK
}

// servePhase is what one phase measured.
type servePhase struct {
	name               string
	requests, errors   int
	wall               time.Duration
	p50, p90, p99, max time.Duration
}

func loadServe(o serveOptions, log io.Writer) ([]servePhase, error) {
	work, err := os.MkdirTemp("", "ccbench-serve-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	r := &runner{opts: runOptions{cc: o.cc}, work: work, log: log}
	r.findCC()
	if r.cc == "" {
		return nil, fmt.Errorf("cc %s", r.ccWhy)
	}
	list, err := gitOutput(o.corpus, nil, "ls-files", "--", "content")
	if err != nil {
		return nil, err
	}
	var pages []string
	for _, p := range strings.Split(strings.TrimSpace(list), "\n") {
		if strings.HasSuffix(p, ".md") {
			pages = append(pages, "/d/"+escapePath(p))
		}
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("%s has no drafts under content/", o.corpus)
	}

	cmd := exec.Command(r.cc, "serve", "--addr", "127.0.0.1:0")
	cmd.Dir = o.corpus
	cmd.Env = gitEnv(nil)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stderr)
	base := ""
	for base == "" && lines.Scan() {
		if rest, ok := strings.CutPrefix(lines.Text(), "Serving "); ok {
			base, _, _ = strings.Cut(rest, " ")
			base = strings.TrimSuffix(base, "/")
		}
	}
	if base == "" {
		return nil, errors.New("cc serve did not say where it listens")
	}
	go io.Copy(io.Discard, stderr)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.clients}}
	if _, err := get(client, base+"/"); err != nil {
		return nil, fmt.Errorf("the board: %w", err)
	}
	fmt.Fprintf(log, "ccbench: cc serve up and the board answered in %v; %d drafts\n", time.Since(start).Round(time.Millisecond), len(pages))

	first, visited := loadPhase("first visits", client, base, eachOnce(pages, o.seed), o)
	repeat, _ := loadPhase("repeat visits", client, base, drawFrom(visited), o)
	one, _ := loadPhase("one draft", client, base, drawFrom(visited[:1]), o)
	phases := []servePhase{first, repeat, one}
	if kib, err := serverPeakRSS(cmd.Process.Pid); err == nil {
		fmt.Fprintf(log, "ccbench: cc serve peak RSS %.1f MiB\n", float64(kib)/1024)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		return nil, err
	}
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("cc serve did not stop cleanly on SIGINT: %w", err)
	}
	return phases, nil
}

// A draw gives a client its next page, or false when the phase has no
// more to ask for.
type draw func(rng *rand.Rand) (string, bool)

// drawFrom draws pages at random, each as often as the others.
func drawFrom(pages []string) draw {
	return func(rng *rand.Rand) (string, bool) { return pages[rng.IntN(len(pages))], true }
}

// eachOnce gives every page once, in an order shuffled by seed and shared
// by all clients, so that every request asks for a page the server has
// not made yet.
func eachOnce(pages []string, seed uint64) draw {
	order := slices.Clone(pages)
	rand.New(rand.NewPCG(seed, 0)).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	var next atomic.Int64
	return func(*rand.Rand) (string, bool) {
		i := next.Add(1) - 1
		if i >= int64(len(order)) {
			return "", false
		}
		return order[i], true
	}
}

// loadPhase asks for pages given by next for o.duration (or until next has
// none left) from o.clients clients, and returns what it measured and the
// pages asked for.
func loadPhase(name string, client *http.Client, base string, next draw, o serveOptions) (servePhase, []string) {
	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      int
		wg        sync.WaitGroup
		asked     = map[string]bool{}
	)
	start := time.Now()
	deadline := start.Add(o.duration)
	for c := range o.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(o.seed, uint64(c)))
			var mine []time.Duration
			var mineAsked []string
			bad := 0
			for time.Now().Before(deadline) {
				page, ok := next(rng)
				if !ok {
					break
				}
				t := time.Now()
				if _, err := get(client, base+page); err != nil {
					bad++
				}
				mine = append(mine, time.Since(t))
				mineAsked = append(mineAsked, page)
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			for _, p := range mineAsked {
				asked[p] = true
			}
			errs += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	p := servePhase{name: name, requests: len(latencies), errors: errs, wall: time.Since(start)}
	slices.Sort(latencies)
	if n := len(latencies); n > 0 {
		at := func(q float64) time.Duration { return latencies[min(n-1, int(q*float64(n)))] }
		p.p50, p.p90, p.p99, p.max = at(0.50), at(0.90), at(0.99), latencies[n-1]
	}
	visited := make([]string, 0, len(asked))
	for page := range asked {
		visited = append(visited, page)
	}
	slices.Sort(visited)
	return p, visited
}

func get(client *http.Client, u string) (int, error) {
	resp, err := client.Get(u)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: %s", u, resp.Status)
	}
	return int(n), err
}

// escapePath escapes each segment of a repository path for a URL.
func escapePath(p string) string {
	parts := strings.Split(filepath.ToSlash(p), "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}
