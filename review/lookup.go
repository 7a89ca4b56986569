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
