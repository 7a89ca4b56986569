package review

import (
	"bytes"
	"crypto/rand"
	"slices"
	"testing"
	"time"
)

func TestNewEventID(t *testing.T) {
	zero := NewEventID(time.UnixMilli(0), bytes.NewReader(make([]byte, 10)))
	if zero != "00000000000000000000000000" {
		t.Errorf("zero id = %s", zero)
	}
	top := NewEventID(time.UnixMilli(1<<48-1), bytes.NewReader(bytes.Repeat([]byte{0xff}, 10)))
	if top != "7ZZZZZZZZZZZZZZZZZZZZZZZZZ" {
		t.Errorf("largest id = %s", top)
	}
	// The time part: 1 ms is the last digit of the first ten.
	if got := NewEventID(time.UnixMilli(1), bytes.NewReader(make([]byte, 10))); got[:10] != "0000000001" {
		t.Errorf("1 ms = %s", got)
	}
	var ids []string
	base := time.Date(2026, 11, 25, 10, 4, 5, 0, time.UTC)
	for i := range 100 {
		id := NewEventID(base.Add(time.Duration(i)*time.Millisecond), rand.Reader)
		if !validEventID(id) {
			t.Fatalf("%s is not valid", id)
		}
		ids = append(ids, id)
	}
	if !slices.IsSorted(ids) {
		t.Error("ids made later do not sort later")
	}
	for _, bad := range []string{"", "01JDXY8Q2W3E4R5T6Y7U8V9W0", "01jdxy8q2w3e4r5t6y7u8v9w0x", "81JDXY8Q2W3E4R5T6Y7U8V9W0X"} {
		if validEventID(bad) {
			t.Errorf("%q counts as valid", bad)
		}
	}
}

func TestNewEventIDShortRandomPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic on a short read")
		}
	}()
	NewEventID(time.Now(), bytes.NewReader(make([]byte, 3)))
}
