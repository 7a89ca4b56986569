package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// runOptions says what `ccbench run` measures.
type runOptions struct {
	corpus  string
	pairs   []string
	n       int
	warmup  int
	cc      string // a cc binary; empty: build ./cmd/cc
	before  string // an older cc binary measured in the same rounds; empty: none
	gitOnly bool   // measure only the git side of each pair
	json    bool
	strict  bool
	keep    bool
	out     string         // when not empty, the JSON report is rewritten here after every pair
	counts  map[string]int // pairs given as name=N: N timed runs and no warm-up
	command string         // the command line, for the report
}

// runner holds what the pairs share: the corpus, the work directory with its
// clones, the environment of every measured command, and the cc binary.
type runner struct {
	opts   runOptions
	corpus string
	man    *manifest
	work   string
	env    []string
	sp     spawner
	cc     string // empty when there is no cc binary to measure
	before string // the -before binary, empty without one
	ccWhy  string // why not, for the report
	clones map[string]string
	log    io.Writer

	okCodes []int // cc exit codes the current pair accepts
}

func readManifest(corpus string) (*manifest, error) {
	gitDir, err := gitOutput(corpus, nil, "rev-parse", "--absolute-git-dir")
	if err != nil {
		return nil, fmt.Errorf("%s is not a git repository: %w", corpus, err)
	}
	data, err := os.ReadFile(filepath.Join(gitDir, manifestName))
	if err != nil {
		return nil, fmt.Errorf("%s was not made by `ccbench corpus` (no %s in its git dir); make one with: go run ./cmd/ccbench corpus -dir DIR", corpus, manifestName)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("read %s: %w", manifestName, err)
	}
	if m.Version != 1 {
		return nil, fmt.Errorf("corpus manifest version %d; this ccbench reads version 1", m.Version)
	}
	return &m, nil
}

// runBench measures the pairs. The caller calls the returned cleanup, which
// removes the work directory unless -keep, once it has used the report.
func runBench(o runOptions, log io.Writer) (_ *report, cleanup func(), err error) {
	cleanup = func() {}
	defer func() {
		if err != nil {
			cleanup()
			cleanup = func() {}
		}
	}()
	corpus, err := filepath.Abs(o.corpus)
	if err != nil {
		return nil, cleanup, err
	}
	man, err := readManifest(corpus)
	if err != nil {
		return nil, cleanup, usageError{err}
	}
	self, err := os.Executable()
	if err != nil {
		return nil, cleanup, err
	}
	work, err := os.MkdirTemp("", "ccbench-")
	if err != nil {
		return nil, cleanup, err
	}
	// Removing three checkouts of a big corpus takes a while; the report is
	// printed first, so the caller removes the work directory.
	if o.keep {
		fmt.Fprintf(log, "ccbench: work directory %s is kept\n", work)
	}
	// An interrupted run must not leave gigabytes of clones behind.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		if _, ok := <-sig; ok {
			if !o.keep {
				fmt.Fprintf(log, "ccbench: interrupted; removing %s\n", work)
				os.RemoveAll(work)
			}
			os.Exit(exitError)
		}
	}()
	cleanup = func() {
		signal.Stop(sig)
		close(sig)
		if !o.keep {
			os.RemoveAll(work)
		}
	}
	home := filepath.Join(work, "home")
	if err := os.MkdirAll(filepath.Join(home, ".config"), 0o755); err != nil {
		return nil, cleanup, err
	}
	r := &runner{
		opts: o, corpus: corpus, man: man, work: work, sp: spawner{self},
		clones: map[string]string{}, log: log,
		env: benchEnv(home, man.Me),
	}

	rep := &report{
		Version: 1, Command: o.command, Machine: describeMachine(),
		Corpus: corpusInfo{Path: corpus, Drafts: man.Drafts, Events: man.Events,
			Commits: man.Commits, Seed: man.Seed, Head: man.Head, Signed: man.Signed, GenerationSeconds: man.GenerationSeconds},
		N: o.n, Warmup: o.warmup,
	}
	floor, err := r.sp.run(work, r.env, "true")
	if err != nil {
		return nil, cleanup, fmt.Errorf("measure the spawner itself: %w", err)
	}
	rep.RSSFloorKiB = floor.rssKiB

	switch {
	case o.gitOnly:
		r.ccWhy = "not measured (-git-only)"
	default:
		r.findCC()
	}
	if err := r.findBefore(); err != nil {
		return nil, cleanup, usageError{err}
	}
	rep.CC, rep.Before = r.cc, r.before
	if r.cc == "" {
		rep.CC = r.ccWhy
		fmt.Fprintf(log, "ccbench: cc %s; measuring the git side only\n", r.ccWhy)
	}
	// An -o file that cannot be written is found now, not after the first pair.
	if o.out != "" {
		if err := writeReport(o.out, rep); err != nil {
			return nil, cleanup, usageError{err}
		}
	}
	for _, name := range o.pairs {
		def, _ := pairByName(name)
		start := loadAverage()
		res := r.runPair(def)
		res.Load = start + "; " + loadAverage()
		rep.Pairs = append(rep.Pairs, res)
		if o.out != "" {
			if err := writeReport(o.out, rep); err != nil {
				return nil, cleanup, err
			}
		}
	}
	return rep, cleanup, nil
}

// writeReport replaces file with the report as JSON, by a rename, so that a
// run stopped at any point leaves the pairs it finished.
func writeReport(file string, rep *report) error {
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("-o %s: %w", file, err)
	}
	if err := os.Rename(tmp, file); err != nil {
		return fmt.Errorf("-o %s: %w", file, err)
	}
	return nil
}

// benchEnv is the environment of every measured command, the same for cc and
// git: an empty HOME and no system config, so no one's settings tip the
// balance, and an identity given the way CI gives it.
func benchEnv(home string, me identity) []string {
	var env []string
	for _, kv := range gitEnv(nil) {
		k, _, _ := strings.Cut(kv, "=")
		if k == "HOME" || k == "XDG_CONFIG_HOME" || strings.HasPrefix(k, "GIT_") || k == "EDITOR" || k == "VISUAL" {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_TERMINAL_PROMPT=0",
		"GIT_AUTHOR_NAME="+me.Name, "GIT_AUTHOR_EMAIL="+me.Email,
		"GIT_COMMITTER_NAME="+me.Name, "GIT_COMMITTER_EMAIL="+me.Email,
		"NO_COLOR=1",
	)
}

// clone makes (once per name) a clone of the corpus for pairs to work in.
func (r *runner) clone(name string) (string, error) { return r.cloneOnce(name, false) }

// freshClone is clone for the pairs of a fresh CI runner: its pack is one
// git made for it (git clone --no-local), as a Git host sends a clone,
// not the corpus's own, whose layout is the generator's.
func (r *runner) freshClone(name string) (string, error) { return r.cloneOnce(name, true) }

func (r *runner) cloneOnce(name string, fresh bool) (string, error) {
	if dir, ok := r.clones[name]; ok {
		return dir, nil
	}
	var extra []string
	if fresh {
		extra = []string{"--no-local"}
	}
	dir, err := r.cloneFrom(r.corpus, name, extra...)
	if err == nil {
		r.clones[name] = dir
	}
	return dir, err
}

func (r *runner) cloneFrom(src, name string, extra ...string) (string, error) {
	dir := filepath.Join(r.work, name)
	start := time.Now()
	// A local clone hardlinks the packs, which is safe: git never writes to
	// a pack in place, and what the pairs add are new objects.
	if err := git(r.work, r.env, append(append([]string{"clone", "-q"}, extra...), src, dir)...); err != nil {
		return "", err
	}
	// One status settles the index's stat data, as a person's first
	// command after a clone would.
	if err := git(dir, r.env, "status", "--porcelain"); err != nil {
		return "", err
	}
	fmt.Fprintf(r.log, "ccbench: cloned %s in %.1fs\n", name, time.Since(start).Seconds())
	return dir, nil
}

func (r *runner) gitRun(dir string, args ...string) (sample, error) {
	res, err := r.sp.run(dir, r.env, "git", args...)
	if err != nil {
		return sample{}, err
	}
	if res.code != 0 {
		return sample{}, fmt.Errorf("git %s: exit %d: %s", strings.Join(args, " "), res.code, firstLine(res.stderr))
	}
	return res.sample, nil
}

// gitAddCommit is the git side of a pair that creates a file: write it, then
// `git add` and `git commit` as two processes. The write is timed too.
func (r *runner) gitAddCommit(dir, path string, data []byte, subject, body, trailers string) (sample, error) {
	start := time.Now()
	full := filepath.Join(dir, path)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return sample{}, err
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return sample{}, err
	}
	write := time.Since(start)
	add, err := r.gitRun(dir, "add", path)
	if err != nil {
		return sample{}, err
	}
	args := []string{"commit", "-q", "-m", subject}
	if body != "" {
		args = append(args, "-m", body)
	}
	commit, err := r.gitRun(dir, append(args, "-m", trailers)...)
	if err != nil {
		return sample{}, err
	}
	return sample{write + add.wall + commit.wall, max(add.rssKiB, commit.rssKiB)}, nil
}

func firstLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return "(no message)"
	}
	return s
}

// runPair warms up, then alternates the sides (cc, git, and the -before cc
// when there is one) n times, rotating which goes first every round so
// that none always runs on a warmer cache.
func (r *runner) runPair(def pairDef) pairResult {
	res := pairResult{Name: def.name, Target: def.target.String(), Status: "measured"}
	r.okCodes = def.okCodes
	ccOn, why := r.ccHas(def.words)
	fmt.Fprintf(r.log, "ccbench: %s: setting up\n", def.name)
	run, err := def.setup(r)
	if err != nil {
		res.Status, res.GitError = "error", "setup: "+err.Error()
		return res
	}
	if run.stop != nil {
		defer run.stop()
	}
	res.CCCommand, res.GitCommand = run.ccLine, run.gitLine
	var ccs, gits, befores []sample
	beforeOn := r.before != "" && ccOn && r.withBefore(func() bool { ok, _ := r.ccHas(def.words); return ok })
	side := func(kind int, keep bool) error {
		if err := run.prepare(); err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		if kind == sideBefore {
			var s sample
			var err error
			r.withBefore(func() bool { s, err = run.cc(); return true })
			if err != nil {
				beforeOn = false
				fmt.Fprintf(r.log, "ccbench: %s: the -before cc failed: %v\n", def.name, err)
			} else if keep {
				befores = append(befores, s)
			}
			return nil
		}
		if kind == sideCC {
			s, err := run.cc()
			if err != nil {
				res.CCError, ccOn = err.Error(), false
				fmt.Fprintf(r.log, "ccbench: %s: cc failed: %v\n", def.name, err)
				return nil
			}
			if keep {
				ccs = append(ccs, s)
			}
			return nil
		}
		s, err := run.git()
		if err != nil {
			return err
		}
		if keep {
			gits = append(gits, s)
		}
		return nil
	}
	warmup, n := r.opts.warmup, r.opts.n
	if c, ok := r.opts.counts[def.name]; ok {
		warmup, n = 0, c
	}
	fmt.Fprintf(r.log, "ccbench: %s: %d warm-up and %d timed runs of each side\n", def.name, warmup, n)
	for i := 0; i < warmup+n; i++ {
		timed := i >= warmup
		for _, kind := range sideOrder(i, r.before != "") {
			if kind == sideCC && !ccOn || kind == sideBefore && !beforeOn {
				continue
			}
			if err := side(kind, timed); err != nil {
				res.Status, res.GitError = "error", err.Error()
				fmt.Fprintf(r.log, "ccbench: %s: git side failed: %v\n", def.name, err)
				return res
			}
		}
	}
	res.GitMedianMS = ms(median(walls(gits)))
	res.GitRSSKiB = peakRSS(gits)
	res.GitSamplesMS = msAll(walls(gits))
	switch {
	case why != "":
		res.Status, res.Holds = "not built", "not built"
		res.CCError = why
		return res
	case res.CCError != "":
		res.Status, res.Holds = "error", "error"
		return res
	}
	res.CCMedianMS = ms(median(walls(ccs)))
	res.CCRSSKiB = peakRSS(ccs)
	res.CCSamplesMS = msAll(walls(ccs))
	res.Ratio, res.RatioMin, res.RatioMax = ratioStats(walls(ccs), walls(gits))
	if len(befores) > 0 {
		res.BeforeMedianMS, res.BeforeRSSKiB = ms(median(walls(befores))), peakRSS(befores)
		res.BeforeRatio, _, _ = ratioStats(walls(befores), walls(gits))
	}
	res.Holds = def.target.holds(res.Ratio, res.CCRSSKiB)
	return res
}

func (t target) holds(ratio float64, rssKiB int64) string {
	switch {
	case t.ratio == 0:
		return "report only"
	case ratio <= t.ratio && rssKiB < t.rssMiB*1024:
		return "yes"
	}
	return "no"
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func msAll(ds []time.Duration) []float64 {
	out := make([]float64, len(ds))
	for i, d := range ds {
		out[i] = ms(d)
	}
	return out
}
