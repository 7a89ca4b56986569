package repo

import (
	"time"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/review"
)

// AgendaEntry is one agenda item and its draft.
type AgendaEntry struct {
	review.AgendaItem
	Entry content.CatalogEntry
	State string
}

// Agenda is what a short live meeting should decide as of now, by the
// rules of review.Agenda, oldest first. A non-zero since keeps only the
// items that started waiting at or after it.
func (v *View) Agenda(now, since time.Time) ([]AgendaEntry, error) {
	var out []AgendaEntry
	err := v.eachStatus(now, false, func(d *DraftStatus) {
		for _, it := range review.Agenda(v.config, d.Status, d.Loop, d.WaitsOn, now) {
			if since.IsZero() || !it.Since.Before(since) {
				out = append(out, AgendaEntry{AgendaItem: it, Entry: d.Entry, State: d.Status.State})
			}
		}
	})
	sortBySince(out, func(e AgendaEntry) time.Time { return e.Since })
	return out, err
}
