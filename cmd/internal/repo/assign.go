package repo

import (
	"fmt"
	"strings"

	"github.com/cc-content/cc/review"
)

// Assignment hands a draft, or one of its threads, to someone.
type Assignment struct {
	Who    string
	Thread string // "" for the whole draft
	Due    string // as --due takes it; "" for no due time
	Note   string
}

// Assign records an assign event on the draft ref names.
func (r *Repo) Assign(a Actor, ref string, as Assignment) (Recorded, error) {
	return r.recordEvent(a, ref, func(ctx *eventContext, ev *review.Event) (eventCommit, error) {
		who := strings.TrimSpace(as.Who)
		if who == "" {
			return eventCommit{}, usagef("name who to assign: an email, a name or \"Name <email>\"")
		}
		ev.Type, ev.Assignee, ev.Body = review.TypeAssign, who, as.Note
		subject := "assign to " + who
		if as.Thread != "" {
			t, err := ctx.Review.Thread(as.Thread)
			if err != nil {
				return eventCommit{}, err
			}
			ev.Thread, ev.Answers = t.ID, []string{t.Last.ID}
			subject = "assign " + threadTitle(t) + " to " + who
		}
		due, warnings, err := ctx.checkAssignee(who, as.Due)
		if err != nil {
			return eventCommit{}, err
		}
		ev.Due = due
		body := as.Note
		if due != "" {
			body = strings.TrimSpace(body + "\n\nDue " + due + ".")
		}
		return eventCommit{Subject: subject, Body: body, Warnings: warnings}, nil
	})
}

// checkAssignee reads the due time asked for someone (none when due is
// "") and says what looks wrong: a due time already past, or a person
// this repository has never seen.
func (ctx *eventContext) checkAssignee(who, due string) (string, []string, error) {
	var warnings []string
	if due != "" {
		var err error
		if due, err = ParseDue(due, ctx.Actor.Now); err != nil {
			return "", nil, err
		}
		warnings = ctx.warnPast(due)
	}
	unknown, err := ctx.warnUnknown(who)
	return due, append(warnings, unknown...), err
}

// warnPast warns of a due time already past.
func (ctx *eventContext) warnPast(due string) []string {
	if t := review.DueTime(due); t.Before(ctx.Actor.Now) {
		return []string{fmt.Sprintf("the due time %s is already past", due)}
	}
	return nil
}

// warnUnknown warns of someone cc has not seen here (see knows).
func (ctx *eventContext) warnUnknown(who string) ([]string, error) {
	known, err := ctx.view.knows(who, ctx.Review)
	if err != nil || known {
		return nil, err
	}
	return []string{fmt.Sprintf("%s is not named in %s, in this draft's review or in the last %d commits; check the spelling",
		who, review.ConfigPath, knownHistory)}, nil
}

// knownHistory is how many commits knows reads back for authors: enough
// for everyone active, bounded so that a large history stays quick.
const knownHistory = 2000

// knows reports whether who (an email, a name or "Name <email>") names a
// person this repository has seen: someone the config names, who took
// part in rv (the draft's review: an author, reviewer or assignee of one
// of its events), or the author of one of the last knownHistory commits,
// every cc action being a commit by its actor. It reads no other draft's
// review, so that an action on one draft costs the same in a repository
// of any size.
func (v *View) knows(who string, rv *review.Review) (bool, error) {
	p := review.ParsePerson(who)
	match := func(id string) bool {
		q := review.ParsePerson(id)
		return review.MatchIdentity(who, q) || q.Email == "" && p.Email == "" && q.Name == p.Name ||
			p.Email != "" && review.MatchIdentity(id, p)
	}
	cfg := v.config
	ids := append(append([]string(nil), cfg.Workflow.Publishers...), cfg.Workflow.RequiredApprovers...)
	for _, d := range cfg.Defaults {
		ids = append(append(ids, d.Reviewers...), d.Assignees...)
	}
	for _, rule := range cfg.Workflow.Paths {
		ids = append(ids, rule.Reviewers...)
	}
	if rv != nil {
		for _, e := range rv.Events {
			if review.MatchIdentity(who, e.Author) {
				return true, nil
			}
			ids = append(ids, e.Reviewer, e.Assignee)
			for _, f := range e.Followups {
				ids = append(ids, f.Assignee)
			}
		}
	}
	for _, id := range ids {
		if id != "" && match(id) {
			return true, nil
		}
	}
	return v.committed(who), nil
}

// committed reports whether who wrote one of the last knownHistory
// commits, newest first along every parent, as git log lists them: a
// colleague's commits come in as the second parents of merges.
func (v *View) committed(who string) bool {
	w, err := v.r.store.NewHistoryWalk()
	if err != nil || w.Push(v.snap.Commit(), "") != nil {
		return false
	}
	for range knownHistory {
		c, _, _, ok := w.Next()
		if !ok {
			return false
		}
		if review.MatchIdentity(who, review.Person{Name: c.Author.Name, Email: c.Author.Email}) {
			return true
		}
		for _, parent := range c.Parents {
			if w.Push(parent, "") != nil {
				return false // a damaged history ends the search: not knowing is not an error
			}
		}
	}
	return false
}

// Followup is one thing a decision hands to someone.
type Followup struct {
	Who  string
	Due  string // as --due takes it
	Text string
}

// Decision is what a live discussion decided on a thread.
type Decision struct {
	Text      string
	Followups []Followup
}

// Decide records a decision on a thread, resolves it and hands out the
// follow-ups, in one commit: the decide event (which holds the
// follow-ups, each an assignment of the thread) and a resolve event that
// answers it.
func (r *Repo) Decide(a Actor, thread string, d Decision) (Recorded, error) {
	return r.recordOn(a, thread, true, func(ctx *eventContext, ev *review.Event) (eventCommit, error) {
		t, err := ctx.Review.Thread(thread)
		if err != nil {
			return eventCommit{}, err
		}
		if strings.TrimSpace(d.Text) == "" {
			return eventCommit{}, usagef("-m: say what was decided")
		}
		ev.Type, ev.Thread, ev.Answers, ev.Decision = review.TypeDecide, t.ID, []string{t.Last.ID}, d.Text
		body := d.Text
		var warnings []string
		for _, f := range d.Followups {
			who := strings.TrimSpace(f.Who)
			if who == "" {
				return eventCommit{}, usagef("--assign must name someone")
			}
			due, warn, err := ctx.checkAssignee(who, f.Due)
			if err != nil {
				return eventCommit{}, err
			}
			warnings = append(warnings, warn...)
			text := f.Text
			if strings.TrimSpace(text) == "" {
				text = d.Text
			}
			ev.Followups = append(ev.Followups, review.Followup{Assignee: who, Due: due, Text: text})
			body += "\n\nFollow-up: " + who
			if due != "" {
				body += ", due " + due
			}
		}
		// The decision is in the subject, so cc log and git log show it.
		ec := eventCommit{Subject: "decide " + threadTitle(t) + ": " + quoteSubject(d.Text), Body: body, Warnings: warnings}
		if !t.Resolved {
			resolve := *ev
			resolve.ID = review.NewEventID(ev.Time, ctx.view.r.random)
			resolve.Type, resolve.Clock, resolve.Answers = review.TypeResolve, ev.Clock+1, []string{ev.ID}
			resolve.Decision, resolve.Followups = "", nil
			ec.Changes = append(ec.Changes, eventChange(&resolve))
		}
		return ec, nil
	})
}

// stateDefaults adds to a commit what .cc/config.yaml's defaults give a
// draft entering a new state: a review request per default reviewer not
// already asked, and an assignment per default assignee, each due the
// state's due time (for reviewers, review.due when the state has none).
// before is the draft's state before the action, events what the action
// records.
func (ctx *eventContext) stateDefaults(before, after string, events []*review.Event) ([]*review.Event, error) {
	def, ok := ctx.view.config.Defaults[after]
	if !ok || after == before {
		return nil, nil
	}
	last := events[len(events)-1]
	var out []*review.Event
	add := func(typ review.Type, who, due string) {
		e := *last
		e.ID = review.NewEventID(last.Time, ctx.view.r.random)
		e.Type, e.Clock, e.Answers, e.Body, e.Blob = typ, last.Clock+1+len(out), nil, "", ""
		e.Thread, e.Reviewer, e.Assignee, e.Due, e.Decision, e.Followups, e.Anchor = "", "", "", due, "", nil, nil
		if typ == review.TypeRequestReview {
			e.Reviewer = who
		} else {
			e.Assignee = who
		}
		out = append(out, &e)
	}
	asked := func(who string) bool {
		for _, e := range events {
			if e.Type == review.TypeRequestReview && strings.EqualFold(e.Reviewer, who) {
				return true
			}
		}
		return false
	}
	due := ""
	if def.Due != "" {
		var err error
		if due, err = review.ParseDue(def.Due, ctx.Actor.Now); err != nil {
			return nil, fmt.Errorf("%s: defaults.%s.due: %w", review.ConfigPath, after, err)
		}
	}
	reviewDue := due
	if reviewDue == "" {
		var err error
		if reviewDue, err = ctx.due(""); err != nil {
			return nil, err
		}
	}
	for _, who := range def.Reviewers {
		if !asked(who) {
			add(review.TypeRequestReview, who, reviewDue)
		}
	}
	for _, who := range def.Assignees {
		add(review.TypeAssign, who, due)
	}
	return out, nil
}

// statusWith is the draft's status once events are recorded too.
func (ctx *eventContext) statusWith(events ...*review.Event) review.Status {
	saved := ctx.Review
	defer func() { ctx.Review = saved }()
	ctx.Review = review.Fold(saved.DraftID, append(append([]*review.Event(nil), saved.Events...), events...))
	return ctx.status()
}

// withDefaults runs act and adds the state defaults of the state the
// draft enters to its commit.
func withDefaults(act eventAction) eventAction {
	return func(ctx *eventContext, ev *review.Event) (eventCommit, error) {
		if ctx.Draft == nil || len(ctx.view.config.Defaults) == 0 {
			return act(ctx, ev)
		}
		before := ctx.status().State
		ec, err := act(ctx, ev)
		if err != nil {
			return ec, err
		}
		events := []*review.Event{ev}
		for _, c := range ec.Changes {
			if strings.HasPrefix(c.Path, ".cc/reviews/") {
				e, err := review.ParseEvent(c.Path, c.Data)
				if err != nil {
					return ec, err
				}
				events = append(events, e)
			}
		}
		after := ctx.statusWith(events...).State
		extra, err := ctx.stateDefaults(before, after, events)
		if err != nil {
			return ec, err
		}
		var names []string
		for _, e := range extra {
			ec.Changes = append(ec.Changes, eventChange(e))
			names = append(names, e.Reviewer+e.Assignee)
		}
		if len(names) > 0 {
			ec.Body = strings.TrimSpace(ec.Body + fmt.Sprintf("\n\nDefaults of %s: %s.", after, strings.Join(names, ", ")))
		}
		return ec, nil
	}
}
