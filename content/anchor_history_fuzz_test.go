package content

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFollowAnchors follows a quote of old through one edit to new. The
// match must stay inside new; an exact match must hold the quote's words;
// an unchanged text keeps the quote where it was; and a paragraph put in
// front moves it by exactly that paragraph.
func FuzzFollowAnchors(f *testing.F) {
	f.Add("Back up your data.\n\n## Upgrade\n\nBack up your data.\n", "## Upgrade\n\nBack up your data.\n", 0, 18)
	f.Add("###### Tree\n\nA folder.\n", "Tree\n: A folder.\n", 7, 4)
	f.Add("[a]: https://a.example\n[b]: https://b.example\n", "[b]: https://b.example\n[a]: https://a.example\n", 5, 17)
	f.Add("We ship on Fridays\nand test.\n", "We ship on Mondays\nand test.\n", 0, 18)
	f.Add("héllo wörld, ünïcode\n", "wörld héllo\n", 6, 5)
	f.Fuzz(func(t *testing.T, old, new string, start, length int) {
		if !utf8.ValidString(old) || !utf8.ValidString(new) || len(old) > 4000 || len(new) > 4000 {
			t.Skip()
		}
		runes := []rune(old)
		if len(runes) == 0 {
			t.Skip()
		}
		start = anchorAbs(start) % len(runes)
		end := start + 1 + anchorAbs(length)%min(64, len(runes)-start)
		a := anchorAt(old, anchorSpan{anchorByteOffset(old, start), anchorByteOffset(old, end)}, "")
		if strings.TrimSpace(a.Quote) == "" {
			t.Skip()
		}
		check := func(body string, m AnchorMatch) {
			t.Helper()
			n := utf8.RuneCountInString(body)
			if m.Start < 0 || m.End < m.Start || m.End > n {
				t.Fatalf("match [%d, %d) outside a body of %d runes", m.Start, m.End, n)
			}
			switch m.State {
			case AnchorOrphaned:
				if m.Start != 0 || m.End != 0 {
					t.Fatalf("orphaned match has span [%d, %d)", m.Start, m.End)
				}
			case AnchorAnchored, AnchorMoved:
				got := string([]rune(body)[m.Start:m.End])
				if !slices.Equal(anchorFold(got), anchorFold(a.Quote)) {
					t.Fatalf("%s match %q is not the quote %q", m.State, got, a.Quote)
				}
			case AnchorFuzzy:
				if m.End == m.Start || m.Score <= 0 || m.Score >= 1 {
					t.Fatalf("fuzzy match [%d, %d) with score %v", m.Start, m.End, m.Score)
				}
			default:
				t.Fatalf("no state: %+v", m)
			}
		}
		m := FollowAnchors([]string{old, new}, []Anchor{a}, []int{0})[0]
		check(new, m)
		if m := FollowAnchors([]string{old, old}, []Anchor{a}, []int{0})[0]; m.State != AnchorAnchored || m.Start != start || m.End != end {
			t.Fatalf("unchanged text: got %+v, want anchored at [%d, %d)", m, start, end)
		}
		const ins = "\x00An inserted paragraph.\x00\n\n"
		if strings.Contains(old, "\x00") {
			return
		}
		shift := utf8.RuneCountInString(ins)
		m = FollowAnchors([]string{old, ins + old}, []Anchor{a}, []int{0})[0]
		check(ins+old, m)
		if m.State != AnchorMoved || m.Start != start+shift || m.End != end+shift {
			t.Fatalf("paragraph put in front: got %+v, want moved to [%d, %d)", m, start+shift, end+shift)
		}
	})
}
