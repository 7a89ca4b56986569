package review

import (
	"slices"
	"time"
)

// Assignment is work handed to someone: by an assign event, of a whole
// draft (Thread "") or of one thread, or as a follow-up of a decision.
// Field names are stable: summaries keep assignments in a cache.
type Assignment struct {
	Assignee string    `json:"assignee"`
	Due      string    `json:"due,omitempty"`
	Thread   string    `json:"thread,omitempty"`
	Text     string    `json:"text,omitempty"`
	Event    string    `json:"event"`
	Name     string    `json:"name"`
	Email    string    `json:"email"`
	Time     time.Time `json:"time"`
}

// By is who handed the work out.
func (a Assignment) By() Person { return Person{Name: a.Name, Email: a.Email} }

// Decision is what a decide event recorded on a thread.
type Decision struct {
	Event     *Event
	Text      string
	Followups []Followup
}

// OpenAssignments are the assignments of events (in (clock, id) order)
// that are not done yet. An assignment is done when its assignee records
// anything on its draft after it (for a thread's, anything in that
// thread), other than an event answering the one that made it (a decision
// resolves its thread in the same commit that makes its follow-ups). A
// later assign of the same draft or thread, or a decision on the thread,
// hands the work over and ends the earlier assignments there.
func OpenAssignments(events []*Event) []Assignment {
	var open []Assignment
	handouts := map[string]bool{} // ids of assign and decide events
	for _, e := range events {
		followsHandout := e.Type == TypeResolve && slices.ContainsFunc(e.Answers, func(id string) bool { return handouts[id] })
		if !followsHandout {
			open = slices.DeleteFunc(open, func(a Assignment) bool { return doneBy(a, e) })
		}
		if e.Type == TypeAssign || e.Type == TypeDecide {
			handouts[e.ID] = true
		}
		switch e.Type {
		case TypeAssign:
			open = append(open, Assignment{Assignee: e.Assignee, Due: e.Due, Thread: e.Thread, Text: e.Body,
				Event: e.ID, Name: e.Author.Name, Email: e.Author.Email, Time: e.Time.UTC()})
		case TypeDecide:
			for _, f := range e.Followups {
				if f.Assignee == "" {
					continue
				}
				open = append(open, Assignment{Assignee: f.Assignee, Due: f.Due, Thread: e.Thread, Text: f.Text,
					Event: e.ID, Name: e.Author.Name, Email: e.Author.Email, Time: e.Time.UTC()})
			}
		}
	}
	return open
}

// doneBy reports whether event e ends assignment a.
func doneBy(a Assignment, e *Event) bool {
	// A workflow move (approve, submit...) is about the whole draft, so
	// it does the work of a thread's assignment too ("approve once the
	// week is named").
	if a.Thread != "" && e.Thread != a.Thread && !isMove(e.Type) {
		return false
	}
	switch {
	case (e.Type == TypeAssign || e.Type == TypeDecide) && e.Thread == a.Thread:
		return true
	case e.Thread != a.Thread && (e.Type == TypeAssign || e.Type == TypeDecide):
		return false
	case e.Type == TypeEdit || e.Type == TypeRetract:
		return false // rewording a message is not doing the work
	}
	return MatchIdentity(a.Assignee, e.Author)
}

func isMove(t Type) bool {
	switch t {
	case TypeSubmit, TypeApprove, TypeRequestChanges, TypePublish:
		return true
	}
	return false
}
