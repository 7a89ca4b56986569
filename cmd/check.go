package cmd

import (
	"fmt"

	"github.com/spf13/cobra"
)

type checkOptions struct {
	Base string
	JSON bool
}

type problemOutput struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Fix     string `json:"fix"`
}

type checkedDraft struct {
	draftOutput
	State    string          `json:"state"`
	Changed  bool            `json:"changed"`
	Problems []problemOutput `json:"problems"`
	WaitsOn  []owesOutput    `json:"waitsOn"`
}

type checkOutput struct {
	Version int            `json:"version"`
	Commit  string         `json:"commit"`
	Base    string         `json:"base,omitempty"`
	Policy  string         `json:"policy"`
	Checked int            `json:"checked"`
	Passed  bool           `json:"passed"`
	Failing []checkedDraft `json:"failing"`
	Notes   []string       `json:"notes"`
}

func newCheckCmd(f *Factory) *cobra.Command {
	opts := &checkOptions{}
	c := &cobra.Command{
		Use:   "check [--base REF]",
		Short: "CI gate: every draft that must be approved is",
		Long: `Check every draft whose state requires approval (and, with --base, every
draft changed since REF): are its approvals present and valid (of the current
content, by people allowed, not self-approval where the policy forbids it), are
the reviewers its path requires among them, are its threads resolved?

Each failing draft is printed with the reason and the command that would fix
it. Exit 0 when all pass, 3 when any fails.

With --base, the policy is read from .cc/config.yaml at REF, so a change cannot
loosen the rules that judge it. Works without a terminal, on a detached HEAD
and in a shallow clone (REF must be fetched: git fetch --depth=1 origin main).

While a merge, rebase, cherry-pick or revert is stopped in the work tree, the
verdict and exit code are still those of HEAD, and a warning on stderr says
that the unfinished work tree was not judged.`,
		Example: `  cc check
  cc check --base origin/main --json`,
		Args: exactArgs(),
		RunE: func(c *cobra.Command, args []string) error {
			return checkRun(f, opts)
		},
	}
	c.Flags().StringVar(&opts.Base, "base", "", "judge by the policy at `REF` and also check drafts changed since it")
	addJSONFlag(c, &opts.JSON)
	return c
}

func checkRun(f *Factory, opts *checkOptions) error {
	r, err := f.Repo()
	if err != nil {
		return err
	}
	// The gate judges commits, and CI never sees a stopped merge, so its
	// verdict and exit code stay those of HEAD; a person running it
	// mid-merge is told loudly that the work tree is not what was judged.
	if err := warnInProgress(f, r, "this verdict"); err != nil {
		return err
	}
	verdict, err := r.Check(f.Now(), opts.Base)
	if err != nil {
		return err
	}
	out := checkOutput{Version: jsonFormatVersion, Commit: verdict.Commit, Base: verdict.Base, Policy: verdict.Policy,
		Checked: verdict.Checked, Passed: verdict.Passed(), Failing: []checkedDraft{}, Notes: append([]string{}, verdict.Notes...)}
	for _, d := range verdict.Failing {
		cd := checkedDraft{draftOutput: entryOutput(d.Entry), State: d.State, Changed: d.Changed, WaitsOn: []owesOutput{}}
		for _, o := range d.WaitsOn {
			cd.WaitsOn = append(cd.WaitsOn, owesOf(o))
		}
		for _, p := range d.Problems {
			cd.Problems = append(cd.Problems, problemOutput{Code: p.Code, Message: p.Message, Fix: p.Fix})
		}
		out.Failing = append(out.Failing, cd)
	}
	if opts.JSON {
		if err := writeJSON(f.IO.Out, out); err != nil {
			return err
		}
	} else {
		printCheck(f, out)
	}
	if !out.Passed {
		return errGateNotMet
	}
	return nil
}

func printCheck(f *Factory, out checkOutput) {
	for _, d := range out.Failing {
		fmt.Fprintf(f.IO.Out, "FAIL %s %s (%s)", d.ID, d.Path, d.State)
		if d.Changed {
			fmt.Fprint(f.IO.Out, ", changed")
		}
		fmt.Fprintln(f.IO.Out)
		for _, p := range d.Problems {
			fmt.Fprintf(f.IO.Out, "  - %s\n", p.Message)
			if p.Fix != "" {
				fmt.Fprintf(f.IO.Out, "    fix: %s\n", p.Fix)
			}
		}
		if len(d.WaitsOn) > 0 {
			fmt.Fprintf(f.IO.Out, "  waits on %s\n", describeOwes(d.WaitsOn, f.Now()))
		}
	}
	if out.Passed {
		fmt.Fprintf(f.IO.ErrOut, "ok: %d draft%s checked against %s\n", out.Checked, plural(out.Checked), out.Policy)
	} else {
		fmt.Fprintf(f.IO.ErrOut, "%d of %d draft%s checked failed against %s\n", len(out.Failing), out.Checked, plural(out.Checked), out.Policy)
	}
	for _, n := range out.Notes {
		fmt.Fprintf(f.IO.ErrOut, "note: %s\n", n)
	}
}
