package review

import (
	"errors"
	"path"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDefaultConfigYAMLParsesToDefaults(t *testing.T) {
	def := DefaultConfig()
	got, err := ParseConfig("c.yaml", DefaultConfigYAML(def.Content, def.New, def.Site))
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
		{name: "workflow approvals only", in: "version: 1\nworkflow:\n  approvals: 2\n",
			want: func(c Config) bool {
				return c.Workflow.Approvals == 2 && reflect.DeepEqual(c.Workflow.States, DefaultWorkflow().States) && c.Workflow.ResolveThreads
			}},
		{name: "custom state", in: "version: 1\nworkflow:\n  states: [draft, copy-edit, in-review, approved, published]\n  transitions:\n" +
			"    - {action: submit, from: draft, to: copy-edit}\n    - {action: submit, from: copy-edit, to: in-review}\n" +
			"    - {action: approve, from: in-review, to: approved}\n    - {action: publish, from: approved, to: published}\n",
			want: func(c Config) bool { return len(c.Workflow.States) == 5 && len(c.Workflow.Transitions) == 4 }},
		{name: "paths", in: "version: 1\nworkflow:\n  paths:\n    - match: content/legal/**\n      reviewers: [legal@example.com]\n      approvals: 2\n",
			want: func(c Config) bool {
				return len(c.Workflow.Paths) == 1 && c.Workflow.Paths[0].Approvals == 2 && c.Workflow.Paths[0].Reviewers[0] == "legal@example.com"
			}},
		{name: "empty lists are nil", in: "version: 1\nworkflow:\n  publishers: []\n  paths: []\n",
			want: func(c Config) bool { return reflect.DeepEqual(c, DefaultConfig()) }},
		{name: "unknown workflow key", in: "version: 1\nworkflow:\n  aprovals: 2\n", err: "c.yaml:3: field aprovals not found"},
		{name: "unknown path rule key", in: "version: 1\nworkflow:\n  paths:\n    - match: a/*\n      owners: [x]\n", err: "c.yaml:5: field owners not found"},
		{name: "approvals zero", in: "version: 1\nworkflow:\n  approvals: 0\n", err: "c.yaml:3: workflow.approvals must be at least 1, not 0"},
		{name: "approvals negative", in: "version: 1\nworkflow:\n  approvals: -2\n", err: "c.yaml:3: workflow.approvals must be at least 1"},
		{name: "path approvals negative", in: "version: 1\nworkflow:\n  paths:\n    - match: a/*\n      approvals: -1\n", err: "c.yaml:5: workflow.paths[0].approvals must be 0 (exempt on purpose) or more"},
		{name: "bad glob", in: "version: 1\nworkflow:\n  paths:\n    - match: content/[a-\n", err: "c.yaml:4: workflow.paths[0].match: \"content/[a-\" is not a valid glob"},
		{name: "glob with partial **", in: "version: 1\nworkflow:\n  paths:\n    - match: a/**b\n", err: "c.yaml:4: workflow.paths[0].match: \"a/**b\": ** must be a whole folder name"},
		{name: "absolute glob", in: "version: 1\nworkflow:\n  paths:\n    - {match: /content/*}\n", err: "c.yaml:4: workflow.paths[0].match: \"/content/*\": globs match paths from the repository root"},
		{name: "empty glob", in: "version: 1\nworkflow:\n  paths:\n    - reviewers: [a]\n", err: "c.yaml:4: workflow.paths[0].match: empty glob"},
		{name: "duplicate state", in: "version: 1\nworkflow:\n  states:\n    - draft\n    - in-review\n    - in-review\n    - published\n", err: "c.yaml:6: workflow.states: in-review is listed twice"},
		{name: "draft not first", in: "version: 1\nworkflow:\n  states: [in-review, draft, approved, published]\n", err: "c.yaml:3: workflow.states must start with draft"},
		{name: "published not last", in: "version: 1\nworkflow:\n  states: [draft, in-review, published, approved]\n", err: "c.yaml:3: workflow.states must end with published"},
		{name: "bad state name", in: "version: 1\nworkflow:\n  states: [draft, In Review, published]\n", err: "c.yaml:3: workflow.states: \"In Review\" is not a state name"},
		{name: "unknown state in transition", in: "version: 1\nworkflow:\n  transitions:\n    - action: submit\n      from: draft\n      to: review\n",
			err: "c.yaml:6: workflow.transitions[0].to: \"review\" is not in workflow.states"},
		{name: "states without the default transitions' states", in: "version: 1\nworkflow:\n  states: [draft, published]\n",
			err: "c.yaml:2: workflow.transitions[0].to: \"in-review\" is not in workflow.states"},
		{name: "unknown action", in: "version: 1\nworkflow:\n  transitions:\n    - {action: merge, from: draft, to: published}\n", err: "c.yaml:4: workflow.transitions[0].action: \"merge\" is not one of"},
		{name: "approve by someone", in: "version: 1\nworkflow:\n  transitions:\n    - {action: approve, from: in-review, to: approved, by: [x]}\n", err: "c.yaml:4: workflow.transitions[0].by: the approve move is made by the approval rule"},
		{name: "empty by", in: "version: 1\nworkflow:\n  transitions:\n    - {action: submit, from: draft, to: in-review, by: [\"\"]}\n", err: "workflow.transitions[0].by: an empty name"},
		{name: "approve from any", in: "version: 1\nworkflow:\n  transitions:\n    - {action: approve, from: \"*\", to: approved}\n", err: "approve move must start from a named state"},
		{name: "duplicate move", in: "version: 1\nworkflow:\n  transitions:\n    - {action: submit, from: draft, to: in-review}\n    - {action: submit, from: draft, to: approved}\n",
			err: "c.yaml:5: workflow.transitions[1]: there is already a submit move from draft"},
		{name: "empty required approver", in: "version: 1\nworkflow:\n  required_approvers: [\"\"]\n", err: "c.yaml:3: workflow.required_approvers: an empty name"},
		{name: "workflow wrong type", in: "version: 1\nworkflow:\n  self_approval: maybe\n", err: "c.yaml:3: cannot unmarshal"},
		{name: "sign by default", in: "version: 1\nreview:\n  due: 2d\n  sign: always\n",
			want: func(c Config) bool { return c.SignsByDefault() && c.Review.Due == "2d" }},
		{name: "sign never", in: "version: 1\nreview:\n  sign: never\n", want: func(c Config) bool { return !c.SignsByDefault() }},
		{name: "sign absent", in: "version: 1\nreview:\n  due: 2d\n", want: func(c Config) bool { return c.Review.Sign == SignNever && !c.SignsByDefault() }},
		{name: "sign empty is never", in: "version: 1\nreview:\n  sign: \"\"\n", want: func(c Config) bool { return reflect.DeepEqual(c, DefaultConfig()) }},
		{name: "sign bad value", in: "version: 1\nreview:\n  due: 2d\n  sign: true\n", err: "c.yaml:4: review.sign: \"true\" is not always or never"},
		{name: "sign list", in: "version: 1\nreview:\n  sign: [always]\n", err: "c.yaml:3: cannot unmarshal"},
		{name: "require signed", in: "version: 1\nworkflow:\n  require_signed: true\n", want: func(c Config) bool { return c.Workflow.RequireSigned }},
		{name: "require signed false", in: "version: 1\nworkflow:\n  require_signed: false\n", want: func(c Config) bool { return reflect.DeepEqual(c, DefaultConfig()) }},
		{name: "require signed absent", in: "version: 1\nworkflow:\n  approvals: 1\n", want: func(c Config) bool { return !c.Workflow.RequireSigned }},
		{name: "require signed yes", in: "version: 1\nworkflow:\n  approvals: 1\n  require_signed: yes\n", err: "c.yaml:4: workflow.require_signed must be true or false, not \"yes\""},
		{name: "require signed quoted", in: "version: 1\nworkflow:\n  require_signed: \"true\"\n", err: "c.yaml:3: "},
		{name: "require signed wrong type", in: "version: 1\nworkflow:\n  require_signed: maybe\n", err: "c.yaml:3: cannot unmarshal"},
		{name: "require signed list", in: "version: 1\nworkflow:\n  require_signed: [true]\n", err: "c.yaml:3: cannot unmarshal"},
		{name: "state defaults", in: "version: 1\ndefaults:\n  in-review: {reviewers: [grace@example.com], due: 2d}\n  approved:\n    assignees: [Pat]\n",
			want: func(c Config) bool {
				return c.Defaults[StateInReview].Due == "2d" && c.Defaults[StateInReview].Reviewers[0] == "grace@example.com" && c.Defaults[StateApproved].Assignees[0] == "Pat"
			}},
		{name: "defaults of an unknown state", in: "version: 1\ndefaults:\n  review: {due: 2d}\n", err: "c.yaml:3: defaults: \"review\" is not one of workflow.states"},
		{name: "defaults bad due", in: "version: 1\ndefaults:\n  in-review:\n    due: 1m\n", err: "c.yaml:4: defaults.in-review.due: invalid duration \"1m\" (minutes are written min)"},
		{name: "defaults empty reviewer", in: "version: 1\ndefaults:\n  in-review:\n    due: 1d\n    reviewers: [\"\"]\n", err: "c.yaml:5: defaults.in-review.reviewers: an empty name"},
		{name: "defaults unknown key", in: "version: 1\ndefaults:\n  in-review:\n    reviewer: [a]\n", err: "c.yaml:4: field reviewer not found"},
		{name: "agenda", in: "version: 1\nagenda:\n  wait: 36h\n  exchanges: 6\n",
			want: func(c Config) bool { return c.AgendaWait() == 36*time.Hour && c.Agenda.Exchanges == 6 }},
		{name: "agenda defaults", in: "version: 1\n", want: func(c Config) bool { return c.AgendaWait() == 48*time.Hour && c.Agenda.Exchanges == 4 }},
		{name: "agenda bad wait", in: "version: 1\nagenda:\n  wait: soon\n", err: "c.yaml:3: agenda.wait: invalid duration"},
		{name: "agenda negative exchanges", in: "version: 1\nagenda:\n  exchanges: -1\n", err: "c.yaml:3: agenda.exchanges must be 1 or more"},
		{name: "notify", in: "version: 1\nnotify:\n  webhook: https://hooks.example.com/T/B/x\n  smtp: smtp://mail.example.com:587\n  from: cc@example.com\n  period: week\n",
			want: func(c Config) bool {
				return c.Notify.Period == PeriodWeek && c.Notify.SMTP == "smtp://mail.example.com:587"
			}},
		{name: "notify password in file", in: "version: 1\nnotify:\n  smtp: smtp://me:secret@mail.example.com:587\n", err: "c.yaml:3: notify.smtp: \"smtp://me:secret@mail.example.com:587\" holds a user or password"},
		{name: "notify smtp without port", in: "version: 1\nnotify:\n  smtp: smtp://mail.example.com\n", err: "c.yaml:3: notify.smtp: \"smtp://mail.example.com\": write smtp://host:port"},
		{name: "notify bad webhook", in: "version: 1\nnotify:\n  webhook: ftp://x\n", err: "c.yaml:3: notify.webhook: \"ftp://x\": write an http or https URL"},
		{name: "notify bad period", in: "version: 1\nnotify:\n  period: hourly\n", err: "c.yaml:3: notify.period: \"hourly\" is not day or week"},
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

func TestMayHoldDrafts(t *testing.T) {
	c := Config{Content: []string{"site/content", "_posts"}}
	for dir, want := range map[string]bool{
		"site":                true,
		"site/content":        true,
		"site/content/a/b":    true,
		"_posts":              true,
		"_posts/2026":         true,
		"sitex":               false,
		"site/contentx":       false,
		"site/other":          false,
		".cc":                 false,
		".cc/reviews":         false,
		"site/content/.draft": false,
		"other/site/content":  false,
	} {
		if got := c.MayHoldDrafts(dir); got != want {
			t.Errorf("MayHoldDrafts(%q) = %v, want %v", dir, got, want)
		}
	}
	// Every folder on the way to a draft may hold drafts, whatever the
	// content folders are.
	for _, content := range [][]string{{"site/content", "_posts"}, {"."}, {""}, {"content"}} {
		c := Config{Content: content}
		for _, p := range []string{"site/content/a/b/c.md", "_posts/x.md", "content/a.md", "a.md", "x/y.md"} {
			if !c.InContent(p) {
				continue
			}
			for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
				if !c.MayHoldDrafts(dir) {
					t.Errorf("content %q: %s is a draft, but MayHoldDrafts(%q) is false", content, p, dir)
				}
			}
		}
	}
	if (Config{Content: []string{"."}}).MayHoldDrafts(".cc/reviews") {
		t.Error("content \".\": MayHoldDrafts(.cc/reviews) is true")
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"3d": 72 * time.Hour, "2w": 14 * 24 * time.Hour, "36h": 36 * time.Hour, "90min": 90 * time.Minute, "5": 120 * time.Hour, " 1d ": 24 * time.Hour,
	} {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "d", "-1d", "1y", "1m", "90m", "1.5d", "200000", "3661d", "99999999w", "3 d"} {
		if _, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) succeeded", in)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	def := DefaultConfig()
	f.Add(DefaultConfigYAML(def.Content, def.New, def.Site))
	f.Add([]byte("version: 1\ncontent: [a, b]\nnew: b/c\nbundles: true\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("version: 1\nworkflow:\n  states: [draft, x, published]\n  transitions: [{action: submit, from: draft, to: x}]\n  paths: [{match: a/**/*.md, reviewers: [b], approvals: 2}]\n"))
	f.Add([]byte("version: 1\ndefaults:\n  in-review: {reviewers: [a@b.c], due: 2d}\nagenda: {wait: 3d, exchanges: 3}\nnotify: {webhook: \"https://h/x\", smtp: \"smtp://m:25\", period: week}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c Config
		var err error
		checkBudget(t, data, func(b []byte) { c, err = ParseConfig("c.yaml", b) })
		if err != nil {
			return
		}
		// Whatever parses must be usable: folders inside the repository and
		// new drafts inside them.
		if len(c.Content) == 0 || !c.InContent(c.New+"/x.md") {
			t.Fatalf("accepted an unusable config %+v", c)
		}
		// and a workflow whose rules can be applied.
		w := c.Workflow
		if w.Approvals < 1 || w.States[0] != StateDraft || w.States[len(w.States)-1] != StatePublished {
			t.Fatalf("accepted an unusable workflow %+v", w)
		}
		for _, tr := range w.Transitions {
			if w.stateIndex(tr.To) < 0 || (tr.From != AnyState && w.stateIndex(tr.From) < 0) {
				t.Fatalf("accepted a transition to or from an unknown state: %+v", tr)
			}
		}
		for _, p := range w.Paths {
			_ = matchGlob(p.Match, "content/a/b.md")
		}
		// and defaults, agenda and notify settings the loop can use.
		for state, d := range c.Defaults {
			if w.stateIndex(state) < 0 {
				t.Fatalf("accepted defaults of an unknown state %q", state)
			}
			if _, err := ParseDue(d.Due, time.Now()); d.Due != "" && err != nil {
				t.Fatalf("accepted defaults.%s.due %q: %v", state, d.Due, err)
			}
		}
		if c.AgendaWait() < 0 || c.Agenda.Exchanges < 1 || c.Notify.Period != PeriodDay && c.Notify.Period != PeriodWeek {
			t.Fatalf("accepted unusable agenda or notify settings %+v %+v", c.Agenda, c.Notify)
		}
	})
}

func TestMatchGlob(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"content/legal/**", "content/legal/a.md", true},
		{"content/legal/**", "content/legal/x/y/a.md", true},
		{"content/legal/**", "content/legalese/a.md", false},
		{"content/*/index.md", "content/post/index.md", true},
		{"content/*/index.md", "content/a/b/index.md", false},
		{"**/index.md", "index.md", true},
		{"**/index.md", "a/b/index.md", true},
		{"content/**/*.md", "content/a.md", true},
		{"content/**/*.md", "content/a/b/c.md", true},
		{"content/**/*.md", "content/a/b/c.txt", false},
		{"content/**/**/x.md", "content/x.md", true},
		{"**", "anything/at/all.md", true},
		{"*.md", "content/a.md", false},
		{"content/[ab].md", "content/b.md", true},
		{"content/a.md", "content/a.md", true},
		{"content/a.md", "content/a.md/b", false},
	}
	for _, tt := range tests {
		if err := checkGlob(tt.pattern); err != nil {
			t.Errorf("checkGlob(%q) = %v", tt.pattern, err)
		}
		if got := matchGlob(tt.pattern, tt.name); got != tt.want {
			t.Errorf("matchGlob(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}

func TestDefaultConfigYAMLDocumentsEveryWorkflowKey(t *testing.T) {
	def := DefaultConfig()
	text := string(DefaultConfigYAML(def.Content, def.New, def.Site))
	for _, key := range []string{"states", "transitions", "publishers", "approvals", "self_approval", "resolve_threads", "required_approvers", "paths", "require_signed"} {
		i := strings.Index(text, "\n  "+key+":")
		if i < 0 {
			t.Fatalf("workflow.%s is not in the default config", key)
		}
		// The line before the key is the end of its comment.
		before := strings.TrimRight(text[:i], " ")
		last := before[strings.LastIndex(before, "\n")+1:]
		if !strings.HasPrefix(strings.TrimSpace(last), "#") {
			t.Errorf("workflow.%s has no comment above it", key)
		}
	}
}

func TestDefaultConfigYAMLDocumentsSigning(t *testing.T) {
	def := DefaultConfig()
	text := string(DefaultConfigYAML(def.Content, def.New, def.Site))
	if !strings.Contains(text, "\n  sign: never\n") {
		t.Fatalf("review.sign is not in the default config:\n%s", text)
	}
	if !strings.Contains(text, "\n  require_signed: false\n") {
		t.Fatalf("workflow.require_signed is not in the default config:\n%s", text)
	}
}

func TestMatchIdentity(t *testing.T) {
	ada := Person{Name: "Ada Lovelace", Email: "Ada@Example.com"}
	for id, want := range map[string]bool{
		"ada@example.com":                  true,
		"ADA@EXAMPLE.COM":                  true,
		"Ada Lovelace":                     true,
		"ada lovelace":                     false,
		"Ada Lovelace <ada@example.com>":   true,
		"Someone Else <ada@example.com>":   true,
		"Ada Lovelace <other@example.com>": false,
		"bob@example.com":                  false,
		"":                                 false,
	} {
		if got := MatchIdentity(id, ada); got != want {
			t.Errorf("MatchIdentity(%q) = %v, want %v", id, got, want)
		}
	}
	if MatchIdentity("Ada Lovelace", Person{Email: "ada@example.com"}) {
		t.Error("a name matched a person known by email only")
	}
	for in, want := range map[string]Person{
		"Ada Lovelace <ada@example.com>": {Name: "Ada Lovelace", Email: "ada@example.com"},
		" ada@example.com ":              {Email: "ada@example.com"},
		"Ada":                            {Name: "Ada"},
		"<ada@example.com>":              {Email: "ada@example.com"},
	} {
		if got := ParsePerson(in); got != want {
			t.Errorf("ParsePerson(%q) = %+v, want %+v", in, got, want)
		}
	}
}
