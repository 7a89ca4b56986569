package content

import (
	"bytes"
	"strings"
	"testing"
)

var testLabels = MergeLabels{Ours: "ours", Theirs: "theirs"}

func TestMerge3(t *testing.T) {
	base := "p1\n\np2\n\np3\n"
	tests := []struct {
		name, ours, theirs, want string
		conflicts                int
	}{
		{"ours only", "p1 edited\n\np2\n\np3\n", base, "p1 edited\n\np2\n\np3\n", 0},
		{"theirs only", base, "p1\n\np2\n\np3 edited\n", "p1\n\np2\n\np3 edited\n", 0},
		{"different paragraphs", "p1 ours\n\np2\n\np3\n", "p1\n\np2\n\np3 theirs\n", "p1 ours\n\np2\n\np3 theirs\n", 0},
		{"same change", "p1\n\np2 x\n\np3\n", "p1\n\np2 x\n\np3\n", "p1\n\np2 x\n\np3\n", 0},
		{"both append", base + "\nA\n", base + "\nB\n",
			"p1\n\np2\n\np3\n\n<<<<<<< ours\nA\n=======\nB\n>>>>>>> theirs\n", 1},
		{"same line", "p1\n\np2 ours\n\np3\n", "p1\n\np2 theirs\n\np3\n",
			"p1\n\n<<<<<<< ours\np2 ours\n=======\np2 theirs\n>>>>>>> theirs\n\np3\n", 1},
		{"edit and delete", "p1\n\np2 ours\n\np3\n", "p1\n\np3\n",
			"p1\n\n<<<<<<< ours\np2 ours\n\n=======\n>>>>>>> theirs\np3\n", 1},
		{"no final newline", "p1\n\np2\n\np3 a", "p1\n\np2\n\np3 b",
			"p1\n\np2\n\n<<<<<<< ours\np3 a\n=======\np3 b\n>>>>>>> theirs\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Merge3([]byte(base), []byte(tt.ours), []byte(tt.theirs), testLabels)
			if string(res.Text) != tt.want {
				t.Errorf("text:\n%s\nwant:\n%s", res.Text, tt.want)
			}
			if len(res.Conflicts) != tt.conflicts {
				t.Fatalf("conflicts = %v, want %d", res.Conflicts, tt.conflicts)
			}
			for _, c := range res.Conflicts {
				if got := splitLines(res.Text)[c.Line-1]; !bytes.HasPrefix(got, []byte("<<<<<<< ")) {
					t.Errorf("conflict line %d is %q, not a marker", c.Line, got)
				}
			}
		})
	}
}

func TestMerge3ConflictLines(t *testing.T) {
	res := Merge3([]byte("a\nb\nc\n"), []byte("a\nB1\nB2\nc\n"), []byte("a\nX\nc\n"), testLabels)
	if len(res.Conflicts) != 1 {
		t.Fatalf("conflicts = %v", res.Conflicts)
	}
	c := res.Conflicts[0]
	if c.Line != 2 || c.Ours != (LineRange{2, 3}) || c.Theirs != (LineRange{2, 2}) {
		t.Errorf("conflict = %+v", c)
	}
	if l, ok := HasConflictMarkers(res.Text); !ok || l != 2 {
		t.Errorf("HasConflictMarkers = %d, %v", l, ok)
	}
}

func TestMergeKeys(t *testing.T) {
	base := "# pages\nid: k3x9q2\ntitle: Plan\ntags: [a]\n"
	tests := []struct {
		name, ours, theirs, want string
		conflictKey              string
	}{
		{"different keys", "# pages\nid: k3x9q2\ntitle: New plan\ntags: [a]\n", "# pages\nid: k3x9q2\ntitle: Plan\ntags: [a, b]\n",
			"# pages\nid: k3x9q2\ntitle: New plan\ntags: [a, b]\n", ""},
		{"added both sides", base + "draft: true\n", "# pages\nid: k3x9q2\nsummary: |\n  two\n  lines\ntitle: Plan\ntags: [a]\n",
			"# pages\nid: k3x9q2\nsummary: |\n  two\n  lines\ntitle: Plan\ntags: [a]\ndraft: true\n", ""},
		{"removed one side", "# pages\nid: k3x9q2\ntitle: Plan\n", "# pages\nid: k3x9q2\ntitle: Other\ntags: [a]\n",
			"# pages\nid: k3x9q2\ntitle: Other\n", ""},
		{"same key", "# pages\nid: k3x9q2\ntitle: A\ntags: [a]\n", "# pages\nid: k3x9q2\ntitle: B\ntags: [a]\n",
			"# pages\nid: k3x9q2\n<<<<<<< ours\ntitle: A\n=======\ntitle: B\n>>>>>>> theirs\ntags: [a]\n", "title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, ok := MergeKeys([]byte(base), []byte(tt.ours), []byte(tt.theirs), testLabels)
			if !ok {
				t.Fatal("not merged by key")
			}
			if string(res.Text) != tt.want {
				t.Errorf("text:\n%s\nwant:\n%s", res.Text, tt.want)
			}
			if tt.conflictKey == "" && len(res.Conflicts) > 0 || tt.conflictKey != "" && (len(res.Conflicts) != 1 || res.Conflicts[0].Key != tt.conflictKey) {
				t.Errorf("conflicts = %+v, want key %q", res.Conflicts, tt.conflictKey)
			}
		})
	}
	if _, ok := MergeKeys([]byte("- a\n"), []byte("- b\n"), []byte("- c\n"), testLabels); ok {
		t.Error("a sequence merged by key")
	}
}

func TestMergeDraft(t *testing.T) {
	base := "---\nid: k3x9q2\ntitle: Plan\n---\nOne.\n\nTwo.\n"
	ours := "---\nid: k3x9q2\ntitle: Our plan\n---\nOne.\n\nTwo.\n"
	theirs := "---\nid: k3x9q2\ntitle: Plan\ndraft: true\n---\nOne.\n\nTwo, edited.\n"
	res := MergeDraft("a.md", []byte(base), []byte(ours), []byte(theirs), testLabels)
	want := "---\nid: k3x9q2\ntitle: Our plan\ndraft: true\n---\nOne.\n\nTwo, edited.\n"
	if string(res.Text) != want || len(res.Conflicts) != 0 {
		t.Errorf("got %q %v, want %q", res.Text, res.Conflicts, want)
	}
	res = MergeDraft("a.md", []byte(base), []byte(strings.Replace(base, "Two.", "Two A.", 1)), []byte(strings.Replace(base, "Two.", "Two B.", 1)), testLabels)
	if len(res.Conflicts) != 1 || res.Conflicts[0].Line != 7 || res.Conflicts[0].Ours != (LineRange{7, 7}) {
		t.Errorf("conflicts = %+v in\n%s", res.Conflicts, res.Text)
	}
	if got := splitLines(res.Text)[6]; string(got) != "<<<<<<< ours\n" {
		t.Errorf("line 7 = %q", got)
	}
}
