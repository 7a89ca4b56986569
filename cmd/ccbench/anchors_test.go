package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cc-content/cc/content"
)

// TestAnchorsSample scores the edits in testdata/anchors, real edits of
// this repository's own documentation (see the README there), against the
// targets for following the history: at least 99% of comments correct or
// fuzzy at the right place (or orphaned while most of their words were
// edited away), at most 0.5% at a wrong place, at most 0.5% orphaned while
// their words survive unchanged. The full evaluation on large public
// repositories is `ccbench anchors`, with its results in docs/BENCHMARKS.md.
func TestAnchorsSample(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "anchors", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 20 {
		t.Fatalf("found %d edits in testdata/anchors, want at least 20", len(paths))
	}
	var pairs []evalPair
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		pair, err := evalLoadPair(data)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		pairs = append(pairs, pair)
	}
	tallies := evalScore(pairs, 8, func(p evalPair, quote, outcome string, m content.AnchorMatch, tr evalTruth) {
		t.Logf("%s %s %s: %q -> %s [%d, %d); truth %s", outcome, p.Commit[:12], p.Path, quote, m.State, m.Start, m.End, tr.kind)
	})
	h := tallies["history"]
	if h.Comments < 150 || h.Skipped > 0 {
		t.Fatalf("scored %d comments on %d edits (%d skipped), want at least 150 and none skipped", h.Comments, h.Pairs, h.Skipped)
	}
	ok, wrong, missed := h.share(evalCorrect, evalFuzzyRight, evalOrphanedEdited), h.share(evalWrong), h.share(evalMissed)
	t.Logf("history: %d comments, %.2f%% right, %.2f%% wrong, %.2f%% missed; search: %.2f%% right",
		h.Comments, 100*ok, 100*wrong, 100*missed, 100*tallies["search"].share(evalCorrect, evalFuzzyRight, evalOrphanedEdited))
	if ok < 0.99 || wrong > 0.005 || missed > 0.005 {
		t.Errorf("history: %.2f%% right (want ≥ 99%%), %.2f%% wrong (want ≤ 0.5%%), %.2f%% missed (want ≤ 0.5%%)", 100*ok, 100*wrong, 100*missed)
	}
}
