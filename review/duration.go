package review

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads the durations people write for due dates: "3d",
// "2w", "36h", "90m". A plain number is days.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("empty duration")
	}
	unit := 24 * time.Hour
	num := s
	switch s[len(s)-1] {
	case 'm':
		unit, num = time.Minute, s[:len(s)-1]
	case 'h':
		unit, num = time.Hour, s[:len(s)-1]
	case 'd':
		num = s[:len(s)-1]
	case 'w':
		unit, num = 7*24*time.Hour, s[:len(s)-1]
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 || n > 10*366*24*60 || time.Duration(n)*unit > 10*366*24*time.Hour {
		return 0, fmt.Errorf("invalid duration %q: write a number of days, weeks, hours or minutes, like 3d, 2w, 36h or 90m", s)
	}
	return time.Duration(n) * unit, nil
}
