package review

import (
	"github.com/cc-content/cc/content"
)

// Message is a comment, suggestion or reply as it reads now: Body is the
// latest text its author gave it through edit events. Edits and retractions
// by anyone else are ignored and reported as problems.
type Message struct {
	Event     *Event
	Body      string
	Edited    bool
	Retracted bool // Body is then empty; the event still holds what was said
}

// Thread is a comment or suggestion with its replies and state.
type Thread struct {
	ID         string
	Root       Message
	Replies    []Message // in (clock, id) order
	Anchor     *content.Anchor
	Suggestion *Event // the suggest event, when the thread is a suggestion
	Resolved   bool
	Applied    bool    // a suggestion that was applied; it is then resolved too
	ResolvedBy *Person // who resolved or applied it, while Resolved
	Last       *Event  // the latest event of the thread, edits included
	// Decision is the latest decision recorded on the thread, nil if
	// none.
	Decision *Decision
	// Participants are everyone who wrote in the thread, in order of
	// their first event.
	Participants []Person
}

// touch records e as an event of the thread.
func (t *Thread) touch(e *Event) {
	if t.Last == nil || compareEvents(e, t.Last) > 0 {
		t.Last = e
	}
	for _, p := range t.Participants {
		if p.Same(e.Author) {
			return
		}
	}
	t.Participants = append(t.Participants, e.Author)
}

// message returns the message of t made by event id, if any.
func (t *Thread) message(id string) *Message {
	if t.Root.Event.ID == id {
		return &t.Root
	}
	for i := range t.Replies {
		if t.Replies[i].Event.ID == id {
			return &t.Replies[i]
		}
	}
	return nil
}
