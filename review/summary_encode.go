package review

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/cc-content/cc/content"
)

// EncodeSummaries writes summaries, keyed by whatever the caller keys its
// cache on, in a compact line format meant for a rebuildable cache: a
// version line; per summary one "s" line (key, draft, counts), one "m"
// line per move, an "o" line of open threads, a "p" line of problems and
// the lines of the encoded Loop (t, o, @ and a; see encodeLoop); and an
// "end" line with
// the number of summaries, moves and open threads and a CRC-32C of
// everything before it. Fields are separated
// by tabs, and \, tab and newline inside them are escaped. Keys are
// written in order, so equal maps encode to equal bytes.
func EncodeSummaries(m map[string]Summary) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b bytes.Buffer
	b.Grow(64 + len(m)*256)
	enc := NewSummaryEncoder(&b)
	for _, k := range keys {
		_ = enc.Add(k, m[k]) // in order, and a bytes.Buffer takes every write
	}
	_ = enc.Close()
	return b.Bytes()
}

// SummaryEncoder writes what EncodeSummaries writes one summary at a
// time, for a caller with more summaries than it wants to hold: the same
// summaries added in key order make the same bytes.
type SummaryEncoder struct {
	w                     io.Writer
	buf                   []byte // what is not yet written
	crc                   uint32
	count, moves, threads int
	last                  string
	err                   error
}

// summaryEncoderFlush is how much a SummaryEncoder gathers before it
// writes.
const summaryEncoderFlush = 64 << 10

// NewSummaryEncoder starts an encoding on w.
func NewSummaryEncoder(w io.Writer) *SummaryEncoder {
	return &SummaryEncoder{w: w, buf: append(make([]byte, 0, summaryEncoderFlush+4096), summariesHeader...)}
}

// Add writes the summary s under key, which must come after every key
// added before it.
func (e *SummaryEncoder) Add(key string, s Summary) error {
	if e.err != nil {
		return e.err
	}
	if e.count > 0 && key <= e.last {
		e.err = fmt.Errorf("summary key %q comes after %q, out of order", key, e.last)
		return e.err
	}
	e.last = key
	e.count++
	e.moves += len(s.Moves)
	e.threads += len(s.OpenThreads)
	e.buf = appendSummary(e.buf, key, s)
	if len(e.buf) >= summaryEncoderFlush {
		e.flush()
	}
	return e.err
}

// Close writes the end line. It does not close w.
func (e *SummaryEncoder) Close() error {
	if e.err != nil {
		return e.err
	}
	e.crc = crc32.Update(e.crc, castagnoli(), e.buf)
	b := append(e.buf, "end\t"...)
	for _, n := range [...]int{e.count, e.moves, e.threads} {
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, '\t')
	}
	b = fmt.Appendf(b, "%08x\n", e.crc)
	_, e.err = e.w.Write(b)
	e.buf = nil
	if e.err == nil {
		e.err = errors.New("summary encoding closed")
		return nil
	}
	return e.err
}

func (e *SummaryEncoder) flush() {
	e.crc = crc32.Update(e.crc, castagnoli(), e.buf)
	_, e.err = e.w.Write(e.buf)
	e.buf = e.buf[:0]
}

// appendSummary appends the lines of summary s under key to b.
func appendSummary(b []byte, k string, s Summary) []byte {
	b = append(b, 's', '\t')
	b = content.AppendCacheField(b, k)
	b = append(b, '\t')
	b = content.AppendCacheField(b, s.Draft)
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(len(s.Moves)), 10)
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(len(s.OpenThreads)), 10)
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(len(s.Problems)), 10)
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(strings.Count(s.loop, "\n")), 10)
	b = append(b, '\n')
	for _, mv := range s.Moves {
		_, off := mv.Time.Zone()
		b = append(b, 'm', '\t')
		b = content.AppendCacheField(b, string(mv.Type))
		b = append(b, '\t')
		b = content.AppendCacheField(b, mv.Event)
		b = append(b, '\t')
		b = strconv.AppendInt(b, int64(mv.Clock), 10)
		b = append(b, '\t')
		b = strconv.AppendInt(b, mv.Time.Unix(), 10)
		b = append(b, '\t')
		b = strconv.AppendInt(b, int64(mv.Time.Nanosecond()), 10)
		b = append(b, '\t')
		b = strconv.AppendInt(b, int64(off), 10)
		for _, f := range [...]string{mv.Name, mv.Email, mv.Blob, mv.Reviewer, mv.Due, mv.Note} {
			b = append(b, '\t')
			b = content.AppendCacheField(b, f)
		}
		if mv.Signed {
			b = append(b, "\t1\n"...)
		} else {
			b = append(b, "\t0\n"...)
		}
	}
	b = appendListLine(b, 'o', s.OpenThreads)
	b = appendListLine(b, 'p', s.Problems)
	return append(b, s.loop...) // lines already, tagged t, o, @ and a
}

// appendListLine appends a line of tag and the fields of list, tab-separated,
// or nothing when list is empty.
func appendListLine(b []byte, tag byte, list []string) []byte {
	if len(list) == 0 {
		return b
	}
	b = append(b, tag)
	for _, f := range list {
		b = append(b, '\t')
		b = content.AppendCacheField(b, f)
	}
	return append(b, '\n')
}
