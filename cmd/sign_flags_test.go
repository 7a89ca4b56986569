package cmd

import (
	"strings"
	"testing"

	"github.com/cc-content/cc/review"
)

func TestSignFlagsOnEveryEventCommand(t *testing.T) {
	streams, _, _, _ := TestStreams()
	root := newRootCmd(newFactory("test", streams), nil)
	for _, path := range [][]string{
		{"approve"}, {"request-changes"}, {"submit"}, {"publish"},
		{"review", "request"}, {"review", "comment"}, {"review", "suggest"}, {"review", "apply"},
		{"review", "resolve"}, {"review", "reopen"}, {"review", "edit"}, {"review", "retract"},
	} {
		c, _, err := root.Find(path)
		if err != nil {
			t.Fatalf("%v: %v", path, err)
		}
		for _, flag := range []string{"sign", "no-sign", "key"} {
			if c.Flags().Lookup(flag) == nil {
				t.Errorf("cc %s has no --%s", strings.Join(path, " "), flag)
			}
		}
		if !strings.Contains(c.Example, "--sign") || !strings.Contains(c.Long, "review.sign: always") {
			t.Errorf("cc %s does not explain signing in its help", strings.Join(path, " "))
		}
	}
}

func TestSignFlagsContradiction(t *testing.T) {
	for _, args := range [][]string{
		{"approve", "x", "--sign", "--no-sign"},
		{"review", "comment", "x", "-m", "m", "--key", "k", "--no-sign"},
	} {
		code, stdout, stderr := runArgs(t, t.TempDir(), args...)
		if code != ExitUsage || stdout != "" || !strings.Contains(stderr, "--no-sign cannot be combined") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

func TestSignatureMark(t *testing.T) {
	for _, tt := range []struct {
		in   *signatureOutput
		want string
	}{
		{nil, ""},
		{signatureOf(review.SignatureVerdict{State: review.SignatureValid, Fingerprint: "SHA256:x"}, nil), " [signed]"},
		{signatureOf(review.SignatureVerdict{State: review.SignatureUnsigned}, nil), " [unsigned]"},
		{signatureOf(review.SignatureVerdict{State: review.SignatureInvalid, Problem: review.ProblemExpired, Reason: "it expired"}, nil), " [signature invalid: it expired]"},
		{signatureOf(review.SignatureVerdict{}, &review.FileError{Path: ".cc/allowed_signers", Line: 3, Msg: "bad key"}), " [signature invalid: .cc/allowed_signers:3: bad key]"},
	} {
		if got := signatureMark(tt.in); got != tt.want {
			t.Errorf("signatureMark(%+v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
