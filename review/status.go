package review

import (
	"fmt"
	"slices"
	"time"
)

// DraftFacts is what the caller knows of a draft at the tip, besides its
// events.
type DraftFacts struct {
	ID   string
	Path string // repository path, matched against workflow.paths
	Blob string // git blob id (hex) of the draft file now
	// BasePath is where the draft was at the base a check compares with,
	// when that differs from Path: path rules apply by both, so moving a
	// draft out of a rule's folder does not drop the rule.
	BasePath string
	// Authors come from front matter author/authors (see ParsePerson).
	// When there are none, the people who submitted the draft count as
	// its authors, so that self-approval rules still have someone to
	// apply to.
	Authors []Person
	// AuthorKeys are the fingerprints of the keys the allowed signers let
	// sign for an author: an approval signed with one of them is the
	// author's own, whatever name and email it gives.
	AuthorKeys []string
}

// ref is how messages name the draft in a command line.
func (d DraftFacts) ref() string {
	if d.ID != "" {
		return d.ID
	}
	return d.Path
}

// Approval is one approve event and whether it counts now.
type Approval struct {
	By     Person
	Blob   string
	Event  string
	Time   time.Time
	Key    string // the allowed key that signed it, "" when none verified
	Valid  bool
	Reason string // why it does not count, when it does not
}

// Request is one request-review.
type Request struct {
	Reviewer string
	// Due is when the answer is due, zero if no due was given. A due date
	// without a time means by the end of that day, UTC.
	Due      time.Time
	Since    time.Time
	Answered bool // the reviewer approved or requested changes after it
	Overdue  bool // not answered and past Due at the time Evaluate was given
	By       Person
}

// ChangeRequest is a request-changes that the same person has not since
// answered with an approval.
type ChangeRequest struct {
	By    Person
	Event string
	Time  time.Time
	Note  string // the first line of what was asked
}

// Problem codes: what can stop a draft from being approved. They are
// stable, for scripts reading `cc check --json`.
const (
	ProblemNoApproval       = "no-approval"
	ProblemStaleApproval    = "stale-approval"
	ProblemSelfApproval     = "self-approval"
	ProblemMissingReviewer  = "missing-reviewer"
	ProblemMissingRequired  = "missing-required"
	ProblemOpenThreads      = "open-threads"
	ProblemChangesRequested = "changes-requested"
	ProblemUnsigned         = "unsigned-approval"
	ProblemSameKey          = "same-key"
)

// Problem is one reason a draft is not approved, with the command that
// would fix it.
type Problem struct {
	Code    string
	Message string
	Fix     string
	// Who can fix it by approving: the people named in Fix; empty when
	// anyone but the authors can, or when the authors must act.
	Who []string
}

// Status is where a draft stands in the workflow.
type Status struct {
	// State is derived from the events and the approvals' validity now:
	// one of the workflow's states.
	State string
	// Published is whether the draft has ever been published. A published
	// draft sent back by request-changes is still live on the site.
	Published bool
	// Authors are the people self-approval rules apply to: DraftFacts'
	// Authors, or the draft's submitters when it names none.
	Authors          []Person
	Approvals        []Approval // every approve event, in order
	Requests         []Request  // every request-review, in order
	OpenThreads      int
	ChangesRequested []ChangeRequest // outstanding, in order
	// Problems are what stops the draft from being approved now; empty
	// when it is. Open threads are left out once the draft is past the
	// approval state (published): a comment on a live page is not a
	// reason to take it down.
	Problems []Problem
}

// Evaluate works out a draft's status from the policy in cfg, the facts
// of the draft now and the summary of its events. sameContent(blob)
// reports whether the draft's current content equals that of blob,
// ignoring the front matter keys cc writes on publish (draft:); the
// caller implements it with content.EqualIgnoringKeys. It is called at
// most once per blob, and never for the current blob; nil means only
// approvals of the current blob count. now decides which review requests
// are overdue.
func Evaluate(cfg Config, d DraftFacts, s Summary, sameContent func(blob string) bool, now time.Time) Status {
	w := cfg.Workflow
	st := Status{State: w.foldState(s.Moves), OpenThreads: len(s.OpenThreads)}

	authors := d.Authors
	if len(authors) == 0 {
		for _, m := range s.Moves {
			if m.Type == TypeSubmit && !isAuthor(authors, m.By()) {
				authors = append(authors, m.By())
			}
		}
	}
	st.Authors = authors
	// sameContent may read a blob; ask once per blob. A draft has seen a
	// handful of versions approved, so a list beats a map.
	type answer struct {
		blob string
		same bool
	}
	var asked []answer
	matches := func(blob string) bool {
		if blob == d.Blob {
			return true
		}
		for _, a := range asked {
			if a.blob == blob {
				return a.same
			}
		}
		v := sameContent != nil && sameContent(blob)
		asked = append(asked, answer{blob, v})
		return v
	}

	// A request-changes withdraws its author's earlier approvals and
	// stands until they approve again.
	var stale []Approval // per person, their latest stale approval
	for i, m := range s.Moves {
		switch m.Type {
		case TypePublish:
			st.Published = true
		case TypeApprove:
			a := Approval{By: m.By(), Blob: m.Blob, Event: m.Event, Time: m.Time, Key: m.Key}
			switch {
			case w.RequireSigned && m.Key == "":
				a.Reason = reasonUnsigned
				if m.KeyProblem != "" {
					a.Reason = "its signature does not count: " + m.KeyProblem
				}
			case !w.SelfApproval && (isAuthor(authors, a.By) || a.Key != "" && slices.Contains(d.AuthorKeys, a.Key)):
				a.Reason = reasonSelfApproval
			case withdrawnBy(s.Moves[i+1:], a.By) != nil:
				a.Reason = fmt.Sprintf("withdrawn by a later request-changes (event %s)", withdrawnBy(s.Moves[i+1:], a.By).Event)
			case !matches(a.Blob):
				a.Reason = fmt.Sprintf("approved an earlier version (blob %s)", shortBlob(a.Blob))
				stale = keepLatest(stale, a)
			default:
				a.Valid = true
			}
			st.Approvals = append(st.Approvals, a)
		case TypeRequestChanges:
			if approvedAfter(s.Moves[i+1:], m.By(), w.RequireSigned) {
				continue
			}
			cr := ChangeRequest{By: m.By(), Event: m.Event, Time: m.Time, Note: m.Note}
			st.ChangesRequested = keepLatestRequest(st.ChangesRequested, cr)
		case TypeRequestReview:
			r := Request{Reviewer: m.Reviewer, Due: DueTime(m.Due), Since: m.Time, By: m.By()}
			for _, later := range s.Moves[i+1:] {
				if (later.Type == TypeApprove || later.Type == TypeRequestChanges) && MatchIdentity(r.Reviewer, later.By()) {
					r.Answered = true
					break
				}
			}
			r.Overdue = !r.Answered && !r.Due.IsZero() && now.After(r.Due)
			st.Requests = append(st.Requests, r)
		}
	}

	st.Problems = w.problems(d, &st, s, authors, stale)
	if len(st.Problems) == 0 {
		if to, ok := w.direct(st.State, ActionApprove); ok {
			st.State = to
		}
	}
	return st
}

// withdrawnBy returns the first request-changes by p in later, or nil.
func withdrawnBy(later []Move, p Person) *Move {
	for i := range later {
		if later[i].Type == TypeRequestChanges && samePerson(later[i].By(), p) {
			return &later[i]
		}
	}
	return nil
}

// approvedAfter reports whether p approved in later, which takes back
// their request for changes; under require_signed only an approval whose
// signature counts does.
func approvedAfter(later []Move, p Person, signed bool) bool {
	for _, m := range later {
		if m.Type == TypeApprove && samePerson(m.By(), p) && (!signed || m.Key != "") {
			return true
		}
	}
	return false
}

// keepLatest adds a to list, replacing an earlier entry by the same person.
func keepLatest(list []Approval, a Approval) []Approval {
	for i := range list {
		if samePerson(list[i].By, a.By) {
			list[i] = a
			return list
		}
	}
	return append(list, a)
}

func keepLatestRequest(list []ChangeRequest, cr ChangeRequest) []ChangeRequest {
	for i := range list {
		if samePerson(list[i].By, cr.By) {
			list[i] = cr
			return list
		}
	}
	return append(list, cr)
}

const (
	reasonSelfApproval = "self-approval is not allowed"
	reasonUnsigned     = "it is not signed (workflow.require_signed)"
)

func shortBlob(b string) string {
	if len(b) > 7 {
		return b[:7]
	}
	return b
}
