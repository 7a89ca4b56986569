// Command cc writes and reviews content asynchronously on top of Git.
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
