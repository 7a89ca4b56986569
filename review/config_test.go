package review

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDefaultConfigYAMLParsesToDefaults(t *testing.T) {
	def := DefaultConfig()
	got, err := ParseConfig("c.yaml", DefaultConfigYAML(def.Content, def.New))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, def) {
		t.Fatalf("got %+v, want %+v", got, def)
	}
}

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name, in string
		want     func(Config) bool
		err      string // substring; "" means no error
	}{
		{name: "empty file is the defaults", in: "", want: func(c Config) bool { return reflect.DeepEqual(c, DefaultConfig()) }},
		{name: "jekyll folders", in: "version: 1\ncontent: [_posts, _drafts]\nnew: _drafts\n",
			want: func(c Config) bool { return c.New == "_drafts" && len(c.Content) == 2 }},
		{name: "unknown key names its line", in: "version: 1\ncontnet: [x]\n", err: "c.yaml:2: field contnet not found"},
		{name: "future version", in: "version: 2\n", err: "c.yaml:1: version 2 is not supported"},
		{name: "new outside content", in: "version: 1\ncontent: [docs]\nnew: posts\n", err: "c.yaml:3: new: \"posts\" is not inside"},
		{name: "escaping folder", in: "version: 1\ncontent: [../x]\nnew: ../x\n", err: "must be a relative path inside the repository"},
		{name: "absolute folder", in: "version: 1\ncontent: [/etc]\nnew: /etc\n", err: "must be a relative path"},
		{name: "unclean folder", in: "version: 1\ncontent: [a//b]\nnew: a//b\n", err: `should be written "a/b"`},
		{name: "no content", in: "version: 1\ncontent: []\n", err: "c.yaml:2: content must name at least one folder"},
		{name: "bad due", in: "version: 1\nreview:\n  due: soon\n", err: "c.yaml:2: review.due: invalid duration \"soon\""},
		{name: "syntax error", in: "version: 1\ncontent: [a\n", err: "c.yaml:"},
		{name: "wrong type", in: "version: one\n", err: "c.yaml:1: cannot unmarshal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseConfig("c.yaml", []byte(tt.in))
			if tt.err != "" {
				var ce *ConfigError
				if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.As(err, &ce) {
					t.Fatalf("error = %v, want a ConfigError containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.want(c) {
				t.Fatalf("unexpected config %+v", c)
			}
		})
	}
}

func TestInContent(t *testing.T) {
	c := Config{Content: []string{"content", "_posts"}}
	for p, want := range map[string]bool{
		"content/a.md":            true,
		"content/x/y/index.md":    true,
		"_posts/2026-01-01-a.md":  true,
		"contentx/a.md":           false,
		"content/a.txt":           false,
		"README.md":               false,
		"content/.hidden/a.md":    false,
		"other/content/a.md":      false,
		"content/a.MARKDOWN":      true,
		"content/images/logo.png": false,
	} {
		if got := c.InContent(p); got != want {
			t.Errorf("InContent(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"3d": 72 * time.Hour, "2w": 14 * 24 * time.Hour, "36h": 36 * time.Hour, "90m": 90 * time.Minute, "5": 120 * time.Hour, " 1d ": 24 * time.Hour,
	} {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "d", "-1d", "1y", "1.5d", "99999999w", "3 d"} {
		if _, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) succeeded", in)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	def := DefaultConfig()
	f.Add(DefaultConfigYAML(def.Content, def.New))
	f.Add([]byte("version: 1\ncontent: [a, b]\nnew: b/c\nbundles: true\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfig("c.yaml", data)
		if err != nil {
			return
		}
		// Whatever parses must be usable: folders inside the repository and
		// new drafts inside them.
		if len(c.Content) == 0 || !c.InContent(c.New+"/x.md") {
			t.Fatalf("accepted an unusable config %+v", c)
		}
	})
}
