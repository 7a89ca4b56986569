package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/cc-content/cc/cmd/internal/preview"
)

// The browser tests drive a real Chromium (Debian's chromium package; the
// README's test command installs it). Without it they skip, except under
// CI=true, where they fail. One browser serves every subtest, each in a
// tab of its own. With CC_SCREENSHOTS=1 they also write the README's
// screenshots to docs/img.

func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed; scripts/test installs it (apt-get install chromium)")
	}
	t.Skip("chromium is not installed (apt-get install chromium); CI=true makes this a failure")
	return ""
}

// newBrowser starts Chromium for the test: headless, with a fresh profile
// and every background request of its own turned off, so that what the
// page asks for is all the network sees.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		cancelAlloc()
		t.Fatalf("start chromium: %v", err)
	}
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	return bctx
}

// tab opens a new tab of the browser for one subtest, at the given
// viewport size, with a bounded time for everything it does.
func tab(t *testing.T, browser context.Context, width, height int64) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height)); err != nil {
		t.Fatal(err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if os.Getenv("CC_SCREENSHOTS") != "1" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("..", "..", "..", "docs", "img", name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// longParagraph is a paragraph of several lines at any width, with words
// at its end to comment on.
func longParagraph(n int, end string) string {
	return strings.Repeat(fmt.Sprintf("Paragraph %d says what the team will do and why it matters. ", n), 6) + end + "\n\n"
}

const sampleIntro = `Our launch moves to **March**. The date depends on the payment provider, and
everything below follows from it.

`

func sampleDraft() string {
	return sampleIntro + longParagraph(2, "The audience is small teams.") +
		"## Budget\n\n" + longParagraph(3, "We spend less than last year.") +
		"- Hire two writers\n- Cut the print run by half\n\n" +
		"```yaml\nlaunch: 2026-03-02\n```\n\n" +
		"{{< figure src=\"launch.png\" caption=\"The plan\" >}}\n\n" +
		longParagraph(4, "Risks are listed in the appendix.")
}

func TestBrowser(t *testing.T) {
	browser := newBrowser(t)
	t.Run("threads beside their words", func(t *testing.T) { testThreadsBeside(t, browser) })
	t.Run("live update", func(t *testing.T) { testLiveUpdate(t, browser) })
	t.Run("hostile draft", func(t *testing.T) { testHostileDraft(t, browser) })
}

// boxPlace is where a thread's box and its words are on the screen.
type boxPlace struct {
	ID                          string
	BoxTop, BoxBottom, BoxLeft  float64
	MarkTop                     float64
	SrcRight, SrcTop, SrcBottom float64
	MarkInParagraph             float64 // how far down its block the words are
}

const measureBoxes = `Array.from(document.querySelectorAll(".cc-notes .cc-thread")).map(function (b) {
	var id = b.getAttribute("data-t"), blk = b.closest(".cc-blk"), src = blk.querySelector(".cc-src");
	var m = Array.from(src.querySelectorAll("[data-t]")).find(function (h) { return h.getAttribute("data-t").split(" ").indexOf(id) >= 0; });
	var br = b.getBoundingClientRect(), mr = m.getBoundingClientRect(), sr = src.getBoundingClientRect();
	return {ID: id, BoxTop: br.top, BoxBottom: br.bottom, BoxLeft: br.left, MarkTop: mr.top, SrcRight: sr.right, SrcTop: sr.top, SrcBottom: sr.bottom, MarkInParagraph: mr.top - sr.top};
})`

// checkBeside checks that each box stands as high as its words, unless
// the box above reaches lower: then just below that box, never over it.
// Most of the sample's boxes must stand exactly at their words.
func checkBeside(t *testing.T, where string, boxes []boxPlace) {
	t.Helper()
	exact, last := 0, math.Inf(-1)
	for _, b := range boxes {
		want := math.Max(b.MarkTop, last+12)
		if math.Abs(b.BoxTop-want) > 3 {
			t.Errorf("%s: thread %s box at y=%.0f, its words at y=%.0f, the box above ends at y=%.0f", where, b.ID, b.BoxTop, b.MarkTop, last)
		}
		if math.Abs(b.BoxTop-b.MarkTop) <= 3 {
			exact++
		}
		last = b.BoxBottom
	}
	if exact < len(boxes)-2 {
		t.Errorf("%s: only %d of %d boxes stand at their words", where, exact, len(boxes))
	}
}

func testThreadsBeside(t *testing.T, browser context.Context) {
	s := newSite(t, Options{})
	id := s.draft(t, "Launch plan", sampleDraft())
	quotes := []string{"March", "small teams", "less than last year", "print run", "2026-03-02", "figure", "in the appendix"}
	for i, q := range quotes {
		s.comment(t, id, q, fmt.Sprintf("Comment %d on %q.", i+1, q))
	}
	ctx := tab(t, browser, 1400, 1000)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/d/"+id), chromedp.WaitReady("article")); err != nil {
		t.Fatal(err)
	}
	boxes := eval[[]boxPlace](t, ctx, measureBoxes)
	if len(boxes) != len(quotes) {
		t.Fatalf("%d thread boxes in the margin, want %d", len(boxes), len(quotes))
	}
	checkBeside(t, "served page", boxes)
	deep := 0
	for _, b := range boxes {
		if b.BoxLeft < b.SrcRight {
			t.Errorf("thread %s: box starts at x=%.0f, inside the text that ends at x=%.0f", b.ID, b.BoxLeft, b.SrcRight)
		}
		if b.MarkInParagraph > 40 {
			deep++
		}
	}
	if deep < 3 {
		t.Errorf("only %d quotes stand below the first line of their block; the test would not tell a box at its words from one at its block", deep)
	}

	// On a phone, each box is below its paragraph.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Reload(), chromedp.WaitReady("article")); err != nil {
		t.Fatal(err)
	}
	for _, b := range eval[[]boxPlace](t, ctx, measureBoxes) {
		if b.BoxTop < b.SrcBottom || b.BoxLeft > 60 {
			t.Errorf("phone width: thread %s box at (%.0f, %.0f), its paragraph ends at y=%.0f", b.ID, b.BoxLeft, b.BoxTop, b.SrcBottom)
		}
	}
	screenshot(t, ctx, "preview-phone.png")

	// The preview file lays out the same way, from a file with no server.
	file := previewFile(t, s, id)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1400, 1000), chromedp.Navigate("file://"+file), chromedp.WaitReady("article")); err != nil {
		t.Fatal(err)
	}
	checkBeside(t, "preview file", eval[[]boxPlace](t, ctx, measureBoxes))
	screenshot(t, ctx, "preview.png")
}

// testLiveUpdate keeps a page open while the branch moves, by cc's own
// action and by the real git, and checks that the page shows each change
// within a second, without a reload and at the same scroll position.
func testLiveUpdate(t *testing.T, browser context.Context) {
	s := newSite(t, Options{})
	id := s.draft(t, "Launch plan", sampleDraft())
	s.comment(t, id, "small teams", "Which teams?")
	ctx := tab(t, browser, 1400, 700)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/d/"+id), chromedp.WaitReady("article")); err != nil {
		t.Fatal(err)
	}
	// Give the page's event stream its first event, then mark the page:
	// a reload would lose the mark.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.body.getAttribute("data-live") === "on"`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatal(err)
	}
	eval[chromedp.Void](t, ctx, `window.scrollTo(0, 300); window.ccStayed = "yes"`)
	time.Sleep(200 * time.Millisecond) // the stream is open

	waitFor := func(what, js string) {
		t.Helper()
		start := time.Now()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(time.Second))); err != nil {
			t.Fatalf("%s: the open page did not show it within a second: %v", what, err)
		}
		t.Logf("%s: shown after %v", what, time.Since(start).Round(time.Millisecond))
		if got := eval[string](t, ctx, `window.ccStayed || "reloaded"`); got != "yes" {
			t.Fatalf("%s: the page was reloaded", what)
		}
		if y := eval[float64](t, ctx, `window.scrollY`); y != 300 {
			t.Fatalf("%s: scrolled to %v, want 300", what, y)
		}
	}
	s.comment(t, id, "less than last year", "By how much?")
	waitFor("a cc comment", `document.body.innerText.indexOf("By how much?") >= 0`)

	file := filepath.Join(s.dir, "content", "posts", "launch-plan.md")
	if err := os.WriteFile(file, []byte(strings.Replace(readFile(t, s.dir, "content/posts/launch-plan.md"), "small teams", "small and busy teams", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	s.git(t, "commit", "-qam", "Busy teams")
	waitFor("a git commit", `document.body.innerText.indexOf("small and busy teams") >= 0`)
	screenshot(t, ctx, "live-update.png")
}

// requestLog is every request a test server got.
type requestLog struct {
	mu    sync.Mutex
	paths []string
}

func (l *requestLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	l.paths = append(l.paths, r.URL.Path)
	l.mu.Unlock()
	w.Header().Set("Content-Type", "text/html")
	fmt.Fprint(w, `<script>parent.ccPwned = "from the server"</script>`)
}

func (l *requestLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.paths...)
}

// hostileDraft tries every way a draft could run script or reach the
// server at r.
func hostileDraft(r string) string {
	return strings.ReplaceAll(`A hostile draft.

<script>window.ccPwned = "script"; fetch("R/fetch")</script>

<img src="R/raw-img" onerror="window.ccPwned = 'onerror'">

<svg onload="window.ccPwned = 'svg'"><image href="R/svg-image"/><script>window.ccPwned = "svg script"</script></svg>

<iframe src="R/iframe"></iframe><object data="R/object"></object><embed src="R/embed">

<link rel="stylesheet" href="R/link-css"><style>@import url("R/import"); body { background: url("R/background") }</style>

<meta http-equiv="refresh" content="0; url=R/refresh">

<base href="R/base/"><form action="R/form"><button id="go">go</button></form>

<a href="javascript:window.ccPwned='raw link'">raw link</a> <div onmouseover="window.ccPwned = 'hover'">hover me</div>

<video src="R/video" autoplay></video><audio src="R/audio" autoplay></audio>

Links: [plain](javascript:window.ccPwned='md') [entity](&#106;avascript&#58;window.ccPwned='entity')
[case](JaVaScRiPt:window.ccPwned='case') [tab](<java	script:window.ccPwned='tab'>)
[newline](java&#10;script:window.ccPwned='newline') [control](&#1;javascript:window.ccPwned='control')
[vbscript](vbscript:msgbox(1)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
<javascript:window.ccPwned='autolink'> [svg](data:image/svg+xml,<svg/onload=alert(1)>)

![tracking pixel](R/pixel.gif) ![svg image](data:image/svg+xml;base64,PHN2Zy8+) ![relative](cover.png)

{{< youtube "R/shortcode" >}}

The end.
`, "R", r)
}

// watchRequests records every request the tab makes, and every violation
// of its Content-Security-Policy the page reports.
func watchRequests(t *testing.T, ctx context.Context) func() []string {
	t.Helper()
	var mu sync.Mutex
	var urls []string
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			urls = append(urls, e.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.ccViolations = []; document.addEventListener("securitypolicyviolation", function (e) { window.ccViolations.push(e.violatedDirective + " " + e.blockedURI); });`,
	}); err != nil {
		t.Fatal(err)
	}
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), urls...)
	}
}

// provoke clicks every link and button and hovers every element, as a
// curious reader would.
const provoke = `document.querySelectorAll("*").forEach(function (el) {
	el.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
});
document.querySelectorAll("article a, article button").forEach(function (el) { try { el.click(); } catch (e) {} });`

// testHostileDraft loads a draft written to attack its reader, as a
// preview file and as a served page, with raw HTML shown as text (the
// default) and let through (preview.raw_html), and checks that none of
// its script runs and the page asks for nothing but itself.
func testHostileDraft(t *testing.T, browser context.Context) {
	log := &requestLog{}
	evil := httptest.NewServer(log)
	defer evil.Close()

	s := newSite(t, Options{})
	id := s.draft(t, "Hostile", hostileDraft(evil.URL))
	for _, raw := range []bool{false, true} {
		if raw {
			config := filepath.Join(s.dir, ".cc", "config.yaml")
			if err := os.WriteFile(config, []byte(readFile(t, s.dir, ".cc/config.yaml")+"preview:\n  raw_html: true\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			s.git(t, "commit", "-qam", "Let raw HTML through")
		}
		file := previewFile(t, s, id)
		for _, tt := range []struct {
			name, url string
			allowed   []string // the only requests the page may make
		}{
			{"preview file", "file://" + file, []string{"file://" + file}},
			{"served page", s.base + "/d/" + id, []string{s.base + "/d/" + id, s.base + "/events"}},
		} {
			t.Run(fmt.Sprintf("%s, raw HTML %v", tt.name, raw), func(t *testing.T) {
				ctx := tab(t, browser, 1400, 1000)
				requests := watchRequests(t, ctx)
				if err := chromedp.Do(ctx, chromedp.Navigate(tt.url), chromedp.WaitReady("article")); err != nil {
					t.Fatal(err)
				}
				if text := eval[string](t, ctx, `document.body.innerText`); !strings.Contains(text, "The end.") || !strings.Contains(text, "hover me") {
					t.Fatalf("the hostile draft did not render: %q", text)
				}
				if got := eval[bool](t, ctx, `document.querySelector("article div") !== null && document.querySelector("article div").textContent.indexOf("hover me") >= 0`); got != raw {
					t.Errorf("raw HTML let through: %v, want %v", got, raw)
				}
				eval[chromedp.Void](t, ctx, provoke)
				time.Sleep(300 * time.Millisecond)
				if got := eval[string](t, ctx, `String(window.ccPwned)`); got != "undefined" {
					t.Errorf("a script of the draft ran: ccPwned = %q", got)
				}
				if got := eval[string](t, ctx, `location.href`); got != tt.url {
					t.Errorf("the page navigated to %s", got)
				}
				if hits := log.all(); len(hits) > 0 {
					t.Errorf("the page reached the outside server: %v", hits)
				}
				for _, u := range requests() {
					ok := strings.HasPrefix(u, "data:")
					for _, a := range tt.allowed {
						ok = ok || u == a
					}
					if !ok {
						t.Errorf("the page asked for %s", u)
					}
				}
				violations, _ := json.Marshal(eval[[]string](t, ctx, `window.ccViolations`))
				t.Logf("CSP violations reported: %s", violations)
			})
		}
	}
}

// previewFile writes the preview of draft id, as cc preview makes it with
// the repository's configuration, to a file.
func previewFile(t *testing.T, s *site, id string) string {
	t.Helper()
	v, err := s.repo.View()
	if err != nil {
		t.Fatal(err)
	}
	e, err := v.FindDraft(id)
	if err != nil {
		t.Fatal(err)
	}
	p, err := v.Page(e, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	o := preview.Options{Commit: v.Commit()}
	o.Render.RawHTML = v.Config().Preview.RawHTML
	html, err := preview.Draft(p, o)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "draft.html")
	if err := os.WriteFile(file, html, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}
