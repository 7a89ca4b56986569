package cmd

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

func newManCmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "man <dir>",
		Short:  "Write cc's man pages into a folder",
		Long:   "Write a man page for every cc command into <dir> (release archives ship them).",
		Hidden: true,
		Args:   exactArgs("<dir>"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return err
			}
			root := c.Root()
			root.DisableAutoGenTag = true // reproducible pages: no generation date
			header := &doc.GenManHeader{Title: "CC", Section: "1", Source: "cc " + f.Version}
			if err := doc.GenManTree(root, header, args[0]); err != nil {
				return fmt.Errorf("man pages: %w", err)
			}
			fmt.Fprintf(f.IO.ErrOut, "Wrote man pages to %s\n", args[0])
			return nil
		},
	}
}
