package repo

import (
	"reflect"
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
	in := []eventFolder{
		{Draft: "k3x9q2", Tree: strings.Repeat("a", 40), Events: []string{"01A", "01B"}},
		{Draft: "ab2cd3", Tree: strings.Repeat("b", 40)},
	}
	if got := decodeEventIndex(encodeEventIndex(in)); !reflect.DeepEqual(got, in) {
		t.Fatalf("got %+v", got)
	}
	if got := decodeEventIndex([]byte("cc-events 0\n" + string(encodeEventIndex(in))[len(eventIndexHeader):])); got != nil {
		t.Fatalf("another version's cache was read: %+v", got)
	}
}

func FuzzDecodeEventIndex(f *testing.F) {
	f.Add(encodeEventIndex([]eventFolder{{Draft: "k3x9q2", Tree: strings.Repeat("a", 40), Events: []string{"01A"}}}))
	f.Add([]byte("x\ty\tz\n\n\t\t\n"))
	f.Add([]byte(eventIndexHeader + "x\ty\tz\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got []eventFolder
		checkBudget(t, len(data), func() { got = decodeEventIndex(data) })
		for _, ef := range got {
			if ef.Draft == "" || len(ef.Tree) != 40 {
				t.Fatalf("accepted a damaged line: %+v", ef)
			}
		}
	})
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
