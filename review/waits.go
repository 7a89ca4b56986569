package review

import (
	"strconv"
	"strings"
	"time"

	"github.com/cc-content/cc/content"
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
			LastName: last.Author.Name, LastEmail: last.Author.Email, Last: t.Last.Time.UTC(),
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
					w.Mentions = append(w.Mentions, Mention{Handle: h, Since: m.Event.Time.UTC()})
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
// encoded (see encodeLoop), since only the inbox, the agenda and notify
// read it, and decoded here without copying strings that need no
// unescaping.
func (s Summary) Loop() Loop {
	var l Loop
	rest := s.loop
	for rest != "" {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		f := strings.Split(line, "\t")
		for i := range f {
			f[i], _ = content.UnescapeCacheField(f[i]) // the cache's checksum vouches for it
		}
		switch {
		case f[0] == "t" && len(f) == 10:
			l.Threads = append(l.Threads, ThreadWait{Thread: f[1], Quote: f[2], Text: f[3], OpenerName: f[4], OpenerEmail: f[5],
				LastName: f[6], LastEmail: f[7], Last: unixNano(f[8]), Exchanges: atoi(f[9])})
		case f[0] == "o" && len(f) == 2 && len(l.Threads) > 0:
			t := &l.Threads[len(l.Threads)-1]
			t.Others = append(t.Others, f[1])
		case f[0] == "@" && len(f) == 3 && len(l.Threads) > 0:
			t := &l.Threads[len(l.Threads)-1]
			t.Mentions = append(t.Mentions, Mention{Handle: f[1], Since: unixNano(f[2])})
		case f[0] == "a" && len(f) == 9:
			l.Assignments = append(l.Assignments, Assignment{Assignee: f[1], Due: f[2], Thread: f[3], Text: f[4], Event: f[5],
				Name: f[6], Email: f[7], Time: unixNano(f[8])})
		}
	}
	return l
}

// encodeLoop is l as Summary keeps it, and the summary cache stores it:
// one line per thread ("t"), per other participant of the thread before
// it ("o"), per unanswered mention in it ("@") and per assignment ("a"),
// fields separated by tabs and escaped as content.AppendCacheField does,
// times in Unix nanoseconds (UTC). "" when there is nothing in it.
func encodeLoop(l Loop) string {
	var b []byte
	line := func(fields ...string) {
		for i, f := range fields {
			if i > 0 {
				b = append(b, '\t')
			}
			b = content.AppendCacheField(b, f)
		}
		b = append(b, '\n')
	}
	for _, t := range l.Threads {
		line("t", t.Thread, t.Quote, t.Text, t.OpenerName, t.OpenerEmail, t.LastName, t.LastEmail, nanos(t.Last), strconv.Itoa(t.Exchanges))
		for _, o := range t.Others {
			line("o", o)
		}
		for _, m := range t.Mentions {
			line("@", m.Handle, nanos(m.Since))
		}
	}
	for _, a := range l.Assignments {
		line("a", a.Assignee, a.Due, a.Thread, a.Text, a.Event, a.Name, a.Email, nanos(a.Time))
	}
	return string(b)
}

func nanos(t time.Time) string { return strconv.FormatInt(t.UnixNano(), 10) }

func unixNano(s string) time.Time {
	n, _ := strconv.ParseInt(s, 10, 64)
	return time.Unix(0, n).UTC()
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
