package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAlternate runs two commands in turn through the spawner: each is run
// n times, {n} is unique per run, and a failing command stops it.
func TestAlternate(t *testing.T) {
	dir := t.TempDir()
	// A script that records its argument, so the runs can be counted.
	script := filepath.Join(dir, "rec")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"$1\" >> runs\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := alternateMain([]string{"-n", "3", "-dir", dir, script, script, "--", "run {n}"}, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	runs, err := os.ReadFile(filepath.Join(dir, "runs"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Fields(strings.ReplaceAll(string(runs), "run ", ""))
	seen := map[string]bool{}
	for _, l := range lines {
		seen[l] = true
	}
	if len(lines) != 6 || len(seen) != 6 {
		t.Errorf("runs %q: want 6 distinct", runs)
	}
	if got := out.String(); strings.Count(got, "median") != 2 || !strings.Contains(got, "against the first") {
		t.Errorf("report:\n%s", got)
	}
	if code := alternateMain([]string{"-n", "1", "-dir", dir, "false", "--"}, &out, &errb); code != exitError {
		t.Errorf("a failing command: exit %d", code)
	}
	if code := alternateMain([]string{"-n", "1", "--", "x"}, &out, &errb); code != exitUsage {
		t.Errorf("no binary: exit %d", code)
	}
}
