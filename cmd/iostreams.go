package cmd

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams owns the standard streams and what cc may do with them: whether
// stdout and stderr are terminals, whether colour is wanted, and whether the
// user can be prompted or handed to an editor.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	inTTY, outTTY, errTTY bool
	noColor               bool
}

// SystemStreams returns the process's streams. CC_FORCE_TTY=1 makes cc behave
// as if all three were terminals, which scripts and tests use to exercise the
// interactive paths.
func SystemStreams() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	force := os.Getenv("CC_FORCE_TTY") == "1"
	s.inTTY = force || term.IsTerminal(int(os.Stdin.Fd()))
	s.outTTY = force || term.IsTerminal(int(os.Stdout.Fd()))
	s.errTTY = force || term.IsTerminal(int(os.Stderr.Fd()))
	// no-color.org: set and not empty.
	s.noColor = os.Getenv("NO_COLOR") != ""
	return s
}

// TestStreams returns buffer-backed streams for tests, and the buffers.
func TestStreams() (s *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, noColor: true}, in, out, errOut
}

// SetTTY pretends, for tests, that the streams are (or are not) terminals.
func (s *IOStreams) SetTTY(tty bool) { s.inTTY, s.outTTY, s.errTTY = tty, tty, tty }

// IsStdoutTTY reports whether stdout is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.outTTY }

// CanPrompt reports whether cc may ask the user something or open an editor:
// only when both stdin and stdout are terminals.
func (s *IOStreams) CanPrompt() bool { return s.inTTY && s.outTTY }

// ColorEnabled reports whether stdout may carry colour.
func (s *IOStreams) ColorEnabled() bool { return s.outTTY && !s.noColor }
