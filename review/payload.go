package review

import (
	"strconv"
	"time"
)

// payloadHeader starts every payload. Its number changes only if the
// encoding below ever has to, so that a signature names the encoding it was
// made over.
const payloadHeader = "cc-event-payload 1\n"

// Payload is the canonical encoding of e that a signature covers: every
// field except Signature, in a fixed order, each written as
//
//	<name> <length in bytes>:<value>\n
//
// after the line "cc-event-payload 1". Every field is always written, empty
// or not; lists are written as their count followed by one record per item,
// and the anchor as 0 or 1 followed by its fields when it is 1. The full
// layout is in docs/format.md.
//
// The encoding is cc's own rather than the event file itself, so that it
// depends only on the parsed values: key order, quoting and block styles in
// the file do not change it, and neither would a change to how Marshal or
// its YAML library lays a file out. The lengths make it unambiguous: no
// two events have the same payload. The event id and draft id are part of
// it, so a signature moved to another event or draft does not verify.
func Payload(e *Event) []byte {
	b := make([]byte, 0, 512+len(e.Body)+len(e.Decision))
	b = append(b, payloadHeader...)
	str := func(name, v string) {
		b = append(b, name...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(len(v)), 10)
		b = append(b, ':')
		b = append(b, v...)
		b = append(b, '\n')
	}
	num := func(name string, v int) { str(name, strconv.Itoa(v)) }
	num("cc", e.Version)
	str("id", e.ID)
	str("type", string(e.Type))
	str("draft", e.Draft)
	str("thread", e.Thread)
	str("author.name", e.Author.Name)
	str("author.email", e.Author.Email)
	str("time", payloadTime(e.Time))
	num("clock", e.Clock)
	num("answers", len(e.Answers))
	for _, a := range e.Answers {
		str("answer", a)
	}
	str("body", e.Body)
	if a := e.Anchor; a != nil {
		num("anchor", 1)
		str("anchor.quote", a.Quote)
		str("anchor.prefix", a.Prefix)
		str("anchor.suffix", a.Suffix)
		num("anchor.position", a.Position)
		str("anchor.blob", a.Blob)
	} else {
		num("anchor", 0)
	}
	str("replacement", e.Replacement)
	str("reviewer", e.Reviewer)
	str("assignee", e.Assignee)
	str("due", e.Due)
	str("blob", e.Blob)
	str("decision", e.Decision)
	num("followups", len(e.Followups))
	for _, f := range e.Followups {
		str("followup.assignee", f.Assignee)
		str("followup.due", f.Due)
		str("followup.text", f.Text)
	}
	return b
}

// payloadTime writes the time as Marshal does, RFC 3339 with only the
// fraction it needs and the offset it was written with, so that the payload
// of an event equals the payload of the file it is written to.
func payloadTime(t time.Time) string {
	return t.Format(time.RFC3339Nano)
}
