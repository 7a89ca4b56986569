package cmd

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/preview"
	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/content"
)

type previewOptions struct {
	Draft        string
	Output       string
	At           string
	Committed    bool
	Open         bool
	RemoteImages bool
	JSON         bool
}

type previewOutput struct {
	Version int         `json:"version"`
	Draft   draftOutput `json:"draft"`
	HTML    string      `json:"html"`
}

func newPreviewCmd(f *Factory) *cobra.Command {
	opts := &previewOptions{}
	c := &cobra.Command{
		Use:   "preview <draft> [-o FILE] [--at REV] [--open]",
		Short: "Render a draft to one HTML page, with its open threads beside their words",
		Long: `Render a draft to a single self-contained HTML page: every open thread's words
are highlighted and the thread stands in the margin beside them (below its
paragraph on a phone), with its replies, edits, retractions and decisions;
threads on the whole draft come first, orphaned ones (their words are gone)
last, and moved or fuzzily found ones say so. The draft's state and
approvals head the page.

The page makes no request when opened: styles and script are inline, a
Content-Security-Policy forbids everything else, remote images are shown as
placeholders with their address (--remote-images loads them), raw HTML is
shown as text (unless preview.raw_html is set in .cc/config.yaml), links
other than http, https, mailto and tel are dropped, and Hugo shortcodes are
labelled blocks.

The draft is read from the work tree, so a writer sees unsaved edits; with
--committed, from the tip of the branch; with --at, as it was at REV. The page
goes to stdout, or to FILE; --open opens it in a browser ($BROWSER, else the
system's opener), in a temporary file when -o is not given.`,
		Example: `  cc preview our-launch-plan -o /tmp/plan.html
  cc preview k3x9q2 --open
  cc preview k3x9q2 --at HEAD~3 > plan-then.html`,
		Args: exactArgs("<draft>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft = args[0]
			if opts.At != "" && opts.Committed {
				return usageErrorf("--at and --committed cannot be used together")
			}
			if opts.JSON && opts.Open {
				return usageErrorf("--json and --open cannot be used together")
			}
			return previewRun(f, opts)
		},
	}
	c.Flags().StringVarP(&opts.Output, "output", "o", "", "write the page to `FILE` instead of stdout")
	c.Flags().StringVar(&opts.At, "at", "", "render the draft as it was at `REV` (a commit, branch or tag)")
	c.Flags().BoolVar(&opts.Committed, "committed", false, "render the committed draft, not the work-tree file")
	c.Flags().BoolVar(&opts.Open, "open", false, "open the page in a browser")
	c.Flags().BoolVar(&opts.RemoteImages, "remote-images", false, "let the page load http and https images")
	addJSONFlag(c, &opts.JSON)
	return c
}

func previewRun(f *Factory, opts *previewOptions) error {
	r, v, e, err := previewDraft(f, opts)
	if err != nil {
		return err
	}
	var data []byte
	if opts.At == "" && !opts.Committed && !r.Bare() {
		if wt, err := r.WorktreeFile(e.Path); err == nil {
			data = wt
		}
	}
	p, err := v.Page(e, data, f.Now())
	if err != nil {
		return err
	}
	o := preview.Options{Commit: v.Commit()}
	o.Render.RemoteImages = opts.RemoteImages
	o.Render.RawHTML = v.Config().Preview.RawHTML
	page, err := preview.Draft(p, o)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, previewOutput{Version: jsonFormatVersion, Draft: entryOutput(e), HTML: string(page)})
	}
	out := opts.Output
	if out == "" && opts.Open {
		tmp, err := os.CreateTemp("", "cc-preview-*.html")
		if err != nil {
			return err
		}
		out = tmp.Name()
		tmp.Close()
	}
	if out == "" {
		_, err = f.IO.Out.Write(page)
		return err
	}
	if err := os.WriteFile(out, page, 0o644); err != nil {
		return fmt.Errorf("-o: %w", err)
	}
	fmt.Fprintf(f.IO.ErrOut, "Wrote %s\n", out)
	if opts.Open {
		return openInBrowser(f, out)
	}
	return nil
}

// previewDraft finds the draft at the tip, or at --at.
func previewDraft(f *Factory, opts *previewOptions) (*repo.Repo, *repo.View, content.CatalogEntry, error) {
	if opts.At == "" {
		return f.Draft(opts.Draft)
	}
	r, err := f.Repo()
	if err != nil {
		return nil, nil, content.CatalogEntry{}, err
	}
	v, err := r.At(opts.At)
	if err != nil {
		return nil, nil, content.CatalogEntry{}, fmt.Errorf("--at %s: %w", opts.At, err)
	}
	e, err := v.FindDraft(opts.Draft)
	return r, v, e, err
}

// openInBrowser opens file with $BROWSER, or the system's opener, and does
// not wait for it.
func openInBrowser(f *Factory, file string) error {
	name, args := f.Getenv("BROWSER"), []string{file}
	if name == "" {
		switch runtime.GOOS {
		case "darwin":
			name = "open"
		case "windows":
			name, args = "rundll32", []string{"url.dll,FileProtocolHandler", file}
		default:
			name = "xdg-open"
		}
	}
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("--open: %s: %w", name, err)
	}
	return cmd.Process.Release()
}
