package cmd

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cc-content/cc/gitstore"
)

// runArgs runs cc in-process with test streams, from dir.
func runArgs(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	streams, _, out, errOut := TestStreams()
	f := newFactory("test", streams)
	f.Dir = dir
	code = run(f, args)
	return code, out.String(), errOut.String()
}

func TestUsageErrorsExitTwoAndNameTheProblem(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"nope"}, `unknown command "nope"`},
		{[]string{"draft", "nope"}, `unknown command "nope" for "cc draft"`},
		{[]string{"draft", "new", "--title"}, "flag needs an argument: --title"},
		{[]string{"draft", "show"}, "missing <draft>"},
		{[]string{"draft", "show", "a", "b"}, `unexpected argument "b"`},
		{[]string{"review", "comment", "x", "--quote", "a", "--line", "2", "-m", "m"}, "give one"},
		{[]string{"review", "comment", "x", "--reply-to", "T", "--quote", "a", "-m", "m"}, "takes no --quote"},
		{[]string{"review", "comment", "x", "--occurrence", "2", "-m", "m"}, "--occurrence picks among"},
		{[]string{"review", "suggest", "x", "--replace", "y"}, "--quote is required"},
		{[]string{"review", "request", "x"}, "--reviewer is required"},
		{[]string{"completion", "tcsh"}, `unknown shell "tcsh"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runArgs(t, dir, tt.args...)
			if code != ExitUsage || !strings.Contains(stderr, tt.want) || stdout != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, stdout, stderr, tt.want)
			}
		})
	}
}

func TestOutsideARepository(t *testing.T) {
	code, _, stderr := runArgs(t, t.TempDir(), "draft", "list")
	if code != ExitError || !strings.Contains(stderr, "cc must be run inside a git repository") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

func TestExitCode(t *testing.T) {
	var sink strings.Builder
	for err, want := range map[error]int{
		nil:                                ExitOK,
		errors.New("x"):                    ExitError,
		usageErrorf("bad"):                 ExitUsage,
		fmt.Errorf("w: %w", errGateNotMet): ExitGate,
		&gitstore.DirtyError{Path: "a.md"}: ExitError,
	} {
		if got := exitCode(err, &sink); got != want {
			t.Errorf("exitCode(%v) = %d, want %d", err, got, want)
		}
	}
	if !strings.Contains(sink.String(), "cc draft save a.md") {
		t.Errorf("a dirty file's message gives no next step: %q", sink.String())
	}
}

func TestMessageString(t *testing.T) {
	m := message{Subject: "draft(x): new \"a\nb\"", Body: "\n  Body text.\n"}
	m.trailer("Cc-Action", "draft-new")
	m.trailer("Cc-Draft", "k3x9q2\nInjected: yes")
	want := "draft(x): new \"a b\"\n\nBody text.\n\nCc-Action: draft-new\nCc-Draft: k3x9q2 Injected: yes\n"
	if got := m.String(); got != want {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

func TestQuoteSubject(t *testing.T) {
	if got := quoteSubject("short"); got != `"short"` {
		t.Errorf("got %s", got)
	}
	long := strings.Repeat("é", 80)
	if got := quoteSubject(long); len([]rune(got)) != 52 || !strings.HasSuffix(got, "…\"") {
		t.Errorf("got %s (%d runes)", got, len([]rune(got)))
	}
}

func TestParseDue(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 4, 5, 0, time.UTC)
	for in, want := range map[string]string{
		"2d":                        "2026-11-27T10:04:00Z",
		"36h":                       "2026-11-26T22:04:00Z",
		"2026-12-01":                "2026-12-01",
		"2026-12-01T09:00:00+01:00": "2026-12-01T08:00:00Z",
	} {
		got, err := parseDue(in, now)
		if err != nil || got != want {
			t.Errorf("parseDue(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "soon", "2026-13-01", "-1d"} {
		if _, err := parseDue(in, now); err == nil {
			t.Errorf("parseDue(%q) succeeded", in)
		}
	}
}

func TestShellJoin(t *testing.T) {
	got := shellJoin([]string{"draft", "new", "--title", "It's here", ""})
	if want := `draft new --title 'It'\''s here' ''`; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func TestEditorCommand(t *testing.T) {
	env := map[string]string{"EDITOR": "nano", "VISUAL": "code --wait"}
	if got := editorCommand(func(k string) string { return env[k] }); got != "code --wait" {
		t.Errorf("got %q", got)
	}
	if got := editorCommand(func(string) string { return "" }); got != "vi" {
		t.Errorf("got %q", got)
	}
}

func TestEventIndexRoundTrip(t *testing.T) {
	in := []eventFolder{
		{Draft: "k3x9q2", Tree: strings.Repeat("a", 40), Events: []string{"01A", "01B"}},
		{Draft: "ab2cd3", Tree: strings.Repeat("b", 40)},
	}
	if got := decodeEventIndex(encodeEventIndex(in)); !reflect.DeepEqual(got, in) {
		t.Fatalf("got %+v", got)
	}
	if got := decodeEventIndex([]byte("cc-events 0\n" + string(encodeEventIndex(in))[len(eventIndexHeader):])); got != nil {
		t.Fatalf("another version's cache was read: %+v", got)
	}
}

func FuzzDecodeEventIndex(f *testing.F) {
	f.Add(encodeEventIndex([]eventFolder{{Draft: "k3x9q2", Tree: strings.Repeat("a", 40), Events: []string{"01A"}}}))
	f.Add([]byte("x\ty\tz\n\n\t\t\n"))
	f.Add([]byte(eventIndexHeader + "x\ty\tz\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got := decodeEventIndex(data)
		for _, ef := range got {
			if ef.Draft == "" || len(ef.Tree) != 40 {
				t.Fatalf("accepted a damaged line: %+v", ef)
			}
		}
	})
}

func FuzzParseDue(f *testing.F) {
	for _, s := range []string{"2d", "1w", "36h", "90m", "2026-12-01", "2026-12-01T09:00:00Z", "x"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		due, err := parseDue(s, now)
		if err != nil {
			return
		}
		// What parseDue writes, an event file must accept: a date or RFC 3339.
		if _, derr := time.Parse(time.DateOnly, due); derr != nil {
			if _, terr := time.Parse(time.RFC3339, due); terr != nil {
				t.Fatalf("parseDue(%q) = %q, neither a date nor RFC 3339", s, due)
			}
		}
	})
}
