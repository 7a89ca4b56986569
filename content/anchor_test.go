package content

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

const anchorSample = "# Our launch plan\n\nWe will ship in March. We will ship\nwith a party.\n\n  Indented line  \n\nLast — ünïcode line"

func TestNewAnchor(t *testing.T) {
	tests := []struct {
		name       string
		quote      string
		occurrence int
		wantQuote  string // as found in the body
		wantAt     int    // byte offset of it
		wantErr    string
	}{
		{"unique", "Our launch plan", 0, "Our launch plan", 2, ""},
		{"second occurrence", "We will ship", 2, "We will ship", strings.LastIndex(anchorSample, "We will ship"), ""},
		{"wrapped quote typed on one line", "ship with a party", 0, "ship\nwith a party", strings.Index(anchorSample, "ship\nwith"), ""},
		{"runes not bytes", "ünïcode", 0, "ünïcode", strings.Index(anchorSample, "ünïcode"), ""},
		{"missing", "launch party", 0, "", 0, `quote "launch party" is not in the draft`},
		{"ambiguous", "We will ship", 0, "", 0, "occurs 2 times"},
		{"occurrence too high", "We will ship", 3, "", 0, "no occurrence 3"},
		{"empty", "  ", 0, "", 0, "quote is empty"},
		{"negative occurrence", "plan", -1, "", 0, "occurrence -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewAnchor(anchorSample, tt.quote, tt.occurrence, "b")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			r := []rune(anchorSample)
			pos := utf8.RuneCountInString(anchorSample[:tt.wantAt])
			end := pos + utf8.RuneCountInString(tt.wantQuote)
			want := Anchor{
				Quote:    tt.wantQuote,
				Prefix:   string(r[max(0, pos-AnchorContext):pos]),
				Suffix:   string(r[end:min(len(r), end+AnchorContext)]),
				Position: pos,
				Blob:     "b",
			}
			if got != want {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestAmbiguousQuoteError(t *testing.T) {
	_, err := NewAnchor(anchorSample, "will", 0, "")
	var amb *AmbiguousQuoteError
	if !errors.As(err, &amb) {
		t.Fatalf("err = %v, want *AmbiguousQuoteError", err)
	}
	want := []QuotePlace{
		{Line: 3, Column: 4, Context: "We [will] ship in March. We will ship"},
		{Line: 3, Column: 27, Context: "We will ship in March. We [will] ship"},
	}
	if len(amb.Places) != len(want) {
		t.Fatalf("places = %+v", amb.Places)
	}
	for i := range want {
		if amb.Places[i] != want[i] {
			t.Errorf("place %d = %+v, want %+v", i, amb.Places[i], want[i])
		}
	}
	msg := err.Error()
	for _, s := range []string{"line 3, column 4", "line 3, column 27", "--occurrence N"} {
		if !strings.Contains(msg, s) {
			t.Errorf("message %q lacks %q", msg, s)
		}
	}
}

func TestAnchorLine(t *testing.T) {
	tests := []struct {
		line    int
		quote   string
		wantErr string
	}{
		{1, "# Our launch plan", ""},
		{3, "We will ship in March. We will ship", ""},
		{6, "Indented line", ""},
		{8, "Last — ünïcode line", ""},
		{2, "", "line 2 is blank"},
		{0, "", "out of range"},
		{9, "", "out of range: the body has 8 lines"},
	}
	for _, tt := range tests {
		a, err := AnchorLine(anchorSample, tt.line, "b")
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("line %d: err = %v, want %q", tt.line, err, tt.wantErr)
			}
			continue
		}
		if err != nil || a.Quote != tt.quote {
			t.Errorf("line %d: got %q, %v; want %q", tt.line, a.Quote, err, tt.quote)
			continue
		}
		if got := NewLineIndex(anchorSample).Line(a.Position); got != tt.line {
			t.Errorf("Line(%d) = %d, want %d", a.Position, got, tt.line)
		}
	}
	if _, err := AnchorLine("one\ntwo\n", 3, ""); err == nil {
		t.Error("a final newline does not start a third line")
	}
}

func TestLineIndex(t *testing.T) {
	body := "ab\ncd\n\nü"
	x := NewLineIndex(body)
	for off, want := range map[int]int{-1: 1, 0: 1, 2: 1, 3: 2, 6: 3, 7: 4, 8: 4, 100: 4} {
		if got := x.Line(off); got != want {
			t.Errorf("Line(%d) = %d, want %d", off, got, want)
		}
	}
	// The index gives what a scan from the start gives, at every offset.
	for _, body := range []string{"", "\n", "\n\n", "x", "añb\n\nçd\n", "日本\n語\r\nü\n\n", anchorSample} {
		x := NewLineIndex(body)
		n := utf8.RuneCountInString(body)
		for off := -2; off <= n+2; off++ {
			want := 1 + strings.Count(string([]rune(body)[:max(0, min(off, n))]), "\n")
			if got := x.Line(off); got != want {
				t.Errorf("%q: Line(%d) = %d, want %d", body, off, got, want)
			}
			if got, want := x.byteOffset(off), anchorByteOffset(body, off); got != want {
				t.Errorf("%q: byteOffset(%d) = %d, want %d", body, off, got, want)
			}
		}
	}
}

// TestResolveAnchorsLikeEach checks that resolving many anchors against one
// body, with its lines indexed once, places each where resolving it alone
// does: in place, moved, or past the end of a shortened body.
func TestResolveAnchorsLikeEach(t *testing.T) {
	body := anchorSample
	var anchors []Anchor
	for _, line := range []int{1, 3, 4, 6, 8} {
		a, err := AnchorLine(body, line, "")
		if err != nil {
			t.Fatal(err)
		}
		anchors = append(anchors, a, Anchor{Quote: a.Quote, Position: a.Position + 500})
	}
	for _, text := range []string{body, "Ünïcode first.\n\n" + body, body[:40], ""} {
		all := ResolveAnchors(text, anchors)
		for i, a := range anchors {
			if one := a.Resolve(text); all[i] != one {
				t.Errorf("%q in %q: together %+v, alone %+v", a.Quote, text, all[i], one)
			}
		}
	}
}

func TestAnchorStateString(t *testing.T) {
	for s, want := range map[AnchorState]string{
		AnchorAnchored: "anchored", AnchorMoved: "moved", AnchorFuzzy: "fuzzy", AnchorOrphaned: "orphaned", 0: "AnchorState(0)",
	} {
		if s.String() != want {
			t.Errorf("%d: %q, want %q", int(s), s.String(), want)
		}
	}
}

func TestResolve(t *testing.T) {
	body := "Intro line.\n\nThe quick brown fox jumps over the lazy dog.\n\nOutro."
	a, err := NewAnchor(body, "brown fox", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		body  string
		state AnchorState
		quote string // the text the match covers
	}{
		{"unchanged", body, AnchorAnchored, "brown fox"},
		{"front text grew", "A new first line.\n\n" + body, AnchorMoved, "brown fox"},
		{"rewrapped", "Intro line.\n\nThe quick brown\nfox jumps over the lazy dog.\n\nOutro.", AnchorAnchored, "brown\nfox"},
		{"edited", "Intro line.\n\nThe quick browne fox jumps over the lazy dog.\n\nOutro.", AnchorFuzzy, "browne fox"},
		{"deleted", "Intro line.\n\nThe quick jumps over the lazy dog.\n\nOutro.", AnchorOrphaned, ""},
		{"paragraph deleted", "Intro line.\n\nOutro.", AnchorOrphaned, ""},
		{"empty body", "", AnchorOrphaned, ""},
		{"duplicated after", body + "\n\nA brown fox, again.", AnchorAnchored, "brown fox"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := a.Resolve(tt.body)
			if m.State != tt.state {
				t.Fatalf("state = %v (%+v), want %v", m.State, m, tt.state)
			}
			if got := string([]rune(tt.body)[m.Start:m.End]); got != tt.quote {
				t.Errorf("span = %q, want %q", got, tt.quote)
			}
			if (m.State == AnchorAnchored || m.State == AnchorMoved) != (m.Score == 1) {
				t.Errorf("score %v for %v", m.Score, m.State)
			}
		})
	}
	if m := (Anchor{}).Resolve(body); m.State != AnchorOrphaned {
		t.Errorf("empty anchor: %+v", m)
	}
	ms := ResolveAnchors("A new first line.\n\n"+body, []Anchor{a, {Quote: "Outro."}})
	if ms[0].State != AnchorMoved || ms[1].State == AnchorOrphaned {
		t.Errorf("ResolveAnchors = %+v", ms)
	}
}

func FuzzResolve(f *testing.F) {
	f.Add(anchorSample, "We will ship", 2, "We will\nship soon. We will ship with a party.")
	f.Add("héllo wörld", "wörld", 0, "hello world")
	f.Add("aaaa", "aa", 1, "aaaaaaa")
	f.Add("x", "x", 0, "\xff\xfe x")
	f.Fuzz(func(t *testing.T, body, quote string, occ int, edited string) {
		a, err := NewAnchor(body, quote, occ%4, "")
		if err != nil {
			a = Anchor{Quote: quote, Prefix: body, Suffix: edited, Position: occ}
		}
		var m AnchorMatch
		size := len(a.Quote) + len(a.Prefix) + len(a.Suffix) + len(edited)
		checkBudget(t, size, MemoryBudget(size), func() { m = a.Resolve(edited) })
		n := utf8.RuneCountInString(edited)
		if m.State == AnchorOrphaned {
			if m.Start != 0 || m.End != 0 || m.Score != 0 {
				t.Fatalf("orphaned with span: %+v", m)
			}
			return
		}
		if m.Start < 0 || m.End > n || m.Start > m.End {
			t.Fatalf("span [%d,%d) outside body of %d runes", m.Start, m.End, n)
		}
		if m.Score <= 0 || m.Score > 1 {
			t.Fatalf("score %v", m.Score)
		}
		// Offsets are runes of the body as given, so they always cut it on
		// rune boundaries; check the cut reproduces the text around it.
		r := []rune(edited)
		if string(r[:m.Start])+string(r[m.Start:m.End])+string(r[m.End:]) != string(r) {
			t.Fatal("span does not cut the body cleanly")
		}
	})
}

// BenchmarkResolve resolves 1,000 anchors against a 50 KB body made of the
// corpus drafts, after edits that leave most comments in place, move many
// and touch some.
func BenchmarkResolve(b *testing.B) {
	docs := anchorLoadCorpus(b)
	var sb strings.Builder
	for sb.Len() < 50_000 {
		for _, d := range docs {
			sb.WriteString(d.text)
			sb.WriteString("\n")
		}
	}
	body := sb.String()[:50_000]
	body = body[:strings.LastIndexByte(body, '\n')+1]
	words := anchorWords(body, anchorByteSpan{0, len(body)})
	var anchors []Anchor
	for i := 0; len(anchors) < 1000; i++ {
		w := words[(i*7919)%(len(words)-6)]
		end := words[(i*7919)%(len(words)-6)+1+i%5].b
		a := anchorAt(body, anchorSpan{w.a, end}, "")
		anchors = append(anchors, a)
	}
	// Edited: a paragraph inserted near the top, every 40th word changed.
	edited := "A new opening paragraph that moves everything after it.\n\n" + body
	ew := anchorWords(edited, anchorByteSpan{0, len(edited)})
	for i := len(ew) - 1; i >= 0; i -= 40 {
		edited = edited[:ew[i].a] + "changed" + edited[ew[i].b:]
	}
	b.Run("each", func(b *testing.B) {
		for b.Loop() {
			for _, a := range anchors {
				a.Resolve(edited)
			}
		}
	})
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			ResolveAnchors(edited, anchors)
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		for b.Loop() {
			for _, a := range anchors {
				a.Resolve(body)
			}
		}
	})
	states := map[AnchorState]int{}
	for _, m := range ResolveAnchors(edited, anchors) {
		states[m.State]++
	}
	b.Logf("1000 anchors, %d KB body: %v", len(edited)/1024, states)
}

// BenchmarkPlaceMany resolves 500 anchors, all still where they were, on a
// 1 MB body and finds each one's line, as placing a draft's threads does:
// both must cost one pass over the body, not one per anchor.
func BenchmarkPlaceMany(b *testing.B) {
	var sb strings.Builder
	for i := 0; sb.Len() < 1<<20; i++ {
		fmt.Fprintf(&sb, "Paragraph %d says something about the plan — ünïcode too.\n\n", i)
	}
	body := sb.String()
	n := utf8.RuneCountInString(body)
	var anchors []Anchor
	for i := range 500 {
		a, err := AnchorLine(body, 1+2*(i*(n/60/500)), "")
		if err != nil {
			b.Fatal(err)
		}
		anchors = append(anchors, a)
	}
	for b.Loop() {
		x := NewLineIndex(body)
		for _, m := range ResolveAnchors(body, anchors) {
			if m.State != AnchorAnchored {
				b.Fatalf("anchor not in place: %v", m.State)
			}
			x.Line(m.Start)
		}
	}
}

// An anchor from a hand-written event may keep far more context than cc
// writes; resolving looks only at the runes next to the quote (each
// context score is a table of context × window), so text far from the
// quote, rewritten since, does not count against it.
func TestResolveLongContext(t *testing.T) {
	before, after := strings.Repeat("filler words here. ", 400), strings.Repeat(" more words after.", 400)
	near := strings.Repeat("Near the quote, unchanged. ", 6) + "We will ship in March" + strings.Repeat(" with a party, and then rest.", 6)
	body := before + near + after
	edited := strings.Repeat("other text there! ", 420) +
		strings.Replace(near, "ship in March", "ship in April", 1) + strings.Repeat(" Rewritten since!", 410)
	a, err := NewAnchor(body, "We will ship in March", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	long := a
	at := strings.Index(body, a.Quote)
	long.Prefix, long.Suffix = body[:at], body[at+len(a.Quote):]
	want, got := a.Resolve(edited), long.Resolve(edited)
	if got.State != AnchorFuzzy || got.Start != want.Start || got.End != want.End {
		t.Fatalf("long context: %+v, short: %+v", got, want)
	}
}
