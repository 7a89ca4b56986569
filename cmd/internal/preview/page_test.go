package preview

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/review"
)

// testPage is a draft with a comment on "second paragraph" and a decision
// on it, placed as repo places them.
func testPage(t *testing.T) repo.DraftPage {
	t.Helper()
	d, err := content.Parse("content/plan.md", []byte("---\ntitle: Plan\nid: k3x9q2\n---\nFirst paragraph.\n\nThe second paragraph here.\n"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := content.NewAnchor(string(d.Body), "second paragraph", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	ada := review.Person{Name: "Ada", Email: "ada@example.com"}
	events := []*review.Event{
		{Version: 1, ID: "01AAAAAAAAAAAAAAAAAAAAAAA1", Type: review.TypeComment, Draft: "k3x9q2", Author: ada, Time: at, Clock: 1, Body: "Say <who>.", Anchor: &a},
		{Version: 1, ID: "01AAAAAAAAAAAAAAAAAAAAAAA2", Type: review.TypeDecide, Draft: "k3x9q2", Thread: "01AAAAAAAAAAAAAAAAAAAAAAA1", Author: ada, Time: at, Clock: 2,
			Decision: "Name the readers.", Followups: []review.Followup{{Assignee: "bo", Due: "2026-03-04", Text: "rewrite it"}}},
	}
	rv := review.Fold("k3x9q2", events)
	placed, _, _ := repo.PlaceThreadsBySearch(d, rv.Threads, false)
	return repo.DraftPage{Entry: content.CatalogEntry{ID: "k3x9q2", Path: "content/plan.md"}, Draft: d, Review: rv, Threads: placed}
}

func TestDraftPage(t *testing.T) {
	page, err := Draft(testPage(t), Options{Commit: "0123456789abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	got := string(page)
	for _, want := range []string{
		// The box stands in the block of its words, not the first one.
		"<p>First paragraph.</p>\n<div class=\"cc-blk\"><div class=\"cc-src\">\n<p>The <mark class=\"cc-hl\" data-t=\"01AAAAAAAAAAAAAAAAAAAAAAA1\">second paragraph</mark> here.</p>\n</div><aside class=\"cc-notes\">",
		`<p class="cc-body">Say &lt;who&gt;.</p>`,
		`<div class="cc-decision"><p class="cc-who">Decided by Ada · 2026-03-01 09:30</p><p class="cc-body">Name the readers.</p><ul><li>bo: rewrite it (due 2026-03-04)</li></ul></div>`,
		`<body data-commit="0123456789abcdef">`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("page misses\n%s\nin\n%s", want, got)
		}
	}
	if strings.Contains(got, "EventSource") {
		t.Error("a preview file holds the live script")
	}
}

// TestCSPHashes checks that the policy's hashes are those of the one
// stylesheet and the one script the page holds, so a browser runs them and
// nothing else.
func TestCSPHashes(t *testing.T) {
	for _, o := range []Options{{}, {Live: true}} {
		page, err := Draft(testPage(t), o)
		if err != nil {
			t.Fatal(err)
		}
		got := string(page)
		styles := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllStringSubmatch(got, -1)
		scripts := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindAllStringSubmatch(got, -1)
		if len(styles) != 1 || len(scripts) != 1 {
			t.Fatalf("live=%v: %d styles and %d scripts", o.Live, len(styles), len(scripts))
		}
		csp := o.CSP()
		for _, s := range []string{"style-src " + hashSource(styles[0][1]), "script-src " + hashSource(scripts[0][1])} {
			if !strings.Contains(csp, s) {
				t.Errorf("live=%v: CSP %q lacks %q", o.Live, csp, s)
			}
		}
		if o.Live != strings.Contains(csp, "connect-src 'self'") {
			t.Errorf("live=%v: CSP %q", o.Live, csp)
		}
		if o.Live != strings.Contains(scripts[0][1], "EventSource") {
			t.Errorf("live=%v: script without or with the live part", o.Live)
		}
	}
}
