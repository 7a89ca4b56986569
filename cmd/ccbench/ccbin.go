package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// findCC uses -cc, or builds ./cmd/cc of the module ccbench is run from.
func (r *runner) findCC() {
	if r.opts.cc != "" {
		p, err := filepath.Abs(r.opts.cc)
		if err == nil {
			_, err = os.Stat(p)
		}
		if err != nil {
			r.ccWhy = fmt.Sprintf("not found (-cc %s)", r.opts.cc)
			return
		}
		r.cc = p
		return
	}
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	mod := strings.TrimSpace(string(gomod))
	if err != nil || mod == "" || mod == os.DevNull {
		r.ccWhy = "not built (run ccbench from the cc module, or pass -cc)"
		return
	}
	if data, err := os.ReadFile(mod); err != nil || !bytes.Contains(data, []byte("module github.com/cc-content/cc\n")) {
		r.ccWhy = "not built (" + mod + " is not the cc module; pass -cc)"
		return
	}
	out := filepath.Join(r.work, "cc")
	// Built as the release is (.goreleaser.yaml): without cgo, a static
	// binary that starts without the dynamic loader.
	fmt.Fprintf(r.log, "ccbench: CGO_ENABLED=0 go build -o %s ./cmd/cc\n", out)
	cmd := exec.Command("go", "build", "-o", out, "./cmd/cc")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Dir = filepath.Dir(mod)
	if msg, err := cmd.CombinedOutput(); err != nil {
		lines := strings.Split(strings.TrimSpace(string(msg)), "\n")
		if len(lines) > 6 {
			lines = append(lines[:6], "...")
		}
		r.ccWhy = "does not build yet (go build ./cmd/cc failed)"
		fmt.Fprintf(r.log, "ccbench: cc does not build yet:\n  %s\n", strings.Join(lines, "\n  "))
		return
	}
	r.cc = out
}

// ccHas reports whether the cc binary has the command: cobra answers --help
// of an unknown subcommand either with "unknown command" or with the help of
// its parent, so the usage line must name the whole command. Words that
// start with "-" are flags the pair needs, which the help must list.
func (r *runner) ccHas(words []string) (bool, string) {
	if r.cc == "" {
		return false, r.ccWhy
	}
	var flags []string
	words = slices.DeleteFunc(slices.Clone(words), func(w string) bool {
		if strings.HasPrefix(w, "-") {
			flags = append(flags, w)
			return true
		}
		return false
	})
	cmd := exec.Command(r.cc, append(words, "--help")...)
	cmd.Dir = r.work
	cmd.Env = r.env
	out, err := cmd.CombinedOutput()
	name := "cc " + strings.Join(words, " ")
	switch {
	case bytes.Contains(out, []byte("unknown command")):
		return false, "not built (" + name + ": unknown command)"
	case err != nil:
		return false, fmt.Sprintf("not built (%s --help: %v)", name, err)
	case !bytes.Contains(out, []byte(name)):
		return false, "not built (" + name + " --help does not show it)"
	}
	for _, f := range flags {
		if !bytes.Contains(out, []byte(f+" ")) {
			return false, "not built (" + name + " has no " + f + ")"
		}
	}
	return true, ""
}

// ccRun measures one cc command and fails on an exit code the pair does not
// accept.
func (r *runner) ccRun(dir string, args ...string) (sample, error) {
	res, err := r.sp.run(dir, r.env, r.cc, args...)
	if err != nil {
		return sample{}, err
	}
	if !slices.Contains(r.okCodes, res.code) {
		return sample{}, fmt.Errorf("cc %s: exit %d: %s", strings.Join(args, " "), res.code, firstLine(res.stderr))
	}
	return res.sample, nil
}

// ccCommits measures a cc command that must add a commit.
func (r *runner) ccCommits(dir string, args ...string) (sample, error) {
	before, err := gitOutput(dir, r.env, "rev-parse", "HEAD")
	if err != nil {
		return sample{}, err
	}
	s, err := r.ccRun(dir, args...)
	if err != nil {
		return s, err
	}
	after, err := gitOutput(dir, r.env, "rev-parse", "HEAD")
	if err != nil {
		return s, err
	}
	if after == before {
		return s, fmt.Errorf("cc %s exited 0 but made no commit", strings.Join(args, " "))
	}
	return s, nil
}
