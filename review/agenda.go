package review

import (
	"fmt"
	"strings"
	"time"
)

// The rules that put something on the agenda, stable for --json.
const (
	AgendaBlocking = "blocking"       // an open thread stops the draft's approval and waited longer than agenda.wait
	AgendaLooping  = "back-and-forth" // a thread changed hands agenda.exchanges times or more, still open
	AgendaConflict = "conflict"       // one reviewer approves, another asks for changes
	AgendaOverdue  = "overdue"        // a review or assignment past its due time
)

// AgendaItem is one thing a short live meeting should decide.
type AgendaItem struct {
	Rules   []string
	Thread  string // "" for an item about the whole draft
	Quote   string // the anchored words, if any
	Text    string // what was said or asked, first line
	Waiting []string
	On      []string
	Since   time.Time
	Propose string
}

// Agenda is what of one draft goes on the agenda as of now, by the rules
// above with the thresholds in cfg.Agenda; l is the draft's Loop and owes
// its Owes.
func Agenda(cfg Config, st Status, l Loop, owes []Owed, now time.Time) []AgendaItem {
	var out []AgendaItem
	blocks := false
	for _, p := range st.Problems {
		blocks = blocks || p.Code == ProblemOpenThreads
	}
	for _, t := range l.Threads {
		var rules []string
		if blocks && now.Sub(t.Last) >= cfg.AgendaWait() {
			rules = append(rules, AgendaBlocking)
		}
		if t.Exchanges >= cfg.Agenda.Exchanges {
			rules = append(rules, AgendaLooping)
		}
		if len(rules) == 0 {
			continue
		}
		it := AgendaItem{Rules: rules, Thread: t.Thread, Quote: t.Quote, Text: t.Text, Waiting: []string{t.LastBy().String()}, Since: t.Last}
		for _, o := range owes {
			if o.Kind == OwedThread && o.Thread == t.Thread {
				it.On = o.Who
			}
		}
		it.Propose = fmt.Sprintf("settle %s between %s: what stays in the draft, and who does what next", threadName(t), strings.Join(append([]string{t.Opener().String()}, t.Others...), ", "))
		if t.Exchanges >= cfg.Agenda.Exchanges {
			it.Propose = fmt.Sprintf("%d exchanges have not settled %s: decide it", t.Exchanges, threadName(t))
		}
		out = append(out, it)
	}
	if c, a, ok := conflict(st); ok {
		out = append(out, AgendaItem{
			Rules: []string{AgendaConflict}, Text: c.Note,
			Waiting: authorNames(st.Authors), On: []string{c.By.String(), a.By.String()}, Since: later(c.Time, a.Time),
			Propose: fmt.Sprintf("%s approved and %s asked for changes: decide whether the changes are made or the request is withdrawn", a.By, c.By),
		})
	}
	for _, o := range owes {
		if !o.Late {
			continue
		}
		it := AgendaItem{Rules: []string{AgendaOverdue}, Thread: o.Thread, Text: o.What, On: o.Who, Since: o.Due,
			Propose: fmt.Sprintf("%s was due %s: keep it with a new due time, hand it to someone else, or drop it", o.Kind, o.Due.Format(time.DateOnly))}
		if o.Asker != "" {
			it.Waiting = []string{o.Asker}
		}
		out = append(out, it)
	}
	return out
}

// conflict is an outstanding request for changes and a valid approval by
// someone else, if the draft has both.
func conflict(st Status) (ChangeRequest, Approval, bool) {
	for _, c := range st.ChangesRequested {
		for _, a := range st.Approvals {
			if a.Valid && !samePerson(a.By, c.By) {
				return c, a, true
			}
		}
	}
	return ChangeRequest{}, Approval{}, false
}

func authorNames(people []Person) []string {
	out := make([]string, 0, len(people))
	for _, p := range people {
		out = append(out, p.String())
	}
	return out
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
