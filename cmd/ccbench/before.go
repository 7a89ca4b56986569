package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// The sides of a pair, in the order of a round.
const (
	sideCC = iota
	sideGit
	sideBefore
)

// sideOrder is the order of round i: rotated every round, so that no side
// always runs first (on the coldest cache) or last.
func sideOrder(i int, before bool) []int {
	sides := []int{sideCC, sideGit}
	if before {
		sides = append(sides, sideBefore)
	}
	k := i % len(sides)
	return append(sides[k:], sides[:k]...)
}

// findBefore checks the -before binary.
func (r *runner) findBefore() error {
	if r.opts.before == "" || r.cc == "" {
		return nil
	}
	p, err := filepath.Abs(r.opts.before)
	if err == nil {
		_, err = os.Stat(p)
	}
	if err != nil {
		return fmt.Errorf("-before %s: %w", r.opts.before, err)
	}
	r.before = p
	return nil
}

// withBefore runs f with the -before binary as the cc the pairs run.
func (r *runner) withBefore(f func() bool) bool {
	cc := r.cc
	r.cc = r.before
	defer func() { r.cc = cc }()
	return f()
}
