package review

import (
	"strings"
	"testing"
)

// withKeys is f's summary with each approval's signature verdict set, as
// a caller with the allowed signers does: key by approver email, "" for
// an approval whose signature does not count.
func withKeys(f *flow, keys map[string]string) Summary {
	s := f.summary()
	for i, m := range s.Moves {
		if m.Type == TypeApprove {
			s.Moves[i].Key = keys[m.Email]
		}
	}
	return s
}

func TestRequireSignedCountsOnlyVerifiedApprovals(t *testing.T) {
	cfg := withWorkflow(func(w *Workflow) { w.RequireSigned = true })
	f := newFlow()
	f.submit(ann)
	f.approve(rita, blob('a'))
	d := draftAt("content/a.md", blob('a'), ann)

	st := Evaluate(cfg, d, withKeys(f, nil), nil, now)
	if st.State != StateInReview || codes(st) != "unsigned-approval no-approval" {
		t.Fatalf("unsigned approval under require_signed: %s %q", st.State, codes(st))
	}
	if p := problem(st, ProblemUnsigned); !strings.Contains(p.Message, "Rita Reviewer") || !strings.Contains(p.Fix, "--sign") {
		t.Fatalf("unsigned problem: %+v", p)
	}

	st = Evaluate(cfg, d, withKeys(f, map[string]string{"rita@example.com": "SHA256:rita"}), nil, now)
	if st.State != StateApproved || len(st.Problems) != 0 {
		t.Fatalf("signed approval: %s %+v", st.State, st.Problems)
	}

	// Without require_signed an unsigned approval counts as before.
	st = Evaluate(DefaultConfig(), d, withKeys(f, nil), nil, now)
	if st.State != StateApproved {
		t.Fatalf("unsigned approval without require_signed: %s %q", st.State, codes(st))
	}
}

func TestOneKeyCountsOnceWhateverNameItSigns(t *testing.T) {
	cfg := withWorkflow(func(w *Workflow) { w.Approvals, w.RequireSigned = 2, true })
	f := newFlow()
	f.submit(ann)
	f.approve(rita, blob('a'))
	f.approve(sam, blob('a'))
	d := draftAt("content/a.md", blob('a'), ann)
	st := Evaluate(cfg, d, withKeys(f, map[string]string{"rita@example.com": "SHA256:one", "sam@example.com": "SHA256:one"}), nil, now)
	if st.State == StateApproved || !strings.Contains(problem(st, ProblemNoApproval).Message, "has 1") {
		t.Fatalf("two names, one key counted twice: %s %+v", st.State, st.Problems)
	}
	st = Evaluate(cfg, d, withKeys(f, map[string]string{"rita@example.com": "SHA256:one", "sam@example.com": "SHA256:two"}), nil, now)
	if st.State != StateApproved {
		t.Fatalf("two keys: %s %+v", st.State, st.Problems)
	}
}

func TestPathRulesApplyByTheBasePathToo(t *testing.T) {
	cfg := withWorkflow(func(w *Workflow) {
		w.Paths = []PathRule{{Match: "content/legal/**", Reviewers: []string{"lee@example.com"}}}
	})
	f := newFlow()
	f.submit(ann)
	f.approve(rita, blob('a'))
	moved := draftAt("content/posts/terms.md", blob('a'), ann)
	if st := evaluate(cfg, moved, f, versions{}); st.State != StateApproved {
		t.Fatalf("outside the rule's folder, no base: %s %q", st.State, codes(st))
	}
	moved.BasePath = "content/legal/terms.md"
	st := evaluate(cfg, moved, f, versions{})
	if st.State == StateApproved || !strings.Contains(problem(st, ProblemMissingReviewer).Message, "content/legal/**") {
		t.Fatalf("moved out of content/legal: %s %+v", st.State, st.Problems)
	}
}

func TestPathRuleExemptsOnlyWhenItSaysZero(t *testing.T) {
	parse := func(rule string) Config {
		t.Helper()
		c, err := ParseConfig("c.yaml", []byte("version: 1\nworkflow:\n  paths:\n    - match: content/changelog/**\n"+rule))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	f := newFlow()
	f.submit(ann)
	d := draftAt("content/changelog/2026.md", blob('a'), ann)
	if st := evaluate(parse("      approvals: 0\n"), d, f, versions{}); st.State != StateApproved || len(st.Problems) != 0 {
		t.Fatalf("approvals: 0 does not exempt: %s %q", st.State, codes(st))
	}
	if st := evaluate(parse("      reviewers: [lee@example.com]\n"), d, f, versions{}); st.State == StateApproved {
		t.Fatalf("a rule without approvals exempts: %s", st.State)
	}
	d.Path = "content/posts/a.md"
	if st := evaluate(parse("      approvals: 0\n"), d, f, versions{}); st.State == StateApproved {
		t.Fatalf("the exemption reaches outside its folder: %s", st.State)
	}
}
