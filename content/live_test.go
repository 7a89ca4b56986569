package content

import (
	"testing"
	"time"
)

func TestLive(t *testing.T) {
	tests := []struct {
		path, front string
		live        bool
	}{
		{"content/posts/a.md", "---\ntitle: A\ndraft: true\n---\n", false},
		{"content/posts/a.md", "---\ntitle: A\ndraft: false\n---\n", true},
		{"content/posts/a.md", "---\ntitle: A\n---\n", true},
		{"content/posts/a.md", "---\ntitle: A\ndraft: \"true\"\n---\n", false},
		{"content/posts/a.md", "---\ntitle: A\ndraft: \"no\"\n---\n", true},
		{"content/posts/a.md", "---\ntitle: A\ndraft: yes\n---\n", true}, // a string to YAML 1.2 and to Hugo: live
		{"content/posts/a.md", "+++\ntitle = \"A\"\ndraft = true\n+++\n", false},
		{"content/posts/a.md", "+++\ntitle = \"A\"\ndraft = false\n+++\n", true},
		{"_posts/2026-01-01-a.md", "---\ntitle: A\ndraft: true\n---\n", true},
		{"_posts/2026-01-01-a.md", "---\ntitle: A\npublished: false\n---\n", false},
		{"_posts/2026-01-01-a.md", "---\ntitle: A\npublished: \"false\"\n---\n", true},
		{"blog/_posts/a.md", "---\ntitle: A\n---\n", true},
		{"_drafts/a.md", "---\ntitle: A\n---\n", false},
		{"content/_posts.md", "---\ntitle: A\ndraft: true\n---\n", false},
		// Hugo reads keys whatever their case: either may win.
		{"content/posts/a.md", "---\ntitle: A\ndraft: true\nDraft: false\n---\n", true},
		{"content/posts/a.md", "---\ntitle: A\nDRAFT: 0\ndraft: true\n---\n", true},
		{"content/posts/a.md", "---\ntitle: A\ndraft: true\nDraft: true\n---\n", false},
		{"content/posts/a.md", "+++\ntitle = \"A\"\ndraft = true\nDraft = false\n+++\n", true},
		{"content/posts/a.md", "---\ntitle: A\nDRAFT: true\n---\n", true}, // only draft: is read as not live
	}
	for _, tt := range tests {
		d, err := Parse(tt.path, []byte(tt.front+"Body.\n"))
		if err != nil {
			t.Fatalf("%s: %v", tt.front, err)
		}
		if got := Live(tt.path, d); got != tt.live {
			t.Errorf("Live(%s, %q) = %v, want %v", tt.path, tt.front, got, tt.live)
		}
	}
}

func TestJekyllPostPath(t *testing.T) {
	date := time.Date(2026, 11, 29, 23, 0, 0, 0, time.UTC)
	for p, want := range map[string]string{
		"_drafts/launch.md":            "_posts/2026-11-29-launch.md",
		"blog/_drafts/launch.markdown": "blog/_posts/2026-11-29-launch.markdown",
		"_posts/2026-01-01-launch.md":  "",
		"content/posts/launch.md":      "",
	} {
		got, ok := JekyllPostPath(p, date)
		if got != want || ok != (want != "") {
			t.Errorf("JekyllPostPath(%q) = %q, %v; want %q", p, got, ok, want)
		}
		if ok && SlugOf(got) != SlugOf(p) {
			t.Errorf("publishing %q changes its slug: %q then %q", p, SlugOf(p), SlugOf(got))
		}
	}
}

func TestSlugOfJekyllPost(t *testing.T) {
	for p, want := range map[string]string{
		"_posts/2026-03-01-launch.md":   "launch",
		"_posts/2026-13-01-launch.md":   "2026-13-01-launch", // not a date
		"_posts/2026-03-01.md":          "2026-03-01",
		"notes/2026-03-01-launch.md":    "2026-03-01-launch", // not a post
		"content/posts/launch/index.md": "launch",
	} {
		if got := SlugOf(p); got != want {
			t.Errorf("SlugOf(%q) = %q, want %q", p, got, want)
		}
	}
}
