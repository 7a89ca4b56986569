package review

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// countingWriter counts the writes it takes, and fails from the one
// numbered failAt (1-based; 0 never fails).
type countingWriter struct {
	bytes.Buffer
	writes, failAt int
}

var errWrite = errors.New("disk full")

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	if w.writes == w.failAt {
		return 0, errWrite
	}
	return w.Buffer.Write(p)
}

// An encoding written a summary at a time, over many writes, reads back
// as the summaries it was given: its checksum spans every write.
func TestSummaryEncoderStreams(t *testing.T) {
	want := map[string]Summary{}
	for i, s := 0, sampleSummaries(); len(want) < 3000; i++ {
		for k, v := range s {
			want[fmt.Sprintf("%06d-%s", i, k)] = v
		}
	}
	var w countingWriter
	enc := NewSummaryEncoder(&w)
	keys := sortedKeys(want)
	for _, k := range keys {
		if err := enc.Add(k, want[k]); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	if w.writes < 3 {
		t.Fatalf("%d writes for %d bytes; want the encoding written as it grows", w.writes, w.Len())
	}
	got, err := DecodeSummaries(w.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	sameSummaries(t, got, want)
	if !bytes.Equal(w.Bytes(), EncodeSummaries(want)) {
		t.Fatal("the streamed encoding differs from EncodeSummaries'")
	}
	if err := enc.Add("zzz", Summary{}); err == nil {
		t.Fatal("Add after Close succeeded")
	}
}

func TestSummaryEncoderRefuses(t *testing.T) {
	enc := NewSummaryEncoder(&countingWriter{})
	if err := enc.Add("b", Summary{}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"b", "a"} {
		if err := enc.Add(k, Summary{}); err == nil || !strings.Contains(err.Error(), "out of order") {
			t.Errorf("Add(%q) after \"b\": err = %v", k, err)
		}
	}
	w := &countingWriter{failAt: 1}
	enc = NewSummaryEncoder(w)
	if err := enc.Add("a", Summary{}); err != nil {
		t.Fatal(err) // not written yet
	}
	if err := enc.Close(); !errors.Is(err, errWrite) {
		t.Fatalf("Close on a failing writer: err = %v", err)
	}
}

func sortedKeys(m map[string]Summary) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
