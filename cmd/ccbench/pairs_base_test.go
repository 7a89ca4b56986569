package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// check-base runs on a clone one commit ahead of its base, and counts as
// built only when `cc check --help` lists --base.
func TestCheckBasePair(t *testing.T) {
	dir, m := smallCorpus(t)
	fakeCC := func(help string) string {
		fake := filepath.Join(t.TempDir(), "cc")
		script := `#!/bin/sh
case "$*" in
"check --help") printf '` + help + `'; exit 0 ;;
"check --base origin/main")
	test "$(git rev-list --count origin/main..HEAD)" = 1 || exit 1
	git diff --name-only origin/main HEAD | grep -qx '` + m.Typical.Path + `' || exit 1
	exit 3 ;;
esac
exit 1
`
		if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		return fake
	}
	withBase := fakeCC(`Usage:\n  cc check [--base REF] [flags]\n\nFlags:\n      --base REF   judge by the policy at REF\n`)
	rep, cleanup, err := runBench(runOptions{corpus: dir, pairs: []string{"check-base"}, n: 2, warmup: 0, cc: withBase}, io.Discard)
	defer cleanup()
	if err != nil {
		t.Fatal(err)
	}
	if p := rep.Pairs[0]; p.Status != "measured" || p.CCMedianMS <= 0 || p.GitMedianMS <= 0 ||
		p.CCCommand != "cc check --base origin/main" || p.GitCommand != "git grep -c . HEAD -- .cc/reviews" {
		t.Errorf("check-base: %+v", p)
	}

	without := fakeCC(`Usage:\n  cc check [flags]\n\nFlags:\n      --json   print JSON\n`)
	rep, cleanup2, err := runBench(runOptions{corpus: dir, pairs: []string{"check-base"}, n: 1, cc: without}, io.Discard)
	defer cleanup2()
	if err != nil {
		t.Fatal(err)
	}
	if p := rep.Pairs[0]; p.Status != "not built" || !strings.Contains(p.CCError, "has no --base") || p.GitMedianMS <= 0 {
		t.Errorf("check-base without --base: %+v", p)
	}
}
