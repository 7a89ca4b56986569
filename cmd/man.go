package cmd

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"
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
			date, err := manDate(os.Getenv("SOURCE_DATE_EPOCH"), time.Now())
			if err != nil {
				return err
			}
			root := c.Root()
			root.Annotations = map[string]string{cobra.CommandDisplayNameAnnotation: "git cc"}
			if err := writeManPages(root, manHeader{section: "1", date: date, source: "cc " + f.Version}, args[0]); err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "Wrote man pages to %s\n", args[0])
			return nil
		},
	}
}

// manDate is the month the pages give as their date: that of
// SOURCE_DATE_EPOCH (seconds since 1970) when it is set, for reproducible
// builds, else now's.
func manDate(epoch string, now time.Time) (string, error) {
	if epoch != "" {
		sec, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil {
			return "", fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds", epoch)
		}
		now = time.Unix(sec, 0).UTC()
	}
	return now.Format("Jan 2006"), nil
}
