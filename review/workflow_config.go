package review

import (
	"fmt"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// The states every workflow has: a draft starts in StateDraft and ends in
// StatePublished. The default workflow adds StateInReview and
// StateApproved between them.
const (
	StateDraft     = "draft"
	StateInReview  = "in-review"
	StateApproved  = "approved"
	StatePublished = "published"
)

// The actions a transition can name: the events that move a draft.
// ActionApprove is not a move anyone makes by hand: a draft takes that
// transition by itself while the approval rule holds, and leaves it again
// when the rule stops holding (an edit makes an approval stale).
const (
	ActionSubmit         = "submit"
	ActionApprove        = "approve"
	ActionRequestChanges = "request-changes"
	ActionPublish        = "publish"
)

// AnyState is the `from` of a transition that applies in every state.
const AnyState = "*"

// Workflow is the workflow: section of .cc/config.yaml, the rules that
// decide a draft's state and whether it may be approved and published.
type Workflow struct {
	// States in order; StateDraft first and StatePublished last.
	States []string `yaml:"states"`
	// Transitions are the moves the events make; see Transition.
	Transitions []Transition `yaml:"transitions"`
	// Publishers may run `cc publish`: emails or names. Empty is anyone.
	Publishers []string `yaml:"publishers"`
	// Approvals is how many valid approvals, from distinct people who are
	// not the draft's author, the approve transition needs. Approvals of
	// RequiredApprovers are on top of these and do not count towards them,
	// so a CI bot's approval never stands in for a person's.
	Approvals int `yaml:"approvals"`
	// SelfApproval lets an author approve their own draft.
	SelfApproval bool `yaml:"self_approval"`
	// ResolveThreads makes every thread resolved a condition of approval
	// and of publishing.
	ResolveThreads bool `yaml:"resolve_threads"`
	// RequiredApprovers must each approve every draft: emails or names.
	RequiredApprovers []string `yaml:"required_approvers"`
	// Paths are rules per draft path; the last rule that matches wins.
	Paths []PathRule `yaml:"paths"`
	// RequireSigned makes an approval count only when it is signed by a
	// key that .cc/allowed_signers allows for the approval's author.
	RequireSigned bool `yaml:"require_signed"`
}

// Transition is one move: the event Action, made in state From (AnyState
// for every state), takes the draft to state To. By, when not empty, lists
// who may make it (emails or names).
type Transition struct {
	Action string   `yaml:"action"`
	From   string   `yaml:"from"`
	To     string   `yaml:"to"`
	By     []string `yaml:"by"`
}

// PathRule adds reviewers, and may change the approval count, for the
// drafts whose path matches Match. Like CODEOWNERS, the last rule that
// matches a path is the only one that applies to it, and an approval from
// any one of its Reviewers satisfies it (the approval also counts towards
// Approvals). A last rule with no reviewers takes a folder out of an
// earlier rule.
type PathRule struct {
	// Match is a slash-separated glob against the draft's repository path:
	// path.Match syntax per segment, and a `**` segment for any number of
	// folders (content/legal/** is everything under content/legal).
	Match     string   `yaml:"match"`
	Reviewers []string `yaml:"reviewers"`
	// Approvals, when not 0, replaces Workflow.Approvals for these drafts.
	Approvals int `yaml:"approvals"`
	// Exempt is set when the rule says approvals: 0 in so many words: its
	// drafts need no approval (a changelog, generated reference pages).
	// Leaving approvals out never exempts anything.
	Exempt bool `yaml:"-"`
}

// DefaultWorkflow is the workflow of a config that does not set one:
// submit to review, one approval from someone other than the author with
// every thread resolved, then anyone may publish.
func DefaultWorkflow() Workflow {
	return Workflow{
		States: []string{StateDraft, StateInReview, StateApproved, StatePublished},
		Transitions: []Transition{
			{Action: ActionSubmit, From: StateDraft, To: StateInReview},
			{Action: ActionApprove, From: StateInReview, To: StateApproved},
			{Action: ActionRequestChanges, From: AnyState, To: StateDraft},
			{Action: ActionPublish, From: StateApproved, To: StatePublished},
		},
		Approvals:      1,
		ResolveThreads: true,
	}
}

// defaultWorkflowYAML is the workflow: section DefaultConfigYAML writes,
// with every key explained. It must parse to DefaultWorkflow.
const defaultWorkflowYAML = `
workflow:
  # The states a draft goes through, in order. draft must come first and
  # published last; add your own in between (lower-case letters, digits, -).
  # A draft's state is never stored: it is worked out from its review events.
  states: [draft, in-review, approved, published]

  # The moves between states. action is the event that makes the move:
  #   submit            cc submit
  #   approve           no command: taken by itself while the approval rule
  #                     below holds, and undone when it stops holding (an edit
  #                     after the approval makes it stale)
  #   request-changes   cc request-changes
  #   publish           cc publish
  # from is a state, or "*" for any state. An action with no move from the
  # draft's current state is refused. by, if given, lists who may make the
  # move (emails or names), for example:
  #   - {action: submit, from: draft, to: in-review, by: [writers@example.com]}
  transitions:
    - {action: submit, from: draft, to: in-review}
    - {action: approve, from: in-review, to: approved}
    - {action: request-changes, from: "*", to: draft}
    - {action: publish, from: approved, to: published}

  # Who may publish: emails or names. Empty means anyone.
  publishers: []

  # How many valid approvals a draft needs: approvals of its current content
  # (publishing does not count as a change), from distinct people other than
  # its author. Approvals of required_approvers come on top of these.
  approvals: 1

  # Whether an author of a draft may approve it: its front-matter authors, the
  # person who created it, and whoever changed it since it was last approved.
  self_approval: false

  # Whether every review thread must be resolved before approval and publishing.
  resolve_threads: true

  # Who must approve every draft besides the count above, such as a CI bot
  # that runs 'cc approve' after automated checks: emails or names.
  required_approvers: []

  # Rules per draft path. match is a glob on the path in the repository
  # (* within a folder, ** for any number of folders). The LAST rule that
  # matches a draft is the one that applies, as in CODEOWNERS. An approval
  # from ANY ONE of its reviewers is then required, and approvals, if given,
  # replaces the count above; approvals: 0, written out, exempts a folder on
  # purpose (nothing is exempt by leaving it out). For example:
  #   - match: content/legal/**
  #     reviewers: [legal@example.com]
  #     approvals: 2
  #   - match: content/changelog/**
  #     approvals: 0
  paths: []

  # Whether an approval counts only when it is signed (cc approve --sign, or
  # review.sign: always) by an SSH key that .cc/allowed_signers gives to the
  # approver's email. 'cc check --base' reads allowed_signers from the base.
  require_signed: false
`

// normalize makes empty lists nil, so that a config that spells out an
// empty list equals one that leaves it out.
func (w *Workflow) normalize() {
	if len(w.Publishers) == 0 {
		w.Publishers = nil
	}
	if len(w.RequiredApprovers) == 0 {
		w.RequiredApprovers = nil
	}
	if len(w.Paths) == 0 {
		w.Paths = nil
	}
	for i := range w.Paths {
		if len(w.Paths[i].Reviewers) == 0 {
			w.Paths[i].Reviewers = nil
		}
	}
}

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

// checkGlob reports what is wrong with a path rule's glob.
func checkGlob(pattern string) error {
	switch {
	case pattern == "":
		return fmt.Errorf("empty glob; use ** for every draft")
	case strings.HasPrefix(pattern, "/"):
		return fmt.Errorf("%q: globs match paths from the repository root; leave out the leading /", pattern)
	case strings.Contains(pattern, "\\"):
		return fmt.Errorf("%q: write paths with /, and no escapes", pattern)
	}
	for _, seg := range strings.Split(pattern, "/") {
		if seg == "" {
			return fmt.Errorf("%q has an empty folder name", pattern)
		}
		if seg != "**" && strings.Contains(seg, "**") {
			return fmt.Errorf("%q: ** must be a whole folder name, as in a/**/b", pattern)
		}
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("%q is not a valid glob: %v", pattern, err)
		}
	}
	return nil
}

// matchGlob reports whether the slash path name matches pattern, a glob
// that checkGlob accepts. It runs for every path rule of every draft that
// cc check looks at, so it works on the strings in place.
func matchGlob(pattern, name string) bool {
	for pattern != "" {
		seg, rest := cutSegment(pattern)
		if seg == "**" {
			// Collapse runs of ** and try every number of folders.
			pattern = rest
			for pattern == "**" || strings.HasPrefix(pattern, "**/") {
				_, pattern = cutSegment(pattern)
			}
			if pattern == "" {
				return true
			}
			for {
				if matchGlob(pattern, name) {
					return true
				}
				i := strings.IndexByte(name, '/')
				if i < 0 {
					return false
				}
				name = name[i+1:]
			}
		}
		if name == "" {
			return false
		}
		part, nameRest := cutSegment(name)
		if ok, _ := path.Match(seg, part); !ok {
			return false
		}
		if (rest == "") != (nameRest == "") {
			return false
		}
		pattern, name = rest, nameRest
	}
	return name == ""
}

// cutSegment splits p at its first slash.
func cutSegment(p string) (seg, rest string) {
	seg, rest, _ = strings.Cut(p, "/")
	return seg, rest
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
