package cmd

import (
	"fmt"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// checkTextInput refuses a command line whose flag values or arguments are
// not valid UTF-8. Everything cc records (front matter, event files,
// commit messages) is UTF-8 text, and an encoder either refuses such bytes
// or replaces them; either way what was typed would not be what is kept.
// It runs once, from the root, before any command, so no command has to
// remember to check its own flags.
func checkTextInput(c *cobra.Command, args []string) error {
	var bad error
	c.Flags().Visit(func(fl *pflag.Flag) {
		if bad != nil {
			return
		}
		values := []string{fl.Value.String()}
		if sv, ok := fl.Value.(pflag.SliceValue); ok {
			values = sv.GetSlice()
		}
		for _, v := range values {
			if err := checkUTF8(flagName(fl), v); err != nil {
				bad = err
				return
			}
		}
	})
	if bad != nil {
		return bad
	}
	for i, a := range args {
		if err := checkUTF8(fmt.Sprintf("argument %d", i+1), a); err != nil {
			return err
		}
	}
	return nil
}

// flagName is how a person typed the flag: "-m/--message" or "--title".
func flagName(fl *pflag.Flag) string {
	if fl.Shorthand != "" {
		return "-" + fl.Shorthand + "/--" + fl.Name
	}
	return "--" + fl.Name
}

// checkUTF8 is a usage error naming what when text is not valid UTF-8.
func checkUTF8(what, text string) error {
	if i := invalidUTF8(text); i >= 0 {
		return usageErrorf("%s is not valid UTF-8 (byte %d is %#x); cc keeps text as UTF-8 and would not record it as typed", what, i+1, text[i])
	}
	return nil
}

// invalidUTF8 is the offset of the first byte of text that is not part of
// a valid UTF-8 sequence, or -1.
func invalidUTF8(text string) int {
	for i, r := range text {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(text[i:]); size == 1 {
				return i
			}
		}
	}
	return -1
}
