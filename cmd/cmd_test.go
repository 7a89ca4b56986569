package cmd

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
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
		&repo.DirtyError{Path: "a.md"}:     ExitError,
	} {
		if got := exitCode(&cobra.Command{Use: "cc"}, err, &sink); got != want {
			t.Errorf("exitCode(%v) = %d, want %d", err, got, want)
		}
	}
	if !strings.Contains(sink.String(), "cc draft save a.md") {
		t.Errorf("a dirty file's message gives no next step: %q", sink.String())
	}
}

func TestShellJoin(t *testing.T) {
	got := shellJoin([]string{"draft", "new", "--title", "It's here", ""})
	if want := `draft new --title 'It'\''s here' ''`; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func TestEditorCommand(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		core string
		want string
	}{
		{map[string]string{"EDITOR": "nano", "VISUAL": "code --wait"}, "", "code --wait"},
		{map[string]string{"EDITOR": "nano", "VISUAL": "code --wait"}, "emacs", "emacs"},
		{map[string]string{"GIT_EDITOR": "ed", "VISUAL": "code"}, "emacs", "ed"},
		{map[string]string{"CC_EDITOR": "true", "GIT_EDITOR": "ed"}, "emacs", "true"},
		{nil, "", "vi"},
	} {
		if got := editorCommand(func(k string) string { return tc.env[k] }, tc.core); got != tc.want {
			t.Errorf("env %v, core.editor %q: got %q, want %q", tc.env, tc.core, got, tc.want)
		}
	}
}
