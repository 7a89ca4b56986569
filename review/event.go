package review

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"time"

	"github.com/cc-content/cc/content"
)

// FormatVersion is the event file format version this cc reads and writes,
// the `cc:` key of every event file.
const FormatVersion = 1

// Type is what an event does.
type Type string

// The event types of docs/format.md.
const (
	TypeComment        Type = "comment"
	TypeReply          Type = "reply"
	TypeResolve        Type = "resolve"
	TypeReopen         Type = "reopen"
	TypeSuggest        Type = "suggest"
	TypeApply          Type = "apply"
	TypeRequestReview  Type = "request-review"
	TypeApprove        Type = "approve"
	TypeRequestChanges Type = "request-changes"
	TypeSubmit         Type = "submit"
	TypePublish        Type = "publish"
	TypeDecide         Type = "decide"
	TypeAssign         Type = "assign"
	TypeEdit           Type = "edit"
	TypeRetract        Type = "retract"
)

// Person is who did something, as git knows them.
type Person struct {
	Name  string
	Email string
}

func (p Person) String() string {
	switch {
	case p.Email == "":
		return p.Name
	case p.Name == "":
		return "<" + p.Email + ">"
	}
	return p.Name + " <" + p.Email + ">"
}

// Same reports whether p and o are the same person: by email when both
// have one (git identities differ in name more often than in email), else
// by name.
func (p Person) Same(o Person) bool {
	if p.Email != "" && o.Email != "" {
		return equalFoldASCII(p.Email, o.Email)
	}
	return p.Name == o.Name && p.Email == o.Email
}

// Followup is one thing a decision asks someone to do.
type Followup struct {
	Assignee string
	Due      string
	Text     string
}

// Event is one review event file. Which fields a type uses is listed in
// docs/format.md; ParseEvent enforces it.
type Event struct {
	Version     int
	ID          string
	Type        Type
	Draft       string
	Thread      string
	Author      Person
	Time        time.Time // display only; order is (Clock, ID)
	Clock       int
	Answers     []string
	Body        string
	Anchor      *content.Anchor
	Replacement string
	Reviewer    string
	Assignee    string
	Due         string
	Blob        string
	Decision    string
	Followups   []Followup
	Signature   string
}

// EventPath is where the event eventID of draft draftID is stored, relative
// to the repository root, with forward slashes.
func EventPath(draftID, eventID string) string {
	return path.Join(".cc", "reviews", draftID, eventID+".yaml")
}

// NextClock is the Lamport clock for a new event after events: one more
// than the highest seen.
func NextClock(events []*Event) int {
	high := 0
	for _, e := range events {
		if e != nil {
			high = max(high, e.Clock)
		}
	}
	return high + 1
}

// SortEvents sorts events by (Clock, ID), the only order cc relies on: two
// clones that act at once give their events the same clock, and the id
// breaks the tie the same way everywhere.
func SortEvents(events []*Event) {
	slices.SortStableFunc(events, compareEvents)
}

func compareEvents(a, b *Event) int {
	if c := cmp.Compare(a.Clock, b.Clock); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// FileError is a problem in one of cc's files: which file, which line (0
// when it is about the whole file) and what. Event files and the config
// file report their problems with it.
type FileError struct {
	Path string
	Line int
	Msg  string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// EventError is a problem with one event file.
type EventError = FileError

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
