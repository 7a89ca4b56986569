package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/cc-content/cc/content"
)

const anchorsUsage = `usage: ccbench anchors -repo GITDIR[,GITDIR...] [-pairs 300] [-quotes 8] [-json]
                       [-extract DIR -extract-pairs 40]

Scores where cc puts comments after real edits. From each repository's
history it takes edits of Markdown files (a commit and its first parent),
quotes from the old text, and the truth from a word alignment of the two
texts; each comment is correct, fuzzy at the right place, at a wrong place,
missed (orphaned although its words survive) or orphaned while its words
were edited. Edits split by their commit id: 0-7 is the tuning half, 8-f
the held-out half. Both modes are scored: following the history, and
searching (what a shallow clone does). -extract writes held-out pairs as
txtar files for the test data.

example:
  ccbench anchors -repo /path/to/docs.git -pairs 400
`

type anchorsOptions struct {
	repos        []string
	pairs        int
	quotes       int
	json         bool
	extract      string
	extractPairs int
	failures     bool
}

func anchorsMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ccbench anchors", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, anchorsUsage) }
	var o anchorsOptions
	var repos string
	fs.StringVar(&repos, "repo", "", "git directories to take edits from, comma-separated (required)")
	fs.IntVar(&o.pairs, "pairs", 300, "edits per repository and half")
	fs.IntVar(&o.quotes, "quotes", 8, "quotes per edit")
	fs.BoolVar(&o.json, "json", false, "print the tallies as JSON")
	fs.StringVar(&o.extract, "extract", "", "write held-out edits as txtar files into this folder")
	fs.IntVar(&o.extractPairs, "extract-pairs", 40, "how many edits -extract writes")
	fs.BoolVar(&o.failures, "failures", false, "print each comment placed wrongly or missed in the tuning half to stderr")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if repos == "" || o.pairs < 1 || o.quotes < 1 {
		fmt.Fprint(stderr, "ccbench anchors: -repo is required; -pairs and -quotes must be at least 1\n"+anchorsUsage)
		return exitUsage
	}
	o.repos = strings.Split(repos, ",")
	report := anchorsReport{Version: 1}
	for _, repo := range o.repos {
		halves, err := evalListPairs(repo, o.pairs)
		if err != nil {
			fmt.Fprintf(stderr, "ccbench anchors: %s: %v\n", repo, err)
			return exitError
		}
		for _, half := range []string{"tuning", "held-out"} {
			pairs, err := evalReadPairs(repo, halves[half])
			if err != nil {
				fmt.Fprintf(stderr, "ccbench anchors: %s: %v\n", repo, err)
				return exitError
			}
			var show evalShow
			if o.failures && half == "tuning" {
				show = func(p evalPair, quote, outcome string, m content.AnchorMatch, t evalTruth) {
					r := []rune(p.New)
					got := ""
					if m.State != content.AnchorOrphaned {
						got = fmt.Sprintf("%q at %d", string(r[m.Start:m.End]), m.Start)
					}
					want := fmt.Sprintf("between %d and %d: %q", t.lo, t.hi, string(r[t.lo:min(t.hi, t.lo+80)]))
					if len(t.spans) > 0 {
						want = fmt.Sprintf("%q at %d", string(r[t.spans[0][0]:t.spans[0][1]]), t.spans[0][0])
					}
					fmt.Fprintf(stderr, "%s %s %s: %q -> %s %s; truth %s %s\n", outcome, p.Commit[:12], p.Path, quote, m.State, got, t.kind, want)
				}
			}
			tallies := evalScore(pairs, o.quotes, show)
			for _, mode := range evalModes {
				report.Rows = append(report.Rows, anchorsRow{Repo: evalRepoName(repo), Half: half, Mode: mode, evalTally: *tallies[mode]})
			}
			if o.extract != "" {
				if err := evalExtract(o.extract, half, pairs[:min(len(pairs), o.extractPairs)]); err != nil {
					fmt.Fprintf(stderr, "ccbench anchors: %v\n", err)
					return exitError
				}
			}
		}
	}
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			return exitError
		}
		return exitOK
	}
	report.print(stdout)
	return exitOK
}

type anchorsRow struct {
	Repo string `json:"repo"`
	Half string `json:"half"`
	Mode string `json:"mode"`
	evalTally
}

type anchorsReport struct {
	Version int          `json:"version"`
	Rows    []anchorsRow `json:"rows"`
}

func (r anchorsReport) print(w io.Writer) {
	fmt.Fprintf(w, "%-22s %-9s %-8s %6s %8s  %8s %8s %8s %8s %8s  %s\n", "repository", "half", "mode", "edits", "comments",
		"correct", "fuzzy-ok", "wrong", "missed", "orph-ed", "ok (target ≥ 99%)")
	for _, row := range r.Rows {
		t := row.evalTally
		fmt.Fprintf(w, "%-22s %-9s %-8s %6d %8d  %7.2f%% %7.2f%% %7.2f%% %7.2f%% %7.2f%%  %.2f%%\n", row.Repo, row.Half, row.Mode,
			t.Pairs-t.Skipped, t.Comments, 100*t.share(evalCorrect), 100*t.share(evalFuzzyRight), 100*t.share(evalWrong),
			100*t.share(evalMissed), 100*t.share(evalOrphanedEdited), 100*t.share(evalCorrect, evalFuzzyRight))
	}
}

// evalScore places the quotes of every pair and tallies them by mode.
// evalShow is told of a comment placed wrongly or missed.
type evalShow func(p evalPair, quote, outcome string, m content.AnchorMatch, t evalTruth)

func evalScore(pairs []evalPair, quotes int, show evalShow) map[string]*evalTally {
	tallies := map[string]*evalTally{}
	for _, mode := range evalModes {
		tallies[mode] = &evalTally{Outcomes: map[string]int{}}
	}
	for _, p := range pairs {
		evalScorePair(p, quotes, tallies, show)
	}
	return tallies
}

// evalEdit is a file changed by a commit, before its contents are read.
type evalEdit struct{ commit, parent, path string }

// evalListPairs lists the edits of Markdown files in repo's history (no
// merges, no renames, both sides present), in an order fixed by a hash of
// commit and path, and takes up to n for each half.
func evalListPairs(repo string, n int) (map[string][]evalEdit, error) {
	out, err := gitOutput("", nil, "--git-dir", repo, "log", "--no-merges", "--no-renames", "--diff-filter=M",
		"--format=@%H %P", "--name-only", "HEAD", "--", "*.md")
	if err != nil {
		return nil, err
	}
	var edits []evalEdit
	var commit, parent string
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "@"):
			f := strings.Fields(line[1:])
			commit, parent = f[0], ""
			if len(f) > 1 {
				parent = f[1]
			}
		case line != "" && parent != "":
			edits = append(edits, evalEdit{commit, parent, line})
		}
	}
	key := func(e evalEdit) string {
		s := sha256.Sum256([]byte(e.commit + "\x00" + e.path))
		return hex.EncodeToString(s[:])
	}
	slices.SortFunc(edits, func(a, b evalEdit) int { return strings.Compare(key(a), key(b)) })
	halves := map[string][]evalEdit{}
	for _, e := range edits {
		half := "tuning"
		if e.commit[0] >= '8' {
			half = "held-out"
		}
		if len(halves[half]) < n {
			halves[half] = append(halves[half], e)
		}
	}
	return halves, nil
}

// evalReadPairs reads both sides of each edit with one git cat-file.
func evalReadPairs(repo string, edits []evalEdit) ([]evalPair, error) {
	var in bytes.Buffer
	for _, e := range edits {
		fmt.Fprintf(&in, "%s:%s\n%s:%s\n", e.parent, e.path, e.commit, e.path)
	}
	cmd := exec.Command("git", "--git-dir", repo, "cat-file", "--batch")
	cmd.Env = gitEnv(nil)
	cmd.Stdin = &in
	raw, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	r := bufio.NewReader(bytes.NewReader(raw))
	next := func() (string, error) {
		header, err := r.ReadString('\n')
		if err != nil {
			return "", err
		}
		f := strings.Fields(header)
		if len(f) != 3 || f[1] != "blob" {
			return "", fmt.Errorf("git cat-file: unexpected %q", strings.TrimSpace(header))
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			return "", err
		}
		data := make([]byte, size+1)
		if _, err := io.ReadFull(r, data); err != nil {
			return "", err
		}
		return string(data[:size]), nil
	}
	var pairs []evalPair
	for _, e := range edits {
		old, err := next()
		if err != nil {
			return nil, err
		}
		new, err := next()
		if err != nil {
			return nil, err
		}
		const most = 256 << 10 // larger pages are generated references, not prose
		if len(old) > most || len(new) > most {
			continue
		}
		pairs = append(pairs, evalPair{Repo: repo, Commit: e.commit, Parent: e.parent, Path: e.path, Old: old, New: new})
	}
	return pairs, nil
}

// evalExtract writes pairs as txtar files: the comment names where the
// edit comes from, the files are the old and new text, cut down to the
// lines that changed and some unchanged text around them.
func evalExtract(dir, half string, pairs []evalPair) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, p := range pairs {
		old, new := evalTrim(p.Old, p.New, 1500)
		a := txtar.Archive{
			Comment: fmt.Appendf(nil, "commit %s\nparent %s\npath %s\n", p.Commit, p.Parent, p.Path),
			Files:   []txtar.File{{Name: "old", Data: []byte(old)}, {Name: "new", Data: []byte(new)}},
		}
		name := filepath.Join(dir, half+"-"+p.Commit[:12]+"-"+strings.NewReplacer("/", "_", ".md", "").Replace(p.Path)+".txtar")
		if err := os.WriteFile(name, txtar.Format(&a), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// evalTrim cuts the unchanged start and end off an edit, at line breaks,
// keeping about keep bytes of them.
func evalTrim(old, new string, keep int) (string, string) {
	p := 0
	for p < len(old) && p < len(new) && old[p] == new[p] {
		p++
	}
	s := 0
	for s < len(old)-p && s < len(new)-p && old[len(old)-1-s] == new[len(new)-1-s] {
		s++
	}
	head := 0
	if p > keep {
		head = strings.LastIndexByte(old[:p-keep], '\n') + 1
	}
	tail := 0
	if s > keep {
		rest := old[len(old)-(s-keep):] // unchanged on both sides
		tail = len(rest) - (strings.IndexByte(rest, '\n') + 1)
	}
	return old[head : len(old)-tail], new[head : len(new)-tail]
}

// evalLoadPair reads a pair written by evalExtract.
func evalLoadPair(data []byte) (evalPair, error) {
	a := txtar.Parse(data)
	var p evalPair
	for _, line := range strings.Split(string(a.Comment), "\n") {
		k, v, _ := strings.Cut(line, " ")
		switch k {
		case "commit":
			p.Commit = v
		case "parent":
			p.Parent = v
		case "path":
			p.Path = v
		}
	}
	for _, f := range a.Files {
		switch f.Name {
		case "old":
			p.Old = string(f.Data)
		case "new":
			p.New = string(f.Data)
		}
	}
	if p.Commit == "" || p.Path == "" || len(a.Files) != 2 {
		return p, fmt.Errorf("want a commit, a path and the files old and new")
	}
	return p, nil
}

// evalRepoName names a repository by its folder, or the folder above a
// git directory named repo or .git.
func evalRepoName(dir string) string {
	dir = filepath.Clean(dir)
	if b := filepath.Base(dir); b == "repo" || b == ".git" {
		dir = filepath.Dir(dir)
	}
	return filepath.Base(dir)
}
