package repo

import (
	"time"

	"github.com/cc-content/cc/review"
)

// AgendaEntry is one agenda item and its draft.
type AgendaEntry struct {
	review.AgendaItem
	Draft *DraftStatus // in the board it came from
}

// Agenda is what a short live meeting should decide as of now, by the
// rules of review.Agenda, oldest first. A non-zero since keeps only the
// items that started waiting at or after it.
func (v *View) Agenda(now, since time.Time) ([]AgendaEntry, error) {
	board, err := v.Board(now, false)
	if err != nil {
		return nil, err
	}
	// Sized first: on a large repository the agenda has tens of thousands
	// of items, and growing one slice by appending copies them all.
	per := make([][]review.AgendaItem, len(board))
	n := 0
	for i := range board {
		d := &board[i]
		per[i] = review.Agenda(v.config, d.Status, d.Loop, d.WaitsOn, now)
		n += len(per[i])
	}
	out := make([]AgendaEntry, 0, n)
	for i, items := range per {
		for _, it := range items {
			if since.IsZero() || !it.Since.Before(since) {
				out = append(out, AgendaEntry{AgendaItem: it, Draft: &board[i]})
			}
		}
	}
	sortBySince(out, func(e AgendaEntry) time.Time { return e.Since })
	return out, nil
}
