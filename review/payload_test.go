package review

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cc-content/cc/content"
)

func TestPayloadLayout(t *testing.T) {
	e, err := ParseEvent(EventPath("k3x9q2", idA), []byte(docExample))
	if err != nil {
		t.Fatal(err)
	}
	want := "cc-event-payload 1\n" +
		"cc 1:1\n" +
		"id 26:01JDXY8Q2W3E4R5T6Y7U8V9W0X\n" +
		"type 7:comment\n" +
		"draft 6:k3x9q2\n" +
		"thread 26:01JDXY8Q2W3E4R5T6Y7U8V9W0X\n" +
		"author.name 12:Ada Lovelace\n" +
		"author.email 15:ada@example.com\n" +
		"time 20:2026-11-25T10:04:05Z\n" +
		"clock 1:7\n" +
		"answers 1:0\n" +
		"body 50:Can we say who the audience is in the first line?\n\n" +
		"anchor 1:1\n" +
		"anchor.quote 15:Our launch plan\n" +
		"anchor.prefix 2:# \n" +
		"anchor.suffix 23:\n\nWe will ship in March\n" +
		"anchor.position 1:2\n" +
		"anchor.blob 40:3b18e512dba79e4c8300dd08aeb37f8e728b8dad\n" +
		"replacement 0:\n" +
		"reviewer 0:\n" +
		"assignee 0:\n" +
		"due 0:\n" +
		"blob 0:\n" +
		"decision 0:\n" +
		"followups 1:0\n"
	if got := string(Payload(e)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestPayloadLists(t *testing.T) {
	e := &Event{Version: 1, ID: idB, Type: TypeDecide, Draft: "k3x9q2", Thread: idA,
		Author: Person{Email: "ci@example.com"}, Time: time.Date(2026, 11, 25, 11, 0, 0, 5e8, time.FixedZone("", 3600)),
		Clock: 3, Answers: []string{idA}, Decision: "Ship.",
		Followups: []Followup{{Assignee: "bob", Due: "2026-12-02", Text: "Audience line"}, {Text: "Tell sales"}}}
	want := "cc-event-payload 1\ncc 1:1\nid 26:" + idB + "\ntype 6:decide\ndraft 6:k3x9q2\nthread 26:" + idA + "\n" +
		"author.name 0:\nauthor.email 14:ci@example.com\ntime 27:2026-11-25T11:00:00.5+01:00\nclock 1:3\n" +
		"answers 1:1\nanswer 26:" + idA + "\nbody 0:\nanchor 1:0\nreplacement 0:\nreviewer 0:\nassignee 0:\ndue 0:\nblob 0:\n" +
		"decision 5:Ship.\nfollowups 1:2\n" +
		"followup.assignee 3:bob\nfollowup.due 10:2026-12-02\nfollowup.text 13:Audience line\n" +
		"followup.assignee 0:\nfollowup.due 0:\nfollowup.text 10:Tell sales\n"
	if got := string(Payload(e)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// The payload of an event is the payload of the file it is written to, and
// of that file reformatted by hand, and it leaves the signature out.
func TestPayloadIsTheParsedValues(t *testing.T) {
	now := approval()
	now.Time = time.Now() // a monotonic reading and the local zone, as cc makes events
	odd := approval()
	odd.Time = time.Date(2026, 11, 25, 10, 4, 5, 120, time.FixedZone("IST", 5*3600+1800))
	for _, e := range append(sampleEvents(), now, odd) {
		got, err := ParseEvent(EventPath(e.Draft, e.ID), e.Marshal())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(Payload(got), Payload(e)) {
			t.Errorf("%s: payload changes through Marshal and ParseEvent:\n%s\n%s", e.Type, Payload(e), Payload(got))
		}
		signed := *got
		signed.Signature = "-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n"
		if !bytes.Equal(Payload(&signed), Payload(got)) {
			t.Errorf("%s: the signature is part of the payload", e.Type)
		}
	}

	reformatted := `# written by hand
anchor: {blob: "3b18e512dba79e4c8300dd08aeb37f8e728b8dad", position: 2, suffix: "\n\nWe will ship in March", prefix: '# ', quote: "Our launch plan"}
body: "Can we say who the audience is in the first line?\n"
author: {email: 'ada@example.com', name: "Ada Lovelace"}
clock: 0007
time: 2026-11-25T10:04:05.000Z
thread: '01JDXY8Q2W3E4R5T6Y7U8V9W0X'
draft: "k3x9q2"
type: "comment"
id: 01JDXY8Q2W3E4R5T6Y7U8V9W0X
cc: 1
`
	a, err := ParseEvent(EventPath("k3x9q2", idA), []byte(docExample))
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseEvent(EventPath("k3x9q2", idA), []byte(reformatted))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(Payload(a), Payload(b)) {
		t.Errorf("reformatting the file changed the payload:\n%s\n%s", Payload(a), Payload(b))
	}
}

// Every field is bound: changing any one changes the payload.
func TestPayloadBindsEveryField(t *testing.T) {
	base := func() *Event {
		return &Event{Version: 1, ID: idA, Type: TypeApprove, Draft: "k3x9q2", Thread: idA,
			Author: Person{"Ada", "ada@example.com"}, Time: time.Date(2026, 11, 25, 10, 4, 5, 0, time.UTC),
			Clock: 7, Answers: []string{idB}, Body: "ok", Anchor: &content.Anchor{Quote: "q", Prefix: "p", Suffix: "s", Position: 1, Blob: "b"},
			Replacement: "r", Reviewer: "rv", Assignee: "as", Due: "2026-12-01", Blob: "3b18e512dba79e4c8300dd08aeb37f8e728b8dad",
			Decision: "d", Followups: []Followup{{Assignee: "x", Due: "y", Text: "z"}}}
	}
	changes := map[string]func(e *Event){
		"version":           func(e *Event) { e.Version = 2 },
		"id":                func(e *Event) { e.ID = idB },
		"type":              func(e *Event) { e.Type = TypeRequestChanges },
		"draft":             func(e *Event) { e.Draft = "k3x9q3" },
		"thread":            func(e *Event) { e.Thread = idB },
		"author name":       func(e *Event) { e.Author.Name = "Eve" },
		"author email":      func(e *Event) { e.Author.Email = "eve@example.com" },
		"name to email":     func(e *Event) { e.Author = Person{"", "Adaada@example.com"} },
		"time":              func(e *Event) { e.Time = e.Time.Add(time.Second) },
		"time zone":         func(e *Event) { e.Time = e.Time.In(time.FixedZone("", 3600)) },
		"clock":             func(e *Event) { e.Clock = 8 },
		"answers":           func(e *Event) { e.Answers = nil },
		"answer":            func(e *Event) { e.Answers = []string{idA} },
		"two answers":       func(e *Event) { e.Answers = []string{idB, idB} },
		"body":              func(e *Event) { e.Body = "ok " },
		"no anchor":         func(e *Event) { e.Anchor = nil },
		"anchor quote":      func(e *Event) { e.Anchor.Quote = "Q" },
		"anchor prefix":     func(e *Event) { e.Anchor.Prefix = "" },
		"anchor suffix":     func(e *Event) { e.Anchor.Suffix = "S" },
		"anchor position":   func(e *Event) { e.Anchor.Position = 2 },
		"anchor blob":       func(e *Event) { e.Anchor.Blob = "" },
		"replacement":       func(e *Event) { e.Replacement = "" },
		"reviewer":          func(e *Event) { e.Reviewer = "" },
		"assignee":          func(e *Event) { e.Assignee = "bs" },
		"due":               func(e *Event) { e.Due = "2026-12-02" },
		"blob":              func(e *Event) { e.Blob = "4b18e512dba79e4c8300dd08aeb37f8e728b8dad" },
		"decision":          func(e *Event) { e.Decision = "D" },
		"no followups":      func(e *Event) { e.Followups = nil },
		"followup assignee": func(e *Event) { e.Followups[0].Assignee = "" },
		"followup due":      func(e *Event) { e.Followups[0].Due = "" },
		"followup text":     func(e *Event) { e.Followups[0].Text = "zz" },
		"text across":       func(e *Event) { e.Body, e.Replacement = "okr", "" },
		"text into a field": func(e *Event) { e.Body = "ok\nreplacement 1:r" },
	}
	orig := Payload(base())
	for name, change := range changes {
		e := base()
		change(e)
		if bytes.Equal(Payload(e), orig) {
			t.Errorf("%s: payload unchanged", name)
		}
	}
}

func FuzzPayload(f *testing.F) {
	f.Add([]byte(docExample))
	for _, e := range sampleEvents() {
		f.Add(e.Marshal())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var e *Event
		var err error
		checkBudget(t, data, func(b []byte) {
			if e, err = ParseEvent("fuzz.yaml", b); err == nil {
				_ = Payload(e)
			}
		})
		if err != nil {
			return
		}
		// What cc writes for an event has the event's payload, so a
		// signature made before writing holds after reading.
		again, err := ParseEvent("fuzz.yaml", e.Marshal())
		if err != nil {
			t.Fatalf("own output does not parse: %v", err)
		}
		if !bytes.Equal(Payload(e), Payload(again)) {
			t.Fatalf("payload changed through Marshal:\n%s\n%s", Payload(e), Payload(again))
		}
	})
}

// docs/format.md shows the payload of an approval; it must be the real one.
func TestPayloadDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/format.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := "```\n" + string(Payload(approval())) + "```\n"; !strings.Contains(string(doc), want) {
		t.Errorf("docs/format.md does not show this payload:\n%s", want)
	}
}
