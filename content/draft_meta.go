package content

import (
	"fmt"
	"math"
	"time"
)

// jsonReadyValue copies a decoded front matter value into types that
// encoding/json writes without error and in the form a reader expects.
func jsonReadyValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = jsonReadyValue(e)
		}
		return m
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[fmt.Sprint(k)] = jsonReadyValue(e)
		}
		return m
	case []any:
		s := make([]any, len(v))
		for i, e := range v {
			s[i] = jsonReadyValue(e)
		}
		return s
	case []map[string]any:
		s := make([]any, len(v))
		for i, e := range v {
			s[i] = jsonReadyValue(e)
		}
		return s
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Sprint(v)
		}
		return v
	case time.Time:
		return formatMetaTime(v)
	}
	return v
}

// formatMetaTime writes a front matter date or time the way it is usually
// written: a bare date stays a date (YAML "2026-11-25" decodes to midnight
// UTC; TOML local dates and times carry their own zone names).
func formatMetaTime(t time.Time) string {
	switch t.Location().String() {
	case "date-local":
		return t.Format(time.DateOnly)
	case "time-local":
		return t.Format("15:04:05.999999999")
	case "datetime-local":
		return t.Format("2006-01-02T15:04:05.999999999")
	}
	if t.Location() == time.UTC && t.Equal(t.Truncate(24*time.Hour)) {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}
