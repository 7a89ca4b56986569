package preview

import (
	"github.com/cc-content/cc/cmd/internal/repo"
	"strings"
)

type boardRow struct {
	URL, Title, Path, State string
	Approvals, OpenThreads  int
	WaitsOn                 []string
}

type boardView struct {
	frame
	Rows []boardRow
	More int
}

// Board is the board as a page: every draft under review, its state,
// valid approvals, open threads and who owes the next step; more is how
// many drafts are left out because nobody has reviewed them yet.
func Board(drafts []repo.DraftStatus, more int, o Options) ([]byte, error) {
	v := boardView{frame: newFrame("Board", o), More: more}
	for _, d := range drafts {
		row := boardRow{URL: DraftURL(d.Entry), Title: d.Entry.Title, Path: d.Entry.Path,
			State: d.Status.State, OpenThreads: d.Status.OpenThreads}
		if row.Title == "" {
			row.Title = d.Entry.Path
		}
		for _, a := range d.Status.Approvals {
			if a.Valid {
				row.Approvals++
			}
		}
		for _, w := range d.WaitsOn {
			s := strings.Join(w.Who, ", ") + ": " + w.What
			if !w.Since.IsZero() {
				s += " since " + w.Since.Format("2006-01-02")
			}
			if w.Late {
				s += ", overdue since " + w.Due.Format("2006-01-02")
			}
			row.WaitsOn = append(row.WaitsOn, s)
		}
		v.Rows = append(v.Rows, row)
	}
	return execute("board", v)
}
