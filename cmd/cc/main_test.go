package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/cc-content/cc/cmd"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"cc":     func() { os.Exit(cmd.Main("test", os.Args[1:])) },
		"git-cc": func() { os.Exit(cmd.Main("test", os.Args[1:])) },
	})
}

// TestScript runs the end-to-end scripts in testdata/script: the real cc
// binary against real repositories, checked with the real git.
func TestScript(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("the scripts need git on PATH")
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			// The work dir is under the test's temp dir, outside any
			// enclosing repository; HOME and XDG_CONFIG_HOME are the
			// script's own so the host's git config never leaks in.
			home := filepath.Join(env.WorkDir, ".home")
			if err := os.MkdirAll(home, 0o755); err != nil {
				return err
			}
			env.Setenv("HOME", home)
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
			env.Setenv("GIT_CONFIG_NOSYSTEM", "1")
			env.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(env.WorkDir))
			env.Setenv("GIT_AUTHOR_NAME", "Ada Writer")
			env.Setenv("GIT_AUTHOR_EMAIL", "ada@example.com")
			env.Setenv("GIT_COMMITTER_NAME", "Ada Writer")
			env.Setenv("GIT_COMMITTER_EMAIL", "ada@example.com")
			env.Setenv("NO_COLOR", "1")
			// Scripts that need a tool CI installs (ssh-keygen) skip
			// without it, except under CI=true, where they fail.
			env.Setenv("CI", os.Getenv("CI"))
			env.Values[notifyServersKey] = &notifyServers{}
			return nil
		},
		Cmds: scriptCmds,
	})
}
