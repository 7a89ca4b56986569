package review

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// durationUnits are the units ParseDuration reads, longest suffix first so
// that "min" is not taken for a number ending in "n".
var durationUnits = []struct {
	suffix string
	unit   time.Duration
}{
	{"min", time.Minute},
	{"h", time.Hour},
	{"d", 24 * time.Hour},
	{"w", 7 * 24 * time.Hour},
}

// maxDuration is the longest due time cc accepts: ten years.
const maxDuration = 10 * 366 * 24 * time.Hour

// ParseDuration reads the durations people write for due dates: "3d",
// "2w", "36h", "90min". A plain number is days. "m" is refused rather
// than read as minutes or months: "1m" meant a month to more people than
// it meant a minute.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("empty duration")
	}
	unit, num := 24*time.Hour, s
	for _, u := range durationUnits {
		if strings.HasSuffix(s, u.suffix) {
			unit, num = u.unit, strings.TrimSuffix(s, u.suffix)
			break
		}
	}
	n, err := strconv.Atoi(num)
	// Compared before multiplying: 200000d overflows a time.Duration.
	if err != nil || n < 0 || n > int(maxDuration/unit) {
		hint := ""
		if strings.HasSuffix(s, "m") {
			hint = " (minutes are written min)"
		}
		return 0, fmt.Errorf("invalid duration %q%s: write a number of weeks, days, hours or minutes, like 2w, 3d, 36h or 90min", s, hint)
	}
	return time.Duration(n) * unit, nil
}

// dueLayouts are the date-times ParseDue reads besides RFC 3339: without
// an offset they are UTC, as every time cc writes is.
var dueLayouts = []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02 15:04:05"}

// ParseDue reads a due time as people give it: a duration from now
// ("2d", "1w", "36h", "90min"), a date (2026-12-01: by the end of that
// day, UTC), or a date-time (RFC 3339, or "2026-12-01 15:00" in UTC). It
// returns the event's due field, which an event file accepts: a date stays
// a date, anything else becomes an RFC 3339 time in UTC.
func ParseDue(value string, now time.Time) (string, error) {
	value = strings.TrimSpace(value)
	if _, err := time.Parse(time.DateOnly, value); err == nil {
		return value, nil
	}
	if t, err := time.Parse(time.RFC3339, value); err == nil {
		return t.UTC().Format(time.RFC3339), nil
	}
	for _, layout := range dueLayouts {
		if t, err := time.Parse(layout, value); err == nil {
			return t.UTC().Format(time.RFC3339), nil
		}
	}
	d, err := ParseDuration(value)
	if err != nil {
		hint := ""
		if strings.HasSuffix(value, "m") {
			hint = "; minutes are written min"
		}
		return "", fmt.Errorf("%q is not a duration (2d, 1w, 36h, 90min), a date (2026-12-01) or a date-time (2026-12-01 15:00, UTC)%s", value, hint)
	}
	return now.Add(d).UTC().Truncate(time.Minute).Format(time.RFC3339), nil
}

// DueTime is the moment a due field written by ParseDue (or by hand, in
// an event file) falls due: a date means the end of that day, UTC. It is
// zero for "" and for anything that is neither a date nor RFC 3339.
func DueTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.AddDate(0, 0, 1)
	}
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// ParseSince reads a point in the past as people give it: a duration back
// from now ("1w", "3d"), a date (from the start of that day, UTC) or a
// date-time as ParseDue reads it.
func ParseSince(value string, now time.Time) (time.Time, error) {
	value = strings.TrimSpace(value)
	if t, err := time.Parse(time.DateOnly, value); err == nil {
		return t, nil
	}
	if d, err := ParseDuration(value); err == nil {
		return now.Add(-d), nil
	}
	due, err := ParseDue(value, now)
	if err != nil {
		return time.Time{}, err
	}
	return DueTime(due), nil
}
