package cmd

import (
	"encoding/json"
	"io"

	"github.com/spf13/cobra"
)

// jsonFormatVersion is the "version" field of every --json document. Field
// names are stable; documents are only ever extended.
const jsonFormatVersion = 1

func addJSONFlag(c *cobra.Command, v *bool) {
	c.Flags().BoolVar(v, "json", false, "print machine-readable JSON on stdout")
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
