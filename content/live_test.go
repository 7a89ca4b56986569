package content

import "testing"

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
