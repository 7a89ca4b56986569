package review

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/cc-content/cc/content"
)

// scenario writes events for one draft the way clones do: each event gets
// the next clock of what its writer has seen, and a fresh id.
type scenario struct {
	draft  string
	seen   []*Event
	nextID int
	prefix string // keeps ids of two clones apart
}

var (
	ada = Person{"Ada", "ada@example.com"}
	bob = Person{"Bob", "bob@example.com"}
	cy  = Person{"Cy", "cy@example.com"}
)

func (s *scenario) add(who Person, typ Type, f func(e *Event)) *Event {
	s.nextID++
	e := &Event{
		Version: FormatVersion,
		ID:      fmt.Sprintf("01JE%s%021d", s.prefix, s.nextID),
		Type:    typ,
		Draft:   s.draft,
		Author:  who,
		Time:    time.Date(2026, 11, 25, 10, 0, s.nextID, 0, time.UTC),
		Clock:   NextClock(s.seen),
	}
	if f != nil {
		f(e)
	}
	if typ == TypeComment || typ == TypeSuggest {
		e.Thread = e.ID
	}
	s.seen = append(s.seen, e)
	return e
}

func (s *scenario) comment(who Person, body string) *Event {
	return s.add(who, TypeComment, func(e *Event) { e.Body = body })
}

func (s *scenario) reply(who Person, to *Event, body string) *Event {
	return s.add(who, TypeReply, func(e *Event) { e.Thread, e.Answers, e.Body = to.Thread, []string{to.ID}, body })
}

func (s *scenario) on(who Person, typ Type, thread *Event) *Event {
	return s.add(who, typ, func(e *Event) { e.Thread = thread.Thread })
}

func (s *scenario) fork(prefix string) *scenario {
	return &scenario{draft: s.draft, seen: append([]*Event(nil), s.seen...), nextID: s.nextID, prefix: prefix}
}

// describe renders a review with everything Fold decides, to compare
// reviews and to read in failures.
func describe(r *Review) string {
	var b strings.Builder
	for _, e := range r.Events {
		fmt.Fprintf(&b, "event %d %s %s\n", e.Clock, e.ID, e.Type)
	}
	for _, t := range r.Threads {
		fmt.Fprintf(&b, "thread %s resolved=%v applied=%v by=%v last=%s\n", t.ID, t.Resolved, t.Applied, t.ResolvedBy, t.Last.ID)
		for _, m := range append([]Message{t.Root}, t.Replies...) {
			fmt.Fprintf(&b, "  %s %s %q edited=%v retracted=%v\n", m.Event.ID, m.Event.Author.Name, m.Body, m.Edited, m.Retracted)
		}
		for _, p := range t.Participants {
			fmt.Fprintf(&b, "  with %s\n", p.Name)
		}
	}
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "problem %v\n", p)
	}
	return b.String()
}

func TestFold(t *testing.T) {
	s := &scenario{draft: "k3x9q2", prefix: "A"}
	c1 := s.comment(ada, "Who is the audience?")
	r1 := s.reply(bob, c1, "Developers.")
	s.add(bob, TypeEdit, func(e *Event) { e.Answers, e.Body = []string{r1.ID}, "Developers, mostly." })
	s.on(ada, TypeResolve, c1)
	late := s.reply(cy, c1, "And their managers?")
	sg := s.add(cy, TypeSuggest, func(e *Event) {
		e.Anchor, e.Replacement = &content.Anchor{Quote: "ship", Position: 3}, "release"
	})
	s.add(ada, TypeApply, func(e *Event) { e.Thread, e.Answers = sg.ID, []string{sg.ID} })
	c2 := s.comment(bob, "Typo in the title.")
	s.add(ada, TypeEdit, func(e *Event) { e.Answers, e.Body = []string{c2.ID}, "Not a typo." }) // not hers
	s.add(bob, TypeRetract, func(e *Event) { e.Answers = []string{c2.ID} })
	s.add(bob, TypeEdit, func(e *Event) { e.Answers, e.Body = []string{c2.ID}, "too late" })
	s.on(ada, TypeResolve, c2)
	s.on(bob, TypeReopen, c2)
	s.add(bob, TypeReply, func(e *Event) {
		e.Thread, e.Answers, e.Body = "01JEZZZZZZZZZZZZZZZZZZZZZZ", []string{"01JEZZZZZZZZZZZZZZZZZZZZZZ"}, "lost"
	})
	s.add(bob, TypeRequestReview, func(e *Event) { e.Reviewer = "cy@example.com" })
	other := s.add(bob, TypeSubmit, func(e *Event) { e.Draft = "zzzzzz" })

	r := Fold("k3x9q2", s.seen)
	if len(r.Threads) != 3 {
		t.Fatalf("threads:\n%s", describe(r))
	}
	t1, t2, t3 := r.Threads[0], r.Threads[1], r.Threads[2]
	if !t1.Resolved || t1.ResolvedBy == nil || t1.ResolvedBy.Name != "Ada" {
		t.Errorf("a reply after resolve reopened the thread:\n%s", describe(r))
	}
	if len(t1.Replies) != 2 || t1.Replies[0].Body != "Developers, mostly." || !t1.Replies[0].Edited || t1.Replies[1].Event != late {
		t.Errorf("replies:\n%s", describe(r))
	}
	if got := fmt.Sprint(t1.Participants); got != "[Ada <ada@example.com> Bob <bob@example.com> Cy <cy@example.com>]" {
		t.Errorf("participants %s", got)
	}
	if t1.Last != late {
		t.Errorf("last = %v", t1.Last.ID)
	}
	if t2.Suggestion != sg || !t2.Applied || !t2.Resolved || t2.Anchor.Quote != "ship" {
		t.Errorf("suggestion:\n%s", describe(r))
	}
	if !t3.Root.Retracted || t3.Root.Body != "" || t3.Resolved {
		t.Errorf("retracted, reopened comment:\n%s", describe(r))
	}
	probs := fmt.Sprint(r.Problems)
	for _, want := range []string{"only its author may edit", "not in this review", "belongs to draft zzzzzz"} {
		if !strings.Contains(probs, want) {
			t.Errorf("problems lack %q:\n%s", want, probs)
		}
	}
	if len(r.Problems) != 3 {
		t.Errorf("problems:\n%s", probs)
	}
	for _, e := range r.Events {
		if e == other {
			t.Error("an event of another draft is in the review")
		}
	}
}

func TestFoldOrderIndependent(t *testing.T) {
	s := &scenario{draft: "k3x9q2", prefix: "A"}
	for i := range 20 {
		c := s.comment([]Person{ada, bob, cy}[i%3], fmt.Sprintf("comment %d", i))
		r := s.reply(bob, c, "reply")
		if i%2 == 0 {
			s.on(ada, TypeResolve, c)
		}
		if i%4 == 0 {
			s.on(cy, TypeReopen, c)
			s.add(bob, TypeEdit, func(e *Event) { e.Answers, e.Body = []string{r.ID}, "edited" })
		}
	}
	// A duplicate (the same file reached us twice) counts once.
	dup := *s.seen[3]
	events := append(append([]*Event(nil), s.seen...), &dup, nil)
	want := describe(Fold("k3x9q2", s.seen))
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		rng.Shuffle(len(events), func(i, j int) { events[i], events[j] = events[j], events[i] })
		if got := describe(Fold("k3x9q2", events)); got != want {
			t.Fatalf("order changed the review:\n%s\nwant\n%s", got, want)
		}
	}
}

// Two clones act on the same draft at once, with equal clocks; after a
// merge, in either direction, both fold the union the same way.
func TestFoldConcurrentBranches(t *testing.T) {
	base := &scenario{draft: "k3x9q2", prefix: "0"}
	c := base.comment(ada, "Is March right?")
	base.reply(bob, c, "I think so.")

	a := base.fork("A")
	a.on(ada, TypeResolve, c)
	a.reply(ada, c, "Resolved: March.")
	b := base.fork("B")
	b.on(bob, TypeReopen, c) // same clock as A's resolve; B's id sorts later
	b.reply(cy, c, "April, surely?")
	b.add(cy, TypeApprove, func(e *Event) { e.Blob = strings.Repeat("a", 40) })

	ab := append(append([]*Event(nil), a.seen...), b.seen[len(base.seen):]...)
	ba := append(append([]*Event(nil), b.seen...), a.seen[len(base.seen):]...)
	ra, rb := Fold("k3x9q2", ab), Fold("k3x9q2", ba)
	if describe(ra) != describe(rb) {
		t.Fatalf("merge direction matters:\n%s\n%s", describe(ra), describe(rb))
	}
	th := ra.Threads[0]
	if th.Resolved {
		t.Errorf("B's reopen has the same clock as A's resolve and a later id; it wins:\n%s", describe(ra))
	}
	if len(th.Replies) != 3 || len(ra.Problems) != 0 {
		t.Errorf("replies from both clones are kept:\n%s", describe(ra))
	}
	if next := NextClock(ra.Events); next != 6 {
		t.Errorf("next clock after the merge = %d", next)
	}
}

func TestFoldConflictingDuplicate(t *testing.T) {
	s := &scenario{draft: "k3x9q2", prefix: "A"}
	c := s.comment(ada, "One")
	changed := *c
	changed.Body = "Two"
	r1 := Fold("k3x9q2", []*Event{c, &changed})
	r2 := Fold("k3x9q2", []*Event{&changed, c})
	if describe(r1) != describe(r2) || len(r1.Problems) != 1 || len(r1.Threads) != 1 {
		t.Errorf("conflicting duplicate:\n%s\n%s", describe(r1), describe(r2))
	}
}

func TestLoad(t *testing.T) {
	s := &scenario{draft: "k3x9q2", prefix: "A"}
	c := s.comment(ada, "Fine")
	s.reply(bob, c, "Thanks")
	c2 := s.comment(bob, "Also fine")
	files := map[string][]byte{}
	for _, e := range s.seen {
		files[EventPath(e.Draft, e.ID)] = e.Marshal()
	}
	bad := EventPath("k3x9q2", "01JEBAD0000000000000000000")
	files[bad] = []byte("cc: 1\nid: [\n")
	files[".cc/reviews/k3x9q2/.gitkeep"] = nil
	r := Load("k3x9q2", files)
	if len(r.Threads) != 2 || r.Threads[1].ID != c2.ID || len(r.Threads[0].Replies) != 1 {
		t.Errorf("good files were lost:\n%s", describe(r))
	}
	var ee *EventError
	if len(r.Problems) != 1 || !errors.As(r.Problems[0], &ee) || ee.Path != bad {
		t.Errorf("problems = %v", r.Problems)
	}
}

func TestReviewThread(t *testing.T) {
	r := &Review{DraftID: "k3x9q2", Threads: []*Thread{
		{ID: "01JEA00000000000000000000A"}, {ID: "01JEA00000000000000000000B"}, {ID: "01JEC00000000000000000000C"},
	}}
	for _, tt := range []struct {
		in   string
		want string
		err  error
	}{
		{"01JEA00000000000000000000B", "01JEA00000000000000000000B", nil},
		{"01jec", "01JEC00000000000000000000C", nil},
		{" 01JEA00000000000000000000A ", "01JEA00000000000000000000A", nil},
		{"01JEA", "", ErrAmbiguousThread},
		{"01JEZ", "", ErrNoThread},
		{"", "", ErrNoThread},
	} {
		th, err := r.Thread(tt.in)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("%q: err = %v, want %v", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || th.ID != tt.want {
			t.Errorf("%q: got %v, %v", tt.in, th, err)
		}
	}
	_, err := r.Thread("01JEA")
	if !strings.Contains(err.Error(), "01JEA00000000000000000000A or 01JEA00000000000000000000B") {
		t.Errorf("ambiguity does not list the candidates: %v", err)
	}
}

// benchFiles is one draft's review as a busy one looks after months: 1,000
// events, a third of them comments, with replies, resolutions and edits.
func benchFiles(b *testing.B) (map[string][]byte, []*Event) {
	s := &scenario{draft: "k3x9q2", prefix: "A"}
	var open []*Event
	for len(s.seen) < 1000 {
		switch n := len(s.seen); {
		case n%3 == 0 || len(open) == 0:
			open = append(open, s.add(ada, TypeComment, func(e *Event) {
				e.Body = "Can we say who the audience is in the first line? It would help readers decide.\n"
				e.Anchor = &content.Anchor{Quote: "Our launch plan", Prefix: "# ", Suffix: "\n\nWe will ship in March", Position: 2,
					Blob: "3b18e512dba79e4c8300dd08aeb37f8e728b8dad"}
			}))
		case n%7 == 0:
			s.on(bob, TypeResolve, open[n%len(open)])
		default:
			s.reply(bob, open[n%len(open)], "Good point; I will add a sentence about it.")
		}
	}
	files := map[string][]byte{}
	for _, e := range s.seen {
		files[EventPath(e.Draft, e.ID)] = e.Marshal()
	}
	return files, s.seen
}

func BenchmarkLoad(b *testing.B) {
	files, _ := benchFiles(b)
	size := 0
	for _, f := range files {
		size += len(f)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		if r := Load("k3x9q2", files); len(r.Problems) > 0 {
			b.Fatal(r.Problems[0])
		}
	}
}

func BenchmarkFold(b *testing.B) {
	_, events := benchFiles(b)
	for b.Loop() {
		Fold("k3x9q2", events)
	}
}
