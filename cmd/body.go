package cmd

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
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
		// refusal that could have come first. (Commands check their
		// arguments before asking for the text.)
		r, err := f.Repo()
		if err != nil {
			return "", err
		}
		if err := r.CheckWritable(); err != nil {
			return "", err
		}
		text, err := editText(f, r, template)
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

// editMessageFile is where the editor writes a message, in the git
// directory as git's COMMIT_EDITMSG is. It stays after the command, so
// nothing typed is lost when recording it fails.
const editMessageFile = "CC_EDITMSG"

// editText opens the editor on a file holding template and returns what
// was saved, without comment lines. From then on, a failure of the command
// names the file (see run).
func editText(f *Factory, r *repo.Repo, template string) (string, error) {
	file := filepath.Join(r.GitDir(), editMessageFile)
	if err := os.WriteFile(file, []byte("\n"+template), 0o644); err != nil {
		return "", err
	}
	f.typed = file
	if err := runEditor(f, r, file); err != nil {
		return "", err
	}
	data, err := os.ReadFile(file)
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

// editorCommand is the editor git would choose: GIT_EDITOR, core.editor,
// VISUAL, EDITOR, then vi; CC_EDITOR, when set, comes before them all.
func editorCommand(getenv func(string) string, coreEditor string) string {
	for _, v := range []string{getenv("CC_EDITOR"), getenv("GIT_EDITOR"), coreEditor, getenv("VISUAL"), getenv("EDITOR")} {
		if v != "" {
			return v
		}
	}
	return "vi"
}

// runEditor runs the editor on file through the shell, as git does, so an
// editor setting may carry arguments ("code --wait").
func runEditor(f *Factory, r *repo.Repo, file string) error {
	core, _, err := r.GitConfig("core.editor")
	if err != nil {
		return err
	}
	editor := editorCommand(f.Getenv, core)
	c := exec.Command("sh", "-c", editor+` "$@"`, editor, file)
	c.Stdin, c.Stdout, c.Stderr = f.IO.In, f.IO.Out, f.IO.ErrOut
	if err := c.Run(); err != nil {
		return fmt.Errorf("editor %q failed: %w; %s is as the editor left it", editor, err, file)
	}
	return nil
}
