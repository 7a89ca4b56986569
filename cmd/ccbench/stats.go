package main

import (
	"slices"
	"time"
)

// median of durations; the mean of the middle two for an even count.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// ratioStats pairs the i-th cc run with the i-th git run (they ran next to
// each other) and returns the median, minimum and maximum of cc/git.
func ratioStats(cc, git []time.Duration) (med, lo, hi float64) {
	n := min(len(cc), len(git))
	if n == 0 {
		return 0, 0, 0
	}
	rs := make([]float64, 0, n)
	for i := range n {
		if git[i] > 0 {
			rs = append(rs, float64(cc[i])/float64(git[i]))
		}
	}
	if len(rs) == 0 {
		return 0, 0, 0
	}
	slices.Sort(rs)
	med = rs[len(rs)/2]
	if len(rs)%2 == 0 {
		med = (rs[len(rs)/2-1] + rs[len(rs)/2]) / 2
	}
	return med, rs[0], rs[len(rs)-1]
}

// peakRSS is the largest of the samples' peak RSS, in KiB.
func peakRSS(ss []sample) int64 {
	var m int64
	for _, s := range ss {
		m = max(m, s.rssKiB)
	}
	return m
}

func walls(ss []sample) []time.Duration {
	out := make([]time.Duration, len(ss))
	for i, s := range ss {
		out[i] = s.wall
	}
	return out
}
