package review

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cc-content/cc/content"
)

var now = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// versions says which blobs hold the same content: blobs with the same
// value are the same version of the draft.
type versions map[string]int

func (v versions) same(current string) func(string) bool {
	return func(b string) bool { _, ok := v[b]; return ok && v[b] == v[current] }
}

func draftAt(path, blobID string, authors ...Person) DraftFacts {
	return DraftFacts{ID: "k3x9q2", Path: path, Blob: blobID, Authors: authors}
}

func evaluate(cfg Config, d DraftFacts, f *flow, v versions) Status {
	return Evaluate(cfg, d, f.summary(), v.same(d.Blob), now)
}

func codes(st Status) string {
	var c []string
	for _, p := range st.Problems {
		c = append(c, p.Code)
	}
	return strings.Join(c, " ")
}

func problem(st Status, code string) Problem {
	for _, p := range st.Problems {
		if p.Code == code {
			return p
		}
	}
	return Problem{}
}

func withWorkflow(edit func(w *Workflow)) Config {
	c := DefaultConfig()
	edit(&c.Workflow)
	return c
}

func TestApprovalStaleAfterEditAndValidWhenRestored(t *testing.T) {
	cfg := DefaultConfig()
	f := newFlow()
	f.submit(ann)
	f.approve(rita, blob('a'))
	v := versions{blob('a'): 1, blob('b'): 2, blob('c'): 1} // c: a's content again, another blob id

	st := evaluate(cfg, draftAt("content/a.md", blob('a'), ann), f, v)
	if st.State != StateApproved || len(st.Problems) != 0 || !st.Approvals[0].Valid {
		t.Fatalf("approved version: %+v", st)
	}

	st = evaluate(cfg, draftAt("content/a.md", blob('b'), ann), f, v)
	if st.State != StateInReview || codes(st) != "stale-approval no-approval" {
		t.Fatalf("after an edit: state %s, problems %q", st.State, codes(st))
	}
	if a := st.Approvals[0]; a.Valid || a.Reason != "approved an earlier version (blob aaaaaaa)" {
		t.Fatalf("stale approval %+v", a)
	}
	if fix := problem(st, ProblemStaleApproval).Fix; fix != "ask rita@example.com to approve again: cc approve k3x9q2" {
		t.Fatalf("fix %q", fix)
	}

	for _, restored := range []string{blob('a'), blob('c')} {
		st = evaluate(cfg, draftAt("content/a.md", restored, ann), f, v)
		if st.State != StateApproved || !st.Approvals[0].Valid {
			t.Fatalf("restored as %s: %+v", restored[:1], st)
		}
	}

	// Approving the edit makes it approved again; the old approval stays
	// listed as stale.
	f.approve(rita, blob('b'))
	st = evaluate(cfg, draftAt("content/a.md", blob('b'), ann), f, v)
	if st.State != StateApproved || st.Approvals[0].Valid || !st.Approvals[1].Valid {
		t.Fatalf("re-approved: %+v", st)
	}
}

func TestSelfApproval(t *testing.T) {
	f := newFlow()
	f.submit(ann)
	f.approve(ann, blob('a'))
	v := versions{blob('a'): 1}
	d := draftAt("content/a.md", blob('a'), ParsePerson("ANN@example.com"))

	cfg := DefaultConfig()
	st := evaluate(cfg, d, f, v)
	if st.State != StateInReview || codes(st) != "self-approval no-approval" || st.Approvals[0].Reason != "self-approval is not allowed" {
		t.Fatalf("forbidden self-approval counted: %s %q %+v", st.State, codes(st), st.Approvals)
	}
	err := CanApprove(cfg, d, st, ann)
	var r *Refusal
	if !errors.As(err, &r) || !strings.Contains(err.Error(), "self_approval") || !strings.Contains(r.Fix, "cc review request k3x9q2 --reviewer") {
		t.Fatalf("CanApprove(author) = %v", err)
	}
	if err := CanApprove(cfg, d, st, rita); err != nil {
		t.Fatalf("CanApprove(reviewer) = %v", err)
	}

	// Without front matter authors, whoever submitted is the author.
	noAuthors := draftAt("content/a.md", blob('a'))
	st = evaluate(cfg, noAuthors, f, v)
	if st.State != StateInReview || CanApprove(cfg, noAuthors, st, ann) == nil {
		t.Fatalf("submitter approved their own draft: %s, %+v", st.State, st.Approvals)
	}

	allowed := withWorkflow(func(w *Workflow) { w.SelfApproval = true })
	st = evaluate(allowed, d, f, v)
	if st.State != StateApproved || len(st.Problems) != 0 {
		t.Fatalf("allowed self-approval: %s %q", st.State, codes(st))
	}
	if err := CanApprove(allowed, d, st, ann); !errors.Is(err, ErrAlreadyApproved) {
		t.Fatalf("approving the same version twice: %v", err)
	}
	if err := CanApprove(allowed, d, evaluate(allowed, d, newFlow(), v), ann); err != nil {
		t.Fatalf("CanApprove(author, allowed) = %v", err)
	}
}

func TestPathRulesLastMatchWins(t *testing.T) {
	cfg := withWorkflow(func(w *Workflow) {
		w.Paths = []PathRule{
			{Match: "content/**", Reviewers: []string{"rita@example.com"}},
			{Match: "content/legal/**", Reviewers: []string{"Lee Legal", "counsel@example.com"}, Approvals: 2},
			{Match: "content/legal/public/*.md"},
		}
	})
	v := versions{blob('a'): 1}
	tests := []struct {
		path      string
		approvers []Person
		state     string
		problems  string
	}{
		{"content/posts/a.md", []Person{rita}, StateApproved, ""},
		{"content/posts/a.md", []Person{sam}, StateInReview, "missing-reviewer"},
		{"content/legal/a.md", []Person{rita}, StateInReview, "no-approval missing-reviewer"},
		{"content/legal/a.md", []Person{lee}, StateInReview, "no-approval"},
		{"content/legal/a.md", []Person{lee, rita}, StateApproved, ""},
		{"content/legal/x/y.md", []Person{sam, rita}, StateInReview, "missing-reviewer"},
		{"content/legal/public/a.md", []Person{sam}, StateApproved, ""}, // the last rule names no one
		{"other/a.md", []Person{sam}, StateApproved, ""},
	}
	for _, tt := range tests {
		f := newFlow()
		f.submit(ann)
		for _, p := range tt.approvers {
			f.approve(p, blob('a'))
		}
		st := evaluate(cfg, draftAt(tt.path, blob('a'), ann), f, v)
		if st.State != tt.state || codes(st) != tt.problems {
			t.Errorf("%s approved by %v: %s %q, want %s %q", tt.path, tt.approvers, st.State, codes(st), tt.state, tt.problems)
		}
	}
	f := newFlow()
	f.approve(sam, blob('a'))
	st := evaluate(cfg, draftAt("content/legal/a.md", blob('a'), ann), f, v)
	if fix := problem(st, ProblemMissingReviewer).Fix; fix != "cc approve k3x9q2 (by one of Lee Legal, counsel@example.com)" {
		t.Fatalf("fix %q", fix)
	}
}

func TestRequiredApprovers(t *testing.T) {
	cfg := withWorkflow(func(w *Workflow) { w.RequiredApprovers = []string{"ci-bot@example.com"} })
	v := versions{blob('a'): 1, blob('b'): 2}
	tests := []struct {
		approvers []Person
		problems  string
	}{
		{nil, "no-approval missing-required"},
		{[]Person{rita}, "missing-required"},
		{[]Person{ciBot}, "no-approval"}, // the bot's approval never stands in for a person's
		{[]Person{ciBot, rita}, ""},
	}
	for _, tt := range tests {
		f := newFlow()
		f.submit(ann)
		for _, p := range tt.approvers {
			f.approve(p, blob('a'))
		}
		st := evaluate(cfg, draftAt("content/a.md", blob('a'), ann), f, v)
		if codes(st) != tt.problems {
			t.Errorf("approved by %v: %q, want %q", tt.approvers, codes(st), tt.problems)
		}
	}
	// The bot approved an earlier version: it must run again.
	f := newFlow()
	f.submit(ann)
	f.approve(ciBot, blob('b'))
	f.approve(rita, blob('a'))
	st := evaluate(cfg, draftAt("content/a.md", blob('a'), ann), f, v)
	if codes(st) != "stale-approval missing-required" || problem(st, ProblemMissingRequired).Fix != "cc approve k3x9q2 (by ci-bot@example.com)" {
		t.Fatalf("stale bot approval: %+v", st.Problems)
	}
}

func TestOpenThreadsBlockApprovalAndPublish(t *testing.T) {
	f := newFlow()
	thread := f.comment(rita)
	f.submit(ann)
	f.approve(rita, blob('a'))
	v := versions{blob('a'): 1}
	d := draftAt("content/a.md", blob('a'), ann)
	cfg := DefaultConfig()

	st := evaluate(cfg, d, f, v)
	if st.State != StateInReview || codes(st) != "open-threads" || st.OpenThreads != 1 {
		t.Fatalf("open thread: %s %q", st.State, codes(st))
	}
	if fix := problem(st, ProblemOpenThreads).Fix; !strings.Contains(fix, "cc review resolve "+thread.ID) {
		t.Fatalf("fix %q", fix)
	}
	if err := CanPublish(cfg, st, ann); err == nil || !strings.Contains(err.Error(), "resolve_threads") {
		t.Fatalf("CanPublish with an open thread = %v", err)
	}

	loose := withWorkflow(func(w *Workflow) { w.ResolveThreads = false })
	if st := evaluate(loose, d, f, v); st.State != StateApproved || CanPublish(loose, st, ann) != nil {
		t.Fatalf("resolve_threads false: %s %q", st.State, codes(st))
	}

	f.resolve(ann, thread)
	st = evaluate(cfg, d, f, v)
	if st.State != StateApproved || CanPublish(cfg, st, ann) != nil {
		t.Fatalf("resolved: %s %q %v", st.State, codes(st), CanPublish(cfg, st, ann))
	}

	// Once published, a new comment is not a reason to take it down.
	f.publish(ann)
	f.comment(sam)
	if st = evaluate(cfg, d, f, v); st.State != StatePublished || len(st.Problems) != 0 {
		t.Fatalf("comment after publishing: %s %q", st.State, codes(st))
	}
}

func TestRequestChangesWithdrawsApproval(t *testing.T) {
	cfg := DefaultConfig()
	v := versions{blob('a'): 1}
	d := draftAt("content/a.md", blob('a'), ann)
	f := newFlow()
	f.submit(ann)
	f.approve(rita, blob('a'))
	rc := f.requestChanges(rita, "The numbers are wrong.\nSee the sheet.")

	st := evaluate(cfg, d, f, v)
	if st.State != StateDraft || codes(st) != "changes-requested no-approval" {
		t.Fatalf("after request-changes: %s %q", st.State, codes(st))
	}
	if a := st.Approvals[0]; a.Valid || a.Reason != "withdrawn by a later request-changes (event "+rc.ID+")" {
		t.Fatalf("withdrawn approval %+v", a)
	}
	if len(st.ChangesRequested) != 1 || st.ChangesRequested[0].Note != "The numbers are wrong." || st.ChangesRequested[0].By != rita {
		t.Fatalf("changes requested %+v", st.ChangesRequested)
	}
	if p := problem(st, ProblemChangesRequested); p.Message != "Rita Reviewer <rita@example.com> requested changes: The numbers are wrong." {
		t.Fatalf("message %q", p.Message)
	}
	if err := CanSubmit(cfg, st, ann); err != nil {
		t.Fatalf("resubmit: %v", err)
	}

	// Someone else's approval does not override an objection.
	f.submit(ann)
	f.approve(sam, blob('a'))
	if st = evaluate(cfg, d, f, v); st.State != StateInReview || codes(st) != "changes-requested" {
		t.Fatalf("approved by another: %s %q", st.State, codes(st))
	}
	// A later approval by the same person grants again.
	f.approve(rita, blob('a'))
	if st = evaluate(cfg, d, f, v); st.State != StateApproved || len(st.ChangesRequested) != 0 {
		t.Fatalf("re-approved: %s %q", st.State, codes(st))
	}
}

func TestPublishKeepsItsOwnApproval(t *testing.T) {
	approved := content.New("content/posts/our-launch-plan.md", "k3x9q2", "Our launch plan", now, []byte("We ship in March.\n")).Bytes()
	d, err := content.Parse("content/a.md", approved)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.SetBool("draft", false); err != nil {
		t.Fatal(err)
	}
	published := d.Bytes()
	edited := append([]byte(nil), published...)
	edited = append(edited, "And April.\n"...)
	files := map[string][]byte{blob('a'): approved, blob('p'): published, blob('e'): edited}
	same := func(current string) func(string) bool {
		return func(b string) bool { return content.EqualIgnoringKeys(files[current], files[b], "draft") }
	}

	cfg := DefaultConfig()
	f := newFlow()
	f.submit(ann)
	f.approve(rita, blob('a'))
	st := Evaluate(cfg, draftAt("content/a.md", blob('a'), ann), f.summary(), same(blob('a')), now)
	if err := CanPublish(cfg, st, ann); err != nil {
		t.Fatal(err)
	}
	f.publish(ann)
	st = Evaluate(cfg, draftAt("content/a.md", blob('p'), ann), f.summary(), same(blob('p')), now)
	if st.State != StatePublished || !st.Approvals[0].Valid || len(st.Problems) != 0 || !NeedsCheck(cfg, st, false) {
		t.Fatalf("published: %+v", st)
	}
	st = Evaluate(cfg, draftAt("content/a.md", blob('e'), ann), f.summary(), same(blob('e')), now)
	if st.State != StatePublished || codes(st) != "stale-approval no-approval" || !NeedsCheck(cfg, st, false) {
		t.Fatalf("published, then edited: %s %q", st.State, codes(st))
	}
}

func TestEvaluateIgnoresEventOrder(t *testing.T) {
	f := newFlow()
	c1 := f.comment(rita)
	f.submit(ann)
	f.request(ann, "rita@example.com", "2026-11-20")
	f.approve(rita, blob('a'))
	f.requestChanges(sam, "No.")
	f.resolve(ann, c1)
	f.submit(ann)
	f.approve(sam, blob('a'))
	// Two clones acting at once: the same clock, ids decide.
	f.add(lee, TypeApprove, func(e *Event) { e.Blob, e.Clock = blob('a'), 8 })
	f.add(lee, TypeRequestChanges, func(e *Event) { e.Body, e.Clock = "wait", 8 })
	cfg := DefaultConfig()
	d := draftAt("content/a.md", blob('a'), ann)
	v := versions{blob('a'): 1}
	want := Evaluate(cfg, d, Summarize(Fold(f.draft, f.events)), v.same(d.Blob), now)
	if want.State != StateDraft || codes(want) != "changes-requested" || len(want.ChangesRequested) != 1 || want.ChangesRequested[0].By != lee {
		t.Fatalf("reference: %s %q", want.State, codes(want))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 50; i++ {
		events := append([]*Event(nil), f.events...)
		rng.Shuffle(len(events), func(i, j int) { events[i], events[j] = events[j], events[i] })
		got := Evaluate(cfg, d, Summarize(Fold(f.draft, events)), v.same(d.Blob), now)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffle %d:\n%+v\nwant\n%+v", i, got, want)
		}
	}
}

func TestRequests(t *testing.T) {
	f := newFlow()
	f.submit(ann)
	f.request(ann, "rita@example.com", "2026-11-25")    // due by the end of Nov 25: late at now
	f.request(ann, "Sam Second", "2026-11-26")          // due today: not late yet
	f.request(ann, "Lee Legal <legal@example.com>", "") // no due
	f.request(ann, "ci-bot@example.com", "2026-11-20T10:00:00Z")
	f.approve(ciBot, blob('a'))
	st := evaluate(DefaultConfig(), draftAt("content/a.md", blob('a'), ann), f, versions{blob('a'): 1})
	type row struct {
		answered, overdue bool
		due               string
	}
	want := []row{{false, true, "2026-11-26T00:00:00Z"}, {false, false, "2026-11-27T00:00:00Z"}, {false, false, "0001-01-01T00:00:00Z"}, {true, false, "2026-11-20T10:00:00Z"}}
	if len(st.Requests) != len(want) {
		t.Fatalf("requests %+v", st.Requests)
	}
	for i, r := range st.Requests {
		got := row{r.Answered, r.Overdue, r.Due.Format(time.RFC3339)}
		if got != want[i] || r.By != ann || r.Since.IsZero() {
			t.Errorf("request %d (%s) = %+v, want %+v", i, r.Reviewer, got, want[i])
		}
	}
}

func TestCustomStates(t *testing.T) {
	cfg := withWorkflow(func(w *Workflow) {
		w.States = []string{StateDraft, "copy-edit", StateInReview, StateApproved, StatePublished}
		w.Transitions = []Transition{
			{Action: ActionSubmit, From: StateDraft, To: "copy-edit"},
			{Action: ActionSubmit, From: "copy-edit", To: StateInReview},
			{Action: ActionApprove, From: StateInReview, To: StateApproved},
			{Action: ActionRequestChanges, From: AnyState, To: StateDraft},
			{Action: ActionPublish, From: StateApproved, To: StatePublished},
		}
		w.Publishers = []string{"Editor <ed@example.com>"}
	})
	v := versions{blob('a'): 1}
	d := draftAt("content/a.md", blob('a'), ann)
	f := newFlow()
	f.submit(ann)
	f.approve(rita, blob('a'))
	st := evaluate(cfg, d, f, v)
	if st.State != "copy-edit" || len(st.Problems) != 0 {
		t.Fatalf("after one submit: %s %q", st.State, codes(st))
	}
	if err := CanPublish(cfg, st, Person{Email: "ed@example.com"}); err == nil {
		t.Fatal("published from copy-edit")
	}
	if NeedsCheck(cfg, st, false) || !NeedsCheck(cfg, st, true) {
		t.Fatal("copy-edit is a review state: checked when changed only")
	}
	f.submit(ann)
	st = evaluate(cfg, d, f, v)
	if st.State != StateApproved {
		t.Fatalf("after two submits: %s %q", st.State, codes(st))
	}
	if err := CanPublish(cfg, st, ann); err == nil || !strings.Contains(err.Error(), "workflow.publishers allows only Editor <ed@example.com>") {
		t.Fatalf("CanPublish(not a publisher) = %v", err)
	}
	if err := CanPublish(cfg, st, Person{Name: "E", Email: "ED@example.com"}); err != nil {
		t.Fatalf("CanPublish(publisher) = %v", err)
	}
}

// A publish recorded while the draft was approved keeps its meaning
// though the fold never stores "approved".
func TestRecordedPublishPassesThroughApproval(t *testing.T) {
	f := newFlow()
	f.submit(ann)
	f.approve(rita, blob('a'))
	f.publish(ann)
	f.publish(ann) // a second publish from published changes nothing
	st := evaluate(DefaultConfig(), draftAt("content/a.md", blob('a'), ann), f, versions{blob('a'): 1})
	if st.State != StatePublished || !st.Published {
		t.Fatalf("state %s", st.State)
	}
	f.requestChanges(sam, "Take it down.")
	st = evaluate(DefaultConfig(), draftAt("content/a.md", blob('a'), ann), f, versions{blob('a'): 1})
	if st.State != StateDraft || !st.Published || !NeedsCheck(DefaultConfig(), st, false) {
		t.Fatalf("sent back after publishing: %s, published %v", st.State, st.Published)
	}
}

func TestNeedsCheck(t *testing.T) {
	cfg := DefaultConfig()
	for _, tt := range []struct {
		state     string
		published bool
		changed   bool
		want      bool
	}{
		{StateDraft, false, false, false},
		{StateDraft, false, true, false},
		{StateDraft, true, false, true},
		{StateInReview, false, false, false},
		{StateInReview, false, true, true},
		{StateApproved, false, false, true},
		{StatePublished, true, false, true},
		{"unknown", false, true, false},
	} {
		if got := NeedsCheck(cfg, Status{State: tt.state, Published: tt.published}, tt.changed); got != tt.want {
			t.Errorf("NeedsCheck(%s, published %v, changed %v) = %v", tt.state, tt.published, tt.changed, got)
		}
	}
}

func TestCanSubmit(t *testing.T) {
	cfg := DefaultConfig()
	for state, want := range map[string]string{
		StateDraft:     "",
		StateInReview:  "already in review",
		StateApproved:  "already approved",
		StatePublished: "already published",
	} {
		err := CanSubmit(cfg, Status{State: state}, ann)
		if (err == nil) != (want == "") || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("CanSubmit(%s) = %v, want %q", state, err, want)
		}
	}
	st := Status{State: StateInReview, Problems: []Problem{{ProblemNoApproval, "needs 1 valid approval, has 0", "cc approve k3x9q2 (by someone other than the author)", nil}}}
	err := CanPublish(cfg, st, ann)
	var r *Refusal
	if !errors.As(err, &r) || len(r.Problems) != 1 || !strings.Contains(err.Error(), "not approved: needs 1 valid approval") {
		t.Fatalf("CanPublish(in-review) = %v", err)
	}
}

func BenchmarkEvaluate(b *testing.B) {
	sums := benchSummaries()
	cfg := withWorkflow(func(w *Workflow) {
		w.RequiredApprovers = []string{"ci-bot@example.com"}
		w.Paths = []PathRule{{Match: "content/**", Reviewers: []string{"rita@example.com", "ann@example.com"}}, {Match: "content/legal/**", Reviewers: []string{"legal@example.com"}}}
	})
	people := []Person{ann, rita}
	type item struct {
		d DraftFacts
		s Summary
	}
	// Nine drafts in ten are as approved; the tenth was edited since.
	items := make([]item, 0, len(sums))
	for _, s := range sums {
		var i int
		fmt.Sscanf(s.Draft, "d%05d", &i)
		blobID := fmt.Sprintf("%040x", i)
		if i%10 == 9 {
			blobID = blob('e')
		}
		items = append(items, item{DraftFacts{ID: s.Draft, Path: fmt.Sprintf("content/posts/%d/index.md", i), Blob: blobID, Authors: []Person{people[i%2]}}, s})
	}
	same := func(string) bool { return false }
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		failing := 0
		for _, it := range items {
			st := Evaluate(cfg, it.d, it.s, same, now)
			if NeedsCheck(cfg, st, false) && len(st.Problems) > 0 {
				failing++
			}
		}
		if failing == len(items) {
			b.Fatal("every draft fails")
		}
	}
}

func TestTransitionBy(t *testing.T) {
	cfg := withWorkflow(func(w *Workflow) {
		w.Transitions = []Transition{
			{Action: ActionSubmit, From: StateDraft, To: StateInReview, By: []string{"writers@example.com"}},
			{Action: ActionApprove, From: StateInReview, To: StateApproved},
			{Action: ActionRequestChanges, From: AnyState, To: StateDraft, By: []string{"Grace"}},
			{Action: ActionPublish, From: StateApproved, To: StatePublished, By: []string{"ed@example.com"}},
		}
	})
	writer, other := Person{Name: "W", Email: "writers@example.com"}, Person{Name: "O", Email: "o@example.com"}
	if err := CanSubmit(cfg, Status{State: StateDraft}, writer); err != nil {
		t.Fatalf("CanSubmit(listed) = %v", err)
	}
	if err := CanSubmit(cfg, Status{State: StateDraft}, other); err == nil || !strings.Contains(err.Error(), "workflow.transitions allows only writers@example.com") {
		t.Fatalf("CanSubmit(not listed) = %v", err)
	}
	if err := CanRequestChanges(cfg, Status{State: StateInReview}, Person{Name: "Grace"}); err != nil {
		t.Fatalf("CanRequestChanges(listed) = %v", err)
	}
	if err := CanRequestChanges(cfg, Status{State: StateInReview}, other); err == nil {
		t.Fatal("CanRequestChanges(not listed) succeeded")
	}
	if err := CanPublish(cfg, Status{State: StateApproved}, other); err == nil {
		t.Fatal("CanPublish(not listed) succeeded")
	}
	if err := CanPublish(cfg, Status{State: StateApproved}, Person{Email: "ED@example.com"}); err != nil {
		t.Fatalf("CanPublish(listed) = %v", err)
	}
}
