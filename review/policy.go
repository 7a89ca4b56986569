package review

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// pathRule is the policy for one draft path: workflow.approvals and
// required_approvers, overridden by the last workflow.paths rule that
// matches.
type pathRule struct {
	approvals int
	reviewers []string // any one of them
	match     string   // the glob of the rule that applied, "" for none
}

// rulesFor is the policy of a draft by its path, and by its path at the
// base when it moved: it must meet both.
func (w Workflow) rulesFor(d DraftFacts) []pathRule {
	rules := []pathRule{w.ruleFor(d.Path)}
	if d.BasePath != "" && d.BasePath != d.Path {
		rules = append(rules, w.ruleFor(d.BasePath))
	}
	return rules
}

func (w Workflow) ruleFor(draftPath string) pathRule {
	r := pathRule{approvals: w.Approvals}
	for i := len(w.Paths) - 1; i >= 0; i-- {
		p := w.Paths[i]
		if matchGlob(p.Match, draftPath) {
			r.reviewers, r.match = p.Reviewers, p.Match
			if p.Approvals > 0 || p.Exempt {
				r.approvals = p.Approvals
			}
			break
		}
	}
	return r
}

// gateIndex is the index in States of the first state the approve move
// leads to (approved by default); with no approve move, published.
func (w Workflow) gateIndex() int {
	gate := len(w.States) - 1
	for _, t := range w.Transitions {
		if t.Action == ActionApprove {
			if i := w.stateIndex(t.To); i >= 0 && i < gate {
				gate = i
			}
		}
	}
	return gate
}

// problems lists what stops the draft from being approved now.
func (w Workflow) problems(d DraftFacts, st *Status, s Summary, authors []Person, stale []Approval) []Problem {
	ref := d.ref()
	rules := w.rulesFor(d)
	need := 0
	for _, r := range rules {
		need = max(need, r.approvals)
	}
	// Distinct people with a valid approval: one person under two
	// spellings (one email, or one name with two emails), or two names
	// signing with one key, count once. Unsigned identities prove
	// nothing, so the count errs low.
	var approvers []Person
	var keys []string
	var sharedKey []Approval // valid, but signed with a key already counted
	for _, a := range st.Approvals {
		if !a.Valid || mayBeOneOf(approvers, a.By) {
			continue
		}
		if a.Key != "" && slices.Contains(keys, a.Key) {
			sharedKey = append(sharedKey, a)
			continue
		}
		approvers = append(approvers, a.By)
		if a.Key != "" {
			keys = append(keys, a.Key)
		}
	}
	counted := 0
	for _, p := range approvers {
		if !inList(w.RequiredApprovers, p) {
			counted++
		}
	}
	var out []Problem
	for _, cr := range st.ChangesRequested {
		msg := fmt.Sprintf("%s requested changes", cr.By)
		if cr.Note != "" {
			msg += ": " + cr.Note
		}
		out = append(out, Problem{ProblemChangesRequested, msg,
			fmt.Sprintf("make the changes, then ask %s to approve: cc approve %s (by %s)", identity(cr.By), ref, identity(cr.By)), nil})
	}

	var missingRequired []string
	for _, id := range w.RequiredApprovers {
		if !w.anyMatches(approvers, id) {
			missingRequired = append(missingRequired, id)
		}
	}
	var missingRules []pathRule // rules whose reviewers have not approved
	for _, r := range rules {
		if len(r.reviewers) > 0 && !w.anyMatchesOneOf(approvers, r.reviewers) {
			missingRules = append(missingRules, r)
		}
	}
	missingReviewer := len(missingRules) > 0
	short := counted < need
	if short || len(missingRequired) > 0 || missingReviewer {
		for _, a := range stale {
			if !isAuthor(approvers, a.By) {
				out = append(out, Problem{ProblemStaleApproval,
					fmt.Sprintf("%s approved an earlier version (blob %s); the draft changed since", a.By, shortBlob(a.Blob)),
					fmt.Sprintf("ask %s to approve again: cc approve %s", identity(a.By), ref), []string{identity(a.By)}})
			}
		}
		for _, a := range sharedKey {
			out = append(out, Problem{ProblemSameKey,
				fmt.Sprintf("%s's approval is signed with key %s, which another approval of this draft was signed with; one key counts once", a.By, a.Key),
				fmt.Sprintf("%s approves with a key of their own in .cc/allowed_signers", identity(a.By)), []string{identity(a.By)}})
		}
		var selfDone, unsignedDone []Person
		// Latest first: a person's most recent approval is the one to
		// explain.
		for i := len(st.Approvals) - 1; i >= 0; i-- {
			a := st.Approvals[i]
			switch {
			case a.Reason == reasonSelfApproval && !isAuthor(selfDone, a.By):
				selfDone = append(selfDone, a.By)
				out = append(out, Problem{ProblemSelfApproval,
					fmt.Sprintf("%s approved their own draft, which does not count (workflow.self_approval is false; authors are its front-matter authors, its creator and whoever changed it since it was last approved)", a.By),
					fmt.Sprintf("ask someone else: cc review request %s --reviewer R", ref), nil})
			case w.RequireSigned && a.Key == "" && !a.Valid && a.Reason != reasonSelfApproval && !isAuthor(unsignedDone, a.By) && !isAuthor(approvers, a.By):
				unsignedDone = append(unsignedDone, a.By)
				out = append(out, Problem{ProblemUnsigned,
					fmt.Sprintf("%s's approval (event %s, %s) does not count: %s", a.By, a.Event, EventPath(d.ID, a.Event), a.Reason),
					fmt.Sprintf("%s approves again with a key in .cc/allowed_signers: cc approve %s --sign", identity(a.By), ref), []string{identity(a.By)}})
			}
		}
	}
	if short {
		by := "someone other than the author"
		var who []string
		if missingReviewer {
			by, who = "one of "+strings.Join(missingRules[0].reviewers, ", "), missingRules[0].reviewers
		}
		noun := "approval"
		if need != 1 {
			noun = "approvals"
		}
		msg := fmt.Sprintf("needs %d valid %s, has %d", need, noun, counted)
		if len(w.RequiredApprovers) > 0 {
			msg += " (not counting required approvers)"
		}
		out = append(out, Problem{ProblemNoApproval, msg, fmt.Sprintf("cc approve %s (by %s)", ref, by), who})
	}
	for _, id := range missingRequired {
		out = append(out, Problem{ProblemMissingRequired,
			fmt.Sprintf("needs an approval from %s (workflow.required_approvers)", id),
			fmt.Sprintf("cc approve %s (by %s)", ref, id), []string{id}})
	}
	for _, r := range missingRules {
		out = append(out, Problem{ProblemMissingReviewer,
			fmt.Sprintf("needs an approval from one of %s (workflow.paths rule %q)", strings.Join(r.reviewers, ", "), r.match),
			fmt.Sprintf("cc approve %s (by one of %s)", ref, strings.Join(r.reviewers, ", ")), r.reviewers})
	}
	if w.ResolveThreads && len(s.OpenThreads) > 0 && w.stateIndex(st.State) <= w.gateIndex() {
		n := len(s.OpenThreads)
		msg := "1 review thread is open"
		if n != 1 {
			msg = fmt.Sprintf("%d review threads are open", n)
		}
		out = append(out, Problem{ProblemOpenThreads, msg + " (workflow.resolve_threads)",
			fmt.Sprintf("answer and resolve them: cc review resolve %s (see cc review show %s)", s.OpenThreads[0], ref), nil})
	}
	return out
}

// mayBeOneOf reports whether p could be one of people: the same email,
// or the same name.
func mayBeOneOf(people []Person, p Person) bool {
	for _, q := range people {
		if samePerson(q, p) || p.Name != "" && p.Name == q.Name {
			return true
		}
	}
	return false
}

func identity(p Person) string {
	if p.Email != "" {
		return p.Email
	}
	return p.Name
}

// anyMatches reports whether one of people is the person id names. Under
// require_signed only an email counts: a signature proves the approver's
// email, and the name beside it is whatever they typed.
func (w Workflow) anyMatches(people []Person, id string) bool {
	for _, p := range people {
		if w.RequireSigned && ParsePerson(id).Email == "" {
			continue
		}
		if MatchIdentity(id, p) {
			return true
		}
	}
	return false
}

func (w Workflow) anyMatchesOneOf(people []Person, ids []string) bool {
	for _, id := range ids {
		if w.anyMatches(people, id) {
			return true
		}
	}
	return false
}

// NeedsCheck reports whether `cc check` holds the draft to the approval
// rule, given whether the draft file or its review events changed since
// the base the check compares with (callers without a base pass true).
// It does for:
//   - a draft in the approval state (approved) or after it (published),
//     and one that has ever been published: what is or was declared
//     approved must still be, changed in this change or not;
//   - a draft in a state between draft and approved (in-review) that
//     changed since the base.
//
// It does not for a draft in the draft state that was never published,
// changed or not: work in progress needs no approval. The check fails for
// a draft when NeedsCheck is true and its Status has Problems.
func NeedsCheck(cfg Config, st Status, changedSinceBase bool) bool {
	w := cfg.Workflow
	i := w.stateIndex(st.State)
	switch {
	case st.Published || i >= w.gateIndex():
		return true
	case i <= 0:
		return false
	}
	return changedSinceBase
}

// ErrAlreadyApproved is wrapped by CanApprove's refusal when the actor's
// approval of the current content already counts; a caller may treat it
// as nothing to do.
var ErrAlreadyApproved = errors.New("already approved")

// Refusal is why a workflow action is not allowed, and what to do.
type Refusal struct {
	Reason   string
	Fix      string    // what would make it allowed; may be empty
	Problems []Problem // when the refusal is that the draft is not approved
	err      error
}

func (r *Refusal) Error() string {
	if r.Fix == "" {
		return r.Reason
	}
	return r.Reason + "; " + r.Fix
}

func (r *Refusal) Unwrap() error { return r.err }

// CanSubmit reports whether actor may submit a draft in st: the workflow
// has a submit move from its state that actor may make.
func CanSubmit(cfg Config, st Status, actor Person) error {
	if t, ok := cfg.Workflow.move(st.State, ActionSubmit); ok {
		return t.mayMake(actor)
	}
	switch st.State {
	case StateInReview:
		return &Refusal{Reason: "the draft is already in review", Fix: "see what it waits for with cc review show"}
	case StateApproved:
		return &Refusal{Reason: "the draft is already approved", Fix: "publish it with cc publish"}
	case StatePublished:
		return &Refusal{Reason: "the draft is already published"}
	}
	return &Refusal{Reason: fmt.Sprintf("a draft in state %s cannot be submitted: workflow.transitions has no submit move from it", st.State)}
}

// CanPublish reports whether actor may publish a draft in st: actor is
// one of workflow.publishers (when it lists any), the workflow has a
// publish move from the draft's state, and, with resolve_threads, no
// thread is open.
func CanPublish(cfg Config, st Status, actor Person) error {
	w := cfg.Workflow
	if len(w.Publishers) > 0 && !inList(w.Publishers, actor) {
		return &Refusal{
			Reason: fmt.Sprintf("%s may not publish: workflow.publishers allows only %s", actor, strings.Join(w.Publishers, ", ")),
			Fix:    "ask one of them to run cc publish",
		}
	}
	if st.State == StatePublished {
		return &Refusal{Reason: "the draft is already published"}
	}
	if w.ResolveThreads && st.OpenThreads > 0 {
		return &Refusal{
			Reason:   fmt.Sprintf("%d review thread(s) still open (workflow.resolve_threads)", st.OpenThreads),
			Fix:      "resolve them first: cc review show, then cc review resolve <thread>",
			Problems: st.Problems,
		}
	}
	if t, ok := w.move(st.State, ActionPublish); ok {
		return t.mayMake(actor)
	}
	if len(st.Problems) > 0 {
		reasons := make([]string, len(st.Problems))
		fixes := make([]string, len(st.Problems))
		for i, p := range st.Problems {
			reasons[i], fixes[i] = p.Message, p.Fix
		}
		return &Refusal{
			Reason:   fmt.Sprintf("the draft is %s, not approved: %s", st.State, strings.Join(reasons, "; ")),
			Fix:      strings.Join(fixes, "; "),
			Problems: st.Problems,
		}
	}
	return &Refusal{Reason: fmt.Sprintf("a draft in state %s cannot be published: workflow.transitions has no publish move from it", st.State)}
}

// CanRequestChanges reports whether actor may ask for changes to a draft
// in st: the workflow has a request-changes move from its state that actor
// may make.
func CanRequestChanges(cfg Config, st Status, actor Person) error {
	t, ok := cfg.Workflow.move(st.State, ActionRequestChanges)
	if !ok {
		return &Refusal{Reason: fmt.Sprintf("a draft in state %s cannot be sent back: workflow.transitions has no request-changes move from it", st.State)}
	}
	return t.mayMake(actor)
}

// CanApprove reports whether actor may approve the draft d in st: not
// when they are its author and self-approval is off, and not again when
// their approval of this content already counts (ErrAlreadyApproved).
// Approving a draft that was not submitted yet is allowed; the approval
// counts once it is.
func CanApprove(cfg Config, d DraftFacts, st Status, actor Person) error {
	if !cfg.Workflow.SelfApproval && (isAuthor(d.Authors, actor) || isAuthor(st.Authors, actor)) {
		return &Refusal{
			Reason: fmt.Sprintf("%s is an author of %s, and workflow.self_approval does not allow approving one's own draft", actor, d.ref()),
			Fix:    fmt.Sprintf("ask someone else: cc review request %s --reviewer R", d.ref()),
		}
	}
	for _, a := range st.Approvals {
		if a.Valid && samePerson(a.By, actor) {
			return &Refusal{
				Reason: fmt.Sprintf("%s already approved this version of %s", actor, d.ref()),
				err:    ErrAlreadyApproved,
			}
		}
	}
	return nil
}

// inList reports whether any identity in ids names p.
// PublishedByPublisher reports whether s has a publish move that the
// workflow's publishers (anyone, when it names none) could have made: by
// one of them, and under require_signed signed by them (the caller has set
// the move's Key from the allowed signers, as for approvals).
func PublishedByPublisher(w Workflow, s Summary) bool {
	for _, m := range s.Moves {
		if m.Type != TypePublish || w.RequireSigned && m.Key == "" {
			continue
		}
		if len(w.Publishers) == 0 || slices.ContainsFunc(w.Publishers, func(id string) bool { return w.anyMatches([]Person{m.By()}, id) }) {
			return true
		}
	}
	return false
}

func inList(ids []string, p Person) bool {
	return slices.ContainsFunc(ids, func(id string) bool { return MatchIdentity(id, p) })
}
