package review

import (
	"fmt"
	"strings"
)

// Message finds a comment, reply or suggestion by its event id or an
// unambiguous prefix of it, with the thread it belongs to.
func (r *Review) Message(idOrPrefix string) (*Thread, *Message, error) {
	p := strings.ToUpper(strings.TrimSpace(idOrPrefix))
	if p == "" {
		return nil, nil, fmt.Errorf("empty message id: %w", ErrNoThread)
	}
	type hit struct {
		t *Thread
		m *Message
	}
	var found []hit
	for _, t := range r.Threads {
		msgs := []*Message{&t.Root}
		for i := range t.Replies {
			msgs = append(msgs, &t.Replies[i])
		}
		for _, m := range msgs {
			if m.Event.ID == p {
				return t, m, nil
			}
			if strings.HasPrefix(m.Event.ID, p) {
				found = append(found, hit{t, m})
			}
		}
	}
	switch len(found) {
	case 0:
		return nil, nil, fmt.Errorf("no comment or reply %s on draft %s: %w", idOrPrefix, r.DraftID, ErrNoThread)
	case 1:
		return found[0].t, found[0].m, nil
	}
	return nil, nil, fmt.Errorf("%s matches %d comments on draft %s; type more of the id: %w", idOrPrefix, len(found), r.DraftID, ErrAmbiguousThread)
}

// Event finds an event by its id or an unambiguous prefix of it, in any
// letter case. An event file that is there but does not read is answered
// with its problem.
func (r *Review) Event(idOrPrefix string) (*Event, error) {
	p := strings.ToUpper(strings.TrimSpace(idOrPrefix))
	e, found := findByID(r.Events, func(e *Event) string { return e.ID }, p)
	if e != nil {
		return e, nil
	}
	switch len(found) {
	case 0:
		for _, prob := range r.Problems {
			if p != "" && strings.Contains(prob.Error(), p) {
				return nil, prob
			}
		}
		return nil, fmt.Errorf("no event %s on draft %s; 'cc log %s' lists its actions", idOrPrefix, r.DraftID, r.DraftID)
	case 1:
		return found[0], nil
	}
	ids := make([]string, len(found))
	for i, e := range found {
		ids[i] = e.ID
	}
	return nil, fmt.Errorf("%s matches %d events of draft %s (%s); type more of the id", idOrPrefix, len(found), r.DraftID, strings.Join(ids, ", "))
}

// findByID returns the item whose id is p, or, when none is, every item
// whose id starts with p: how every id a person types is looked up.
func findByID[T comparable](items []T, id func(T) string, p string) (exact T, prefixed []T) {
	var zero T
	if p == "" {
		return zero, nil
	}
	for _, it := range items {
		if id(it) == p {
			return it, nil
		}
		if strings.HasPrefix(id(it), p) {
			prefixed = append(prefixed, it)
		}
	}
	return zero, prefixed
}
