package repo

import (
	"strings"
	"time"

	"github.com/cc-content/cc/review"
)

// ParseDue reads --due: a duration from now ("2d", "1w", "36h") or a date
// (2026-12-01) or time (RFC 3339). It returns the event's due field: a
// date stays a date, a duration becomes an RFC 3339 time.
func ParseDue(value string, now time.Time) (string, error) {
	value = strings.TrimSpace(value)
	if _, err := time.Parse(time.DateOnly, value); err == nil {
		return value, nil
	}
	if t, err := time.Parse(time.RFC3339, value); err == nil {
		return t.UTC().Format(time.RFC3339), nil
	}
	d, err := review.ParseDuration(value)
	if err != nil {
		return "", usagef("--due %q: write a duration (2d, 1w, 36h) or a date (2026-12-01)", value)
	}
	return now.Add(d).UTC().Truncate(time.Minute).Format(time.RFC3339), nil
}
