package review

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var dana = Person{"Dana Editor", "dana@example.com"}

func (f *flow) reply(who Person, thread *Event, body string) *Event {
	return f.add(who, TypeReply, func(e *Event) { e.Thread, e.Body, e.Answers = thread.ID, body, []string{thread.ID} })
}

func (f *flow) assign(who Person, to, thread, due string) *Event {
	return f.add(who, TypeAssign, func(e *Event) { e.Assignee, e.Thread, e.Due = to, thread, due })
}

func assignees(list []Assignment) string {
	var out []string
	for _, a := range list {
		out = append(out, a.Assignee+"@"+a.Thread)
	}
	return strings.Join(out, " ")
}

func TestOpenAssignments(t *testing.T) {
	t.Run("done by the assignee's next event", func(t *testing.T) {
		f := newFlow()
		f.assign(ann, "dana@example.com", "", "2026-12-01")
		if got := assignees(OpenAssignments(f.events)); got != "dana@example.com@" {
			t.Fatalf("open: %q", got)
		}
		f.comment(rita) // someone else's work does not count
		if got := assignees(OpenAssignments(f.events)); got != "dana@example.com@" {
			t.Fatalf("after rita's comment: %q", got)
		}
		f.comment(dana)
		if got := OpenAssignments(f.events); len(got) != 0 {
			t.Fatalf("after dana's comment: %+v", got)
		}
	})
	t.Run("a thread's, by an event in it or a move", func(t *testing.T) {
		f := newFlow()
		th := f.comment(rita)
		f.assign(ann, "Dana Editor", th.ID, "")
		f.comment(dana) // another thread
		if got := assignees(OpenAssignments(f.events)); got != "Dana Editor@"+th.ID {
			t.Fatalf("after a comment elsewhere: %q", got)
		}
		f.approve(dana, blob('a'))
		if got := OpenAssignments(f.events); len(got) != 0 {
			t.Fatalf("after dana's approval: %+v", got)
		}
	})
	t.Run("handed over by a later assign of the same scope", func(t *testing.T) {
		f := newFlow()
		f.assign(ann, "dana@example.com", "", "")
		f.assign(ann, "rita@example.com", "", "")
		if got := assignees(OpenAssignments(f.events)); got != "rita@example.com@" {
			t.Fatalf("open: %q", got)
		}
	})
	t.Run("decision follow-ups survive the resolve of their commit", func(t *testing.T) {
		f := newFlow()
		th := f.comment(rita)
		f.assign(ann, "rita@example.com", th.ID, "")
		dec := f.add(rita, TypeDecide, func(e *Event) {
			e.Thread, e.Decision = th.ID, "ship"
			e.Followups = []Followup{{Assignee: "rita@example.com", Text: "tell sales"}, {Assignee: "ann@example.com", Due: "2026-12-02", Text: "edit"}, {Text: "a note"}}
		})
		f.add(rita, TypeResolve, func(e *Event) { e.Thread, e.Answers = th.ID, []string{dec.ID} })
		got := OpenAssignments(f.events)
		if assignees(got) != "rita@example.com@"+th.ID+" ann@example.com@"+th.ID || got[1].Due != "2026-12-02" || got[0].Event != dec.ID {
			t.Fatalf("open: %+v", got)
		}
		f.reply(ann, th, "done")
		if got := assignees(OpenAssignments(f.events)); got != "rita@example.com@"+th.ID {
			t.Fatalf("after ann's reply: %q", got)
		}
	})
}

func TestLoopThreads(t *testing.T) {
	f := newFlow()
	th := f.comment(rita)
	f.reply(ann, th, "No.")
	f.reply(rita, th, "Yes. @dana and @Ann, what do you think? mail rita@example.com")
	f.reply(ann, th, "Still no.")
	done := f.comment(rita)
	f.resolve(ann, done)
	s := f.summary()
	var back Summary
	got, err := DecodeSummaries(EncodeSummaries(map[string]Summary{"k": s}))
	if err != nil {
		t.Fatal(err)
	}
	back = got["k"]
	if !reflect.DeepEqual(back.Loop(), s.Loop()) {
		t.Fatalf("the loop did not survive the cache:\n%+v\n%+v", back.Loop(), s.Loop())
	}
	l := s.Loop()
	if len(l.Threads) != 1 {
		t.Fatalf("open threads: %+v", l.Threads)
	}
	w := l.Threads[0]
	// ann answered after @Ann; dana did not.
	if w.Thread != th.ID || w.Exchanges != 3 || w.LastBy() != ann || w.Opener() != rita || len(w.Mentions) != 1 || w.Mentions[0].Handle != "dana" {
		t.Fatalf("thread: %+v", w)
	}

	st := Evaluate(DefaultConfig(), DraftFacts{ID: "k3x9q2", Authors: []Person{ann}}, s, nil, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	owes := Owes(DefaultConfig(), st, s, l, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	var kinds []string
	for _, o := range owes {
		kinds = append(kinds, o.Kind+":"+strings.Join(o.Who, ","))
	}
	// Oldest first: the mention waits since its message, the thread since
	// ann's answer.
	if got := strings.Join(kinds, " "); got != "mention:@dana thread:rita@example.com" {
		t.Fatalf("owes: %s", got)
	}
	if !owes[0].IsFor(dana, st.Authors) || owes[0].IsFor(ann, st.Authors) || !owes[1].IsFor(rita, st.Authors) {
		t.Fatalf("IsFor disagrees with Who: %+v", owes)
	}

	// Four exchanges put it on the agenda; three do not.
	cfg := DefaultConfig()
	if items := Agenda(cfg, st, l, owes, time.Date(2026, 11, 25, 11, 0, 0, 0, time.UTC)); len(items) != 0 {
		t.Fatalf("agenda with 3 exchanges, right after: %+v", items)
	}
	cfg.Agenda.Exchanges = 3
	items := Agenda(cfg, st, l, owes, time.Date(2026, 11, 25, 11, 0, 0, 0, time.UTC))
	if len(items) != 1 || strings.Join(items[0].Rules, ",") != AgendaLooping || items[0].Thread != th.ID || items[0].On[0] != "rita@example.com" {
		t.Fatalf("agenda: %+v", items)
	}
	// Waiting two days on a thread that blocks approval.
	cfg.Agenda.Exchanges = 10
	items = Agenda(cfg, st, l, owes, time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC))
	if len(items) != 1 || strings.Join(items[0].Rules, ",") != AgendaBlocking {
		t.Fatalf("agenda after three days: %+v", items)
	}
}

func TestMentions(t *testing.T) {
	for in, want := range map[string]string{
		"@dana can you look?":        "dana",
		"ask @dana.e, then @bob.":    "dana.e bob",
		"mail dana@example.com":      "",
		"(@ann) and @ann-b_2":        "ann ann-b_2",
		"@ alone, @@twice, @é":       "twice",
		"end @":                      "",
		"@Grace\n@grace":             "Grace grace",
		"two in a row: @a@b.example": "a",
	} {
		if got := strings.Join(Mentions(in), " "); got != want {
			t.Errorf("Mentions(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzMentions(f *testing.F) {
	for _, s := range []string{"@dana can you look?", "ask @dana.e, then @bob.", "mail dana@example.com", "@@x", "@é@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, h := range Mentions(text) {
			if h == "" || strings.HasSuffix(h, ".") || !strings.Contains(text, "@"+h) {
				t.Fatalf("Mentions(%q) gave %q", text, h)
			}
			for i := 0; i < len(h); i++ {
				if !handleByte(h[i]) {
					t.Fatalf("Mentions(%q) gave %q with byte %q", text, h, h[i])
				}
			}
			if !MatchHandle(h, Person{Email: h + "@example.com"}) || !utf8.ValidString(h) {
				t.Fatalf("handle %q does not name its own email", h)
			}
		}
	})
}

func FuzzParseSince(f *testing.F) {
	for _, s := range []string{"1w", "3d", "36h", "90min", "2026-11-01", "2026-11-01 15:00", "2026-11-01T15:00:00+01:00", "1m", "x"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		since, err := ParseSince(s, now)
		if err != nil {
			return
		}
		if since.IsZero() {
			t.Fatalf("ParseSince(%q) is zero without an error", s)
		}
		// A duration is back from now, never ahead of it.
		if _, derr := ParseDuration(s); derr == nil && since.After(now) {
			t.Fatalf("ParseSince(%q) = %v, after now", s, since)
		}
	})
}
