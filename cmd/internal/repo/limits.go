package repo

import (
	"fmt"
	"strings"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// readLimit is the largest file at p that cc reads back, and what the
// file is called in errors; 0 when cc reads p without a limit of its own.
// Reading and writing share it, so cc never writes a file it would
// refuse to read.
func readLimit(p string) (limit int, what string) {
	switch {
	case isEventPath(p):
		return review.MaxEventSize, "an event file"
	case p == AllowedSignersPath:
		return review.MaxAllowedSignersSize, "the allowed_signers file"
	case content.IsDraftPath(p):
		return content.MaxDraftSize, "a draft"
	}
	return 0, ""
}

// isEventPath reports whether p is a review event file.
func isEventPath(p string) bool {
	return strings.HasPrefix(p, ".cc/reviews/") && strings.HasSuffix(p, ".yaml")
}

// checkWriteLimits refuses a change set with a file larger than cc reads:
// such a commit would succeed and the file then be dropped by every
// reader, a comment lost without a word.
func checkWriteLimits(changes []gitstore.Change) error {
	for _, c := range changes {
		if c.Delete {
			continue
		}
		limit, what := readLimit(c.Path)
		if limit == 0 || len(c.Data) <= limit {
			continue
		}
		hint := ""
		if isEventPath(c.Path) {
			hint = "; shorten the text (-m, --quote, --replace)"
		}
		return fmt.Errorf("%s would be %d bytes, over the %s that %s may have%s; nothing was recorded",
			c.Path, len(c.Data), sizeString(limit), what, hint)
	}
	return nil
}

// sizeString is a limit in the unit it was set in.
func sizeString(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
