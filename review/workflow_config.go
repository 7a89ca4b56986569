package review

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
