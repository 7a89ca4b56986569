package review

import (
	"fmt"
	"strings"
)

// next is the state that action takes a draft to from state, and false
// when the workflow has no such move. A move from the state itself wins
// over one from AnyState.
//
// A recorded event is a fact: the command that wrote it checked the policy
// then. So when state has no move for action but has an approve move, the
// approve move is taken first: a publish recorded in in-review was made
// while the draft was approved, whatever its approvals say now.
func (w Workflow) next(state, action string) (string, bool) {
	if to, ok := w.direct(state, action); ok {
		return to, true
	}
	if action == ActionApprove {
		return "", false
	}
	if approved, ok := w.direct(state, ActionApprove); ok && approved != state {
		return w.direct(approved, action)
	}
	return "", false
}

func (w Workflow) direct(state, action string) (string, bool) {
	t, ok := w.move(state, action)
	return t.To, ok
}

// move is the transition action makes from state: the one from state
// itself, else the first from any state.
func (w Workflow) move(state, action string) (Transition, bool) {
	var wild Transition
	found := false
	for _, t := range w.Transitions {
		if t.Action != action {
			continue
		}
		if t.From == state {
			return t, true
		}
		if t.From == AnyState && !found {
			wild, found = t, true
		}
	}
	return wild, found
}

// mayMake refuses actor when the move has a by list without them.
func (t Transition) mayMake(actor Person) error {
	if len(t.By) == 0 || inList(t.By, actor) {
		return nil
	}
	return &Refusal{
		Reason: fmt.Sprintf("%s may not %s a draft in state %s: workflow.transitions allows only %s", actor, t.Action, t.From, strings.Join(t.By, ", ")),
		Fix:    "ask one of them",
	}
}

// foldState is the state the moves leave a draft in, before the approval
// rule is applied. Approvals and review requests do not move a draft.
func (w Workflow) foldState(moves []Move) string {
	state := StateDraft
	for _, m := range moves {
		var action string
		switch m.Type {
		case TypeSubmit:
			action = ActionSubmit
		case TypeRequestChanges:
			action = ActionRequestChanges
		case TypePublish:
			action = ActionPublish
		default:
			continue
		}
		if to, ok := w.next(state, action); ok {
			state = to
		}
	}
	return state
}

// samePerson reports whether a and b are one person, for authorship and
// for counting distinct approvers: by email when both have one, else by
// name when both have one. It is looser than Person.Same about people
// known by name only, which errs towards "the same", the safe side for
// both questions.
func samePerson(a, b Person) bool {
	if a.Email != "" && b.Email != "" {
		return equalFoldASCII(a.Email, b.Email)
	}
	return a.Name != "" && a.Name == b.Name
}

// isAuthor reports whether p is one of authors.
func isAuthor(authors []Person, p Person) bool {
	for _, a := range authors {
		if samePerson(a, p) {
			return true
		}
	}
	return false
}
