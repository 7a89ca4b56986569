package cmd

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
)

type demoOptions struct {
	Dir string
}

func newDemoCmd(f *Factory) *cobra.Command {
	opts := &demoOptions{}
	return &cobra.Command{
		Use:   "demo <dir>",
		Short: "Walk through cc on a sample content repository",
		Long: `Make a sample content repository in <dir> (which must not exist or be
empty) and run cc's main job on it, printing each command as it goes: a writer
creates a draft, a reviewer comments on words in it and suggests an edit, the
writer replies, edits, applies the suggestion and resolves the thread, the
reviewer approves, the writer publishes, and the CI gate checks it. It ends
with the board and git log, which is the audit trail.

Nothing outside <dir> is touched; the people in the demo are set with
GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL for each step.`,
		Example: `  cc demo /tmp/cc-demo
  go run ./cmd/cc demo "$(mktemp -d)"`,
		Args: exactArgs("<dir>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Dir = args[0]
			return demoRun(f, opts)
		},
	}
}

type demoPerson struct{ name, email string }

var (
	demoWriter   = demoPerson{"Ada Writer", "ada@example.com"}
	demoReviewer = demoPerson{"Grace Reviewer", "grace@example.com"}
)

const demoBody = `We will launch the new field guide in March, starting with the
three regions where readers asked for it most.

## Audience

Hikers who plan their own routes and want current trail conditions.
`

func demoRun(f *Factory, opts *demoOptions) error {
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return err
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty; give cc demo a new folder", dir)
	}
	// The sample repository is made here, not by the first step, so that a
	// dir inside another repository never writes to that one.
	if _, err := repo.Create(dir, f.repoOptions()); err != nil {
		return err
	}
	exe, err := f.Executable()
	if err != nil {
		return err
	}
	d := &demo{f: f, dir: dir, exe: exe}
	d.step(demoWriter, "Ada sets up cc in a new git repository", "init")
	id := strings.TrimSpace(d.stepIn(demoWriter, "Ada writes a draft", demoBody, "draft", "new", "--title", "Our launch plan", "--body-file", "-"))
	d.step(demoWriter, "Ada sends it to Grace for review, due in two days; Grace has not worked in this repository yet, so cc asks Ada to check the address", "submit", id, "--reviewer", demoReviewer.email, "--due", "2d")
	d.step(demoReviewer, "Grace lists the drafts", "draft", "list")
	thread := strings.TrimSpace(d.step(demoReviewer, "Grace comments on two words",
		"review", "comment", id, "--quote", "in March", "-m", "Which week? Readers plan trips around it."))
	suggestion := strings.TrimSpace(d.step(demoReviewer, "Grace suggests sharper wording",
		"review", "suggest", id, "--quote", "Hikers who plan their own routes", "--replace", "Hikers who plan their own multi-day routes"))
	d.step(demoWriter, "Ada replies", "review", "comment", id, "--reply-to", repo.ShortID(thread), "-m", "The second week; I will say so.")
	d.edit("content/posts/our-launch-plan.md", "in March", "in the second week of March")
	d.step(demoWriter, "Ada edits the file in her editor and saves", "draft", "save", id, "-m", "Name the week")
	d.step(demoWriter, "Ada applies Grace's suggestion, with credit", "review", "apply", repo.ShortID(suggestion))
	d.step(demoWriter, "Ada resolves the thread", "review", "resolve", repo.ShortID(thread))
	d.step(demoReviewer, "Grace sees the threads, anchors followed the edit", "review", "show", id, "--all")
	d.step(demoReviewer, "Grace approves the draft as it is now", "approve", id, "-m", "Clear and dated. Ship it.")
	d.step(demoWriter, "Ada publishes it", "publish", id)
	d.step(demoWriter, "CI checks that everything published is approved", "check")
	d.step(demoWriter, "The board: where every draft is and who owes what", "status")
	d.git("The audit trail is plain git log", "log", "--format=%h %<(15)%an %s")
	d.git("Trailers make it queryable: who approved what", "log", "--grep=Cc-Action: approve", "--format=%h %an %(trailers:key=Cc-Draft,valueonly,separator=)")
	if d.err != nil {
		return d.err
	}
	fmt.Fprintf(f.IO.ErrOut, "\nThe demo repository is in %s; look around with git there, or with cc (go install ./cmd/cc).\n", dir)
	return nil
}

// demo runs cc as a child process for each step, as a person would, and
// prints a transcript. The first failure stops the rest.
type demo struct {
	f   *Factory
	dir string
	exe string
	err error
}

func (d *demo) step(who demoPerson, what string, args ...string) string {
	return d.stepIn(who, what, "", args...)
}

func (d *demo) stepIn(who demoPerson, what, stdin string, args ...string) string {
	if d.err != nil {
		return ""
	}
	fmt.Fprintf(d.f.IO.Out, "\n# %s\n$ cc %s\n", what, shellJoin(args))
	c := exec.Command(d.exe, args...)
	c.Dir = d.dir
	c.Env = append(os.Environ(),
		"GIT_AUTHOR_NAME="+who.name, "GIT_AUTHOR_EMAIL="+who.email,
		"GIT_COMMITTER_NAME="+who.name, "GIT_COMMITTER_EMAIL="+who.email,
		"NO_COLOR=1")
	// The transcript shows both streams as a terminal would; the step's
	// result is its stdout alone.
	var out bytes.Buffer
	c.Stdin = strings.NewReader(stdin)
	c.Stdout, c.Stderr = io.MultiWriter(&out, d.f.IO.Out), d.f.IO.Out
	if err := c.Run(); err != nil {
		d.err = fmt.Errorf("demo step 'cc %s' failed: %w", shellJoin(args), err)
	}
	return out.String()
}

func (d *demo) edit(file, old, new string) {
	if d.err != nil {
		return
	}
	p := filepath.Join(d.dir, filepath.FromSlash(file))
	data, err := os.ReadFile(p)
	if err == nil {
		err = os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644)
	}
	d.err = err
}

func (d *demo) git(what string, args ...string) {
	if d.err != nil {
		return
	}
	fmt.Fprintf(d.f.IO.Out, "\n# %s\n$ git %s\n", what, shellJoin(args))
	c := exec.Command("git", args...)
	c.Dir = d.dir
	c.Stdout, c.Stderr = d.f.IO.Out, d.f.IO.Out
	if err := c.Run(); err != nil {
		d.err = fmt.Errorf("git %s: %w (is git installed?)", args[0], err)
	}
}

func shellJoin(args []string) string {
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		if a == "" || strings.ContainsAny(a, " \t\n'\"$%*?()[]{}|&;<>`\\") {
			b.WriteString("'" + strings.ReplaceAll(a, "'", `'\''`) + "'")
		} else {
			b.WriteString(a)
		}
	}
	return b.String()
}
