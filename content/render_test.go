package content

import (
	"bytes"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	for _, tt := range []struct {
		name      string
		in        string
		want      []string // substrings of the HTML
		forbidden []string
	}{
		{"heading ids", "# Our launch plan\n\n## Next steps\n",
			[]string{`<h1 id="our-launch-plan">Our launch plan</h1>`, `<h2 id="next-steps">`}, nil},
		{"duplicate heading ids", "## Notes\n\n## Notes\n",
			[]string{`id="notes"`, `id="notes-1"`}, nil},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |\n",
			[]string{"<table>", "<th>a</th>", "<td>2</td>"}, nil},
		{"strikethrough", "~~gone~~", []string{"<del>gone</del>"}, nil},
		{"task list", "- [x] done\n- [ ] todo\n",
			[]string{`<input checked="" disabled="" type="checkbox"`, `<input disabled="" type="checkbox"`}, nil},
		{"autolink", "see https://example.com/x now",
			[]string{`<a href="https://example.com/x">https://example.com/x</a>`}, nil},
		{"raw html dropped", "<script>alert(1)</script>\n\nhi <b onclick=\"x()\">there</b>\n",
			[]string{"raw HTML omitted"}, []string{"<script", "onclick"}},
		{"javascript link dropped", "[x](javascript:alert(1))",
			nil, []string{"javascript:"}},
		{"empty", "", nil, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Render([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("Render(%q) = %q, missing %q", tt.in, out, w)
				}
			}
			for _, f := range tt.forbidden {
				if strings.Contains(string(out), f) {
					t.Errorf("Render(%q) = %q, holds %q", tt.in, out, f)
				}
			}
		})
	}
}

func TestRenderConcurrent(t *testing.T) {
	// The converter is shared; heading ids must not leak between documents.
	done := make(chan string)
	for range 8 {
		go func() {
			out, err := Render([]byte("# Title\n"))
			if err != nil {
				done <- err.Error()
				return
			}
			done <- string(out)
		}()
	}
	for range 8 {
		if got := <-done; got != "<h1 id=\"title\">Title</h1>\n" {
			t.Errorf("Render = %q", got)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	d, err := Parse("launch-plan.md", readTestdata(b, "bench/launch-plan.md"))
	if err != nil {
		b.Fatal(err)
	}
	body := d.Body
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := Render(body); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"# Title\n", "| a |\n|---|\n| 1 |\n", "- [ ] x\n", "<div>raw</div>", "[x](javascript:y)",
		"~~a~~", "www.example.com", "*_*_*_*_", "[[[[[[[[[[", "```\ncode", "> > > >",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var out []byte
		var err error
		checkBudget(t, len(body), MemoryBudget(len(body)), func() { out, err = Render(body) })
		if err != nil {
			t.Fatalf("Render(%q): %v", body, err)
		}
		if bytes.Contains(bytes.ToLower(out), []byte("<script")) {
			t.Fatalf("Render(%q) = %q holds a script tag", body, out)
		}
	})
}
