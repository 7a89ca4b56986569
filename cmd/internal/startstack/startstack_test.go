package startstack_test

import (
	"go/build"
	"os"
	"os/exec"
	"strings"
	"testing"

	_ "github.com/cc-content/cc/cmd/internal/startstack"
	_ "github.com/yuin/goldmark/extension" // the initialiser that needs the deep stack
)

// The stack must be grown before goldmark's initialisers run, which holds
// while the package imports nothing (see doc.go). GODEBUG=inittrace=1 makes
// the runtime print each initialiser as it runs; this test binary links
// both packages. (An external test package: the package's own tests would
// make it import goldmark.)
func TestInitialisedBeforeGoldmark(t *testing.T) {
	p, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Imports) != 0 {
		t.Errorf("startstack imports %v; it must import nothing to be initialised first", p.Imports)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	order := map[string]int{}
	for i, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "init" {
			order[f[1]] = i + 1
		}
	}
	self, goldmark := order["github.com/cc-content/cc/cmd/internal/startstack"], order["github.com/yuin/goldmark/extension"]
	if self == 0 || goldmark == 0 || self > goldmark {
		t.Errorf("startstack initialised at line %d, goldmark/extension at line %d of:\n%s", self, goldmark, out)
	}
}
