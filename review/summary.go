package review

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
	"unique"
)

// Summary is what Evaluate needs from a draft's events: the moves that
// decide its state and approvals, and its open threads. It depends on the
// events alone, not on config, the draft's content or the time, so a
// caller can keep it per tree of the draft's event folder and rebuild it
// whenever it likes. Field names are stable; they are only ever added to.
type Summary struct {
	Draft string `json:"draft"`
	// Moves are the draft's submit, request-review, approve,
	// request-changes and publish events in (clock, id) order.
	Moves []Move `json:"moves"`
	// OpenThreads are the ids of the threads not resolved, in the order
	// they were opened.
	OpenThreads []string `json:"openThreads"`
	// Problems are the event files that could not be read or do not
	// belong to the draft, each naming its file: the gate refuses them
	// rather than skip them.
	Problems []string `json:"problems,omitempty"`
	// loop is the encoded Loop (see Summary.Loop).
	loop string
}

// Move is one workflow event, cut down to what the policy looks at.
type Move struct {
	Type  Type      `json:"type"`
	Event string    `json:"event"`
	Clock int       `json:"clock"`
	Name  string    `json:"name"`
	Email string    `json:"email"`
	Time  time.Time `json:"time"`
	// Blob is the draft blob an approve event approved.
	Blob string `json:"blob,omitempty"`
	// Reviewer and Due are a request-review's.
	Reviewer string `json:"reviewer,omitempty"`
	Due      string `json:"due,omitempty"`
	// Note is the first line of a request-changes' body, at most
	// maxNoteLen bytes, for listings.
	Note string `json:"note,omitempty"`
	// Signed is whether the event carries a signature; whether it
	// verifies is for the caller, which has the allowed signers.
	Signed bool `json:"signed,omitempty"`
	// Key and KeyProblem are the caller's verdict on the signature, set
	// from the allowed signers it trusts; they are not cached with the
	// summary. Key is the fingerprint of the allowed key whose signature
	// over the event verifies for its author; KeyProblem says why a
	// signature does not count.
	Key        string `json:"-"`
	KeyProblem string `json:"-"`
}

// By is who made the move.
func (m Move) By() Person { return Person{Name: m.Name, Email: m.Email} }

const maxNoteLen = 200

// Summarize cuts the folded review rv down to its Summary.
func Summarize(rv *Review) Summary {
	s := Summary{Draft: rv.DraftID}
	for _, e := range rv.Events {
		switch e.Type {
		case TypeSubmit, TypeRequestReview, TypeApprove, TypeRequestChanges, TypePublish:
		default:
			continue
		}
		// A summary outlives its events, whose strings are parts of
		// their files: copied (people and dates are shared), it does not
		// keep every file of a large repository alive.
		m := Move{
			Type: Type(shared(string(e.Type))), Event: strings.Clone(e.ID), Clock: e.Clock,
			Name: shared(e.Author.Name), Email: shared(e.Author.Email), Time: e.Time,
			Blob: strings.Clone(e.Blob), Reviewer: shared(e.Reviewer), Due: shared(e.Due),
			Signed: e.Signature != "",
		}
		if e.Type == TypeRequestChanges {
			m.Note = strings.Clone(firstLine(e.Body, maxNoteLen))
		}
		s.Moves = append(s.Moves, m)
	}
	// Fold has sorted the events; sorting again keeps Summarize right for
	// a Review built some other way.
	sortMoves(s.Moves)
	for _, t := range rv.Threads {
		if !t.Resolved {
			s.OpenThreads = append(s.OpenThreads, strings.Clone(t.ID))
		}
	}
	for _, p := range rv.Problems {
		s.Problems = append(s.Problems, p.Error())
	}
	s.loop = encodeLoop(loopOf(rv))
	return s
}

// shared is s, as one copy for every equal string.
func shared(s string) string { return unique.Make(s).Value() }

func sortMoves(moves []Move) {
	slices.SortStableFunc(moves, func(a, b Move) int {
		if c := cmp.Compare(a.Clock, b.Clock); c != 0 {
			return c
		}
		return cmp.Compare(a.Event, b.Event)
	})
}

// firstLine is s's first non-blank line, cut to at most n bytes on a rune
// boundary.
func firstLine(s string, n int) string {
	s = strings.TrimLeft(s, " \t\r\n")
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// Published reports whether the draft has ever been published.
func (s Summary) Published() bool {
	for _, m := range s.Moves {
		if m.Type == TypePublish {
			return true
		}
	}
	return false
}
