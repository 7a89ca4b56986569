package content

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSlugify(t *testing.T) {
	for _, tt := range []struct {
		title, want string
	}{
		{"Hello, world", "hello-world"},
		{"  Our launch plan!  ", "our-launch-plan"},
		{"Q3 -- results & next steps", "q3-results-next-steps"},
		{"Crème brûlée", "creme-brulee"},
		{"Straße", "strasse"},
		{"Æsir and Ørsted", "aesir-and-orsted"},
		{"Łódź", "lodz"},
		{"Þór", "thor"},
		{"Œuvre", "oeuvre"},
		{"Tiếng Việt", "tieng-viet"},
		{"İstanbul", "istanbul"},
		{"cafe\u0301", "cafe"}, // decomposed é (NFD input)
		{"Ｆｕｌｌ　ｗｉｄｔｈ １２", "full-width-12"},
		{"x²", "x2"},
		{"日本語のタイトル", "日本語のタイトル"},
		{"Привет, мир", "привет-мир"},
		{"Йога", "йога"}, // й is a letter of its own, not и with an accent
		{"Ελληνικά Νέα", "ελληνικά-νέα"},
		{"हिन्दी समाचार", "हिन्दी-समाचार"}, // vowel signs and virama are marks of the word
		{"C++ & Go", "c-go"},
		{"2026-11-25: release", "2026-11-25-release"},
		{"a/b\\c..d", "a-b-c-d"},
		{"emoji 🚀 launch", "emoji-launch"},
		{"", "untitled"},
		{"!!!", "untitled"},
		{"\u0301", "untitled"},
		{"CON", "con-page"},
		{"lpt1", "lpt1-page"},
		{"com²", "com2-page"},
		{"invalid \xff utf8", "invalid-utf8"},
	} {
		got := Slugify(tt.title)
		if got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.title, got, tt.want)
		}
		if err := ValidateSlug(got); err != nil {
			t.Errorf("Slugify(%q) = %q: %v", tt.title, got, err)
		}
	}
}

func TestSlugifyLength(t *testing.T) {
	for _, title := range []string{
		strings.Repeat("word ", 40),
		strings.Repeat("é", 100),
		strings.Repeat("日", 100), // 3 bytes each: cut at 78, not inside a rune
		strings.Repeat("ab ", 26) + "ß",
	} {
		got := Slugify(title)
		if len(got) > maxSlugifyBytes || !utf8.ValidString(got) || strings.HasSuffix(got, "-") {
			t.Errorf("Slugify(%.20q...) = %q (%d bytes)", title, got, len(got))
		}
		if len(got) < maxSlugifyBytes-4 {
			t.Errorf("Slugify(%.20q...) = %q, cut too short (%d bytes)", title, got, len(got))
		}
	}
}

func TestSlugFoldTable(t *testing.T) {
	for r, want := range map[rune]string{
		'À': "a", 'ÿ': "y", 'ß': "ss", 'ẞ': "ss", 'ñ': "n", 'Ç': "c", 'ĳ': "ij",
		'ǆ': "dz", 'ø': "o", 'đ': "d", 'ð': "d", 'ħ': "h", 'ı': "i", 'ṩ': "s",
		'×': "", '÷': "", '¼': "", 'a': "", 'й': "",
	} {
		if got := slugFold(r); got != want {
			t.Errorf("slugFold(%q) = %q, want %q", r, got, want)
		}
	}
}

func TestValidateSlug(t *testing.T) {
	for _, tt := range []struct {
		slug string
		ok   bool
	}{
		{"hello-world", true},
		{"日本語", true},
		{"v1.2-notes", true},
		{"with space", true},
		{"", false},
		{".", false},
		{"..", false},
		{".hidden", false},
		{"a/b", false},
		{"/etc", false},
		{`a\b`, false},
		{`C:\x`, false},
		{"c:x", false},
		{"nul\x00", false},
		{"tab\there", false},
		{"bell\a", false},
		{"c1\u0085", false},
		{"what?", false},
		{"star*", false},
		{"pipe|", false},
		{"trailing.", false},
		{"trailing ", false},
		{"CON", false},
		{"con.md", false},
		{"Aux", false},
		{"nul.tar.gz", false},
		{"COM1", false},
		{"lpt9", false},
		{"COM¹", false},
		{"com10", true},
		{"console", true},
		{"\xff", false},
		{strings.Repeat("a", 100), true},
		{strings.Repeat("a", 101), false},
	} {
		err := ValidateSlug(tt.slug)
		if (err == nil) != tt.ok {
			t.Errorf("ValidateSlug(%q) = %v, want ok=%v", tt.slug, err, tt.ok)
		}
	}
}

func TestIsDraftPath(t *testing.T) {
	for _, tt := range []struct {
		path string
		want bool
	}{
		{"content/posts/hello.md", true},
		{"hello.md", true},
		{"content/posts/hello/index.md", true},
		{"content/posts/_index.md", true},
		{"docs/Guide.MD", true},
		{"notes/long.markdown", true},
		{"notes/long.Markdown", true},
		{"notes/readme.txt", false},
		{"notes/md", false},
		{"notes/file.md.bak", false},
		{"notes/file.mdx", true},
		{".cc/reviews/k3x9q2/x.md", false},
		{".github/ISSUE_TEMPLATE.md", false},
		{"content/.drafts/a.md", false},
		{"content/.#hello.md", false}, // an editor's lock file
		{"content/.md", false},
		{"../outside.md", false},
		{"./hello.md", false},
		{"a//b.md", false},
		{"/abs.md", false},
		{"", false},
	} {
		if got := IsDraftPath(tt.path); got != tt.want {
			t.Errorf("IsDraftPath(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

func FuzzSlugify(f *testing.F) {
	for _, s := range []string{
		"Hello, world", "Crème brûlée", "Straße", "日本語", "CON", "com²", "...",
		"\u0301\u0301", "a\u0301b", "हिन्दी", strings.Repeat("日", 30), "\xff\xfe",
		"Ｆｕｌｌ", "-a-", "lpt1.txt", strings.Repeat("ß", 50),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		var s string
		checkBudget(t, len(title), MemoryBudget(len(title)), func() { s = Slugify(title) })
		if err := ValidateSlug(s); err != nil {
			t.Fatalf("Slugify(%q) = %q: %v", title, s, err)
		}
		if len(s) > maxSlugifyBytes+len("-page") {
			t.Fatalf("Slugify(%q) = %q, %d bytes", title, s, len(s))
		}
		if strings.Contains(s, "--") || strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") {
			t.Fatalf("Slugify(%q) = %q: stray dashes", title, s)
		}
		if Slugify(s) != s {
			t.Fatalf("Slugify is not idempotent: %q -> %q -> %q", title, s, Slugify(s))
		}
	})
}
