package cmd

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"

	"github.com/spf13/cobra"
)

// Main runs cc with args (without the program name) on the process's
// streams and returns the exit code. version is injected at build time.
func Main(version string, args []string) int {
	memProfile := os.Getenv("CC_MEMPROFILE")
	if memProfile == "" {
		// Nobody asked for a heap profile: sampling allocations for one
		// walks the stack every half megabyte allocated, a fifth of a
		// millisecond of a short command.
		runtime.MemProfileRate = 0
	}
	capProcs()
	tuneGC()
	streams := SystemStreams()
	if file := os.Getenv("CC_CPUPROFILE"); file != "" {
		// For measuring cc itself: go tool pprof cc FILE.
		if f, err := os.Create(file); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				defer pprof.StopCPUProfile()
			}
		}
	}
	if memProfile != "" {
		defer startMemProfile(memProfile)()
	}
	return run(newFactory(versionString(version), streams), args)
}

// capProcs runs cc's Go code on at most maxProcs threads, unless
// GOMAXPROCS in the environment says how many. The passes that use every
// core (a full audit reading every event file) hold a buffer for each,
// and the collector lets the heap grow further past its limit while it
// marks as more of them allocate: a cold check of 1,000,000 event files
// peaked at 185-188 MiB with 2 to 16 Ps and at 203-212 MiB with 32, over
// its 200 MiB budget. Eight cores read a pack faster than git grep reads
// it on one.
func capProcs() {
	if os.Getenv("GOMAXPROCS") == "" && runtime.GOMAXPROCS(0) > maxProcs {
		runtime.GOMAXPROCS(maxProcs)
	}
}

// maxProcs is how many threads capProcs lets cc's Go code run on.
const maxProcs = 8

// tuneGC sets the collector for a short-lived command: no collection
// until the heap reaches gcMemoryLimit. A commit on a large repository
// reads and writes a ~10 MB index; collecting that garbage mid-command
// costs more than the memory it frees before the process exits. GOGC or
// GOMEMLIMIT in the environment take precedence.
func tuneGC() {
	if gcSetByEnv() {
		return
	}
	debug.SetMemoryLimit(gcMemoryLimit)
	debug.SetGCPercent(-1)
}

func gcSetByEnv() bool { return os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" }

// gcMemoryLimit is the heap size at which the collector starts working.
const gcMemoryLimit = 96 << 20

// tuneGCForSync starts the collector at syncMemoryLimit instead: a sync
// that fetches and merges many commits makes far more garbage than it
// keeps (a pack indexed, a thousand trees compared, a push pack made), and
// collecting earlier keeps its peak in bounds for a tenth more time. GOGC
// or GOMEMLIMIT in the environment take precedence.
func tuneGCForSync() {
	if gcSetByEnv() {
		return
	}
	debug.SetMemoryLimit(syncMemoryLimit)
}

// syncMemoryLimit is the heap at which a sync starts collecting.
const syncMemoryLimit = 64 << 20

// tuneGCForServer undoes tuneGC for a process that lives for hours: a
// server keeps tens of MB live (drafts, events, histories, pages), so under
// gcMemoryLimit the collector would start again as soon as it finished, and
// pages would wait on it. It collects when the heap has grown by
// serverGCPercent of what is live instead. GOGC or GOMEMLIMIT in the
// environment take precedence.
func tuneGCForServer() {
	if gcSetByEnv() {
		return
	}
	debug.SetMemoryLimit(math.MaxInt64)
	debug.SetGCPercent(serverGCPercent)
}

// serverGCPercent is Go's default: the heap grows to twice what is live
// between collections.
const serverGCPercent = 100

func run(f *Factory, args []string) int {
	root := newRootCmd(f, args)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	c, err := root.ExecuteC()
	code := exitCode(c, err, f.IO.ErrOut)
	if err != nil && f.typed != "" {
		fmt.Fprintf(f.IO.ErrOut, "cc: what you wrote in the editor is kept in %s\n", f.typed)
	}
	return code
}

// topCommands are cc's commands, in the order help lists them; tree marks
// those that read the whole command tree.
var topCommands = []struct {
	name, group string
	make        func(*Factory) *cobra.Command
	tree        bool
}{
	{"draft", "drafts", newDraftCmd, false}, {"preview", "drafts", newPreviewCmd, false},
	{"diff", "drafts", newDiffCmd, false}, {"serve", "drafts", newServeCmd, false},
	{"review", "review", newReviewCmd, false}, {"submit", "review", newSubmitCmd, false},
	{"approve", "review", newApproveCmd, false}, {"request-changes", "review", newRequestChangesCmd, false},
	{"publish", "review", newPublishCmd, false}, {"check", "review", newCheckCmd, false},
	{"status", "review", newStatusCmd, false}, {"inbox", "review", newInboxCmd, false},
	{"overdue", "review", newOverdueCmd, false}, {"log", "review", newLogCmd, false},
	{"assign", "review", newAssignCmd, false}, {"decide", "review", newDecideCmd, false},
	{"agenda", "review", newAgendaCmd, false}, {"notify", "review", newNotifyCmd, false},
	{"sync", "setup", newSyncCmd, false}, {"init", "setup", newInitCmd, false},
	{"demo", "setup", newDemoCmd, false}, {"version", "setup", newVersionCmd, false},
	{"completion", "setup", newCompletionCmd, true}, {"man", "setup", newManCmd, true},
}

// oneCommand returns the command args start with when it works without
// the rest of the tree, else "".
func oneCommand(args []string) string {
	if len(args) == 0 {
		return ""
	}
	for _, t := range topCommands {
		if t.name == args[0] && !t.tree {
			return t.name
		}
	}
	return ""
}

// newRootCmd builds cc's command tree for the command line args. When
// args start with the name of a command that works on its own, only that
// command is built: the whole tree takes a quarter of a millisecond, which
// every command would otherwise pay. Help, completion, man pages, no
// command, a flag or a misspelt name get the whole tree; nil args too.
func newRootCmd(f *Factory, args []string) *cobra.Command {
	root := &cobra.Command{
		Use:   "cc <command>",
		Short: "Write and review content asynchronously on top of Git",
		Long: `cc keeps drafts as Markdown files and review threads, comments, suggestions
and approvals as small YAML files in the same Git repository. Every action is
one commit, so git log is the audit trail and any Git host is the server.`,
		Example: `  cc init
  id=$(cc draft new --title "Our launch plan")
  cc draft list
  cc demo /tmp/cc-demo`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       f.Version,
		// No subcommand sets its own, so this runs before every command.
		PersistentPreRunE: checkTextInput,
	}
	if f.Name != "" {
		root.Annotations = map[string]string{cobra.CommandDisplayNameAnnotation: f.Name}
	}
	root.SetVersionTemplate("cc {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &usageError{fmt.Errorf("%w (see '%s %s --help')", err, displayName(c), commandPath(c)), true}
	})
	root.AddGroup(
		&cobra.Group{ID: "drafts", Title: "Drafts:"},
		&cobra.Group{ID: "review", Title: "Review:"},
		&cobra.Group{ID: "setup", Title: "Setup and help:"},
	)
	var cmds []*cobra.Command
	only := oneCommand(args)
	for _, t := range topCommands {
		if only != "" && t.name != only {
			continue
		}
		c := t.make(f)
		c.GroupID = t.group
		cmds = append(cmds, c)
	}
	root.AddCommand(cmds...)
	root.SetHelpCommandGroupID("setup")
	root.CompletionOptions.DisableDefaultCmd = true
	addDynamicCompletion(f, root)
	return root
}

// displayName is the name the user called cc by ("cc" or "git cc").
func displayName(c *cobra.Command) string {
	return c.Root().DisplayName()
}

// commandPath is the command's path without the root's name.
func commandPath(c *cobra.Command) string {
	if !c.HasParent() {
		return "<command>"
	}
	p := c.CommandPath()
	if i := len(displayName(c)); len(p) > i {
		return p[i+1:]
	}
	return p
}

// exactArgs is cobra.ExactArgs with a usage error that names what is
// missing.
func exactArgs(names ...string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		var err error
		switch {
		case len(args) < len(names):
			err = fmt.Errorf("missing %s (usage: %s)", names[len(args)], c.UseLine())
		case len(args) > len(names):
			err = fmt.Errorf("unexpected argument %q (usage: %s)", args[len(names)], c.UseLine())
		default:
			return nil
		}
		return &usageError{err, true}
	}
}

// groupRunE is the RunE of commands that only group others: bare, it shows
// help; with an unknown subcommand, it is a usage error.
func groupRunE(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("unknown command %q for \"%s\"", args[0], c.CommandPath())
	}
	return c.Help()
}
