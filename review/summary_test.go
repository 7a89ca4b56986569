package review

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// flow writes one draft's workflow events in order, each with the next
// clock, the way one clone does.
type flow struct {
	draft  string
	n      int
	events []*Event
}

var (
	ann   = Person{"Ann Author", "ann@example.com"}
	rita  = Person{"Rita Reviewer", "rita@example.com"}
	sam   = Person{"Sam Second", "sam@example.com"}
	lee   = Person{"Lee Legal", "legal@example.com"}
	ciBot = Person{"CI", "ci-bot@example.com"}
)

func newFlow() *flow { return &flow{draft: "k3x9q2"} }

func (f *flow) add(who Person, typ Type, mod func(e *Event)) *Event {
	f.n++
	e := &Event{
		Version: FormatVersion,
		ID:      fmt.Sprintf("01JF%022d", f.n),
		Type:    typ,
		Draft:   f.draft,
		Author:  who,
		Time:    time.Date(2026, 11, 25, 10, f.n, 0, 0, time.UTC),
		Clock:   f.n,
	}
	if typ == TypeComment {
		e.Thread, e.Body = e.ID, "a question"
	}
	if mod != nil {
		mod(e)
	}
	f.events = append(f.events, e)
	return e
}

func (f *flow) submit(who Person) *Event  { return f.add(who, TypeSubmit, nil) }
func (f *flow) publish(who Person) *Event { return f.add(who, TypePublish, nil) }
func (f *flow) approve(who Person, blob string) *Event {
	return f.add(who, TypeApprove, func(e *Event) { e.Blob = blob })
}
func (f *flow) requestChanges(who Person, body string) *Event {
	return f.add(who, TypeRequestChanges, func(e *Event) { e.Body = body })
}
func (f *flow) request(who Person, reviewer, due string) *Event {
	return f.add(who, TypeRequestReview, func(e *Event) { e.Reviewer, e.Due = reviewer, due })
}
func (f *flow) comment(who Person) *Event { return f.add(who, TypeComment, nil) }
func (f *flow) resolve(who Person, thread *Event) *Event {
	return f.add(who, TypeResolve, func(e *Event) { e.Thread = thread.ID })
}

func (f *flow) summary() Summary { return Summarize(Fold(f.draft, f.events)) }

// blob returns a blob id made of one repeated hex digit.
func blob(c byte) string { return strings.Repeat(string(c), 40) }

func TestSummarize(t *testing.T) {
	f := newFlow()
	open := f.comment(rita)
	closed := f.comment(sam)
	f.submit(ann)
	f.request(ann, "rita@example.com", "2026-12-01")
	f.approve(rita, blob('a'))
	f.resolve(ann, closed)
	f.requestChanges(sam, "\n  Please cite the source.  \nMore detail here.")
	f.publish(ann)
	s := f.summary()
	var types []string
	for _, m := range s.Moves {
		types = append(types, string(m.Type))
	}
	if got := strings.Join(types, " "); got != "submit request-review approve request-changes publish" {
		t.Fatalf("moves = %s", got)
	}
	if s.Draft != "k3x9q2" || len(s.OpenThreads) != 1 || s.OpenThreads[0] != open.ID {
		t.Fatalf("summary %+v", s)
	}
	if m := s.Moves[1]; m.Reviewer != "rita@example.com" || m.Due != "2026-12-01" || m.By() != ann {
		t.Errorf("request-review move %+v", m)
	}
	if m := s.Moves[2]; m.Blob != blob('a') || m.By() != rita || m.Clock != 5 {
		t.Errorf("approve move %+v", m)
	}
	if m := s.Moves[3]; m.Note != "Please cite the source." {
		t.Errorf("note %q", m.Note)
	}
	if got := firstLine(strings.Repeat("é", 150), 9); got != "éééé…" {
		t.Errorf("firstLine cut = %q", got)
	}
}

func sampleSummaries() map[string]Summary {
	cet := time.FixedZone("", 3600)
	return map[string]Summary{
		"tree1": {Draft: "k3x9q2", Moves: []Move{
			{Type: TypeSubmit, Event: "01JF0000000000000000000001", Clock: 1, Name: "Ann", Email: "ann@example.com", Time: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)},
			{Type: TypeApprove, Event: "01JF0000000000000000000002", Clock: 2, Name: "Rita\tR", Email: "rita@example.com", Time: time.Date(2026, 11, 25, 11, 0, 0, 123456789, cet), Blob: blob('a'), Signed: true},
			{Type: TypeRequestChanges, Event: "01JF0000000000000000000003", Clock: 3, Name: `back\slash`, Email: "x@y", Note: "line\nbreak \\t"},
			{Type: TypeRequestReview, Event: "01JF0000000000000000000004", Clock: 4, Reviewer: "Sam <sam@example.com>", Due: "2026-12-01", Time: time.Date(1969, 1, 1, 0, 0, 0, 1, time.FixedZone("", -5*3600))},
			{Type: TypePublish, Event: "01JF0000000000000000000005", Clock: 5},
		}, OpenThreads: []string{"01JF0000000000000000000009", "01JF0000000000000000000010"}},
		"tree2":        {Draft: "abcdef", Problems: []string{".cc/reviews/abcdef/x.yaml:3: bad\tfield", ""}},
		"":             {},
		"key\twith\nx": {Draft: "d", OpenThreads: []string{""}},
	}
}

func sameSummaries(t *testing.T, got, want map[string]Summary) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d summaries, want %d", len(got), len(want))
	}
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			t.Fatalf("key %q missing", k)
		}
		if g.Draft != w.Draft || len(g.Moves) != len(w.Moves) || strings.Join(g.OpenThreads, ",") != strings.Join(w.OpenThreads, ",") || len(g.OpenThreads) != len(w.OpenThreads) ||
			!slices.Equal(g.Problems, w.Problems) {
			t.Fatalf("%q: got %+v, want %+v", k, g, w)
		}
		for i := range w.Moves {
			gm, wm := g.Moves[i], w.Moves[i]
			_, goff := gm.Time.Zone()
			_, woff := wm.Time.Zone()
			if !gm.Time.Equal(wm.Time) || goff != woff {
				t.Fatalf("%q move %d time %v, want %v", k, i, gm.Time, wm.Time)
			}
			gm.Time, wm.Time = time.Time{}, time.Time{}
			if gm != wm {
				t.Fatalf("%q move %d: got %+v, want %+v", k, i, gm, wm)
			}
		}
	}
}

func TestSummariesRoundTrip(t *testing.T) {
	want := sampleSummaries()
	enc := EncodeSummaries(want)
	got, err := DecodeSummaries(enc)
	if err != nil {
		t.Fatal(err)
	}
	sameSummaries(t, got, want)
	if again := EncodeSummaries(got); !bytes.Equal(again, enc) {
		t.Fatalf("encoding is not stable:\n%s\n%s", enc, again)
	}
	// A summary of real events survives too.
	f := newFlow()
	f.comment(rita)
	f.submit(ann)
	f.approve(rita, blob('b'))
	real := map[string]Summary{"t": f.summary()}
	got, err = DecodeSummaries(EncodeSummaries(real))
	if err != nil {
		t.Fatal(err)
	}
	sameSummaries(t, got, real)
	if got, err := DecodeSummaries(EncodeSummaries(nil)); err != nil || len(got) != 0 {
		t.Fatalf("empty map: %v, %v", got, err)
	}
}

func TestDecodeSummariesDamage(t *testing.T) {
	enc := EncodeSummaries(sampleSummaries())
	for i := 0; i < len(enc); i++ {
		if _, err := DecodeSummaries(enc[:i]); !errors.Is(err, ErrSummaries) {
			t.Fatalf("cut at %d: err = %v", i, err)
		}
		damaged := bytes.Clone(enc)
		damaged[i] ^= 0x01
		if _, err := DecodeSummaries(damaged); !errors.Is(err, ErrSummaries) {
			t.Fatalf("byte %d flipped: err = %v", i, err)
		}
	}
	for _, in := range []string{"", "cc-summaries 2\nend\t0\t0\t0\t00000000\n", "cc-summaries 1\n", string(enc) + "x"} {
		if _, err := DecodeSummaries([]byte(in)); !errors.Is(err, ErrSummaries) {
			t.Errorf("DecodeSummaries(%q) err = %v", in, err)
		}
	}
}

func FuzzDecodeSummaries(f *testing.F) {
	f.Add(EncodeSummaries(sampleSummaries()))
	f.Add(EncodeSummaries(nil))
	f.Add(EncodeSummaries(map[string]Summary{"a": {Draft: "x", OpenThreads: []string{"t"}}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		var m map[string]Summary
		var err error
		checkBudget(t, data, func(b []byte) { m, err = DecodeSummaries(b) })
		if err != nil {
			if !errors.Is(err, ErrSummaries) {
				t.Fatalf("error %v does not wrap ErrSummaries", err)
			}
			return
		}
		// What decodes has one encoding: the bytes it came from.
		if enc := EncodeSummaries(m); !bytes.Equal(enc, data) {
			t.Fatalf("decoded and encoded again differs:\n%q\n%q", data, enc)
		}
	})
}

// benchSummaries is 10,000 drafts with a typical review behind each.
func benchSummaries() map[string]Summary {
	people := []Person{ann, rita, sam, lee, ciBot}
	m := make(map[string]Summary, 10000)
	for i := 0; i < 10000; i++ {
		f := &flow{draft: fmt.Sprintf("d%05d", i)}
		author := people[i%2]
		other := people[1-i%2]
		f.comment(other)
		f.submit(author)
		f.request(author, other.Email, "2026-12-01")
		if i%3 == 0 {
			f.requestChanges(other, "Please say who the audience is.")
		}
		f.approve(other, fmt.Sprintf("%040x", i))
		f.approve(ciBot, fmt.Sprintf("%040x", i))
		if i%2 == 0 {
			f.publish(author)
		}
		m[fmt.Sprintf("%040x", i*7919)] = f.summary()
	}
	return m
}

func BenchmarkDecodeSummaries(b *testing.B) {
	enc := EncodeSummaries(benchSummaries())
	b.SetBytes(int64(len(enc)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m, err := DecodeSummaries(enc)
		if err != nil || len(m) != 10000 {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeSummaries(b *testing.B) {
	m := benchSummaries()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		EncodeSummaries(m)
	}
}
