package cmd

import (
	"bytes"
	"fmt"
	"html/template"
	"os"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/content"
)

type previewOptions struct {
	Draft     string
	Output    string
	Committed bool
	JSON      bool
}

type previewOutput struct {
	Version int         `json:"version"`
	Draft   draftOutput `json:"draft"`
	HTML    string      `json:"html"`
}

func newPreviewCmd(f *Factory) *cobra.Command {
	opts := &previewOptions{}
	c := &cobra.Command{
		Use:   "preview <draft> [-o FILE]",
		Short: "Render a draft to an HTML page, with its open review threads",
		Long: `Render a draft's Markdown to a standalone HTML page (goldmark: CommonMark with
tables, strikethrough, task lists and autolinks; raw HTML in the draft is left
out), followed by its open review threads with the words they are about.

The draft is read from the work tree, so a writer sees unsaved edits; with
--committed, from the tip of the branch. The page goes to stdout, or to FILE.`,
		Example: `  cc preview our-launch-plan -o /tmp/plan.html && xdg-open /tmp/plan.html
  cc preview k3x9q2 --committed > plan.html`,
		Args: exactArgs("<draft>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft = args[0]
			return previewRun(f, opts)
		},
	}
	c.Flags().StringVarP(&opts.Output, "output", "o", "", "write the page to `FILE` instead of stdout")
	c.Flags().BoolVar(&opts.Committed, "committed", false, "render the committed draft, not the work-tree file")
	addJSONFlag(c, &opts.JSON)
	return c
}

func previewRun(f *Factory, opts *previewOptions) error {
	r, v, e, err := f.Draft(opts.Draft)
	if err != nil {
		return err
	}
	data, err := v.ReadFile(e.Path)
	if err != nil {
		return err
	}
	if !opts.Committed && !r.Bare() {
		if wt, err := r.WorktreeFile(e.Path); err == nil {
			data = wt
		}
	}
	d, err := content.Parse(e.Path, data)
	if err != nil {
		return err
	}
	body, err := content.Render(d.Body)
	if err != nil {
		return fmt.Errorf("%s: %w", e.Path, err)
	}
	var threads []threadOutput
	if e.ID != "" {
		rv, err := v.Review(e.ID)
		if err != nil {
			return err
		}
		placed, _, _, err := v.PlaceThreads(e, d, rv.Threads, false)
		if err != nil {
			return err
		}
		threads = threadsOutput(placed, nil)
	}
	var page bytes.Buffer
	err = previewPage.Execute(&page, map[string]any{
		"Title": d.Title, "Path": e.Path, "ID": e.ID, "Body": template.HTML(body), "Threads": threads,
	})
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, previewOutput{Version: jsonFormatVersion, Draft: entryOutput(e), HTML: page.String()})
	}
	if opts.Output != "" {
		if err := os.WriteFile(opts.Output, page.Bytes(), 0o644); err != nil {
			return fmt.Errorf("-o: %w", err)
		}
		fmt.Fprintf(f.IO.ErrOut, "Wrote %s\n", opts.Output)
		return nil
	}
	_, err = f.IO.Out.Write(page.Bytes())
	return err
}

// previewPage is the page around a rendered draft. The body is goldmark's
// output with raw HTML left out; everything else is escaped here.
var previewPage = template.Must(template.New("preview").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font: 17px/1.6 Georgia, serif; margin: 0; color: #222; background: #fafaf7; }
main { display: flex; flex-wrap: wrap; gap: 2rem; max-width: 68rem; margin: 0 auto; padding: 2rem; }
article { flex: 3 1 34rem; }
aside { flex: 1 1 18rem; font: 14px/1.5 system-ui, sans-serif; }
.cc-path { color: #777; font: 13px system-ui, sans-serif; }
.cc-thread { background: #fff; border-left: 3px solid #e0a800; padding: .5rem .8rem; margin-bottom: 1rem; }
.cc-thread.orphaned { border-color: #c33; }
.cc-quote { background: #fff3c4; }
.cc-who { color: #555; font-size: 12px; }
pre, code { font-size: 14px; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2rem .5rem; }
</style>
</head>
<body>
<main>
<article>
<p class="cc-path">{{.Path}}{{if .ID}} · {{.ID}}{{end}}</p>
<h1>{{.Title}}</h1>
{{.Body}}
</article>
<aside>
<h2>Open threads</h2>
{{range .Threads}}<div class="cc-thread{{if .Anchor}} {{.Anchor.State}}{{end}}">
{{if .Anchor}}<p><span class="cc-quote">{{.Anchor.Quote}}</span> <span class="cc-who">{{.Anchor.State}}{{if .Anchor.Line}}, line {{.Anchor.Line}}{{end}}</span></p>{{else}}<p class="cc-who">On the whole draft</p>{{end}}
{{if .Replacement}}<p>Suggests: <span class="cc-quote">{{.Replacement}}</span></p>{{end}}
{{range .Messages}}<p><span class="cc-who">{{.Author.Name}}, {{.Time.Format "2006-01-02 15:04"}}</span><br>{{.Body}}</p>
{{end}}</div>
{{else}}<p>None.</p>
{{end}}</aside>
</main>
</body>
</html>
`))
