package serve

import (
	"strings"
	"testing"
	"time"
)

// TestServePagesFollowEvents starts a server on a draft that already has
// a thread, so that its review is read in the one pass made at start, and
// checks that its page shows a comment recorded by cc, and no longer shows
// it once git reverts it, as soon as the tip moves.
func TestServePagesFollowEvents(t *testing.T) {
	r, dir := setupRepo(t)
	before := &site{repo: r, dir: dir}
	id := before.draft(t, "Plan", "One.\n\nTwo.\n")
	before.comment(t, id, "One", "Why one?")
	s := serveRepo(t, r, dir, Options{})
	tips := events(t, s.base)
	nextTip(t, tips, time.Second)
	page := func(want, unwanted string) {
		t.Helper()
		code, _, body := get(t, "GET", s.base+"/d/"+id, "")
		if code != 200 || !strings.Contains(body, want) || unwanted != "" && strings.Contains(body, unwanted) {
			t.Fatalf("draft page: %d, want %q and not %q\n%s", code, want, unwanted, body)
		}
	}
	page("Why one?", "Why two?")

	s.comment(t, id, "Two", "Why two?")
	if tip := nextTip(t, tips, time.Second); tip != s.git(t, "rev-parse", "HEAD") {
		t.Fatalf("after a comment: tip %s", tip)
	}
	page("Why two?", "")
	page("Why one?", "")

	s.git(t, "revert", "--no-edit", "HEAD")
	if tip := nextTip(t, tips, time.Second); tip != s.git(t, "rev-parse", "HEAD") {
		t.Fatalf("after git revert: tip %s", tip)
	}
	page("Why one?", "Why two?")
}
