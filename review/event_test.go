package review

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cc-content/cc/content"
)

const (
	idA = "01JDXY8Q2W3E4R5T6Y7U8V9W0X"
	idB = "01JDXY9A2W3E4R5T6Y7U8V9W0Y"
)

// The example of docs/format.md, comments and all.
const docExample = `cc: 1                                  # format version; an unknown version is an error
id: 01JDXY8Q2W3E4R5T6Y7U8V9W0X
type: comment
draft: k3x9q2
thread: 01JDXY8Q2W3E4R5T6Y7U8V9W0X     # a comment opens a thread: thread == id
author:
  name: Ada Lovelace
  email: ada@example.com
time: 2026-11-25T10:04:05Z             # RFC 3339, display only
clock: 7                               # Lamport clock: 1 + highest clock seen for this draft
answers: []                            # ids of the events this one responds to
body: |
  Can we say who the audience is in the first line?
anchor:                                # absent for a comment on the whole draft
  quote: Our launch plan
  prefix: "# "                         # up to 32 characters before the quote
  suffix: "\n\nWe will ship in March"  # up to 32 characters after the quote
  position: 2                          # offset of the quote in the body, in characters (runes)
  blob: 3b18e512dba79e4c8300dd08aeb37f8e728b8dad   # blob of the draft file the anchor was made on
`

func TestParseEventDocExample(t *testing.T) {
	e, err := ParseEvent(EventPath("k3x9q2", idA), []byte(docExample))
	if err != nil {
		t.Fatal(err)
	}
	want := &Event{
		Version: 1, ID: idA, Type: TypeComment, Draft: "k3x9q2", Thread: idA,
		Author: Person{"Ada Lovelace", "ada@example.com"},
		Time:   time.Date(2026, 11, 25, 10, 4, 5, 0, time.UTC), Clock: 7,
		Body: "Can we say who the audience is in the first line?\n",
		Anchor: &content.Anchor{Quote: "Our launch plan", Prefix: "# ", Suffix: "\n\nWe will ship in March",
			Position: 2, Blob: "3b18e512dba79e4c8300dd08aeb37f8e728b8dad"},
	}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("got  %+v\nwant %+v", e, want)
	}
}

// header is the start of a valid event of type typ, on lines 1 to 8.
func header(typ string) string {
	return "cc: 1\nid: " + idA + "\ntype: " + typ + "\ndraft: k3x9q2\nauthor:\n  name: Ada\ntime: 2026-11-25T10:04:05Z\nclock: 3\n"
}

func TestParseEventErrors(t *testing.T) {
	path := EventPath("k3x9q2", idA)
	tests := []struct {
		name string
		data string
		line int
		msg  string
	}{
		{"empty", "", 0, "empty"},
		{"not yaml", "cc: 1\nid: a: b\n", 2, "mapping values are not allowed"},
		{"not a mapping", "- 1\n- 2\n", 1, "mapping"},
		{"two documents", header("submit") + "---\ncc: 1\n", 9, "one YAML document"},
		{"no version", "id: " + idA + "\n", 1, "missing cc"},
		{"newer version", "cc: 2\nid: " + idA + "\nfuture: yes\n", 1, `unsupported format version "2"`},
		{"version not a number", "cc: one\n", 1, "unsupported format version"},
		{"unknown type", strings.Replace(header("submit"), "submit", "vote", 1), 3, `unknown event type "vote"`},
		{"unknown key", header("submit") + "mood: happy\n", 9, `unknown key "mood"`},
		{"key of another type", header("submit") + "reviewer: bob\n", 9, `"reviewer" is not used by submit events`},
		{"duplicate key", header("submit") + "clock: 4\n", 9, `"clock" appears twice`},
		{"alias", header("submit") + "body: &x hi\n", 9, "aliases are not allowed"},
		{"missing required", header("comment") + "thread: " + idA + "\n", 1, "comment events need body"},
		{"comment thread not id", header("comment") + "thread: " + idB + "\nbody: hi\n", 9, "thread must equal id"},
		{"bad id", strings.Replace(header("submit"), idA, "nope", 1), 2, `id "nope" is not an event id`},
		{"file name", header("submit"), 2, "does not match the file name"},
		{"bad time", strings.Replace(header("submit"), "2026-11-25T10:04:05Z", "yesterday", 1), 7, "not an RFC 3339 time"},
		{"clock zero", strings.Replace(header("submit"), "clock: 3", "clock: 0", 1), 8, "clock must be 1 or more"},
		{"clock text", strings.Replace(header("submit"), "clock: 3", "clock: many", 1), 8, "whole number"},
		{"author empty", strings.Replace(header("submit"), "  name: Ada\n", "  name: \"\"\n", 1), 6, "name or an email"},
		{"author unknown key", strings.Replace(header("submit"), "  name: Ada\n", "  name: Ada\n  phone: 1\n", 1), 7, `unknown key "phone" in author`},
		{"reply without answers", header("reply") + "thread: " + idB + "\nbody: hi\n", 3, "at least one"},
		{"answers not ids", header("reply") + "thread: " + idB + "\nbody: hi\nanswers: [x]\n", 11, `"x" is not an event id`},
		{"edit of two", header("edit") + "answers: [" + idA + ", " + idB + "]\nbody: new\n", 9, "exactly one"},
		{"empty body", header("request-changes") + "body: \"  \"\n", 9, "body must not be empty"},
		{"approve bad blob", header("approve") + "blob: 1234\n", 9, "not a git object id"},
		{"bad due", header("request-review") + "reviewer: bob\ndue: soon\n", 10, "not an RFC 3339 date"},
		{"suggest without replacement", header("suggest") + "thread: " + idA + "\nanchor:\n  quote: x\n  position: 0\n", 1, "need replacement"},
		{"anchor without quote", header("comment") + "thread: " + idA + "\nbody: hi\nanchor:\n  position: 3\n", 11, "anchor needs a quote"},
		{"anchor negative position", header("comment") + "thread: " + idA + "\nbody: hi\nanchor:\n  quote: x\n  position: -1\n", 13, "anchor.position"},
		{"followup without text", header("decide") + "thread: " + idB + "\ndecision: ship\nfollowups:\n  - assignee: bob\n", 12, "needs text"},
		{"list for a string", header("submit") + "body: [a, b]\n", 9, "single value"},
		{"draft with slash", strings.Replace(header("submit"), "k3x9q2", "../x", 1), 4, "not a draft id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := path
			if tt.name == "file name" {
				p = EventPath("k3x9q2", idB)
			}
			_, err := ParseEvent(p, []byte(tt.data))
			var ee *EventError
			if !errors.As(err, &ee) {
				t.Fatalf("err = %v, want *EventError", err)
			}
			if ee.Path != p || ee.Line != tt.line || !strings.Contains(ee.Msg, tt.msg) {
				t.Errorf("got %q (line %d), want line %d and %q", err, ee.Line, tt.line, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), p) {
				t.Errorf("error %q does not start with the file", err)
			}
		})
	}
}

func TestParseEventTooLarge(t *testing.T) {
	data := header("submit") + "body: " + strings.Repeat("x", MaxEventSize) + "\n"
	if _, err := ParseEvent("big.yaml", []byte(data)); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("err = %v", err)
	}
}

func TestParseEventAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString(header("submit"))
	b.WriteString("x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 9; i++ {
		b.WriteString("x" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 9; j++ {
			b.WriteString("*a" + string(rune('0'+i-1)) + ", ")
		}
		b.WriteString("x]\n")
	}
	start := time.Now()
	_, err := ParseEvent("bomb.yaml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "aliases") {
		t.Errorf("err = %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
}

// sampleEvents has one event of every type, with the awkward strings
// people write: several lines, trailing spaces, quotes, YAML look-alikes.
func sampleEvents() []*Event {
	at := time.Date(2026, 11, 25, 10, 4, 5, 123000000, time.UTC)
	ada := Person{"Ada Lovelace", "ada@example.com"}
	anchor := &content.Anchor{Quote: "Our launch plan", Prefix: "# ", Suffix: "\n\nWe will ship in March ", Position: 2,
		Blob: "3b18e512dba79e4c8300dd08aeb37f8e728b8dad"}
	ev := func(typ Type, id string, clock int) *Event {
		return &Event{Version: 1, ID: id, Type: typ, Draft: "222222", Author: ada, Time: at, Clock: clock}
	}
	ids := []string{
		"01JDXY8Q2W3E4R5T6Y7U8V9W01", "01JDXY8Q2W3E4R5T6Y7U8V9W02", "01JDXY8Q2W3E4R5T6Y7U8V9W03",
		"01JDXY8Q2W3E4R5T6Y7U8V9W04", "01JDXY8Q2W3E4R5T6Y7U8V9W05", "01JDXY8Q2W3E4R5T6Y7U8V9W06",
		"01JDXY8Q2W3E4R5T6Y7U8V9W07", "01JDXY8Q2W3E4R5T6Y7U8V9W08", "01JDXY8Q2W3E4R5T6Y7U8V9W09",
		"01JDXY8Q2W3E4R5T6Y7U8V9W0A", "01JDXY8Q2W3E4R5T6Y7U8V9W0B", "01JDXY8Q2W3E4R5T6Y7U8V9W0C",
		"01JDXY8Q2W3E4R5T6Y7U8V9W0D", "01JDXY8Q2W3E4R5T6Y7U8V9W0E", "01JDXY8Q2W3E4R5T6Y7U8V9W0F",
	}
	c := ev(TypeComment, ids[0], 1)
	c.Thread, c.Body, c.Anchor = ids[0], "Can we say who the audience is?\n  - indented: \"yes\"\ntrailing space \n", anchor
	r := ev(TypeReply, ids[1], 2)
	r.Thread, r.Answers, r.Body = ids[0], []string{ids[0]}, "---\n# not a heading: just text"
	s := ev(TypeSuggest, ids[2], 3)
	s.Thread, s.Anchor, s.Replacement = ids[2], anchor, ""
	s2 := ev(TypeSuggest, ids[3], 3)
	s2.Thread, s2.Anchor, s2.Replacement, s2.Body = ids[3], &content.Anchor{Quote: "ü", Position: 0}, "yes: no", "Shorter?"
	ap := ev(TypeApply, ids[4], 4)
	ap.Thread, ap.Answers = ids[3], []string{ids[3]}
	rs := ev(TypeResolve, ids[5], 4)
	rs.Thread, rs.Body = ids[0], "Done."
	ro := ev(TypeReopen, ids[6], 5)
	ro.Thread = ids[0]
	ed := ev(TypeEdit, ids[7], 6)
	ed.Thread, ed.Answers, ed.Body = ids[0], []string{ids[0]}, "null"
	rt := ev(TypeRetract, ids[8], 7)
	rt.Answers = []string{ids[1]}
	rr := ev(TypeRequestReview, ids[9], 8)
	rr.Reviewer, rr.Due = "bob@example.com", "2026-12-01"
	apv := ev(TypeApprove, ids[10], 9)
	apv.Blob, apv.Signature = "3b18e512dba79e4c8300dd08aeb37f8e728b8dad", "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n"
	rc := ev(TypeRequestChanges, ids[11], 10)
	rc.Body = "'quoted'"
	sub := ev(TypeSubmit, ids[12], 11)
	pub := ev(TypePublish, ids[13], 12)
	pub.Author = Person{Email: "ci@example.com"}
	pub.Time = time.Date(2026, 11, 25, 11, 0, 0, 0, time.FixedZone("", 3600))
	dec := ev(TypeDecide, ids[14], 13)
	dec.Thread, dec.Decision = ids[0], "Ship it; audience line later."
	dec.Followups = []Followup{{Assignee: "bob", Due: "2026-12-02", Text: "Write the audience line"}, {Text: "Tell sales"}}
	as := ev(TypeAssign, NewEventIDForTest(15), 14)
	as.Thread, as.Assignee, as.Due = ids[0], "carol", "2026-12-03T17:00:00Z"
	return []*Event{c, r, s, s2, ap, rs, ro, ed, rt, rr, apv, rc, sub, pub, dec, as}
}

// NewEventIDForTest makes the n-th of a fixed series of ids.
func NewEventIDForTest(n int) string {
	return NewEventID(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC).Add(time.Duration(n)*time.Millisecond), strings.NewReader("0123456789"))
}

func TestMarshalRoundTrip(t *testing.T) {
	for _, e := range sampleEvents() {
		t.Run(string(e.Type), func(t *testing.T) {
			data := e.Marshal()
			got, err := ParseEvent(EventPath(e.Draft, e.ID), data)
			if err != nil {
				t.Fatalf("%v\n%s", err, data)
			}
			if !got.Time.Equal(e.Time) {
				t.Errorf("time %v, want %v", got.Time, e.Time)
			}
			got.Time = e.Time
			if !reflect.DeepEqual(got, e) {
				t.Errorf("got  %+v\nwant %+v\n%s", got, e, data)
			}
			if again := got.Marshal(); string(again) != string(data) {
				t.Errorf("Marshal is not stable:\n%s\n%s", data, again)
			}
			if strings.Contains(string(data), "\r") || !strings.HasSuffix(string(data), "\n") {
				t.Errorf("line ends: %q", data)
			}
		})
	}
}

func TestMarshalLayout(t *testing.T) {
	e := sampleEvents()[0]
	want := `cc: 1
id: 01JDXY8Q2W3E4R5T6Y7U8V9W01
type: comment
draft: "222222"
thread: 01JDXY8Q2W3E4R5T6Y7U8V9W01
author:
  name: Ada Lovelace
  email: ada@example.com
time: 2026-11-25T10:04:05.123Z
clock: 1
body: "Can we say who the audience is?\n  - indented: \"yes\"\ntrailing space \n"
anchor:
  quote: Our launch plan
  prefix: '# '
  suffix: "\n\nWe will ship in March "
  position: 2
  blob: 3b18e512dba79e4c8300dd08aeb37f8e728b8dad
`
	if got := string(e.Marshal()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	e.Body = "Can we say who the audience is?\nIn the first line.\n"
	if got := string(e.Marshal()); !strings.Contains(got, "body: |\n  Can we say who the audience is?\n  In the first line.\n") {
		t.Errorf("multi-line body is not a literal block:\n%s", got)
	}
}

func TestSortEventsAndNextClock(t *testing.T) {
	a := &Event{ID: idB, Clock: 2}
	b := &Event{ID: idA, Clock: 2}
	c := &Event{ID: idA, Clock: 1}
	evs := []*Event{a, b, c}
	SortEvents(evs)
	if evs[0] != c || evs[1] != b || evs[2] != a {
		t.Errorf("order %v %v %v", evs[0], evs[1], evs[2])
	}
	if n := NextClock(evs); n != 3 {
		t.Errorf("NextClock = %d", n)
	}
	if n := NextClock(nil); n != 1 {
		t.Errorf("NextClock(nil) = %d", n)
	}
	if p := EventPath("k3x9q2", idA); p != ".cc/reviews/k3x9q2/"+idA+".yaml" {
		t.Errorf("EventPath = %s", p)
	}
}

func FuzzParseEvent(f *testing.F) {
	f.Add([]byte(docExample))
	for _, e := range sampleEvents() {
		f.Add(e.Marshal())
	}
	f.Add([]byte("cc: 1\nx: &a [*a]\n"))
	f.Add([]byte("cc: 1\n? [a]\n: b\n"))
	f.Add([]byte("cc: 1\nbody: |2-\n    x\n\n   y\n"))
	f.Add([]byte("cc: 1\nbody: \"a\\x41\\u00e9\\\"\"\nanswers: []\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// The quick reader must read what yaml.v3 reads, or stand aside.
		fast, _, _ := new(content.QuickYAML).Parse(data, content.MemoryBudget(len(data)))
		// A reader's memory is reused by the next file: what it reads
		// then must not depend on the files before.
		used := new(content.QuickYAML)
		used.Parse([]byte(docExample), content.MemoryBudget(len(docExample)))
		used.Parse(data[:len(data)/2], content.MemoryBudget(len(data)/2))
		if again, _, _ := used.Parse(data, content.MemoryBudget(len(data))); !reflect.DeepEqual(again, fast) {
			t.Fatalf("a reused reader reads %q differently", data)
		}
		if fast != nil {
			slow, err := parseEventYAML("fuzz.yaml", data, math.MaxInt64) // the reader, not the limit
			if err != nil {
				t.Fatalf("quick reader accepts what yaml.v3 rejects (%v):\n%q", err, data)
			}
			e1, err1 := eventFromDoc("fuzz.yaml", fast)
			e2, err2 := eventFromDoc("fuzz.yaml", slow)
			if fmt.Sprint(err1) != fmt.Sprint(err2) || !reflect.DeepEqual(e1, e2) {
				t.Fatalf("readers differ on %q:\nquick %+v %v\nyaml  %+v %v", data, e1, err1, e2, err2)
			}
		}
		var e *Event
		var err error
		checkBudget(t, data, func(b []byte) { e, err = ParseEvent("fuzz.yaml", b) })
		if err != nil {
			var ee *EventError
			if !errors.As(err, &ee) || ee.Path != "fuzz.yaml" {
				t.Fatalf("error %v is not an *EventError for the file", err)
			}
			return
		}
		// Whatever parses must survive a round trip unchanged.
		out := e.Marshal()
		e2, err := ParseEvent("fuzz.yaml", out)
		if err != nil {
			t.Fatalf("own output does not parse: %v\n%s", err, out)
		}
		if !e2.Time.Equal(e.Time) {
			t.Fatalf("time changed")
		}
		e2.Time = e.Time
		if !reflect.DeepEqual(e, e2) {
			t.Fatalf("round trip changed the event:\n%+v\n%+v\n%s", e, e2, out)
		}
	})
}

// The quick reader handles what Marshal writes; check it did, so that
// BenchmarkLoad measures it.
func TestParseEventFastCoversMarshal(t *testing.T) {
	for _, e := range sampleEvents() {
		data := e.Marshal()
		if e.Type == TypeDecide {
			continue // follow-ups are a block sequence: yaml.v3 reads those
		}
		fast, _, _ := new(content.QuickYAML).Parse(data, content.MemoryBudget(len(data)))
		if fast == nil {
			t.Errorf("%s: quick reader declined:\n%s", e.Type, data)
			continue
		}
		slow, err := parseEventYAML("x.yaml", data, content.MemoryBudget(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		e1, err1 := eventFromDoc(EventPath(e.Draft, e.ID), fast)
		e2, err2 := eventFromDoc(EventPath(e.Draft, e.ID), slow)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(e1, e2) {
			t.Errorf("%s: readers differ:\n%+v %v\n%+v %v", e.Type, e1, err1, e2, err2)
		}
	}
}

// Text that a literal block cannot hold as it is still round-trips: a
// signature covers the exact bytes.
func TestMarshalKeepsAwkwardText(t *testing.T) {
	for _, text := range []string{"\n\nEvery new hire", "\nx", "  lead\nsecond", "trail  \nx", "a\r\nb", "x\n\n\n", "\t\ttab\nx", "x\n "} {
		e := &Event{Version: FormatVersion, ID: "01JF0000000000000000000001", Type: TypeComment, Draft: "k3x9q2",
			Thread: "01JF0000000000000000000001", Author: Person{Name: "Ann", Email: "ann@example.com"},
			Time: now, Clock: 1, Body: text,
			Anchor: &content.Anchor{Quote: "q", Prefix: text, Suffix: text, Position: 3}}
		back, err := ParseEvent(EventPath(e.Draft, e.ID), e.Marshal())
		if err != nil {
			t.Fatalf("%q: %v\n%s", text, err, e.Marshal())
		}
		if back.Body != text || back.Anchor.Prefix != text || back.Anchor.Suffix != text {
			t.Errorf("%q came back as body %q, prefix %q, suffix %q", text, back.Body, back.Anchor.Prefix, back.Anchor.Suffix)
		}
	}
}
