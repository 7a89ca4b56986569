package cmd

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
)

// Exit codes. README.md lists them; scripts and CI depend on them.
const (
	ExitOK    = 0
	ExitError = 1 // bad input, repository problem
	ExitUsage = 2 // bad flags or arguments
	ExitGate  = 3 // a gate is not met: check fails, overdue finds late items, sync stopped
)

// usageError marks a mistake in how cc was called; it exits with ExitUsage.
// hinted says the message already tells where to look (the command's usage
// line or its --help), so no second hint is added.
type usageError struct {
	err    error
	hinted bool
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}

// errGateNotMet is returned by commands that already printed why a gate
// failed; it only sets the exit code.
var errGateNotMet = errors.New("gate not met")

// exitCode prints err (unless it speaks for itself) and maps it to an exit
// code. It is the one place where errors become exit codes. c is the
// command that ran (or the root), for the usage hint.
func exitCode(c *cobra.Command, err error, stderr io.Writer) int {
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, errGateNotMet) {
		return ExitGate
	}
	var ue *usageError
	var re *repo.UsageError
	if errors.As(err, &ue) || errors.As(err, &re) || isCobraUsage(err) {
		fmt.Fprintf(stderr, "cc: %s\n", err)
		if ue == nil || !ue.hinted {
			fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", strings.TrimSpace(displayName(c)+" "+strings.TrimPrefix(commandPath(c), "<command>")))
		}
		return ExitUsage
	}
	fmt.Fprintf(stderr, "cc: %s\n", explain(err))
	return ExitError
}

// explain turns low-level errors into a message with a next step.
func explain(err error) string {
	switch {
	case errors.Is(err, repo.ErrNotRepository):
		return "cc must be run inside a git repository (run 'git init' and 'cc init' first)"
	}
	var dirty *repo.DirtyError
	if errors.As(err, &dirty) {
		return fmt.Sprintf("%s; commit them with 'cc draft save %s' or discard them with 'git checkout -- %s'", err, dirty.Path, dirty.Path)
	}
	return err.Error()
}

// isCobraUsage recognises the one usage error cobra reports without going
// through the flag-error or argument hooks that wrap the others.
func isCobraUsage(err error) bool {
	return strings.HasPrefix(err.Error(), "unknown command ")
}
