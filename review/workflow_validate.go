package review

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// validate checks the workflow; root is the config's top-level mapping,
// for the line numbers.
func (w *Workflow) validate(file string, root *yaml.Node) error {
	fail := func(keys []any, format string, args ...any) error {
		return &ConfigError{file, nodeLine(root, keys...), fmt.Sprintf(format, args...)}
	}
	wf := func(keys ...any) []any { return append([]any{"workflow"}, keys...) }

	if len(w.States) < 2 {
		return fail(wf("states"), "workflow.states must list at least draft and published")
	}
	seen := map[string]bool{}
	for i, s := range w.States {
		if !validStateName(s) {
			return fail(wf("states", i), "workflow.states: %q is not a state name: use lower-case letters, digits and -", s)
		}
		if seen[s] {
			return fail(wf("states", i), "workflow.states: %s is listed twice", s)
		}
		seen[s] = true
	}
	if w.States[0] != StateDraft {
		return fail(wf("states", 0), "workflow.states must start with draft, not %s", w.States[0])
	}
	if last := len(w.States) - 1; w.States[last] != StatePublished {
		return fail(wf("states", last), "workflow.states must end with published, not %s", w.States[last])
	}

	type actionFrom struct{ action, from string }
	moves := map[actionFrom]bool{}
	for i, t := range w.Transitions {
		key := fmt.Sprintf("workflow.transitions[%d]", i)
		switch t.Action {
		case ActionSubmit, ActionApprove, ActionRequestChanges, ActionPublish:
		default:
			return fail(wf("transitions", i, "action"), "%s.action: %q is not one of submit, approve, request-changes, publish", key, t.Action)
		}
		if t.From != AnyState && !seen[t.From] {
			return fail(wf("transitions", i, "from"), "%s.from: %q is not in workflow.states (or \"*\" for any state)", key, t.From)
		}
		if !seen[t.To] {
			return fail(wf("transitions", i, "to"), "%s.to: %q is not in workflow.states", key, t.To)
		}
		if t.Action == ActionApprove && t.From == AnyState {
			return fail(wf("transitions", i, "from"), "%s.from: an approve move must start from a named state, not \"*\"", key)
		}
		if t.Action == ActionApprove && len(t.By) > 0 {
			return fail(wf("transitions", i, "by"), "%s.by: the approve move is made by the approval rule, not by a person; name approvers in paths or required_approvers", key)
		}
		if err := checkIdentities(t.By); err != nil {
			return fail(wf("transitions", i, "by"), "%s.by: %v", key, err)
		}
		if moves[actionFrom{t.Action, t.From}] {
			return fail(wf("transitions", i), "%s: there is already a %s move from %s", key, t.Action, t.From)
		}
		moves[actionFrom{t.Action, t.From}] = true
	}

	if err := checkIdentities(w.Publishers); err != nil {
		return fail(wf("publishers"), "workflow.publishers: %v", err)
	}
	if w.Approvals < 1 {
		return fail(wf("approvals"), "workflow.approvals must be at least 1, not %d", w.Approvals)
	}
	if err := checkIdentities(w.RequiredApprovers); err != nil {
		return fail(wf("required_approvers"), "workflow.required_approvers: %v", err)
	}
	if n := nodeAt(root, wf("require_signed")...); n != nil && (n.Kind != yaml.ScalarNode || n.Value != "true" && n.Value != "false") {
		// Strict, as it decides whom the gate trusts: not yes, on or 1.
		return fail(wf("require_signed"), "workflow.require_signed must be true or false, not %q", n.Value)
	}
	for i, r := range w.Paths {
		key := fmt.Sprintf("workflow.paths[%d]", i)
		if err := checkGlob(r.Match); err != nil {
			return fail(wf("paths", i, "match"), "%s.match: %v", key, err)
		}
		if err := checkIdentities(r.Reviewers); err != nil {
			return fail(wf("paths", i, "reviewers"), "%s.reviewers: %v", key, err)
		}
		if r.Approvals < 0 {
			return fail(wf("paths", i, "approvals"), "%s.approvals must be 0 (exempt on purpose) or more, not %d (leave it out to keep workflow.approvals)", key, r.Approvals)
		}
		w.Paths[i].Exempt = r.Approvals == 0 && nodeAt(root, wf("paths", i, "approvals")...) != nil
	}
	return nil
}

func validStateName(s string) bool {
	if s == "" || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func checkIdentities(ids []string) error {
	for _, id := range ids {
		if strings.TrimSpace(id) == "" {
			return fmt.Errorf("an empty name; write an email or a name")
		}
		if strings.TrimSpace(id) != id {
			return fmt.Errorf("%q has spaces around it", id)
		}
	}
	return nil
}

// nodeAt follows keys (strings for mapping keys, ints for list items) from
// the mapping m and returns the node found, or nil.
func nodeAt(m *yaml.Node, keys ...any) *yaml.Node {
	n := m
	for _, k := range keys {
		if n == nil {
			return nil
		}
		switch k := k.(type) {
		case string:
			if n.Kind != yaml.MappingNode {
				return nil
			}
			var next *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					next = n.Content[i+1]
				}
			}
			n = next
		case int:
			if n.Kind != yaml.SequenceNode || k >= len(n.Content) {
				return nil
			}
			n = n.Content[k]
		}
	}
	return n
}

// nodeLine is the line of the deepest node along keys that exists, so an
// error about a key the file leaves out points at its parent.
func nodeLine(m *yaml.Node, keys ...any) int {
	for n := len(keys); n >= 0; n-- {
		if node := nodeAt(m, keys[:n]...); node != nil {
			if n > 0 {
				if k, ok := keys[n-1].(string); ok {
					parent := nodeAt(m, keys[:n-1]...)
					if l := keyLine(parent, k); l > 0 && node.Kind != yaml.ScalarNode {
						return l // a block list or mapping starts on the line after its key
					}
				}
			}
			return node.Line
		}
	}
	return 0
}
