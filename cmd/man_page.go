package cmd

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The man pages are written here in roff (man(7)) from the commands
// themselves: a Markdown converter would be linked into every run of cc,
// and its initialisers would run before each command, for a page that
// only the release build writes.

// manHeader is what the .TH line of every page says besides its title.
type manHeader struct {
	section, date, source string
}

// writeManPages writes a page for c and every command under it into dir,
// named after the command's path with dashes (git-cc-draft-new.1).
func writeManPages(c *cobra.Command, h manHeader, dir string) error {
	for _, sub := range manChildren(c) {
		if err := writeManPages(sub, h, dir); err != nil {
			return err
		}
	}
	path := filepath.Join(dir, manName(c)+"."+h.section)
	if err := os.WriteFile(path, []byte(manPage(c, h)), 0o644); err != nil {
		return fmt.Errorf("man page %s: %w", path, err)
	}
	return nil
}

// manChildren are the commands under c that have pages of their own.
func manChildren(c *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() && !sub.IsAdditionalHelpTopicCommand() {
			out = append(out, sub)
		}
	}
	return out
}

func manName(c *cobra.Command) string {
	return strings.ReplaceAll(c.CommandPath(), " ", "-")
}

// manPage is c's page: name, synopsis, description, options (its own and
// those it inherits), example, and the pages of its parent and children.
func manPage(c *cobra.Command, h manHeader) string {
	c.InitDefaultHelpFlag()
	var b strings.Builder
	name := manName(c)
	fmt.Fprintf(&b, ".nh\n.TH \"%s\" \"%s\" \"%s\" \"%s\" \"\"\n", roffText(strings.ToUpper(name)), h.section, h.date, roffText(h.source))
	fmt.Fprintf(&b, ".SH NAME\n%s \\- %s\n", name, roffText(c.Short))
	fmt.Fprintf(&b, ".SH SYNOPSIS\n\\fB%s\\fP\n", roffText(c.UseLine()))
	description := c.Long
	if description == "" {
		description = c.Short
	}
	b.WriteString(".SH DESCRIPTION\n")
	for i, para := range strings.Split(strings.TrimSpace(description), "\n\n") {
		if i > 0 {
			b.WriteString(".PP\n")
		}
		b.WriteString(roffLines(para))
	}
	manFlags(&b, "OPTIONS", c.NonInheritedFlags())
	manFlags(&b, "OPTIONS INHERITED FROM PARENT COMMANDS", c.InheritedFlags())
	if c.Example != "" {
		b.WriteString(".SH EXAMPLE\n.EX\n" + roffLines(c.Example) + ".EE\n")
	}
	var see []string
	if c.HasParent() {
		see = append(see, manName(c.Parent()))
	}
	for _, sub := range manChildren(c) {
		see = append(see, manName(sub))
	}
	if len(see) > 0 {
		b.WriteString(".SH SEE ALSO\n")
		for i, s := range see {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "\\fB%s(%s)\\fP", s, h.section)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// manFlags writes a section of the flags in fs that a user can give: each
// as a tagged paragraph of its names and default, then its usage.
func manFlags(b *strings.Builder, title string, fs *pflag.FlagSet) {
	if !fs.HasAvailableFlags() {
		return
	}
	b.WriteString(".SH " + title + "\n")
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Deprecated != "" || f.Hidden {
			return
		}
		b.WriteString(".TP\n")
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			fmt.Fprintf(b, "\\fB-%s\\fP, ", f.Shorthand)
		}
		value := f.DefValue
		if f.Value.Type() == "string" {
			value = fmt.Sprintf("%q", value)
		}
		if f.NoOptDefVal != "" {
			fmt.Fprintf(b, "\\fB--%s\\fP[=%s]\n", f.Name, roffText(value))
		} else {
			fmt.Fprintf(b, "\\fB--%s\\fP=%s\n", f.Name, roffText(value))
		}
		b.WriteString(roffLines(f.Usage))
	})
}

// roffLines is text as roff lines: escaped, and each line ending in a
// newline; a line that would start with a control character starts with
// a zero-width escape instead.
func roffLines(text string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		line = roffText(line)
		if strings.HasPrefix(line, ".") || strings.HasPrefix(line, "'") {
			b.WriteString(`\&`)
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// roffText escapes s for roff: a backslash is \e, and a `quoted` word
// (how flag usages name their value) is set in bold.
func roffText(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	for {
		i := strings.IndexByte(s, '`')
		if i < 0 {
			return s
		}
		j := strings.IndexByte(s[i+1:], '`')
		if j < 0 {
			return s
		}
		s = s[:i] + `\fB` + s[i+1:i+1+j] + `\fR` + s[i+2+j:]
	}
}
