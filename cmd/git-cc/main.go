// Command git-cc is cc under the name git gives its subcommands: with
// git-cc on PATH, "git cc draft new ..." runs it. It never clashes with the
// C compiler, which is called cc on most systems.
package main

import (
	"os"

	"github.com/cc-content/cc/cmd"
)

// version is set at release time with -ldflags "-X main.version=...".
var version string

func main() {
	os.Exit(cmd.Main(version, os.Args[1:]))
}
