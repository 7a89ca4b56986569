package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	ms := func(vs ...int) []time.Duration {
		out := make([]time.Duration, len(vs))
		for i, v := range vs {
			out[i] = time.Duration(v) * time.Millisecond
		}
		return out
	}
	for _, tc := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{ms(5), 5 * time.Millisecond},
		{ms(9, 1, 5), 5 * time.Millisecond},
		{ms(4, 1, 3, 2), 2500 * time.Microsecond},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
	in := ms(3, 1, 2)
	median(in)
	if in[0] != 3*time.Millisecond {
		t.Error("median sorted its argument in place")
	}
}

func TestRatioStats(t *testing.T) {
	d := func(vs ...float64) []time.Duration {
		out := make([]time.Duration, len(vs))
		for i, v := range vs {
			out[i] = time.Duration(v * float64(time.Millisecond))
		}
		return out
	}
	for _, tc := range []struct {
		name        string
		cc, git     []time.Duration
		med, lo, hi float64
	}{
		{"empty", nil, nil, 0, 0, 0},
		{"one", d(10), d(40), 0.25, 0.25, 0.25},
		{"odd", d(10, 30, 20), d(40, 30, 10), 1, 0.25, 2},
		{"even", d(10, 20, 30, 40), d(100, 100, 100, 100), 0.25, 0.1, 0.4},
		// The ratio pairs runs that ran together, not sorted medians.
		{"paired", d(10, 100), d(20, 50), 1.25, 0.5, 2},
		{"uneven lengths use the pairs", d(10, 20, 30), d(10, 10), 1.5, 1, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			med, lo, hi := ratioStats(tc.cc, tc.git)
			if !near(med, tc.med) || !near(lo, tc.lo) || !near(hi, tc.hi) {
				t.Errorf("ratioStats = %.3f [%.3f–%.3f], want %.3f [%.3f–%.3f]", med, lo, hi, tc.med, tc.lo, tc.hi)
			}
		})
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestPeakRSS(t *testing.T) {
	if got := peakRSS([]sample{{rssKiB: 5}, {rssKiB: 9}, {rssKiB: 7}}); got != 9 {
		t.Errorf("peakRSS = %d, want 9", got)
	}
}

func TestTargetHolds(t *testing.T) {
	tg := target{0.25, 64}
	for _, tc := range []struct {
		ratio float64
		rss   int64
		want  string
	}{
		{0.25, 64*1024 - 1, "yes"},
		{0.26, 1024, "no"},
		{0.1, 64 * 1024, "no"},
	} {
		if got := tg.holds(tc.ratio, tc.rss); got != tc.want {
			t.Errorf("holds(%v, %d KiB) = %s, want %s", tc.ratio, tc.rss, got, tc.want)
		}
	}
	if got := (target{}).holds(9, 1<<30); got != "report only" {
		t.Errorf("report-only target holds = %s", got)
	}
}

// The spawner must report the command's own RSS, not ccbench's: the test
// binary holds a large buffer while it measures a tiny command.
func TestSpawnerReportsTheChildsRSS(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ballast := bytes.Repeat([]byte{1}, 200<<20)
	// Its output goes to /dev/null, not through a pipe ccbench reads.
	res, err := spawner{self}.run(t.TempDir(), gitEnv(nil), "sh", "-c", `test "$(readlink /proc/$$/fd/1)" = /dev/null || echo piped >&2; echo err >&2; exit 7`)
	if err != nil {
		t.Fatal(err)
	}
	if res.code != 7 || string(res.stderr) != "err\n" {
		t.Errorf("code %d, stderr %q", res.code, res.stderr)
	}
	if res.rssKiB <= 0 || res.rssKiB > 100<<10 || res.wall <= 0 {
		t.Errorf("rss %d KiB, wall %v: want the shell's own few MiB", res.rssKiB, res.wall)
	}
	if _, err := (spawner{self}).run(t.TempDir(), gitEnv(nil), "no-such-command-ccbench"); err == nil {
		t.Error("a missing command was not an error")
	}
	_ = ballast[len(ballast)-1]
}

// The runner smoke test: every pair's git side runs once on the small
// corpus, and a missing cc is reported as such, not as a failure.
func TestRunnerGitSides(t *testing.T) {
	dir, _ := smallCorpus(t)
	rep, cleanup, err := runBench(runOptions{corpus: dir, pairs: pairNames(), n: 1, gitOnly: true}, io.Discard)
	defer cleanup()
	if err != nil {
		t.Fatal(err)
	}
	if rep.gitFailed() || rep.missed() {
		t.Errorf("gitFailed %v, missed %v", rep.gitFailed(), rep.missed())
	}
	if len(rep.Pairs) != len(pairDefs) {
		t.Fatalf("%d pairs, want %d", len(rep.Pairs), len(pairDefs))
	}
	for _, p := range rep.Pairs {
		if p.Status != "not built" || p.GitError != "" || p.GitMedianMS <= 0 || p.GitRSSKiB <= 0 || len(p.GitSamplesMS) != 1 {
			t.Errorf("%s: %+v", p.Name, p)
		}
	}
	var out bytes.Buffer
	printReport(&out, rep)
	for _, name := range pairNames() {
		if !strings.Contains(out.String(), "\n"+name+" ") {
			t.Errorf("table has no row for %s:\n%s", name, out.String())
		}
	}
	if _, err := json.Marshal(rep); err != nil {
		t.Error(err)
	}
}

// A stand-in cc shows the measured path: `check` exists (and exits 3, a gate
// not met, which is still work done), `status` is unknown to it.
func TestRunnerMeasuresABuiltCommand(t *testing.T) {
	dir, _ := smallCorpus(t)
	fake := filepath.Join(t.TempDir(), "cc")
	script := `#!/bin/sh
case "$*" in
"check --help") printf 'Usage:\n  cc check [flags]\n'; exit 0 ;;
"check") git grep -c . HEAD -- .cc/reviews >/dev/null; exit 3 ;;
esac
echo 'Error: unknown command "'"$1"'" for "cc"' >&2
exit 1
`
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	rep, cleanup, err := runBench(runOptions{corpus: dir, pairs: []string{"check", "status"}, n: 2, cc: fake}, io.Discard)
	defer cleanup()
	if err != nil {
		t.Fatal(err)
	}
	check, status := rep.Pairs[0], rep.Pairs[1]
	if check.Status != "measured" || check.CCMedianMS <= 0 || check.Ratio <= 0 || len(check.CCSamplesMS) != 2 ||
		check.RatioMin > check.Ratio || check.Ratio > check.RatioMax || (check.Holds != "yes" && check.Holds != "no") {
		t.Errorf("check: %+v", check)
	}
	if status.Status != "not built" || !strings.Contains(status.CCError, "unknown command") {
		t.Errorf("status: %+v", status)
	}
}

// -o rewrites the report after every pair: when the second pair runs, the
// file holds the first one's result. status=1 gets one run and no warm-up.
func TestRunWritesEachPairAsItFinishes(t *testing.T) {
	dir, _ := smallCorpus(t)
	tmp := t.TempDir()
	out, seen := filepath.Join(tmp, "report.json"), filepath.Join(tmp, "seen.json")
	fake := filepath.Join(tmp, "cc")
	script := `#!/bin/sh
case "$*" in
"check --help"|"status --help") echo "cc $1"; exit 0 ;;
"check") exit 0 ;;
"status") cp '` + out + `' '` + seen + `'; exit 0 ;;
esac
exit 1
`
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	o := runOptions{corpus: dir, pairs: []string{"check", "status"}, n: 2, warmup: 1, cc: fake, out: out,
		counts: map[string]int{"status": 1}}
	rep, cleanup, err := runBench(o, io.Discard)
	defer cleanup()
	if err != nil {
		t.Fatal(err)
	}
	read := func(file string) report {
		var r report
		data, err := os.ReadFile(file)
		if err == nil {
			err = json.Unmarshal(data, &r)
		}
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if mid := read(seen); len(mid.Pairs) != 1 || mid.Pairs[0].Name != "check" || mid.Pairs[0].Status != "measured" {
		t.Errorf("while status ran, %s held %+v", out, mid.Pairs)
	}
	final := read(out)
	if len(final.Pairs) != 2 || len(final.Pairs[0].CCSamplesMS) != 2 || len(final.Pairs[1].CCSamplesMS) != 1 {
		t.Fatalf("%s holds %+v", out, final.Pairs)
	}
	for _, p := range rep.Pairs {
		if p.Status != "measured" || !strings.Contains(p.Load, "; ") {
			t.Errorf("%s: status %s, load %q", p.Name, p.Status, p.Load)
		}
	}
	if _, err := os.Stat(out + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("%s.tmp left behind: %v", out, err)
	}
	o.out = filepath.Join(tmp, "no-such-folder", "report.json")
	_, cleanup2, err := runBench(o, io.Discard)
	cleanup2()
	if _, ok := err.(usageError); !ok || !strings.Contains(err.Error(), "-o "+o.out) {
		t.Errorf("-o in a missing folder: %v", err)
	}
}

func TestRunRejectsAPlainRepository(t *testing.T) {
	dir := t.TempDir()
	if err := git(dir, nil, "init", "-q"); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if code := ccbench([]string{"run", "-corpus", dir}, io.Discard, &stderr); code != exitUsage ||
		!strings.Contains(stderr.String(), "ccbench corpus") {
		t.Errorf("exit %d, stderr %s", code, stderr.String())
	}
	if code := ccbench([]string{"run", "-corpus", dir, "-pairs", "nope"}, io.Discard, io.Discard); code != exitUsage {
		t.Errorf("unknown pair: exit %d", code)
	}
	for _, bad := range []string{"check=0", "check=x", "nope=1"} {
		stderr.Reset()
		if code := ccbench([]string{"run", "-corpus", dir, "-pairs", bad}, io.Discard, &stderr); code != exitUsage ||
			!strings.Contains(stderr.String(), "-pairs") {
			t.Errorf("-pairs %s: exit %d, stderr %s", bad, code, stderr.String())
		}
	}
}

// Every side goes first in turn, with or without the -before binary.
func TestSideOrder(t *testing.T) {
	for _, before := range []bool{false, true} {
		n := 2
		if before {
			n = 3
		}
		first := map[int]bool{}
		for i := range n {
			order := sideOrder(i, before)
			if len(order) != n {
				t.Fatalf("round %d: %v", i, order)
			}
			first[order[0]] = true
		}
		if len(first) != n {
			t.Errorf("before=%v: first sides %v", before, first)
		}
	}
}
