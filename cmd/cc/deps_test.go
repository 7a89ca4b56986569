package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// slowInit are packages whose initialisers cost every command a
// noticeable share of its run: goldmark's extension package compiles its
// linkify regular expressions at start-up (about 1 ms); content parses
// GitHub's extensions itself instead.
var slowInit = []string{"github.com/yuin/goldmark/extension"}

// TestNoSlowInitDeps fails when cc or git-cc links a package of slowInit.
func TestNoSlowInitDeps(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal("the test needs go on PATH")
	}
	for _, pkg := range []string{".", "../git-cc"} {
		out, err := exec.Command(goBin, "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		deps := strings.Fields(string(out))
		if !slices.Contains(deps, "github.com/yuin/goldmark") {
			t.Fatalf("go list -deps %s does not list goldmark, which cc renders with: %q", pkg, deps)
		}
		for _, slow := range slowInit {
			if slices.Contains(deps, slow) {
				t.Errorf("%s links %s again; its initialisers slow down every command", pkg, slow)
			}
		}
	}
}
