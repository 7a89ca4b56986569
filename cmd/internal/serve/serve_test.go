package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/review"
)

func TestMain(m *testing.M) {
	// Keep the host's git configuration out of every test.
	home, err := os.MkdirTemp("", "serve-home-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for k, v := range map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"), "GIT_CONFIG_NOSYSTEM": "1",
		"GIT_AUTHOR_NAME": "Lin Git", "GIT_AUTHOR_EMAIL": "lin@example.com",
		"GIT_COMMITTER_NAME": "Lin Git", "GIT_COMMITTER_EMAIL": "lin@example.com",
	} {
		os.Setenv(k, v)
	}
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}

var (
	ada = review.Person{Name: "Ada Writer", Email: "ada@example.com"}
	t0  = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
)

func as(p review.Person, t time.Time) repo.Actor { return repo.Actor{Author: p, Committer: p, Now: t} }

// site is a content repository served on 127.0.0.1 for the length of a
// test.
type site struct {
	repo *repo.Repo
	dir  string
	base string // http://127.0.0.1:PORT
	stop func() error
}

func newSite(t *testing.T, o Options) *site {
	t.Helper()
	r, dir := setupRepo(t)
	return serveRepo(t, r, dir, o)
}

// setupRepo is a new content repository set up by cc, not yet served.
func setupRepo(t *testing.T) (*repo.Repo, string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("these tests need git on PATH")
	}
	dir := t.TempDir()
	r, err := repo.Create(dir, repo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := repo.PlanSetup(nil, dir, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Setup(as(ada, t0), plan); err != nil {
		t.Fatal(err)
	}
	return r, dir
}

func serveRepo(t *testing.T, r *repo.Repo, dir string, o Options) *site {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- New(r, o).Serve(ctx, ln) }()
	s := &site{repo: r, dir: dir, base: "http://" + ln.Addr().String()}
	stopped := false
	s.stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-errc:
			return err
		case <-time.After(5 * time.Second):
			return fmt.Errorf("the server did not stop within 5s")
		}
	}
	t.Cleanup(func() {
		if err := s.stop(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func (s *site) draft(t *testing.T, title, body string) string {
	t.Helper()
	c, err := s.repo.NewDraft(as(ada, t0), repo.NewDraft{Title: title, Body: []byte(body)})
	if err != nil {
		t.Fatal(err)
	}
	return c.Entry.ID
}

func (s *site) comment(t *testing.T, id, quote, text string) {
	t.Helper()
	if _, err := s.repo.Comment(as(ada, t0.Add(time.Minute)), id, repo.Comment{Quote: quote, Body: text}); err != nil {
		t.Fatal(err)
	}
}

func (s *site) git(t *testing.T, args ...string) string {
	t.Helper()
	c := exec.Command("git", args...)
	c.Dir = s.dir
	out, err := c.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func get(t *testing.T, method, url, host string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(body)
}

func TestCheckAddr(t *testing.T) {
	for _, tt := range []struct {
		addr   string
		public bool
		ok     bool
	}{
		{"127.0.0.1:7070", false, true},
		{"127.0.0.2:0", false, true},
		{"[::1]:7070", false, true},
		{"localhost:7070", false, true},
		{":7070", false, false},
		{"0.0.0.0:7070", false, false},
		{"192.168.1.4:7070", false, false},
		{"example.com:80", false, false},
		{"0.0.0.0:7070", true, true},
		{"7070", false, false},
	} {
		err := CheckAddr(tt.addr, tt.public)
		if (err == nil) != tt.ok {
			t.Errorf("CheckAddr(%q, %v) = %v", tt.addr, tt.public, err)
		}
		if err != nil && !strings.Contains(err.Error(), tt.addr) {
			t.Errorf("CheckAddr(%q) error does not name the address: %v", tt.addr, err)
		}
	}
}

func TestServePages(t *testing.T) {
	s := newSite(t, Options{})
	id := s.draft(t, "Launch plan", "We launch in March.\n\nThe budget is small.\n")
	s.comment(t, id, "in March", "Which week?")
	if err := os.WriteFile(filepath.Join(s.dir, "content/posts/launch-plan.md"),
		[]byte(strings.Replace(readFile(t, s.dir, "content/posts/launch-plan.md"), "is small", "is tiny", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	s.git(t, "commit", "-qam", "Say tiny")

	code, h, body := get(t, "GET", s.base+"/", "")
	if code != 200 || !strings.Contains(body, `<a href="/d/`+id+`">Launch plan</a>`) {
		t.Fatalf("board: %d\n%s", code, body)
	}
	if csp := h.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'none'; ") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("board CSP %q", csp)
	}
	code, _, body = get(t, "GET", s.base+"/d/"+id, "")
	if code != 200 || !strings.Contains(body, `<mark class="cc-hl"`) || !strings.Contains(body, "Which week?") {
		t.Fatalf("draft page: %d\n%s", code, body)
	}
	code, _, body = get(t, "GET", s.base+"/d/content/posts/launch-plan.md", "")
	if code != 200 || !strings.Contains(body, "Which week?") {
		t.Fatalf("draft page by path: %d", code)
	}
	code, _, body = get(t, "GET", s.base+"/h/"+id, "")
	if code != 200 || !strings.Contains(body, `<span class="del">-The budget is small.</span><span class="add">+The budget is tiny.</span>`) ||
		!strings.Contains(body, "Say tiny · Lin Git") {
		t.Fatalf("history page: %d\n%s", code, body)
	}
	for _, tt := range []struct {
		method, path, host string
		code               int
	}{
		{"GET", "/d/nosuch", "", 404},
		{"POST", "/", "", 405},
		{"PUT", "/d/" + id, "", 405},
		{"DELETE", "/d/" + id, "", 405},
		{"GET", "/", "attacker.example:80", 421},
		{"GET", "/", "localhost:1", 200},
	} {
		if code, _, _ := get(t, tt.method, s.base+tt.path, tt.host); code != tt.code {
			t.Errorf("%s %s (Host %q) = %d, want %d", tt.method, tt.path, tt.host, code, tt.code)
		}
	}
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// events reads the tips a live page would be told.
func events(t *testing.T, base string) <-chan string {
	t.Helper()
	resp, err := http.Get(base + "/events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("/events is %q", ct)
	}
	tips := make(chan string, 16)
	go func() {
		defer close(tips)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if tip, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				tips <- tip
			}
		}
	}()
	return tips
}

func nextTip(t *testing.T, tips <-chan string, within time.Duration) string {
	t.Helper()
	select {
	case tip := <-tips:
		return tip
	case <-time.After(within):
		t.Fatalf("no event within %v", within)
	}
	return ""
}

// TestServeFollowsBranch moves the branch with cc's own action and with the
// real git, and checks that an open event stream hears of each new tip
// within a second, with no request in between to make the server look.
func TestServeFollowsBranch(t *testing.T) {
	s := newSite(t, Options{})
	id := s.draft(t, "Plan", "One.\n\nTwo.\n")
	tips := events(t, s.base)
	if first := nextTip(t, tips, time.Second); first != s.git(t, "rev-parse", "HEAD") {
		t.Fatalf("first tip %s", first)
	}
	s.comment(t, id, "Two", "Why two?")
	if tip := nextTip(t, tips, time.Second); tip != s.git(t, "rev-parse", "HEAD") {
		t.Fatalf("after a comment: tip %s, HEAD %s", tip, s.git(t, "rev-parse", "HEAD"))
	}
	if err := os.WriteFile(filepath.Join(s.dir, "notes.txt"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.git(t, "add", "notes.txt")
	s.git(t, "commit", "-qm", "Notes")
	if tip := nextTip(t, tips, time.Second); tip != s.git(t, "rev-parse", "HEAD") {
		t.Fatalf("after git commit: tip %s, HEAD %s", tip, s.git(t, "rev-parse", "HEAD"))
	}
	s.git(t, "checkout", "-qb", "topic/one")
	s.git(t, "commit", "-q", "--allow-empty", "-m", "On a topic branch")
	if tip := nextTip(t, tips, time.Second); tip != s.git(t, "rev-parse", "HEAD") {
		t.Fatalf("on a new branch in a new ref folder: tip %s, HEAD %s", tip, s.git(t, "rev-parse", "HEAD"))
	}
}

// TestServeShutdown stops the server with a page open on its event stream:
// Serve returns promptly and without an error.
func TestServeShutdown(t *testing.T) {
	s := newSite(t, Options{})
	tips := events(t, s.base)
	nextTip(t, tips, time.Second)
	start := time.Now()
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("shutdown took %v", d)
	}
	select {
	case _, open := <-tips:
		if open {
			t.Error("an event after shutdown")
		}
	case <-time.After(2 * time.Second):
		t.Error("the event stream stayed open after shutdown")
	}
}

// TestServeKeepsPages checks what a draft's page is kept by: a commit that
// does not touch the draft, its review or the settings reuses the page; a
// comment on it, or a change of the configuration, makes a new one.
func TestServeKeepsPages(t *testing.T) {
	s := newSite(t, Options{})
	id := s.draft(t, "Plan", "One.\n\nTwo.\n")
	other := s.draft(t, "Other", "Three.\n")
	srv := New(s.repo, Options{})
	h := srv.Handler()
	draftPages := func() int {
		srv.cache.mu.Lock()
		defer srv.cache.mu.Unlock()
		n := 0
		for k := range srv.cache.pages {
			if strings.HasPrefix(k, "draft ") {
				n++
			}
		}
		return n
	}
	page := func() string {
		t.Helper()
		req := httptest.NewRequest("GET", "http://127.0.0.1:1/d/"+id, nil)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			t.Fatalf("GET /d/%s: %d", id, w.Code)
		}
		return w.Body.String()
	}
	first := page()
	s.comment(t, other, "Three", "Not this draft.")
	if err := os.WriteFile(filepath.Join(s.dir, "notes.txt"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.git(t, "add", "notes.txt")
	s.git(t, "commit", "-qm", "Notes")
	if again := page(); again != first || draftPages() != 1 {
		t.Fatalf("after commits that leave the draft alone: %d pages kept, same page %v", draftPages(), again == first)
	}
	s.comment(t, id, "Two", "Why two?")
	if p := page(); !strings.Contains(p, "Why two?") || draftPages() != 2 {
		t.Fatalf("after a comment on the draft: %d pages kept, comment shown %v", draftPages(), strings.Contains(p, "Why two?"))
	}
	config := filepath.Join(s.dir, ".cc", "config.yaml")
	if err := os.WriteFile(config, []byte(readFile(t, s.dir, ".cc/config.yaml")+"preview:\n  raw_html: true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.git(t, "commit", "-qam", "Raw HTML")
	page()
	if n := draftPages(); n != 3 {
		t.Fatalf("after a change of the configuration: %d pages kept, want 3", n)
	}
}
