package main

import "strconv"

// payloadFields are the values a signature covers, as they read back from
// an event file (docs/format.md, "Signatures"). Absent fields are empty.
type payloadFields struct {
	version                         int
	id, typ, draft, thread          string
	authorName, authorEmail         string
	time                            string // RFC 3339, only the fraction it needs
	clock                           int
	answers                         []string
	body                            string
	anchor                          *anchor
	replacement, reviewer, assignee string
	due, blob, decision             string
	followups                       []followup
}

// followup is one item of a decision's followups.
type followup struct{ assignee, due, text string }

// payloadHeader starts every payload and names its encoding.
const payloadHeader = "cc-event-payload 1\n"

// encode writes the payload: the header line, then one
// `<name> <length in bytes>:<value>\n` record per field in the order of
// docs/format.md, every field always present, lists as their count followed
// by one record per item, the anchor as 0 or 1 followed by its fields.
func (p *payloadFields) encode() []byte {
	b := make([]byte, 0, 512+len(p.body))
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
	num("cc", p.version)
	str("id", p.id)
	str("type", p.typ)
	str("draft", p.draft)
	str("thread", p.thread)
	str("author.name", p.authorName)
	str("author.email", p.authorEmail)
	str("time", p.time)
	num("clock", p.clock)
	num("answers", len(p.answers))
	for _, a := range p.answers {
		str("answer", a)
	}
	str("body", p.body)
	if a := p.anchor; a != nil {
		num("anchor", 1)
		str("anchor.quote", a.quote)
		str("anchor.prefix", a.prefix)
		str("anchor.suffix", a.suffix)
		num("anchor.position", a.position)
		str("anchor.blob", a.blob)
	} else {
		num("anchor", 0)
	}
	str("replacement", p.replacement)
	str("reviewer", p.reviewer)
	str("assignee", p.assignee)
	str("due", p.due)
	str("blob", p.blob)
	str("decision", p.decision)
	num("followups", len(p.followups))
	for _, f := range p.followups {
		str("followup.assignee", f.assignee)
		str("followup.due", f.due)
		str("followup.text", f.text)
	}
	return b
}

// payload is the payload of the file e.yaml() writes: the values as YAML
// reads them back, so the body of a literal block ends in a line break.
func (e *event) payload() []byte {
	p := payloadFields{
		version: 1, id: e.id, typ: e.typ, draft: e.draft, thread: e.thread,
		authorName: e.author.Name, authorEmail: e.author.Email,
		time: e.time, clock: e.clock, answers: e.answers, body: e.bodyValue(),
		anchor: e.anchor, reviewer: e.reviewer, due: e.due, blob: e.blob,
	}
	return p.encode()
}
