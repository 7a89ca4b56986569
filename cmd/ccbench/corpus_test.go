package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func TestMain(m *testing.M) {
	if os.Getenv(spawnEnv) != "" {
		os.Exit(spawnMain()) // the runner measures commands through this binary
	}
	code := m.Run()
	for _, dir := range []string{shared.dir, sharedSigned.dir, sharedAdopted.dir} {
		if dir != "" {
			os.RemoveAll(filepath.Dir(dir))
		}
	}
	os.Exit(code)
}

// The small corpus of the tests: big enough to have every event type, nested
// folders and batched commits, small enough to make in about a second.
var small = corpusOptions{drafts: 200, events: 2000, commits: 300, heavy: 1000, seed: 1}

// testCorpus is a corpus generated once and shared by the tests that only
// read it; TestMain removes it.
type testCorpus struct {
	once sync.Once
	dir  string
	man  *manifest
	err  error
}

var shared testCorpus

// get generates the corpus of o on first use.
func (c *testCorpus) get(t *testing.T, o corpusOptions) (string, *manifest) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("the corpus tests need git on PATH")
	}
	c.once.Do(func() {
		tmp, err := os.MkdirTemp("", "ccbench-test-")
		if err != nil {
			c.err = err
			return
		}
		o.dir = filepath.Join(tmp, "corpus")
		c.dir = o.dir
		c.man, c.err = generateCorpus(o, io.Discard)
	})
	if c.err != nil {
		t.Fatal(c.err)
	}
	return c.dir, c.man
}

// smallCorpus generates the small corpus once for all tests that only read it.
func smallCorpus(t *testing.T) (string, *manifest) {
	t.Helper()
	return shared.get(t, small)
}

func mustGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := gitOutput(dir, nil, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCorpusIsAValidCleanRepository(t *testing.T) {
	dir, m := smallCorpus(t)
	if out, err := exec.Command("git", "-C", dir, "fsck", "--strict").CombinedOutput(); err != nil {
		t.Fatalf("git fsck --strict: %v\n%s", err, out)
	}
	if st := mustGit(t, dir, "status", "--porcelain"); st != "" {
		t.Errorf("git status --porcelain is not empty:\n%s", st)
	}
	if n := mustGit(t, dir, "rev-list", "--count", "HEAD"); n != strconv.Itoa(small.commits) {
		t.Errorf("commits = %s, want %d", n, small.commits)
	}
	files := strings.Split(mustGit(t, dir, "ls-files"), "\n")
	var drafts, events int
	folders := map[string]bool{}
	for _, f := range files {
		switch {
		case strings.HasPrefix(f, "content/") && strings.HasSuffix(f, ".md"):
			drafts++
			folders[filepath.Dir(f)] = true
			if strings.Count(f, "/") != 3 {
				t.Errorf("draft %s is not at content/<section>/<subsection>/<slug>.md", f)
			}
		case strings.HasPrefix(f, ".cc/reviews/") && strings.HasSuffix(f, ".yaml"):
			events++
		}
	}
	if drafts != small.drafts || events != small.events {
		t.Errorf("ls-files: %d drafts and %d events, want %d and %d", drafts, events, small.drafts, small.events)
	}
	if len(folders) < 40 {
		t.Errorf("drafts are in %d folders; want them spread over many", len(folders))
	}
	heavy := strings.Split(mustGit(t, dir, "ls-files", ".cc/reviews/"+m.Heavy.ID), "\n")
	if len(heavy) != small.heavy || m.Heavy.Events != small.heavy {
		t.Errorf("heavy draft %s has %d event files (manifest %d), want %d", m.Heavy.ID, len(heavy), m.Heavy.Events, small.heavy)
	}
	for _, f := range []string{".cc/config.yaml", ".gitattributes"} {
		if !slices.Contains(files, f) {
			t.Errorf("%s is not committed", f)
		}
	}
	// Every event is named by exactly one Cc-Event trailer in the history.
	trailers := mustGit(t, dir, "log", "--format=%(trailers:key=Cc-Event,valueonly)")
	if n := len(strings.Fields(trailers)); n != small.events {
		t.Errorf("history has %d Cc-Event trailers, want %d", n, small.events)
	}
	// The manifest the runner reads is in the git dir.
	data, err := os.ReadFile(filepath.Join(dir, ".git", manifestName))
	if err != nil {
		t.Fatal(err)
	}
	var back manifest
	if err := json.Unmarshal(data, &back); err != nil || back.Head != m.Head || back.Head != mustGit(t, dir, "rev-parse", "HEAD") {
		t.Errorf("manifest in the git dir: %v, head %q, want %q", err, back.Head, m.Head)
	}
}

// catFile reads objects through one `git cat-file --batch`.
type catFile struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

func newCatFile(t *testing.T, dir string) *catFile {
	cmd := exec.Command("git", "cat-file", "--batch")
	cmd.Dir = dir
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Close(); cmd.Wait() })
	return &catFile{cmd, in, bufio.NewReader(out)}
}

func (c *catFile) blob(name string) ([]byte, error) {
	fmt.Fprintln(c.in, name)
	hdr, err := c.out.ReadString('\n')
	if err != nil {
		return nil, err
	}
	f := strings.Fields(hdr)
	if len(f) != 3 || f[1] != "blob" {
		return nil, fmt.Errorf("%s: %s", name, strings.TrimSpace(hdr))
	}
	n, _ := strconv.Atoi(f[2])
	buf := make([]byte, n+1)
	if _, err := io.ReadFull(c.out, buf); err != nil {
		return nil, err
	}
	return buf[:n], nil
}

// fileEvent is an event file as docs/format.md defines it.
type fileEvent struct {
	CC     int    `yaml:"cc"`
	ID     string `yaml:"id"`
	Type   string `yaml:"type"`
	Draft  string `yaml:"draft"`
	Thread string `yaml:"thread"`
	Author struct {
		Name  string `yaml:"name"`
		Email string `yaml:"email"`
	} `yaml:"author"`
	Time     string   `yaml:"time"`
	Clock    int      `yaml:"clock"`
	Answers  []string `yaml:"answers"`
	Body     string   `yaml:"body"`
	Reviewer string   `yaml:"reviewer"`
	Due      string   `yaml:"due"`
	Blob     string   `yaml:"blob"`
	Anchor   *struct {
		Quote    string `yaml:"quote"`
		Prefix   string `yaml:"prefix"`
		Suffix   string `yaml:"suffix"`
		Position *int   `yaml:"position"`
		Blob     string `yaml:"blob"`
	} `yaml:"anchor"`
}

var (
	ulidRE  = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{26}$`)
	idRE    = regexp.MustCompile(`^[2-9a-hjkmnp-z]{6}$`)
	sha1RE  = regexp.MustCompile(`^[0-9a-f]{40}$`)
	allowed = map[string]bool{"comment": true, "reply": true, "resolve": true, "approve": true,
		"request-review": true, "request-changes": true, "submit": true}
)

func TestCorpusEventsFollowTheFormat(t *testing.T) {
	dir, _ := smallCorpus(t)
	checkEvents(t, dir, small.events)
}

// checkEvents checks every event file of the corpus in dir, of events
// events in all, against docs/format.md and the blobs they name.
func checkEvents(t *testing.T, dir string, events int) {
	t.Helper()
	cat := newCatFile(t, dir)
	files := strings.Split(mustGit(t, dir, "ls-files", ".cc/reviews"), "\n")
	slices.Sort(files) // ULID names: creation order inside each draft
	seen := map[string]*fileEvent{}
	lastClock := map[string]int{}
	types := map[string]int{}
	anchored := 0
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		var e fileEvent
		if err := yaml.Unmarshal(data, &e); err != nil {
			t.Fatalf("%s: %v\n%s", f, err, data)
		}
		parts := strings.Split(f, "/")
		bad := func(format string, args ...any) {
			t.Helper()
			t.Errorf("%s: "+format+"\n%s", append([]any{f}, append(args, data)...)...)
		}
		switch {
		case e.CC != 1:
			bad("cc = %d", e.CC)
		case !ulidRE.MatchString(e.ID) || parts[3] != e.ID+".yaml":
			bad("id %q does not name the file", e.ID)
		case e.Draft != parts[2] || !idRE.MatchString(e.Draft):
			bad("draft %q is not the folder's", e.Draft)
		case !allowed[e.Type]:
			bad("type %q", e.Type)
		case e.Author.Name == "" || !strings.Contains(e.Author.Email, "@"):
			bad("author %+v", e.Author)
		case e.Clock <= lastClock[e.Draft]:
			bad("clock %d after %d: Lamport clocks must increase per draft", e.Clock, lastClock[e.Draft])
		case e.Answers == nil:
			bad("answers missing")
		}
		lastClock[e.Draft] = e.Clock
		if keys := topLevelKeys(data); !inOrder(keys, writeOrder) {
			bad("keys %v are not in the order cc writes them", keys)
		}
		if _, err := time.Parse(time.RFC3339, e.Time); err != nil {
			bad("time: %v", err)
		}
		types[e.Type]++
		switch e.Type {
		case "comment":
			if e.Thread != e.ID || e.Body == "" {
				bad("a comment opens its own thread and has a body")
			}
		case "reply":
			prev := seen[firstOr(e.Answers)]
			if len(e.Answers) != 1 || prev == nil || e.Thread == "" || prev.Thread != e.Thread || e.Body == "" {
				bad("a reply answers one earlier event of its thread")
			}
		case "resolve":
			if open := seen[e.Thread]; open == nil || open.Type != "comment" {
				bad("resolve of unknown thread %q", e.Thread)
			}
		case "approve":
			if !sha1RE.MatchString(e.Blob) {
				bad("approve without blob")
			} else if _, err := cat.blob(e.Blob); err != nil {
				bad("approved blob is not in the repository: %v", err)
			}
		case "request-review":
			if e.Reviewer == "" || e.Due == "" {
				bad("request-review needs reviewer and due")
			}
		}
		if a := e.Anchor; a != nil {
			anchored++
			if a.Position == nil || !sha1RE.MatchString(a.Blob) || a.Quote == "" {
				bad("incomplete anchor")
				continue
			}
			content, err := cat.blob(a.Blob)
			if err != nil {
				bad("anchor blob: %v", err)
				continue
			}
			body := []rune(draftBody(string(content)))
			p, q := *a.Position, []rune(a.Quote)
			switch {
			case p+len(q) > len(body) || string(body[p:p+len(q)]) != a.Quote:
				bad("quote is not at position %d of the anchored draft", p)
			case len([]rune(a.Prefix)) > 32 || len([]rune(a.Suffix)) > 32:
				bad("prefix or suffix longer than 32 characters")
			case string(body[p-len([]rune(a.Prefix)):p]) != a.Prefix ||
				!strings.HasPrefix(string(body[p+len(q):]), a.Suffix):
				bad("prefix or suffix do not surround the quote")
			}
		}
		seen[e.ID] = &e
	}
	for _, typ := range []string{"comment", "reply", "resolve", "approve"} {
		if types[typ] < events/50 {
			t.Errorf("only %d %s events in %v", types[typ], typ, types)
		}
	}
	if anchored < types["comment"]/2 {
		t.Errorf("only %d of %d comments are anchored", anchored, types["comment"])
	}
}

// writeOrder is the key order of docs/format.md ("cc writes keys in this
// order").
var writeOrder = []string{"cc", "id", "type", "draft", "thread", "author", "time", "clock", "answers",
	"body", "anchor", "replacement", "reviewer", "assignee", "due", "blob", "decision", "followups", "signature"}

func topLevelKeys(data []byte) []string {
	var keys []string
	for _, l := range strings.Split(string(data), "\n") {
		if k, _, ok := strings.Cut(l, ":"); ok && l != "" && l[0] != ' ' {
			keys = append(keys, k)
		}
	}
	return keys
}

func inOrder(keys, order []string) bool {
	last := -1
	for _, k := range keys {
		i := slices.Index(order, k)
		if i <= last {
			return false
		}
		last = i
	}
	return true
}

func firstOr(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func TestCorpusDraftsHaveFrontMatter(t *testing.T) {
	dir, _ := smallCorpus(t)
	ids := map[string]bool{}
	for _, f := range strings.Split(mustGit(t, dir, "ls-files", "content"), "\n") {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		s := string(data)
		end := strings.Index(s, "\n---\n")
		if !strings.HasPrefix(s, "---\n") || end < 0 {
			t.Fatalf("%s: no front matter", f)
		}
		var fm struct {
			ID     string    `yaml:"id"`
			Title  string    `yaml:"title"`
			Date   time.Time `yaml:"date"`
			Tags   []string  `yaml:"tags"`
			Author string    `yaml:"author"`
		}
		if err := yaml.Unmarshal([]byte(s[4:end+1]), &fm); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !idRE.MatchString(fm.ID) || ids[fm.ID] || fm.Title == "" || fm.Date.IsZero() || len(fm.Tags) == 0 || fm.Author == "" {
			t.Errorf("%s: front matter %+v (id reused: %v)", f, fm, ids[fm.ID])
		}
		ids[fm.ID] = true
		body := draftBody(s)
		if !strings.HasPrefix(body, "# "+fm.Title+"\n\n") || len(body) < 300 {
			t.Errorf("%s: body does not start with its title or is short", f)
		}
	}
}

func TestCorpusIsDeterministic(t *testing.T) {
	_, m := smallCorpus(t)
	again := small
	again.dir = filepath.Join(t.TempDir(), "again")
	m2, err := generateCorpus(again, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if m2.Head != m.Head || m2.Heavy.ID != m.Heavy.ID || m2.Typical != m.Typical {
		t.Errorf("same seed, different corpus: %s vs %s", m2.Head, m.Head)
	}
	// The corpus the benchmarks were measured on stays what it was.
	if want := "c303dbcaed35d51cd7e452bcdd010c68d5891dbb"; m.Head != want {
		t.Errorf("the small corpus of seed 1 has head %s, want %s as before", m.Head, want)
	}
	other := small
	other.dir, other.seed = filepath.Join(t.TempDir(), "other"), 2
	m3, err := generateCorpus(other, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if m3.Head == m.Head {
		t.Error("seeds 1 and 2 gave the same corpus")
	}
}

func TestCorpusRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	o := small
	o.dir = dir
	if _, err := generateCorpus(o, io.Discard); err == nil {
		t.Error("generated into a non-empty directory")
	}
}

func TestULIDSortsByTime(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	a, b := ulid(1_700_000_000_000, rng), ulid(1_700_000_000_001, rng)
	if !ulidRE.MatchString(a) || !ulidRE.MatchString(b) || a >= b {
		t.Errorf("ulids %s, %s", a, b)
	}
	if got := ulid(0, rng)[:10]; got != "0000000000" {
		t.Errorf("time part of 0 = %s", got)
	}
}

func TestBlobIDMatchesGit(t *testing.T) {
	content := []byte("hello\n")
	if got, want := blobID(content), "ce013625030ba8dba906f756967f9e9ca394464a"; got != want {
		t.Errorf("blobID = %s, want %s", got, want)
	}
}

func TestYAMLScalarsReadBack(t *testing.T) {
	for _, s := range []string{
		"Ada Lovelace", "Liam O’Connor", "Notes on x: y", "yes", "2024", "- dash", "#tag",
		"a \"quoted\" word", "back\\slash", "line\nbreak", "trailing ", "", "tab\there",
		"ends with colon:", "[bracket]", "@at", "café — naïve",
	} {
		for _, enc := range []string{yamlScalar(s), yamlQuote(s)} {
			var m map[string]string
			if err := yaml.Unmarshal([]byte("k: "+enc+"\n"), &m); err != nil {
				t.Errorf("%q as %s: %v", s, enc, err)
				continue
			}
			if m["k"] != s {
				t.Errorf("%q written as %s reads back as %q", s, enc, m["k"])
			}
		}
	}
}

func TestAnchorIn(t *testing.T) {
	content := []byte("---\nid: k3x9q2\ntitle: T\n---\n# Café plan\n\nWe will ship in March.\n")
	a, err := anchorIn(content, "ship in")
	if err != nil {
		t.Fatal(err)
	}
	if a.position != 21 || a.prefix != "# Café plan\n\nWe will " || a.suffix != " March.\n" || a.blob != blobID(content) {
		t.Errorf("anchor = %+v", a)
	}
	if _, err := anchorIn(content, "not there"); err == nil {
		t.Error("found a quote that is not in the draft")
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"What’s new in the changelog":           "whats-new-in-the-changelog",
		"A year of webinars (2024 edition)":     "a-year-of-webinars-2024-edition",
		"Notes on two-factor sign-in, part two": "notes-on-two-factor-sign-in-part-two",
	} {
		if got := slugify(in); got != want {
			t.Errorf("slugify(%q) = %q, want %q", in, got, want)
		}
	}
}
