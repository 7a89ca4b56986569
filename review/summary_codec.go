package review

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cc-content/cc/content"
)

// summariesHeader starts every encoding; the number is the format
// version, raised on any change a reader of the old one would misread.
const summariesHeader = "cc-summaries 3\n"

var castagnoli = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// ErrSummaries is wrapped by every DecodeSummaries error: the cache is
// damaged or from another version, and should be rebuilt.
var ErrSummaries = errors.New("summary cache unreadable")

// DecodeSummaries reads what EncodeSummaries wrote. Any damage (a changed
// byte, a cut-off end, another version) is an error wrapping ErrSummaries,
// never a wrong answer. Times come back in a fixed zone with the offset
// they were written with.
func DecodeSummaries(b []byte) (map[string]Summary, error) {
	if !bytes.HasPrefix(b, []byte(summariesHeader)) {
		return nil, fmt.Errorf("%w: not a version 3 summary cache", ErrSummaries)
	}
	// Lines start with s, m, o, p, t, @ or a, so the only "end" that starts a line is
	// the end line's.
	endAt := bytes.LastIndex(b, []byte("\nend\t")) + 1
	if endAt == 0 {
		return nil, fmt.Errorf("%w: no end line", ErrSummaries)
	}
	body := b[:endAt]
	if len(b)-endAt > len("end\t")+3*20+len("00000000\n") {
		return nil, fmt.Errorf("%w: bad end line", ErrSummaries)
	}
	endFields := strings.Split(string(b[endAt:]), "\t")
	if len(endFields) != 5 || !strings.HasSuffix(endFields[4], "\n") {
		return nil, fmt.Errorf("%w: bad end line", ErrSummaries)
	}
	count, ok1 := canonicalInt(endFields[1])
	moves, ok2 := canonicalInt(endFields[2])
	threads, ok3 := canonicalInt(endFields[3])
	sum, err := strconv.ParseUint(strings.TrimSuffix(endFields[4], "\n"), 16, 32)
	if !ok1 || !ok2 || !ok3 || err != nil || endFields[4] != fmt.Sprintf("%08x\n", sum) ||
		min(count, moves, threads) < 0 || max(count, moves, threads) > len(b) {
		return nil, fmt.Errorf("%w: bad end line", ErrSummaries)
	}
	if uint32(sum) != crc32.Checksum(body, castagnoli()) {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrSummaries)
	}
	spare := summariesBudget(len(b), count, moves, threads)
	if spare < 0 {
		return nil, fmt.Errorf("%w: too large in structure for its size", ErrSummaries)
	}
	d := summaryDecoder{src: string(body), pos: len(summariesHeader), line: 1, zones: map[int]*time.Location{}, spare: spare}
	// One backing array for every summary's moves and one for their open
	// threads, instead of two allocations per summary.
	d.moves = make([]Move, 0, moves)
	d.threads = make([]string, 0, threads)
	out := make(map[string]Summary, count)
	prev := ""
	for d.pos < len(d.src) {
		key, s, err := d.summary()
		if err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrSummaries, d.line, err)
		}
		if len(out) > 0 && key <= prev {
			return nil, fmt.Errorf("%w: line %d: key %q out of order", ErrSummaries, d.line, key)
		}
		prev = key
		out[key] = s
	}
	if len(out) != count || len(d.moves) != moves || len(d.threads) != threads {
		return nil, fmt.Errorf("%w: %d summaries, %d moves and %d open threads; the end line says %d, %d and %d",
			ErrSummaries, len(out), len(d.moves), len(d.threads), count, moves, threads)
	}
	return out, nil
}

type summaryDecoder struct {
	src   string // one copy of the input; fields without escapes are slices of it
	pos   int
	line  int
	zones map[int]*time.Location
	buf   [16]string

	moves   []Move
	threads []string
	// spare is what the decoder may still allocate beyond what
	// summariesBudget counted: problems and time zones.
	spare int64
}

// take returns n elements from the front of *pool's spare capacity, or a
// new slice when it has not enough.
func take[T any](pool *[]T, n int) []T {
	p := *pool
	if len(p)+n > cap(p) {
		return make([]T, n) // the end line's totals were wrong; caught after
	}
	*pool = p[:len(p)+n]
	return p[len(p) : len(p)+n : len(p)+n]
}

// next returns the fields of the next line, which must start with tag.
func (d *summaryDecoder) next(tag string) ([]string, error) {
	d.line++
	end := strings.IndexByte(d.src[d.pos:], '\n')
	if end < 0 {
		return nil, errors.New("unterminated line")
	}
	line := d.src[d.pos : d.pos+end]
	d.pos += end + 1
	// Fields are short: a plain loop beats IndexByte's setup per field.
	f := d.buf[:0]
	if n := strings.Count(line, "\t") + 1; n > len(d.buf) {
		if !d.spend(int64(n) * stringCost) {
			return nil, errors.New("too many fields for the cache's size")
		}
		f = make([]string, 0, n)
	}
	start := 0
	for i := 0; i < len(line); i++ {
		if line[i] == '\t' {
			f = append(f, line[start:i])
			start = i + 1
		}
	}
	f = append(f, line[start:])
	if f[0] != tag {
		return nil, fmt.Errorf("want a %q line, found %q", tag, f[0])
	}
	return f[1:], nil
}

func (d *summaryDecoder) summary() (string, Summary, error) {
	var s Summary
	f, err := d.next("s")
	if err != nil {
		return "", s, err
	}
	nLoop, ok6 := canonicalInt(f[5]) // f is the decoder's buffer, reused by the next line
	if len(f) != 6 || !ok6 || nLoop < 0 || nLoop > len(d.src) {
		return "", s, errors.New("bad summary line")
	}
	key, ok1 := content.UnescapeCacheField(f[0])
	draft, ok2 := content.UnescapeCacheField(f[1])
	nMoves, ok3 := canonicalInt(f[2])
	nOpen, ok4 := canonicalInt(f[3])
	nProblems, ok5 := canonicalInt(f[4])
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || nMoves < 0 || nOpen < 0 || nProblems < 0 ||
		nMoves > len(d.src) || nOpen > len(d.src) {
		return "", s, errors.New("bad summary line")
	}
	s.Draft = draft
	if nMoves > 0 {
		s.Moves = take(&d.moves, nMoves)
	}
	for i := range s.Moves {
		if s.Moves[i], err = d.move(); err != nil {
			return "", s, err
		}
	}
	if nOpen > 0 {
		f, err := d.next("o")
		if err != nil {
			return "", s, err
		}
		if len(f) != nOpen {
			return "", s, errors.New("open thread count does not match")
		}
		s.OpenThreads = take(&d.threads, nOpen)
		for i, id := range f {
			if s.OpenThreads[i], ok1 = content.UnescapeCacheField(id); !ok1 {
				return "", s, errors.New("bad thread id")
			}
		}
	}
	if nProblems > 0 {
		f, err := d.next("p")
		if err != nil {
			return "", s, err
		}
		if len(f) != nProblems {
			return "", s, errors.New("problem count does not match")
		}
		if !d.spend(int64(nProblems) * stringCost) {
			return "", s, errors.New("too many problems for the cache's size")
		}
		s.Problems = make([]string, nProblems)
		for i, p := range f {
			if s.Problems[i], ok1 = content.UnescapeCacheField(p); !ok1 {
				return "", s, errors.New("bad problem")
			}
		}
	}
	if nLoop > 0 {
		// Kept as the cache wrote it, a slice of the input: Summary.Loop
		// reads it when asked.
		start := d.pos
		for range nLoop {
			end := strings.IndexByte(d.src[d.pos:], '\n')
			if end < 0 || !strings.ContainsRune("to@a", rune(d.src[d.pos])) || d.src[d.pos+1] != '\t' {
				return "", s, errors.New("bad loop line")
			}
			d.pos += end + 1
			d.line++
		}
		s.loop = d.src[start:d.pos]
	}
	return key, s, nil
}

func (d *summaryDecoder) move() (Move, error) {
	var m Move
	f, err := d.next("m")
	if err != nil {
		return m, err
	}
	if len(f) != 13 {
		return m, errors.New("bad move line")
	}
	switch Type(f[0]) {
	case TypeSubmit:
		m.Type = TypeSubmit
	case TypeRequestReview:
		m.Type = TypeRequestReview
	case TypeApprove:
		m.Type = TypeApprove
	case TypeRequestChanges:
		m.Type = TypeRequestChanges
	case TypePublish:
		m.Type = TypePublish
	default:
		return m, fmt.Errorf("unknown move type %q", f[0])
	}
	clock, ok1 := canonicalInt(f[2])
	sec, ok4 := canonicalInt(f[3])
	nsec, ok2 := canonicalInt(f[4])
	off, ok3 := canonicalInt(f[5])
	if !ok1 || !ok2 || !ok3 || !ok4 || clock < 0 || nsec < 0 || nsec >= 1e9 || off < -86400 || off > 86400 {
		return m, errors.New("bad move numbers")
	}
	m.Clock = clock
	loc, ok := d.zone(off)
	if !ok {
		return m, errors.New("too many time zones for the cache's size")
	}
	m.Time = time.Unix(int64(sec), int64(nsec)).In(loc)
	ok = true
	for i, p := range [...]*string{&m.Event, &m.Name, &m.Email, &m.Blob, &m.Reviewer, &m.Due, &m.Note} {
		src := f[1]
		if i > 0 {
			src = f[5+i]
		}
		var good bool
		*p, good = content.UnescapeCacheField(src)
		ok = ok && good
	}
	switch f[12] {
	case "0":
	case "1":
		m.Signed = true
	default:
		ok = false
	}
	if !ok {
		return m, errors.New("bad move field")
	}
	return m, nil
}

func (d *summaryDecoder) zone(off int) (*time.Location, bool) {
	if off == 0 {
		return time.UTC, true
	}
	loc := d.zones[off]
	if loc == nil {
		if !d.spend(zoneCost) {
			return nil, false
		}
		loc = time.FixedZone("", off)
		d.zones[off] = loc
	}
	return loc, true
}

// canonicalInt parses a decimal int written the way strconv writes it
// (no sign but -, no leading zeros, no -0), so that every encoding has
// one spelling. It allocates nothing: the decoder calls it four times a
// move.
func canonicalInt(s string) (int, bool) {
	neg := strings.HasPrefix(s, "-")
	digits := s
	if neg {
		digits = s[1:]
	}
	if digits == "" || len(digits) > 18 || (digits[0] == '0' && (len(digits) > 1 || neg)) {
		return 0, false
	}
	n := 0
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}
