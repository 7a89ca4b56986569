package cmd

import (
	"fmt"
	"strings"
	"time"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/review"
)

// The output types that review show, preview, status, inbox and overdue
// share.

type messageOutput struct {
	ID        string       `json:"id"`
	Type      string       `json:"type"`
	Author    personOutput `json:"author"`
	Time      time.Time    `json:"time"`
	Body      string       `json:"body"`
	Edited    bool         `json:"edited"`
	Retracted bool         `json:"retracted"`
	// Signature is set where the command judged signatures (review show).
	Signature *signatureOutput `json:"signature,omitempty"`
}

// signatureOutput is what became of an event's signature, judged by
// .cc/allowed_signers.
type signatureOutput struct {
	State   string `json:"state"`             // valid, invalid or unsigned
	Signer  string `json:"signer,omitempty"`  // the key's SHA256 fingerprint
	Problem string `json:"problem,omitempty"` // why it is invalid, as a code
	Reason  string `json:"reason,omitempty"`  // why it is invalid, in words
}

// signatureOf is the output of a verdict; err (an allowed_signers or
// event file cc cannot read) makes the signature invalid with that reason.
func signatureOf(v review.SignatureVerdict, err error) *signatureOutput {
	if err != nil {
		return &signatureOutput{State: review.SignatureInvalid.String(), Problem: "unreadable", Reason: err.Error()}
	}
	return &signatureOutput{State: v.State.String(), Signer: v.Fingerprint, Problem: string(v.Problem), Reason: v.Reason}
}

// signatureMark is how text output marks a signature: "" when there is
// none to show.
func signatureMark(s *signatureOutput) string {
	switch {
	case s == nil:
		return ""
	case s.State == review.SignatureValid.String():
		return " [signed]"
	case s.State == review.SignatureInvalid.String():
		return " [signature invalid: " + s.Reason + "]"
	}
	return " [unsigned]"
}

type anchorOutput struct {
	State    string  `json:"state"`
	Score    float64 `json:"score"`
	Quote    string  `json:"quote"`
	Line     int     `json:"line,omitempty"`
	Start    int     `json:"start"`
	End      int     `json:"end"`
	LineText string  `json:"lineText,omitempty"`
	// Revisions is how many changes of the draft the anchor was followed
	// through; HistoryCut says the version it was made on is not in this
	// repository (a shallow clone), so it was found by search.
	Revisions  int  `json:"revisions"`
	HistoryCut bool `json:"historyCut"`
}

type threadOutput struct {
	ID          string          `json:"id"`
	State       string          `json:"state"`
	Applied     bool            `json:"applied"`
	Anchor      *anchorOutput   `json:"anchor"`
	Replacement *string         `json:"replacement,omitempty"`
	Messages    []messageOutput `json:"messages"`
	Decision    *decisionOutput `json:"decision,omitempty"`
}

// decisionOutput is the latest decision recorded on a thread.
type decisionOutput struct {
	Event     string           `json:"event"`
	Text      string           `json:"text"`
	By        personOutput     `json:"by"`
	Time      time.Time        `json:"time"`
	Followups []followupOutput `json:"followups"`
}

type followupOutput struct {
	Assignee string `json:"assignee"`
	Due      string `json:"due,omitempty"`
	Text     string `json:"text"`
}

func decisionOf(d *review.Decision) *decisionOutput {
	if d == nil {
		return nil
	}
	out := &decisionOutput{Event: d.Event.ID, Text: d.Text, By: personOf(d.Event.Author), Time: d.Event.Time, Followups: []followupOutput{}}
	for _, f := range d.Followups {
		out.Followups = append(out.Followups, followupOutput{Assignee: f.Assignee, Due: f.Due, Text: f.Text})
	}
	return out
}

// threadsOutput is the --json form of placed threads (review show,
// preview); verify, when not nil, judges each message's signature.
func threadsOutput(placed []repo.Placed, verify func(*review.Event) *signatureOutput) []threadOutput {
	out := []threadOutput{}
	for _, p := range placed {
		t := p.Thread
		to := threadOutput{ID: t.ID, State: "open", Applied: t.Applied, Decision: decisionOf(t.Decision)}
		if t.Resolved {
			to.State = "resolved"
		}
		if m := p.Match; m != nil {
			to.Anchor = &anchorOutput{State: m.State.String(), Score: m.Score, Quote: t.Anchor.Quote, Start: m.Start, End: m.End, Line: p.Line, LineText: p.LineText, Revisions: m.Revisions, HistoryCut: m.HistoryCut}
		}
		if t.Suggestion != nil {
			rep := t.Suggestion.Replacement
			to.Replacement = &rep
		}
		to.Messages = append(to.Messages, messageOf(t.Root, verify))
		for _, m := range t.Replies {
			to.Messages = append(to.Messages, messageOf(m, verify))
		}
		out = append(out, to)
	}
	return out
}

func messageOf(m review.Message, verify func(*review.Event) *signatureOutput) messageOutput {
	e := m.Event
	out := messageOutput{ID: e.ID, Type: string(e.Type), Author: personOf(e.Author), Time: e.Time, Body: m.Body, Edited: m.Edited, Retracted: m.Retracted}
	if verify != nil {
		out.Signature = verify(e)
	}
	return out
}

// owesOutput is one thing a draft waits for.
type owesOutput struct {
	Who    string    `json:"who"` // whoList joined by ", "
	WhoAll []string  `json:"whoList"`
	Kind   string    `json:"kind"`
	What   string    `json:"what"`
	Thread string    `json:"thread,omitempty"`
	Since  time.Time `json:"since,omitzero"`
	Due    time.Time `json:"due,omitzero"`
	Late   bool      `json:"overdue"`
}

func owesOf(o review.Owed) owesOutput {
	return owesOutput{Who: strings.Join(o.Who, ", "), WhoAll: o.Who, Kind: o.Kind, What: o.What, Thread: o.Thread, Since: o.Since, Due: o.Due, Late: o.Late}
}

// describeOwes says the first thing a draft waits for, in a few words.
func describeOwes(list []owesOutput, now time.Time) string {
	if len(list) == 0 {
		return "-"
	}
	o := list[0]
	s := o.Who + ": " + o.What
	if !o.Since.IsZero() {
		s += ", " + ago(now.Sub(o.Since))
	}
	if o.Late {
		s += ", OVERDUE"
	} else if !o.Due.IsZero() {
		s += ", due in " + ago(o.Due.Sub(now))
	}
	if len(list) > 1 {
		s += fmt.Sprintf(" (+%d)", len(list)-1)
	}
	return s
}

// ago is a duration as people say it: 3d, 5h, 12m.
func ago(d time.Duration) string {
	switch {
	case d < 0:
		return "0m"
	case d >= 48*time.Hour:
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	case d >= time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dm", int(d.Minutes()))
}

// itemOutput is one thing waiting on someone, with its draft.
type itemOutput struct {
	owesOutput
	Draft draftOutput `json:"draft"`
	State string      `json:"state"`
}

func itemsOf(items []repo.Item) []itemOutput {
	out := []itemOutput{}
	for _, it := range items {
		out = append(out, itemOutput{owesOutput: owesOf(it.Owed), Draft: entryOutput(it.Draft.Entry), State: it.Draft.Status.State})
	}
	return out
}
