package cmd

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/spf13/cobra"
)

// maxMessageSize bounds a comment or note; review events are small files.
const maxMessageSize = 1 << 20

// messageFlag is -m/--message: it remembers whether it was given, since
// an empty message and no message differ.
type messageFlag struct {
	value string
	given bool
}

func (m *messageFlag) String() string { return m.value }
func (m *messageFlag) Type() string   { return "TEXT" }
func (m *messageFlag) Set(s string) error {
	m.value, m.given = s, true
	return nil
}

func addMessageFlag(c *cobra.Command, m *messageFlag, usage string) {
	c.Flags().VarP(m, "message", "m", usage)
}

// text returns the message: the flag's value, stdin for "-", or, when the
// flag was not given and a person is at a terminal, what they write in
// their editor from template (lines starting with '#' dropped, as git
// does). Without a terminal a missing required -m is an error that names
// the flag.
func (m *messageFlag) text(f *Factory, required bool, template string) (string, error) {
	value, given := m.value, m.given
	switch {
	case given && value == "-":
		data, err := io.ReadAll(io.LimitReader(f.IO.In, maxMessageSize+1))
		if err != nil {
			return "", fmt.Errorf("-m -: %w", err)
		}
		if len(data) > maxMessageSize {
			return "", fmt.Errorf("-m -: the text is longer than %d KiB", maxMessageSize>>10)
		}
		if i := invalidUTF8(string(data)); i >= 0 {
			return "", usageErrorf("-m -: the text read from stdin is not valid UTF-8 (byte %d is %#x); cc keeps text as UTF-8 and would not record it as typed", i+1, data[i])
		}
		value = string(data)
	case given:
	case !required:
		return "", nil
	case !f.IO.CanPrompt():
		return "", usageErrorf("-m is required (or -m - to read stdin)")
	default:
		// What is typed in the editor must not be thrown away by a
		// refusal that could have come first.
		r, err := f.Repo()
		if err != nil {
			return "", err
		}
		if err := r.CheckWritable(); err != nil {
			return "", err
		}
		text, err := editText(f, template)
		if err != nil {
			return "", err
		}
		if i := invalidUTF8(text); i >= 0 {
			return "", usageErrorf("the message from the editor is not valid UTF-8 (byte %d is %#x); nothing was recorded", i+1, text[i])
		}
		value = text
	}
	value = strings.TrimSpace(strings.ReplaceAll(value, "\r\n", "\n"))
	if required && value == "" {
		return "", usageErrorf("empty message; nothing was recorded")
	}
	return value, nil
}

// editText opens the editor on a temporary file holding template and
// returns what was saved, without comment lines.
func editText(f *Factory, template string) (string, error) {
	tmp, err := os.CreateTemp("", "cc-message-*.md")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString("\n" + template)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	if err := runEditor(f, tmp.Name()); err != nil {
		return "", err
	}
	data, err := os.ReadFile(tmp.Name())
	if err != nil {
		return "", err
	}
	var keep []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "#") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n"), nil
}

// editorCommand is the editor git would choose, without reading git's
// config: CC_EDITOR, GIT_EDITOR, VISUAL, EDITOR, then vi.
func editorCommand(getenv func(string) string) string {
	for _, k := range []string{"CC_EDITOR", "GIT_EDITOR", "VISUAL", "EDITOR"} {
		if v := getenv(k); v != "" {
			return v
		}
	}
	return "vi"
}

// runEditor runs the editor on file through the shell, as git does, so an
// editor setting may carry arguments ("code --wait").
func runEditor(f *Factory, file string) error {
	editor := editorCommand(f.Getenv)
	c := exec.Command("sh", "-c", editor+` "$@"`, editor, file)
	c.Stdin, c.Stdout, c.Stderr = f.IO.In, f.IO.Out, f.IO.ErrOut
	if err := c.Run(); err != nil {
		return fmt.Errorf("editor %q failed: %w; the file is kept as you left it", editor, err)
	}
	return nil
}
