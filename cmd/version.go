package cmd

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// versionString is the injected version or, for `go install` and `go run`
// builds, what the Go toolchain recorded.
func versionString(injected string) string {
	if injected != "" {
		return injected
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	v := info.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += "+" + s.Value[:12]
		}
	}
	return v
}

type versionOutput struct {
	Version   int    `json:"version"`
	CC        string `json:"cc"`
	GoVersion string `json:"goVersion"`
	Platform  string `json:"platform"`
}

func newVersionCmd(f *Factory) *cobra.Command {
	var jsonOut bool
	c := &cobra.Command{
		Use:   "version",
		Short: "Print cc's version",
		Args:  exactArgs(),
		RunE: func(c *cobra.Command, args []string) error {
			out := versionOutput{Version: jsonFormatVersion, CC: f.Version, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
			if jsonOut {
				return writeJSON(f.IO.Out, out)
			}
			_, err := fmt.Fprintf(f.IO.Out, "cc %s (%s, %s)\n", out.CC, out.GoVersion, out.Platform)
			return err
		},
	}
	addJSONFlag(c, &jsonOut)
	return c
}
