package cmd

import (
	"bytes"
	"testing"
)

// TestTopCommandNames: the table a command line is matched against names
// each command as the command itself does, so no command is built alone
// under a name that is not its own.
func TestTopCommandNames(t *testing.T) {
	f := newFactory("test", &IOStreams{In: new(bytes.Buffer), Out: new(bytes.Buffer), ErrOut: new(bytes.Buffer)})
	seen := map[string]bool{}
	for _, c := range topCommands {
		made := c.make(f)
		if made.Name() != c.name || len(made.Aliases) > 0 {
			t.Errorf("table entry %q builds %q (aliases %v)", c.name, made.Name(), made.Aliases)
		}
		seen[c.name] = true
	}
	root := newRootCmd(f, nil)
	for _, c := range root.Commands() {
		if !seen[c.Name()] && c.Name() != "help" {
			t.Errorf("%s is in the tree but not in topCommands", c.Name())
		}
	}
	if one := newRootCmd(f, []string{"draft", "new"}); len(one.Commands()) != 1 {
		t.Errorf("cc draft new built %d top-level commands", len(one.Commands()))
	}
	for _, args := range [][]string{{"man"}, {"completion", "bash"}, {"help", "draft"}, {"--version"}, {"drfat"}, {}} {
		if all := newRootCmd(f, args); len(all.Commands()) != len(topCommands) {
			t.Errorf("%q built %d top-level commands, want all %d", args, len(all.Commands()), len(topCommands))
		}
	}
}
