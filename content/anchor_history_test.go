package content

import (
	"testing"
)

func TestFollowAnchors(t *testing.T) {
	intro := "# Setup\n\nInstall the tool first.\n\n"
	warn := "Back up your data before you upgrade."
	tests := []struct {
		name  string
		revs  []string
		quote string
		occ   int
		state AnchorState
		want  string // the text the match covers in the last revision
	}{
		{
			name:  "own copy of a repeated sentence deleted",
			revs:  []string{intro + warn + "\n\n## Upgrade\n\nRun the upgrade.\n\n" + warn + "\n", intro + "## Upgrade\n\nRun the upgrade.\n\n" + warn + "\n"},
			quote: warn, occ: 1, state: AnchorOrphaned,
		},
		{
			name:  "other copy of a repeated sentence deleted",
			revs:  []string{intro + warn + "\n\n## Upgrade\n\nRun the upgrade.\n\n" + warn + "\n", intro + warn + "\n\n## Upgrade\n\nRun the upgrade.\n"},
			quote: warn, occ: 2, state: AnchorOrphaned,
		},
		{
			name:  "heading turned into a definition list",
			revs:  []string{"Terms:\n\n###### Blob\n\nThe bytes of a file.\n\n###### Tree\n\nA folder.\n", "Terms:\n\nBlob\n: The bytes of a file.\n\nTree\n: A folder.\n"},
			quote: "Tree", state: AnchorMoved, want: "Tree",
		},
		{
			name:  "definition list turned into a heading",
			revs:  []string{"Blob\n: The bytes of a file.\n\nTree\n: A folder.\n", "###### Blob\n\nThe bytes of a file.\n\n###### Tree\n\nA folder.\n"},
			quote: "A folder", state: AnchorMoved, want: "A folder",
		},
		{
			name:  "link definitions reordered",
			revs:  []string{"See [a] and [b].\n\n[a]: https://a.example/x\n[b]: https://b.example/y\n", "See [a] and [b].\n\n[b]: https://b.example/y\n[a]: https://a.example/x\n"},
			quote: "https://a.example/x", state: AnchorMoved, want: "https://a.example/x",
		},
		{
			name:  "quote edited in place",
			revs:  []string{intro + "The colour of the button is blue.\n", intro + "The color of the button is blue.\n"},
			quote: "colour of the button", state: AnchorFuzzy, want: "color of the button",
		},
		{
			name:  "line break after an edited quote stays out",
			revs:  []string{"Intro.\n\nWe ship on Fridays\nand test on Thursdays.\n", "Intro.\n\nWe ship on Mondays\nand test on Thursdays.\n"},
			quote: "We ship on Fridays", state: AnchorFuzzy, want: "We ship on Mondays",
		},
		{
			name:  "short quote edited in place",
			revs:  []string{intro + "Pick the way you like.\n", intro + "Pick the path you like.\n"},
			quote: "the way", state: AnchorFuzzy, want: "the path",
		},
		{
			name:  "words put inside a quote",
			revs:  []string{intro + "The build is slow and flaky today.\n", intro + "The build is, as the team knows, slow and flaky today.\n"},
			quote: "is slow and flaky", state: AnchorFuzzy, want: "is, as the team knows, slow and flaky",
		},
		{
			name:  "paragraph moved",
			revs:  []string{"# A\n\nFirst part here.\n\n# B\n\nThe retry limit is five attempts per hour.\n", "# B\n\nThe retry limit is five attempts per hour.\n\n# A\n\nFirst part here.\n"},
			quote: "retry limit", state: AnchorMoved, want: "retry limit",
		},
		{
			name:  "through three revisions",
			revs:  []string{"Alpha beta gamma delta.\n", "Intro.\n\nAlpha beta gamma delta.\n", "Intro.\n\nAlpha beta gamma delta.\n", "Intro.\n\nMore.\n\nAlpha beta gamma delta epsilon.\n"},
			quote: "beta gamma", state: AnchorMoved, want: "beta gamma",
		},
		{
			name:  "deleted then other words",
			revs:  []string{"Keep this. Drop the old retry loop. Keep that.\n", "Keep this. Keep that.\n"},
			quote: "the old retry loop", state: AnchorOrphaned,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := NewAnchor(tt.revs[0], tt.quote, tt.occ, "")
			if err != nil {
				t.Fatal(err)
			}
			m := FollowAnchors(tt.revs, []Anchor{a}, []int{0})[0]
			last := []rune(tt.revs[len(tt.revs)-1])
			got := ""
			if m.State != AnchorOrphaned {
				got = string(last[m.Start:m.End])
			}
			if m.State != tt.state || got != tt.want {
				t.Errorf("got %s %q (score %.2f), want %s %q", m.State, got, m.Score, tt.state, tt.want)
			}
			if m.HistoryCut {
				t.Error("HistoryCut set on an anchor whose history was followed")
			}
		})
	}
}

func TestFollowAnchorsCut(t *testing.T) {
	body := "One two three.\n"
	a, err := NewAnchor(body, "two", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	m := FollowAnchors([]string{"Zero.\n\n" + body}, []Anchor{a}, []int{-1})[0]
	if !m.HistoryCut || m.State != AnchorMoved || m.Start != a.Position+7 {
		t.Errorf("got %+v, want a moved match found by search with HistoryCut", m)
	}
}
