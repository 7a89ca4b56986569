package review

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The kinds of Owed, stable for scripts reading --json.
const (
	OwedReview     = "review"     // a review asked of someone and not answered
	OwedChanges    = "changes"    // changes asked of the authors
	OwedRereview   = "rereview"   // the authors resubmitted after changes were asked: the asker looks again
	OwedApproval   = "approval"   // an approval the policy still needs, with nobody asked for it
	OwedThread     = "thread"     // an open thread waits for an answer
	OwedMention    = "mention"    // someone was @mentioned in an open thread and has not answered
	OwedAssignment = "assignment" // work handed to someone by assign or a decision
	OwedMove       = "move"       // the next move of the workflow (publish, or a custom state's)
)

// Owed is one thing a draft waits for: who owes it, what, and since when.
// It is the one answer to "who owes what": the board, the inbox, overdue,
// the agenda and notify all read it.
type Owed struct {
	Kind string
	// Who are the people any one of whom can do it, as config and events
	// write people ("email", "Name", "Name <email>") or as @handle. When
	// Authors is set, the draft's authors owe it and Who lists them.
	Who     []string
	Authors bool
	// Asker is who asked for it, when someone did: the requester of a
	// review, who handed out an assignment.
	Asker  string
	What   string
	Thread string // the thread it is about, if any
	Since  time.Time
	Due    time.Time // zero when there is no due time
	Late   bool      // past Due at the time Owes was given
}

// Owes works out what the draft whose status is st, summary s and loop l
// (s.Loop(), which the caller decodes once) waits for as of now, oldest
// first.
func Owes(cfg Config, st Status, s Summary, l Loop, now time.Time) []Owed {
	w := cfg.Workflow
	authors := make([]string, 0, len(st.Authors))
	for _, a := range st.Authors {
		authors = append(authors, a.String())
	}
	if len(authors) == 0 {
		authors = []string{"the author"}
	}
	byAuthors := func(k, what, thread string, since time.Time) Owed {
		return Owed{Kind: k, Who: authors, Authors: true, What: what, Thread: thread, Since: since}
	}
	settled := st.State == StatePublished && len(st.Problems) == 0
	var out []Owed
	asked := map[string]int{} // reviewer, folded -> index in out
	if !settled {
		for _, q := range st.Requests {
			if q.Answered {
				continue
			}
			key := strings.ToLower(q.Reviewer)
			if i, ok := asked[key]; ok {
				// Asked again: one item, waiting since the first ask, due
				// by the latest.
				out[i].Due, out[i].Late = q.Due, q.Overdue
				continue
			}
			asked[key] = len(out)
			out = append(out, Owed{Kind: OwedReview, Who: []string{q.Reviewer}, Asker: q.By.String(), What: "review", Since: q.Since, Due: q.Due, Late: q.Overdue})
		}
	}
	for _, c := range st.ChangesRequested {
		if at := resubmittedAfter(s.Moves, c.Event); !at.IsZero() {
			if _, ok := asked[strings.ToLower(identity(c.By))]; !ok && !askedAfter(st.Requests, c.By) {
				out = append(out, Owed{Kind: OwedRereview, Who: []string{identity(c.By)}, What: "review the changes they asked for", Since: at})
			}
			continue
		}
		out = append(out, byAuthors(OwedChanges, "changes requested by "+c.By.String(), "", c.Time))
	}
	if len(asked) == 0 && (st.State != StateDraft || st.Published) {
		for _, p := range st.Problems {
			if len(p.Who) > 0 {
				out = append(out, Owed{Kind: OwedApproval, Who: p.Who, What: "approve: " + p.Message})
			}
		}
	}
	if st.State != StateDraft && st.State != StatePublished {
		out = append(out, nextMoves(w, st.State, authors)...)
	}
	for _, t := range l.Threads {
		out = append(out, threadOwed(t, st.Authors, authors))
		for _, m := range t.Mentions {
			out = append(out, Owed{Kind: OwedMention, Who: []string{"@" + m.Handle}, What: "answer " + threadName(t), Thread: t.Thread, Since: m.Since})
		}
	}
	for _, a := range l.Assignments {
		o := Owed{Kind: OwedAssignment, Who: []string{a.Assignee}, Asker: a.By().String(), What: "assigned by " + a.By().String(), Thread: a.Thread, Since: a.Time, Due: DueTime(a.Due)}
		if a.Text != "" {
			o.What += ": " + firstLine(a.Text, maxNoteLen)
		} else if a.Thread != "" {
			o.What += ": " + threadNameByID(l, a.Thread)
		}
		o.Late = !o.Due.IsZero() && now.After(o.Due)
		out = append(out, o)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Since.Before(out[j].Since) })
	return out
}

// resubmittedAfter is when the draft was submitted again after the
// request-changes event, zero if it was not.
func resubmittedAfter(moves []Move, event string) time.Time {
	i := slices.IndexFunc(moves, func(m Move) bool { return m.Event == event })
	if i < 0 {
		return time.Time{}
	}
	for _, m := range moves[i+1:] {
		if m.Type == TypeSubmit {
			return m.Time
		}
	}
	return time.Time{}
}

// askedAfter reports whether p has an unanswered review request.
func askedAfter(requests []Request, p Person) bool {
	for _, q := range requests {
		if !q.Answered && MatchIdentity(q.Reviewer, p) {
			return true
		}
	}
	return false
}

// nextMoves are the moves out of state that someone must make by hand:
// submit and publish (approve is taken by itself, request-changes is a
// reviewer's answer).
func nextMoves(w Workflow, state string, authors []string) []Owed {
	var out []Owed
	for _, action := range []string{ActionSubmit, ActionPublish} {
		t, ok := w.move(state, action)
		if !ok {
			continue
		}
		o := Owed{Kind: OwedMove, Who: t.By, What: action}
		if t.To != StatePublished {
			o.What = fmt.Sprintf("%s (to %s)", action, t.To)
		}
		switch {
		case len(o.Who) > 0:
		case action == ActionPublish && len(w.Publishers) > 0:
			o.Who = w.Publishers
		case action == ActionPublish:
			o.Who = []string{"a publisher"}
		default:
			o.Who, o.Authors = authors, true
		}
		out = append(out, o)
	}
	return out
}

// threadOwed is who an open thread waits on. After a message by someone
// who is not an author, on the authors; after an author's, on the thread's
// opener, or when an author opened it, on the last other person who wrote
// in it; with nobody else in it, on the authors again.
func threadOwed(t ThreadWait, people []Person, authors []string) Owed {
	o := Owed{Kind: OwedThread, Who: authors, Authors: true, What: "answer " + threadName(t), Thread: t.Thread, Since: t.Last}
	if !isAuthor(people, t.LastBy()) {
		return o
	}
	if !isAuthor(people, t.Opener()) {
		o.Who, o.Authors = []string{identity(t.Opener())}, false
		return o
	}
	for i := len(t.Others) - 1; i >= 0; i-- {
		if p := ParsePerson(t.Others[i]); !isAuthor(people, p) {
			o.Who, o.Authors = []string{identity(p)}, false
			break
		}
	}
	return o
}

// threadName names a thread in a listing: its quote, or its first words.
func threadName(t ThreadWait) string {
	if t.Quote != "" {
		return strconv.Quote(t.Quote)
	}
	return strconv.Quote(firstLine(t.Text, 60))
}

func threadNameByID(l Loop, id string) string {
	for _, t := range l.Threads {
		if t.Thread == id {
			return threadName(t)
		}
	}
	return "thread " + shortID(id)
}

func shortID(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// IsFor reports whether o waits on p, given the draft's authors: p is one
// of Who (by identity or @handle), or Authors is set and p is an author.
func (o Owed) IsFor(p Person, authors []Person) bool {
	if o.Authors {
		return isAuthor(authors, p)
	}
	for _, w := range o.Who {
		if h, ok := strings.CutPrefix(w, "@"); ok && MatchHandle(h, p) || MatchIdentity(w, p) {
			return true
		}
	}
	return false
}
