package cmd

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

func newManCmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "man <dir>",
		Short: "Write cc's man pages into a folder",
		Long: `Write a man page for every cc command into <dir> (release archives ship
them). The pages are named git-cc.1, git-cc-draft-new.1, ...: 'git cc --help'
opens them, and they never clash with the C compiler's cc.1.`,
		Hidden: true,
		Args:   exactArgs("<dir>"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return err
			}
			root := c.Root()
			root.DisableAutoGenTag = true // reproducible pages: no generation date
			root.Annotations = map[string]string{cobra.CommandDisplayNameAnnotation: "git cc"}
			header := &doc.GenManHeader{Section: "1", Source: "cc " + f.Version}
			if err := doc.GenManTree(root, header, args[0]); err != nil {
				return fmt.Errorf("man pages: %w", err)
			}
			fmt.Fprintf(f.IO.ErrOut, "Wrote man pages to %s\n", args[0])
			return nil
		},
	}
}
