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
	var out []AgendaEntry
	for i := range board {
		d := &board[i]
		for _, it := range review.Agenda(v.config, d.Status, d.Loop, d.WaitsOn, now) {
			if since.IsZero() || !it.Since.Before(since) {
				out = append(out, AgendaEntry{AgendaItem: it, Draft: d})
			}
		}
	}
	sortBySince(out, func(e AgendaEntry) time.Time { return e.Since })
	return out, nil
}
