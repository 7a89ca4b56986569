package review

import (
	"encoding/json"
	"strings"
	"time"
)

// Loop is the part of a draft's events that says who waits on whom: its
// open threads and its open assignments. Like Summary it depends on the
// events alone. Field names are stable: summaries keep it in a cache.
type Loop struct {
	Threads     []ThreadWait `json:"threads,omitempty"`
	Assignments []Assignment `json:"assignments,omitempty"`
}

// ThreadWait is an open thread as the inbox and the agenda see it.
type ThreadWait struct {
	Thread string `json:"thread"`
	// Quote is the anchored words, cut to maxNoteLen; "" for a comment
	// on the whole draft. Text is the first line of the first message.
	Quote       string    `json:"quote,omitempty"`
	Text        string    `json:"text"`
	OpenerName  string    `json:"openerName"`
	OpenerEmail string    `json:"openerEmail"`
	LastName    string    `json:"lastName"`
	LastEmail   string    `json:"lastEmail"`
	Last        time.Time `json:"last"`
	// Others are the people besides the opener who wrote in the thread.
	Others []string `json:"others,omitempty"`
	// Exchanges counts the messages written in answer to someone else's:
	// how often the thread changed hands.
	Exchanges int       `json:"exchanges"`
	Mentions  []Mention `json:"mentions,omitempty"`
}

// Opener is who opened the thread; LastBy who wrote in it last.
func (t ThreadWait) Opener() Person { return Person{Name: t.OpenerName, Email: t.OpenerEmail} }

// LastBy is who wrote in the thread last.
func (t ThreadWait) LastBy() Person { return Person{Name: t.LastName, Email: t.LastEmail} }

// Mention is an @handle in an open thread that its person has not
// answered: they wrote nothing in the thread after it.
type Mention struct {
	Handle string    `json:"handle"`
	Since  time.Time `json:"since"`
}

// loopOf works out the Loop of a folded review.
func loopOf(rv *Review) Loop {
	l := Loop{Assignments: OpenAssignments(rv.Events)}
	for _, t := range rv.Threads {
		if t.Resolved {
			continue
		}
		msgs := append([]Message{t.Root}, t.Replies...)
		last := msgs[len(msgs)-1].Event
		w := ThreadWait{
			Thread: t.ID, Text: firstLine(t.Root.Body, maxNoteLen),
			OpenerName: t.Root.Event.Author.Name, OpenerEmail: t.Root.Event.Author.Email,
			LastName: last.Author.Name, LastEmail: last.Author.Email, Last: t.Last.Time,
		}
		if t.Anchor != nil {
			w.Quote = firstLine(t.Anchor.Quote, maxNoteLen)
		}
		for _, p := range t.Participants[1:] {
			w.Others = append(w.Others, p.String())
		}
		for i, m := range msgs {
			if i > 0 && !m.Event.Author.Same(msgs[i-1].Event.Author) {
				w.Exchanges++
			}
			for _, h := range Mentions(m.Body) {
				if !answered(h, msgs[i+1:]) && !hasMention(w.Mentions, h) && !MatchHandle(h, m.Event.Author) {
					w.Mentions = append(w.Mentions, Mention{Handle: h, Since: m.Event.Time})
				}
			}
		}
		l.Threads = append(l.Threads, w)
	}
	return l
}

func answered(handle string, later []Message) bool {
	for _, m := range later {
		if MatchHandle(handle, m.Event.Author) {
			return true
		}
	}
	return false
}

func hasMention(list []Mention, h string) bool {
	for _, m := range list {
		if strings.EqualFold(m.Handle, h) {
			return true
		}
	}
	return false
}

// Mentions are the @handles in text, without the @, in order: an @ at the
// start of a word (not inside an email address) followed by letters,
// digits, '.', '_' or '-', without a trailing '.'.
func Mentions(text string) []string {
	var out []string
	for i := 0; i < len(text); i++ {
		if text[i] != '@' || i > 0 && handleByte(text[i-1]) {
			continue
		}
		j := i + 1
		for j < len(text) && handleByte(text[j]) {
			j++
		}
		h := strings.TrimRight(text[i+1:j], ".")
		if h != "" {
			out = append(out, h)
		}
		i = j - 1
	}
	return out
}

func handleByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-'
}

// MatchHandle reports whether @handle names p: the part of p's email
// before the @, their name without spaces, or the first word of their
// name, ignoring letter case.
func MatchHandle(handle string, p Person) bool {
	if handle == "" {
		return false
	}
	if at := strings.IndexByte(p.Email, '@'); at > 0 && strings.EqualFold(p.Email[:at], handle) {
		return true
	}
	if p.Name == "" {
		return false
	}
	if strings.EqualFold(strings.ReplaceAll(p.Name, " ", ""), handle) {
		return true
	}
	first, _, _ := strings.Cut(p.Name, " ")
	return strings.EqualFold(first, handle)
}

// Loop is the summary's part that says who waits on whom. It is kept
// encoded, since only the inbox, the agenda and notify read it.
func (s Summary) Loop() Loop {
	var l Loop
	if s.loop != "" {
		_ = json.Unmarshal([]byte(s.loop), &l) // written by encodeLoop, checked by the cache's checksum
	}
	return l
}

// encodeLoop is l as Summary keeps it: "" when there is nothing in it.
func encodeLoop(l Loop) string {
	if len(l.Threads) == 0 && len(l.Assignments) == 0 {
		return ""
	}
	b, err := json.Marshal(l)
	if err != nil {
		return "" // a Loop holds strings, numbers and times only
	}
	return string(b)
}
