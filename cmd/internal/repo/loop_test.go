package repo

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cc-content/cc/cmd/internal/notifytest"
	"github.com/cc-content/cc/review"
)

// The team of the scenario: two writers, a reviewer, an editor who
// publishes, and a lawyer.
var (
	bob = review.Person{Name: "Bob Writer", Email: "bob@example.com"}
	dan = review.Person{Name: "Dan Editor", Email: "dan@example.com"}
	eve = review.Person{Name: "Eve Counsel", Email: "eve@example.com"}
)

const loopConfig = `version: 1
content: [content]
new: content/posts
workflow:
  publishers: [dan@example.com]
defaults:
  in-review: {reviewers: [grace@example.com], due: 2d}
  approved: {assignees: [dan@example.com], due: 1d}
agenda: {wait: 2d, exchanges: 4}
notify: {period: day, from: cc@example.com}
`

// loopTeam is the scenario's repository and the servers notify reaches.
type loopTeam struct {
	t    *testing.T
	r    *Repo
	dir  string
	hook *notifytest.Webhook
	smtp *notifytest.SMTP
}

func (lt *loopTeam) day(d int, h int) time.Time {
	return t0.Add(time.Duration(d)*24*time.Hour + time.Duration(h)*time.Hour)
}

// inbox is p's inbox as "kind draft-title" lines.
func (lt *loopTeam) inbox(now time.Time, p review.Person) []string {
	lt.t.Helper()
	items := must[[]Item](lt.t)(lt.r.mustView(lt.t).Inbox(now, p))
	return describe(items)
}

func describe(items []Item) []string {
	var out []string
	for _, it := range items {
		late := ""
		if it.Late {
			late = " late"
		}
		out = append(out, it.Kind+" "+it.Draft.Entry.Title+late)
	}
	sort.Strings(out)
	return out
}

func (lt *loopTeam) overdue(now time.Time) []string {
	lt.t.Helper()
	items := must[[]Item](lt.t)(lt.r.mustView(lt.t).Overdue(now))
	var out []string
	for _, it := range items {
		out = append(out, strings.Join(it.Who, ",")+" "+it.Kind+" "+it.Draft.Entry.Title)
	}
	sort.Strings(out)
	return out
}

// agenda is the agenda as "rules draft thread" lines.
func (lt *loopTeam) agenda(now time.Time) []string {
	lt.t.Helper()
	var out []string
	for _, e := range must[[]AgendaEntry](lt.t)(lt.r.mustView(lt.t).Agenda(now, time.Time{})) {
		out = append(out, strings.Join(e.Rules, "+")+" "+e.Entry.Title+" "+ShortID(e.Thread))
	}
	sort.Strings(out)
	return out
}

func (lt *loopTeam) notify(now time.Time) Notification {
	lt.t.Helper()
	m := Mailer{Addr: lt.smtp.Addr, From: "cc@example.com", User: "cc-bot", Password: "s3cret", RootCAs: lt.smtp.Roots}
	n, err := lt.r.Notify(as(dan, now), []Channel{Webhook{URL: lt.hook.URL}, m}, false)
	if err != nil {
		lt.t.Fatal(err)
	}
	return n
}

func same(t *testing.T, what string, got, want []string) {
	t.Helper()
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Fatalf("%s:\n got  %q\n want %q", what, got, want)
	}
}

// A team of five over two weeks, the clock passed in: every stalled item
// reaches the right inbox, the right notify digest (through a webhook
// server and an SMTP server with STARTTLS, both on 127.0.0.1) and
// overdue; the agenda lists exactly the threads its rules select; a
// decision takes its thread off the agenda and its follow-ups reach their
// people.
func TestLoopTwoWeeks(t *testing.T) {
	r, dir := newContentRepo(t)
	writeFile(t, dir, ".cc/config.yaml", loopConfig)
	git(t, dir, "add", ".cc/config.yaml")
	git(t, dir, "commit", "-q", "-m", "team config")
	lt := &loopTeam{t: t, r: r, dir: dir, hook: notifytest.NewWebhook(t), smtp: notifytest.NewSMTP(t, "cc-bot", "s3cret")}

	// Day 0: two drafts go to review; the in-review default asks grace.
	launch := must[Changed](t)(r.NewDraft(as(ada, lt.day(0, 0)), NewDraft{Title: "Launch plan", Body: []byte("# Launch\n\nWe launch in March.\n\nThe audience is teams of five.\n")})).Entry
	pricing := must[Changed](t)(r.NewDraft(as(bob, lt.day(0, 1)), NewDraft{Title: "Pricing", Body: []byte("# Pricing\n\nOne plan at 10 euros a month.\n")})).Entry
	sub := must[Recorded](t)(r.Submit(as(ada, lt.day(0, 2)), launch.ID, ReviewRequest{}, ""))
	if out := git(t, dir, "show", "--stat", "--format=%B", sub.Commit); !strings.Contains(out, "Defaults of in-review: grace@example.com.") {
		t.Fatalf("the submit commit does not ask the default reviewer:\n%s", out)
	}
	must[Recorded](t)(r.Submit(as(bob, lt.day(0, 3)), pricing.ID, ReviewRequest{Reviewers: []string{eve.Email}, Due: "1d"}, ""))
	same(t, "grace's inbox on day 0", lt.inbox(lt.day(0, 4), grace), []string{"review Launch plan", "review Pricing"})
	same(t, "eve's inbox on day 0", lt.inbox(lt.day(0, 4), eve), []string{"review Pricing"})

	// Day 1: grace asks about a quote; eve asks for changes to pricing,
	// grace approves it: the verdicts conflict.
	week := must[Recorded](t)(r.Comment(as(grace, lt.day(1, 0)), launch.ID, Comment{Body: "Which week of March?", Quote: "We launch in March."})).Event.Thread
	must[Recorded](t)(r.RequestChanges(as(eve, lt.day(1, 1)), pricing.ID, "Say the price includes VAT."))
	must[Recorded](t)(r.Approve(as(grace, lt.day(1, 2)), pricing.ID, ""))

	// Day 2: ada and grace go back and forth on the week, four times.
	for i, p := range []review.Person{ada, grace, ada, grace} {
		must[Recorded](t)(r.Comment(as(p, lt.day(2, i)), launch.ID, Comment{Body: fmt.Sprintf("Round %d on the week.", i+1), ReplyTo: week}))
	}
	// Day 3: ada hands the dates to dan, due the next day; grace asks dan
	// about the price by @mention.
	rec := must[Recorded](t)(r.Assign(as(ada, lt.day(3, 0)), launch.ID, Assignment{Who: dan.Email, Due: "1d", Note: "Check the dates with sales."}))
	if len(rec.Warnings) != 0 {
		t.Fatalf("warnings assigning dan, who wrote the config commit's team? %v", rec.Warnings)
	}
	vat := must[Recorded](t)(r.Comment(as(grace, lt.day(3, 1)), pricing.ID, Comment{Body: "@dan is 10 euros still the price?"})).Event.Thread

	// Day 5: who owes what.
	now := lt.day(5, 0)
	same(t, "ada's inbox", lt.inbox(now, ada), []string{"thread Launch plan"})
	same(t, "bob's inbox", lt.inbox(now, bob), []string{"changes Pricing", "thread Pricing"})
	same(t, "grace's inbox", lt.inbox(now, grace), []string{"review Launch plan late"})
	same(t, "dan's inbox", lt.inbox(now, dan), []string{"assignment Launch plan late", "mention Pricing"})
	same(t, "eve's inbox", lt.inbox(now, eve), nil)
	same(t, "overdue", lt.overdue(now), []string{"dan@example.com assignment Launch plan", "grace@example.com review Launch plan"})
	// The week thread blocks approval, waited 3 days and changed hands 4
	// times; the VAT thread has waited 2 days less an hour, under
	// agenda.wait.
	same(t, "agenda", lt.agenda(now), []string{
		"blocking+back-and-forth Launch plan " + ShortID(week),
		"conflict Pricing ",
		"overdue Launch plan ",
		"overdue Launch plan ",
	})

	// notify reaches the same people with the same items, through both
	// channels, once a day.
	n := lt.notify(now)
	var digests []string
	for _, d := range n.Digests {
		got := describe(d.Items)
		same(t, "digest of "+d.To.String(), got, lt.inbox(now, d.To))
		digests = append(digests, d.To.Email)
	}
	same(t, "digests", digests, []string{ada.Email, bob.Email, dan.Email, grace.Email})
	if len(n.Sent) != 4 || n.Commit == "" {
		t.Fatalf("sent %+v, commit %q", n.Sent, n.Commit)
	}
	hooks, mails := lt.hook.Messages(), lt.smtp.Received()
	if len(hooks) != 4 || len(mails) != 4 {
		t.Fatalf("the webhook got %d messages and the mail server %d mails; want 4 each", len(hooks), len(mails))
	}
	for _, m := range mails {
		if !m.TLS || m.User != "cc-bot" || m.From != "cc@example.com" {
			t.Fatalf("mail %+v did not come over STARTTLS with auth", m)
		}
		if m.To == dan.Email && (!strings.Contains(m.Data, "Check the dates with sales.") || !strings.Contains(m.Data, "OVERDUE") || !strings.Contains(m.Data, "answer \"@dan is 10 euros")) {
			t.Fatalf("dan's mail misses his items:\n%s", m.Data)
		}
	}
	if !slices.ContainsFunc(hooks, func(s string) bool {
		return strings.HasPrefix(s, "1 thing waits on Grace Reviewer <grace@example.com>:") && strings.Contains(s, "Launch plan: review since")
	}) {
		t.Fatalf("no webhook message for grace: %q", hooks)
	}
	again := lt.notify(now.Add(6 * time.Hour))
	if len(again.Sent) != 0 || again.Commit != "" || len(lt.hook.Messages()) != 4 || len(lt.smtp.Received()) != 4 {
		t.Fatalf("a second run the same day sent again: %+v", again.Sent)
	}
	if out := git(t, dir, "log", "-1", "--format=%s%n%(trailers:key=Cc-Action,valueonly)", n.Commit); !strings.Contains(out, "notify(2026-11-07): 4 digests sent") || !strings.Contains(out, "notify") {
		t.Fatalf("notify commit: %s", out)
	}

	// Day 5, the meeting: the week is decided, with two follow-ups, in one
	// commit that also resolves the thread.
	dec := must[Recorded](t)(r.Decide(as(dan, now.Add(time.Hour)), week, Decision{Text: "Name the week in the second line.", Followups: []Followup{
		{Who: ada.Email, Due: "1d", Text: "Move the week to line 2"},
		{Who: "Grace Reviewer", Due: "2d", Text: "Approve once it is moved"},
	}}))
	if files := git(t, dir, "show", "--name-only", "--format=", dec.Commit); strings.Count(files, ".cc/reviews/"+launch.ID+"/") != 2 {
		t.Fatalf("the decision commit holds:\n%s", files)
	}
	// By now the VAT thread has waited over two days too.
	now = lt.day(5, 2)
	same(t, "agenda after the decision", lt.agenda(now), []string{"blocking Pricing " + ShortID(vat), "conflict Pricing ", "overdue Launch plan ", "overdue Launch plan "})
	same(t, "ada's inbox after the decision", lt.inbox(now, ada), []string{"assignment Launch plan"})
	same(t, "grace's inbox after the decision", lt.inbox(now, grace), []string{"assignment Launch plan", "review Launch plan late"})
	rv := must[*review.Review](t)(r.mustView(t).Review(launch.ID))
	if th := must[*review.Thread](t)(rv.Thread(week)); !th.Resolved || th.Decision == nil || th.Decision.Text != "Name the week in the second line." {
		t.Fatalf("the week thread after the decision: resolved %v, decision %+v", th.Resolved, th.Decision)
	}

	// Day 6: ada moves the week and says so in the thread; dan checks the
	// dates; grace approves; bob adds VAT and submits again; the mention
	// is answered.
	writeFile(t, dir, launch.Path, strings.Replace(string(must[[]byte](t)(r.WorktreeFile(launch.Path))), "We launch in March.", "We launch in March,\nin its second week.", 1))
	must[Saved](t)(r.Save(as(ada, lt.day(6, 0)), []string{launch.ID}, "Name the week", SaveOptions{}))
	must[Recorded](t)(r.Comment(as(ada, lt.day(6, 1)), launch.ID, Comment{Body: "Moved.", ReplyTo: week}))
	must[Recorded](t)(r.Comment(as(dan, lt.day(6, 2)), launch.ID, Comment{Body: "Dates confirmed with sales."}))
	must[Recorded](t)(r.Comment(as(dan, lt.day(6, 3)), pricing.ID, Comment{Body: "Yes, 10 euros.", ReplyTo: vat}))
	writeFile(t, dir, pricing.Path, strings.Replace(string(must[[]byte](t)(r.WorktreeFile(pricing.Path))), "a month.", "a month, VAT included.", 1))
	must[Saved](t)(r.Save(as(bob, lt.day(6, 4)), []string{pricing.ID}, "VAT", SaveOptions{}))
	must[Recorded](t)(r.Submit(as(bob, lt.day(6, 5)), pricing.ID, ReviewRequest{}, "VAT included."))
	now = lt.day(6, 6)
	same(t, "ada's inbox on day 6", lt.inbox(now, ada), []string{"thread Launch plan"})
	same(t, "dan's inbox on day 6", lt.inbox(now, dan), nil)
	same(t, "eve's inbox on day 6", lt.inbox(now, eve), []string{"rereview Pricing"})
	same(t, "bob's inbox on day 6", lt.inbox(now, bob), []string{"thread Pricing"})

	// Day 7: a new period, so notify reminds again whoever still owes.
	n = lt.notify(lt.day(7, 0))
	if len(n.Sent) == 0 || len(lt.hook.Messages()) != 4+len(n.Sent) {
		t.Fatalf("day 7 sent %+v", n.Sent)
	}

	// Day 8 to 14: the threads are resolved, the approvals come in, the
	// approved default hands publishing to dan, who publishes.
	launchRv := must[*review.Review](t)(r.mustView(t).Review(launch.ID))
	for _, th := range launchRv.Threads {
		if !th.Resolved {
			must[Recorded](t)(r.SetThreadState(as(grace, lt.day(8, 0)), th.ID, review.TypeResolve, ""))
		}
	}
	must[Recorded](t)(r.SetThreadState(as(grace, lt.day(8, 1)), vat, review.TypeResolve, ""))
	must[Recorded](t)(r.Approve(as(grace, lt.day(8, 2)), launch.ID, ""))
	// Resubmitting pricing entered in-review again, so grace was asked
	// again by default: her first approval was of the old text.
	same(t, "grace's inbox on day 8", lt.inbox(lt.day(8, 3), grace), []string{"review Pricing"})
	must[Recorded](t)(r.Approve(as(grace, lt.day(8, 4)), pricing.ID, ""))
	must[Recorded](t)(r.Approve(as(eve, lt.day(9, 0)), pricing.ID, ""))
	now = lt.day(9, 1)
	same(t, "grace's inbox on day 9", lt.inbox(now, grace), nil)
	same(t, "dan's inbox on day 9", lt.inbox(now, dan), []string{"assignment Launch plan", "assignment Pricing", "move Launch plan", "move Pricing"})
	same(t, "overdue on day 9", lt.overdue(now), nil)
	same(t, "agenda on day 9", lt.agenda(now), nil)
	same(t, "overdue on day 11", lt.overdue(lt.day(11, 0)), []string{"dan@example.com assignment Launch plan", "dan@example.com assignment Pricing"})
	must[Recorded](t)(r.Publish(as(dan, lt.day(14, 0)), launch.ID, ""))
	must[Recorded](t)(r.Publish(as(dan, lt.day(14, 1)), pricing.ID, ""))
	now = lt.day(14, 2)
	for _, p := range []review.Person{ada, bob, grace, dan, eve} {
		same(t, p.Name+"'s inbox on day 14", lt.inbox(now, p), nil)
	}
	if v := must[Verdict](t)(r.Check(now, "")); !v.Passed() {
		t.Fatalf("check fails after the two weeks: %+v", v.Failing)
	}
	git(t, dir, "fsck", "--strict")
	if out := git(t, dir, "status", "--porcelain"); out != "" {
		t.Fatalf("git status after the two weeks:\n%s", out)
	}
}
