package repo

import (
	"cmp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cc-content/cc/review"
)

func TestMessageString(t *testing.T) {
	m := message{Subject: "draft(x): new \"a\nb\"", Body: "\n  Body text.\n"}
	m.trailer("Cc-Action", "draft-new")
	m.trailer("Cc-Draft", "k3x9q2\nInjected: yes")
	want := "draft(x): new \"a b\"\n\nBody text.\n\nCc-Action: draft-new\nCc-Draft: k3x9q2 Injected: yes\n"
	if got := m.String(); got != want {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

func TestQuoteSubject(t *testing.T) {
	if got := quoteSubject("short"); got != `"short"` {
		t.Errorf("got %s", got)
	}
	long := strings.Repeat("é", 80)
	if got := quoteSubject(long); len([]rune(got)) != 52 || !strings.HasSuffix(got, "…\"") {
		t.Errorf("got %s (%d runes)", got, len([]rune(got)))
	}
}

func TestParseDue(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 4, 5, 0, time.UTC)
	for in, want := range map[string]string{
		"2d":                        "2026-11-27T10:04:00Z",
		"36h":                       "2026-11-26T22:04:00Z",
		"2026-12-01":                "2026-12-01",
		"2026-12-01T09:00:00+01:00": "2026-12-01T08:00:00Z",
		"1w":                        "2026-12-02T10:04:00Z",
		"90min":                     "2026-11-25T11:34:00Z",
		"2026-12-01 15:00":          "2026-12-01T15:00:00Z",
		"2026-12-01T15:00":          "2026-12-01T15:00:00Z",
	} {
		got, err := ParseDue(in, now)
		if err != nil || got != want {
			t.Errorf("ParseDue(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "soon", "2026-13-01", "-1d", "1m", "2026-12-01 25:00"} {
		if _, err := ParseDue(in, now); err == nil {
			t.Errorf("ParseDue(%q) succeeded", in)
		}
	}
}

func TestEventIndexRoundTrip(t *testing.T) {
	in := eventIndex{
		keys:    strings.Repeat("c", 40) + "\n",
		folders: indexLine("ab2cd3", strings.Repeat("b", 40)) + indexLine("k3x9q2", strings.Repeat("a", 40)),
		events:  indexLine("01A", "k3x9q2") + indexLine("01B", "k3x9q2"),
	}
	if got, ok := decodeEventIndex(in.encode()); !ok || got.keys != in.keys || got.folders != in.folders || got.events != in.events {
		t.Fatalf("got %+v, %v", got, ok)
	}
	if _, ok := decodeEventIndex([]byte("cc-events 1\n" + string(in.encode())[len(eventIndexHeader):])); ok {
		t.Fatal("another version's cache was read")
	}
	if got := in.eventsStarting("01"); !slices.Equal(got, []eventRef{{"k3x9q2", "01A"}, {"k3x9q2", "01B"}}) {
		t.Fatalf("events starting 01: %q", got)
	}
	// A refresh not written back: k3x9q2's lines are stale, q's added.
	in.stale, in.added = map[string]bool{"k3x9q2": true}, []string{indexLine("01A", "q"), indexLine("01C", "q")}
	if got := in.eventsStarting("01"); !slices.Equal(got, []eventRef{{"q", "01A"}, {"q", "01C"}}) {
		t.Fatalf("events starting 01 after a refresh: %q", got)
	}
	if got := in.written(); got.events != indexLine("01A", "q")+indexLine("01C", "q") || got.stale != nil {
		t.Fatalf("written: %+v", got)
	}
}

// Whatever the cache holds, a look-up returns only events whose id starts
// with what was asked, and a refresh keeps its lines in order.
func FuzzEventIndex(f *testing.F) {
	f.Add(eventIndex{keys: "-\n", folders: indexLine("k3x9q2", strings.Repeat("a", 40)), events: indexLine("01A", "k3x9q2")}.encode(), "01")
	f.Add([]byte("x\ty\tz\n\n\t\t\n"), "x")
	f.Add([]byte(eventIndexHeader+"=\n=\n01B\tq\n01A\tp\n=\n"), "01")
	f.Fuzz(func(t *testing.T, data []byte, prefix string) {
		var x eventIndex
		var ok bool
		checkBudget(t, len(data), func() { x, ok = decodeEventIndex(data) })
		if !ok {
			return
		}
		for _, f := range x.eventsStarting(prefix) {
			if !strings.HasPrefix(f.id, prefix) {
				t.Fatalf("%q does not start with %q", f.id, prefix)
			}
		}
		// A refresh looks up as the file it writes would, in a file of
		// sorted records.
		lines := strings.SplitAfter(x.events, "\n")
		lines = lines[:len(lines)-1]
		if !strings.HasSuffix(x.events, "\n") || !slices.IsSortedFunc(lines, compareLines) ||
			slices.ContainsFunc(lines, func(l string) bool { return strings.Count(l, "\t") != 1 }) {
			return
		}
		x.stale = map[string]bool{"k3x9q2": true}
		x.added = []string{indexLine("01Z", "q"), indexLine(prefix, "p"), indexLine("01", "k3x9q2")}
		slices.SortFunc(x.added, compareLines)
		lazy := x.eventsStarting(prefix)
		w := x.written()
		if merged := w.eventsStarting(prefix); !slices.Equal(sorted(lazy), sorted(merged)) {
			t.Fatalf("before writing %q, after %q", lazy, merged)
		}
	})
}

func sorted(s []eventRef) []eventRef {
	s = slices.Clone(s)
	slices.SortFunc(s, func(a, b eventRef) int { return cmp.Or(strings.Compare(a.draft, b.draft), strings.Compare(a.id, b.id)) })
	return s
}

func FuzzParseDue(f *testing.F) {
	for _, s := range []string{"2d", "1w", "36h", "90min", "1m", "2026-12-01", "2026-12-01 15:00", "2026-12-01T09:00:00Z", "x"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		var due string
		var err error
		checkBudget(t, len(s), func() { due, err = ParseDue(s, now) })
		if err != nil {
			return
		}
		// What parseDue writes, an event file must accept: a date or RFC 3339.
		if _, derr := time.Parse(time.DateOnly, due); derr != nil {
			if _, terr := time.Parse(time.RFC3339, due); terr != nil {
				t.Fatalf("ParseDue(%q) = %q, neither a date nor RFC 3339", s, due)
			}
		}
		if review.DueTime(due).IsZero() {
			t.Fatalf("ParseDue(%q) = %q, which DueTime cannot read", s, due)
		}
	})
}
