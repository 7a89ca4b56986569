package review

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Review is everything recorded about one draft: its events in (clock, id)
// order, the threads they form, and the problems found on the way. A
// problem never hides the rest: a bad file or a reply to a thread this
// clone has not seen yet is listed, and everything else is still there.
type Review struct {
	DraftID  string
	Events   []*Event
	Threads  []*Thread // in the order they were opened
	Problems []error
}

// Errors Review.Thread wraps, for callers that answer them differently.
var (
	ErrNoThread        = errors.New("no such thread")
	ErrAmbiguousThread = errors.New("ambiguous thread id")
)

// Load parses the event files of one draft, given as path -> contents, and
// folds them. A file that does not parse becomes a Problem naming it; the
// other files still count. Files not ending in .yaml are not events and
// are skipped.
func Load(draftID string, files map[string][]byte) *Review {
	paths := make([]string, 0, len(files))
	for p := range files {
		if strings.HasSuffix(p, ".yaml") {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	events := make([]*Event, 0, len(paths))
	var problems []error
	for _, p := range paths {
		e, err := ParseEvent(p, files[p])
		if err != nil {
			problems = append(problems, err)
			continue
		}
		events = append(events, e)
	}
	r := Fold(draftID, events)
	r.Problems = append(problems, r.Problems...)
	return r
}

// Fold builds the review of draft draftID from its events. The result
// depends only on the set of events, not on their order: two clones that
// merged each other's events in any order fold to the same threads. An
// event given twice counts once. Events that cannot apply (a reply to an
// unknown thread, an edit of someone else's comment, an event of another
// draft) are Problems and change nothing.
func Fold(draftID string, events []*Event) *Review {
	r := &Review{DraftID: draftID}
	r.Events = r.dedupe(events)

	threads := map[string]*Thread{}
	owner := map[string]*Thread{} // message event id -> its thread
	// Threads and messages first, so that a state event finds its thread
	// however clocks were assigned.
	for _, e := range r.Events {
		switch e.Type {
		case TypeComment, TypeSuggest:
			t := &Thread{ID: e.ID, Root: Message{Event: e, Body: e.Body}, Anchor: e.Anchor}
			if e.Type == TypeSuggest {
				t.Suggestion = e
			}
			t.touch(e)
			threads[e.ID] = t
			owner[e.ID] = t
			r.Threads = append(r.Threads, t)
		}
	}
	for _, e := range r.Events {
		if e.Type != TypeReply {
			continue
		}
		t := threads[e.Thread]
		if t == nil {
			r.problem(e, "replies to thread %s, which is not in this review", e.Thread)
			continue
		}
		t.Replies = append(t.Replies, Message{Event: e, Body: e.Body})
		t.touch(e)
		owner[e.ID] = t
	}
	for _, e := range r.Events {
		switch e.Type {
		case TypeResolve, TypeReopen, TypeApply, TypeAssign, TypeDecide:
			if e.Type == TypeAssign && e.Thread == "" {
				continue // an assignment of the whole draft
			}
			t := threads[e.Thread]
			if t == nil {
				r.problem(e, "%s of thread %s, which is not in this review", e.Type, e.Thread)
				continue
			}
			switch e.Type {
			case TypeResolve:
				by := e.Author
				t.Resolved, t.ResolvedBy = true, &by
			case TypeReopen:
				t.Resolved, t.ResolvedBy = false, nil
			case TypeDecide:
				t.Decision = &Decision{Event: e, Text: e.Decision, Followups: e.Followups}
			case TypeApply:
				if t.Suggestion == nil || len(e.Answers) == 0 || e.Answers[0] != t.ID {
					r.problem(e, "applies %s, which is not the suggestion that opened thread %s", strings.Join(e.Answers, ", "), t.ID)
					continue
				}
				by := e.Author
				t.Applied, t.Resolved, t.ResolvedBy = true, true, &by
			}
			t.touch(e)
		case TypeEdit, TypeRetract:
			target := e.Answers[0]
			t := owner[target]
			if t == nil {
				r.problem(e, "%ss %s, which is not a comment or reply in this review", e.Type, target)
				continue
			}
			m := t.message(target)
			if !m.Event.Author.Same(e.Author) {
				r.problem(e, "%s by %s of a message by %s: only its author may %s it", e.Type, e.Author, m.Event.Author, e.Type)
				continue
			}
			if m.Retracted {
				continue // a retraction is final
			}
			if e.Type == TypeEdit {
				m.Body, m.Edited = e.Body, true
			} else {
				m.Body, m.Retracted = "", true
			}
			t.touch(e)
		}
	}
	return r
}

// dedupe drops nil events, events of other drafts and repeated ids, and
// sorts the rest. Two different events under one id (a hand-edited file)
// are a problem; the one whose encoding sorts first is kept, so every clone
// keeps the same one.
func (r *Review) dedupe(events []*Event) []*Event {
	type enc struct {
		e *Event
		b []byte
	}
	all := make([]enc, 0, len(events))
	for _, e := range events {
		if e == nil {
			continue
		}
		all = append(all, enc{e, nil})
	}
	slices.SortFunc(all, func(a, b enc) int { return strings.Compare(a.e.ID, b.e.ID) })
	out := make([]*Event, 0, len(all))
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].e.ID == all[i].e.ID {
			j++
		}
		keep := all[i].e
		if j-i > 1 {
			for k := i; k < j; k++ {
				all[k].b = all[k].e.Marshal()
			}
			group := all[i:j]
			slices.SortFunc(group, func(a, b enc) int { return bytes.Compare(a.b, b.b) })
			keep = group[0].e
			for _, g := range group[1:] {
				if !bytes.Equal(g.b, group[0].b) {
					r.problem(keep, "event %s exists twice with different contents; using one of them", keep.ID)
					break
				}
			}
		}
		i = j
		if keep.Draft != r.DraftID {
			// It lies in this draft's folder, whatever it says.
			r.Problems = append(r.Problems, &EventError{Path: EventPath(r.DraftID, keep.ID),
				Msg: fmt.Sprintf("belongs to draft %s, not %s", keep.Draft, r.DraftID)})
			continue
		}
		out = append(out, keep)
	}
	SortEvents(out)
	return out
}

func (r *Review) problem(e *Event, format string, args ...any) {
	r.Problems = append(r.Problems, &EventError{
		Path: EventPath(e.Draft, e.ID),
		Msg:  fmt.Sprintf(format, args...),
	})
}

// Thread finds a thread by its id or an unambiguous prefix of it, in any
// letter case, as people type ids they copied from a listing.
func (r *Review) Thread(idOrPrefix string) (*Thread, error) {
	p := strings.ToUpper(strings.TrimSpace(idOrPrefix))
	if p == "" {
		return nil, fmt.Errorf("empty thread id: %w", ErrNoThread)
	}
	t, found := findByID(r.Threads, func(t *Thread) string { return t.ID }, p)
	if t != nil {
		return t, nil
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("no thread %s on draft %s: %w", idOrPrefix, r.DraftID, ErrNoThread)
	case 1:
		return found[0], nil
	}
	ids := make([]string, len(found))
	for i, t := range found {
		ids[i] = t.ID
	}
	return nil, fmt.Errorf("thread %s is ambiguous on draft %s, it could be %s; type more of the id: %w",
		idOrPrefix, r.DraftID, strings.Join(ids, " or "), ErrAmbiguousThread)
}
