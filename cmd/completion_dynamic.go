package cmd

import (
	"strings"

	"github.com/spf13/cobra"
)

// addDynamicCompletion makes every command's draft and thread arguments
// complete from the repository: a command whose usage line starts with
// <draft> completes drafts, one with <thread> or <suggestion> completes
// open threads, and so does --reply-to. Commands that set their own
// completion keep it.
func addDynamicCompletion(f *Factory, c *cobra.Command) {
	for _, sub := range c.Commands() {
		addDynamicCompletion(f, sub)
	}
	if c.ValidArgsFunction == nil && c.ValidArgs == nil {
		words := strings.Fields(c.Use)
		if len(words) > 1 {
			arg := strings.Trim(words[1], "[]")
			many := strings.HasSuffix(arg, "...")
			switch strings.TrimSuffix(arg, "...") {
			case "<draft>":
				c.ValidArgsFunction = firstArg(many, f.completeDrafts)
			case "<thread>", "<suggestion>":
				c.ValidArgsFunction = firstArg(many, f.completeThreads)
			}
		}
	}
	if c.Flags().Lookup("reply-to") != nil {
		_ = c.RegisterFlagCompletionFunc("reply-to", func(_ *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return f.completeThreads(prefix)
		})
	}
}

// firstArg completes the command's first argument (every argument when
// many) with complete, and nothing else.
func firstArg(many bool, complete func(prefix string) ([]cobra.Completion, cobra.ShellCompDirective)) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 && !many {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return complete(prefix)
	}
}

// completeDrafts offers the drafts that prefix can name: by slug (with the
// title as description), or by id or path once the prefix matches one.
func (f *Factory) completeDrafts(prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	v, err := f.View()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	drafts, err := v.Drafts()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var out []cobra.Completion
	for _, e := range drafts {
		switch {
		case strings.HasPrefix(e.Slug(), prefix):
			out = append(out, cobra.CompletionWithDesc(e.Slug(), e.Title))
		case prefix != "" && e.ID != "" && strings.HasPrefix(e.ID, prefix):
			out = append(out, cobra.CompletionWithDesc(e.ID, e.Title))
		case prefix != "" && strings.HasPrefix(e.Path, prefix):
			out = append(out, cobra.CompletionWithDesc(e.Path, e.Title))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeThreads offers the open threads whose id starts with prefix,
// each described by its draft.
func (f *Factory) completeThreads(prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	v, err := f.View()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	threads, err := v.OpenThreads()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var out []cobra.Completion
	for _, t := range threads {
		if strings.HasPrefix(t.ID, prefix) {
			out = append(out, cobra.CompletionWithDesc(t.ID, "open thread on "+t.Draft))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
