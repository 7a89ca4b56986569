package repo

import (
	"strings"
	"testing"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

func TestCheckWriteLimits(t *testing.T) {
	event := ".cc/reviews/k3x9q2/01JDXYZ0000000000000000000.yaml"
	for _, tc := range []struct {
		name   string
		change gitstore.Change
		want   string // "" for no error
	}{
		{"event at the limit", gitstore.Change{Path: event, Data: make([]byte, review.MaxEventSize)}, ""},
		{"event over the limit", gitstore.Change{Path: event, Data: make([]byte, review.MaxEventSize+1)}, "over the 1 MiB that an event file may have"},
		{"deleted", gitstore.Change{Path: event, Delete: true}, ""},
		{"draft over the limit", gitstore.Change{Path: "content/posts/a.md", Data: make([]byte, content.MaxDraftSize+1)}, "over the 32 MiB that a draft may have"},
		{"signers over the limit", gitstore.Change{Path: AllowedSignersPath, Data: make([]byte, review.MaxAllowedSignersSize+1)}, "allowed_signers file"},
		{"config over the limit", gitstore.Change{Path: review.ConfigPath, Data: make([]byte, maxConfigSize+1)}, "the configuration"},
		{"other files have no limit of cc's", gitstore.Change{Path: "static/big.bin", Data: make([]byte, content.MaxDraftSize+1)}, ""},
	} {
		err := checkWriteLimits([]gitstore.Change{tc.change})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}
