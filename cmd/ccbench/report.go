package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"text/tabwriter"
)

// report is the outcome of one `ccbench run`; its JSON field names are stable.
type report struct {
	Version     int          `json:"version"`
	Command     string       `json:"command"`
	Machine     machine      `json:"machine"`
	Corpus      corpusInfo   `json:"corpus"`
	N           int          `json:"n"`
	Warmup      int          `json:"warmup"`
	RSSFloorKiB int64        `json:"rssFloorKiB"`
	CC          string       `json:"cc"`
	Before      string       `json:"before,omitempty"`
	Pairs       []pairResult `json:"pairs"`
}

type machine struct {
	CPU    string `json:"cpu"`
	CPUs   int    `json:"cpus"`
	MemGiB int    `json:"memGiB"`
	OS     string `json:"os"`
	Go     string `json:"go"`
	Git    string `json:"git"`
	Load   string `json:"load"` // /proc/loadavg when the run started: was the machine busy?
}

type corpusInfo struct {
	Path              string  `json:"path"`
	Drafts            int     `json:"drafts"`
	Events            int     `json:"events"`
	Commits           int     `json:"commits"`
	Seed              uint64  `json:"seed"`
	Head              string  `json:"head"`
	Signed            bool    `json:"signed,omitempty"`
	GenerationSeconds float64 `json:"generationSeconds"`
}

// pairResult is one row of the table. Status is "measured", "not built" or
// "error"; Holds is "yes", "no", "not judged" (smoke), "report only", "not built" or "error".
type pairResult struct {
	Name         string    `json:"name"`
	CCCommand    string    `json:"ccCommand"`
	GitCommand   string    `json:"gitCommand"`
	Status       string    `json:"status"`
	CCError      string    `json:"ccError,omitempty"`
	GitError     string    `json:"gitError,omitempty"`
	CCMedianMS   float64   `json:"ccMedianMs"`
	GitMedianMS  float64   `json:"gitMedianMs"`
	Ratio        float64   `json:"ratio"`
	RatioMin     float64   `json:"ratioMin"`
	RatioMax     float64   `json:"ratioMax"`
	CCRSSKiB     int64     `json:"ccRssKiB"`
	GitRSSKiB    int64     `json:"gitRssKiB"`
	Target       string    `json:"target"`
	Holds        string    `json:"holds"`
	CCSamplesMS  []float64 `json:"ccSamplesMs"`
	GitSamplesMS []float64 `json:"gitSamplesMs"`
	// Load is the load average when the pair started (before its set-up)
	// and when its last run ended, "start; end": others may share the machine.
	Load string `json:"load,omitempty"`
	// The -before binary, measured in the same rounds.
	BeforeMedianMS float64 `json:"beforeMedianMs,omitempty"`
	BeforeRatio    float64 `json:"beforeRatio,omitempty"`
	BeforeRSSKiB   int64   `json:"beforeRssKiB,omitempty"`
}

// gitFailed: the git side or the setup of a pair failed, so the harness or
// the corpus is broken, whatever cc does.
func (r *report) gitFailed() bool {
	for _, p := range r.Pairs {
		if p.GitError != "" {
			return true
		}
	}
	return false
}

// missed: a built cc command missed its target or failed.
func (r *report) missed() bool {
	for _, p := range r.Pairs {
		if p.Holds == "no" || p.Status == "error" && p.GitError == "" {
			return true
		}
	}
	return false
}

func printReport(w io.Writer, r *report) {
	c, m := r.Corpus, r.Machine
	signed := ""
	if c.Signed {
		signed = ", approvals signed"
	}
	fmt.Fprintf(w, "corpus:  %s (%d drafts, %d events, %d commits, seed %d%s)\n", c.Path, c.Drafts, c.Events, c.Commits, c.Seed, signed)
	fmt.Fprintf(w, "machine: %s, %d CPUs, %d GiB, %s, %s, %s; load average %s at start\n",
		m.CPU, m.CPUs, m.MemGiB, m.OS, m.Go, m.Git, m.Load)
	fmt.Fprintf(w, "runs:    %d timed per side after %d warm-up, alternating; RSS floor %s (the measuring process)\n",
		r.N, r.Warmup, mib(r.RSSFloorKiB))
	fmt.Fprintf(w, "cc:      %s\n", r.CC)
	if r.Before != "" {
		fmt.Fprintf(w, "before:  %s (its median and ratio to git in the last columns)\n", r.Before)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "pair\tcc median\tgit median\tratio median [min–max]\tcc RSS\tgit RSS\ttarget\tholds")
	if r.Before != "" {
		fmt.Fprint(tw, "\tbefore median\tbefore ratio\tbefore RSS")
	}
	fmt.Fprintln(tw)
	for _, p := range r.Pairs {
		ccMed, ratio, ccRSS := "-", "-", "-"
		if p.Status == "measured" {
			ccMed = fmtMS(p.CCMedianMS)
			ratio = fmt.Sprintf("%.2f [%.2f–%.2f]", p.Ratio, p.RatioMin, p.RatioMax)
			ccRSS = mib(p.CCRSSKiB)
		}
		gitMed, gitRSS := "-", "-"
		if p.GitError == "" {
			gitMed, gitRSS = fmtMS(p.GitMedianMS), mib(p.GitRSSKiB)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s",
			p.Name, ccMed, gitMed, ratio, ccRSS, gitRSS, p.Target, p.Holds)
		if r.Before != "" {
			if p.BeforeMedianMS > 0 {
				fmt.Fprintf(tw, "\t%s\t%.2f\t%s", fmtMS(p.BeforeMedianMS), p.BeforeRatio, mib(p.BeforeRSSKiB))
			} else {
				fmt.Fprint(tw, "\t-\t-\t-")
			}
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, p := range r.Pairs {
		fmt.Fprintf(w, "%-9s  cc:  %s\n%-9s  git: %s\n", p.Name, p.CCCommand, "", p.GitCommand)
		if p.CCError != "" {
			fmt.Fprintf(w, "%-9s  cc %s\n", "", p.CCError)
		}
		if p.GitError != "" {
			fmt.Fprintf(w, "%-9s  git side failed: %s\n", "", p.GitError)
		}
	}
	if r.Command != "" {
		fmt.Fprintf(w, "\ncommand: %s\n", r.Command)
	}
}

func fmtMS(v float64) string {
	if v >= 1000 {
		return fmt.Sprintf("%.2f s", v/1000)
	}
	return fmt.Sprintf("%.1f ms", v)
}

func mib(kib int64) string { return fmt.Sprintf("%.1f MiB", float64(kib)/1024) }

// loadAverage is the first three fields of /proc/loadavg, or "" where there
// is none.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(data)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return ""
}

func describeMachine() machine {
	m := machine{CPU: "unknown", CPUs: runtime.NumCPU(), OS: runtime.GOOS, Go: runtime.Version()}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int
		if _, err := fmt.Sscanf(string(data), "MemTotal: %d kB", &kb); err == nil {
			m.MemGiB = (kb + 1<<19) >> 20
		}
	}
	if rel, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.OS += " " + strings.TrimSpace(string(rel))
	}
	m.Load = loadAverage()
	if out, err := exec.Command("git", "--version").Output(); err == nil {
		m.Git = strings.TrimSpace(string(out))
	}
	return m
}
