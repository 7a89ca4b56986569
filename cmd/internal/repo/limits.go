package repo

import (
	"errors"
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
	case p == review.ConfigPath:
		return maxConfigSize, "the configuration"
	case p == review.ConfigPath:
		return maxConfigSize, "the configuration"
	case p == AllowedSignersPath:
		return review.MaxAllowedSignersSize, "the allowed_signers file"
	case content.IsDraftPath(p):
		return content.MaxDraftSize, "a draft"
	}
	return 0, ""
}

// blobLimit is the limit of file e as a read of its blob
// (gitstore.BlobRead's Max): 0 when it has none.
func blobLimit(e gitstore.Entry) int64 {
	limit, _ := readLimit(e.Path)
	return int64(limit)
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

// maxConfigSize bounds .cc/config.yaml; the commented default is 5 KiB.
const maxConfigSize = 1 << 20

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

// readFileLimited reads the file at p in snap, refusing from the object's
// header, before reading it, a file over p's read limit: a hostile blob
// then costs nothing to refuse. The error is the one p's parser gives for
// a file of that size.
func readFileLimited(snap *gitstore.Snapshot, p string) ([]byte, error) {
	limit, _ := readLimit(p)
	if limit == 0 {
		return snap.ReadFile(p)
	}
	data, err := snap.ReadFileMax(p, int64(limit))
	return data, tooLarge(p, err)
}

// readBlobLimited is readFileLimited for the blob h of the file at p.
func readBlobLimited(snap *gitstore.Snapshot, p string, h gitstore.Hash) ([]byte, error) {
	limit, _ := readLimit(p)
	if limit == 0 {
		return snap.ReadBlob(h)
	}
	data, err := snap.ReadBlobMax(h, int64(limit))
	return data, tooLarge(p, err)
}

// tooLarge turns gitstore's *TooLargeError for the file at p into the
// error p's parser gives for a file of that size, so a file refused from
// its header reads exactly as one refused after parsing; other errors
// pass through.
func tooLarge(p string, err error) error {
	var tl *gitstore.TooLargeError
	if !errors.As(err, &tl) {
		return err
	}
	switch {
	case isEventPath(p):
		return &review.EventError{Path: p, Msg: fmt.Sprintf("event file is %d bytes; the limit is %d", tl.Size, review.MaxEventSize)}
	case p == review.ConfigPath:
		return &review.FileError{Path: p, Msg: fmt.Sprintf("file is %d bytes; the limit is %d", tl.Size, maxConfigSize)}
	case p == AllowedSignersPath:
		return &review.FileError{Path: p, Msg: fmt.Sprintf("file is %d bytes; the limit is %d", tl.Size, review.MaxAllowedSignersSize)}
	default:
		return &content.ParseError{Path: p, Err: content.ErrTooLarge,
			Msg: fmt.Sprintf("draft is %d bytes, over the %d MiB limit", tl.Size, content.MaxDraftSize>>20)}
	}
}
