package repo

import (
	"time"

	"github.com/cc-content/cc/review"
)

// ParseDue reads --due (see review.ParseDue) and returns the event's due
// field; a value it cannot read is a usage error naming the flag.
func ParseDue(value string, now time.Time) (string, error) {
	due, err := review.ParseDue(value, now)
	if err != nil {
		return "", usagef("--due: %v", err)
	}
	return due, nil
}
