package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/cc-content/cc/cmd/internal/gitserver"
)

// scriptCmds are the custom commands the scripts use.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	// gitclean: git fsck --strict reports nothing (dangling objects from
	// lost races are normal, as with git itself) and git status --porcelain
	// is empty.
	"gitclean": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg {
			ts.Fatalf("unsupported: ! gitclean")
		}
		dir := "."
		if len(args) > 0 {
			dir = args[0]
		}
		git := func(a ...string) string {
			c := exec.Command("git", a...)
			c.Dir = ts.MkAbs(dir)
			c.Env = scriptEnv(ts)
			out, err := c.CombinedOutput()
			if err != nil {
				ts.Fatalf("git %s: %v\n%s", strings.Join(a, " "), err, out)
			}
			return string(out)
		}
		if out := git("fsck", "--strict", "--no-dangling", "--no-progress"); strings.TrimSpace(out) != "" {
			ts.Fatalf("git fsck --strict:\n%s", out)
		}
		if out := git("status", "--porcelain"); out != "" {
			ts.Fatalf("git status --porcelain is not empty:\n%s", out)
		}
	},
	// commits N: the current branch has N commits.
	"commits": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: commits N")
		}
		c := exec.Command("git", "rev-list", "--count", "HEAD")
		c.Dir = ts.MkAbs(".")
		c.Env = scriptEnv(ts)
		out, err := c.Output()
		ts.Check(err)
		got, _ := strconv.Atoi(strings.TrimSpace(string(out)))
		want, _ := strconv.Atoi(args[0])
		if (got == want) == neg {
			ts.Fatalf("branch has %d commits, want %s%d", got, map[bool]string{true: "not ", false: ""}[neg], want)
		}
	},
	// exitcode N prog args...: runs prog and requires exit code N; its
	// output can be matched with stdout and stderr afterwards.
	"exitcode": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 2 {
			ts.Fatalf("usage: exitcode N prog args...")
		}
		c := exec.Command(scriptLookPath(ts, args[1]), args[2:]...)
		c.Dir = ts.MkAbs(".")
		c.Env = scriptEnv(ts)
		c.Stdout, c.Stderr = ts.Stdout(), ts.Stderr()
		err := c.Run()
		got := 0
		if ee, ok := err.(*exec.ExitError); ok {
			got = ee.ExitCode()
		} else if err != nil {
			ts.Fatalf("%s: %v", args[1], err)
		}
		if strconv.Itoa(got) != args[0] {
			ts.Fatalf("%s exited %d, want %s", args[1], got, args[0])
		}
	},
	// gitserve daemon|http DIR [USER PASSWORD]: serves the bare
	// repositories in DIR with git daemon (git://) or git http-backend
	// (smart HTTP, with basic authentication when a user is given) on
	// 127.0.0.1 until the script ends; $GITSERVER is its URL.
	"gitserve": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 && len(args) != 4 {
			ts.Fatalf("usage: gitserve daemon|http DIR [USER PASSWORD]")
		}
		var srv *gitserver.Server
		var err error
		switch args[0] {
		case "daemon":
			srv, err = gitserver.Daemon(ts.MkAbs(args[1]))
		case "http":
			user, password := "", ""
			if len(args) == 4 {
				user, password = args[2], args[3]
			}
			srv, err = gitserver.HTTP(ts.MkAbs(args[1]), user, password)
		default:
			ts.Fatalf("gitserve: unknown server %q", args[0])
		}
		ts.Check(err)
		ts.Defer(srv.Close)
		ts.Setenv("GITSERVER", srv.URL)
	},
	// parallel N cmd args...: runs N copies of a command at once and fails
	// unless all succeed.
	"parallel": func(ts *testscript.TestScript, neg bool, args []string) {
		n, err := strconv.Atoi(args[0])
		if err != nil || len(args) < 2 {
			ts.Fatalf("usage: parallel N command args...")
		}
		var cmds []*exec.Cmd
		for i := 0; i < n; i++ {
			a := append([]string(nil), args[2:]...)
			for j := range a {
				a[j] = strings.ReplaceAll(a[j], "{i}", strconv.Itoa(i))
			}
			c := exec.Command(scriptLookPath(ts, args[1]), a...)
			c.Dir = ts.MkAbs(".")
			c.Env = scriptEnv(ts)
			cmds = append(cmds, c)
		}
		for _, c := range cmds {
			ts.Check(c.Start())
		}
		failed := 0
		for _, c := range cmds {
			if err := c.Wait(); err != nil {
				failed++
			}
		}
		if (failed == 0) == neg {
			ts.Fatalf("%d of %d failed", failed, n)
		}
	},
}

func scriptEnv(ts *testscript.TestScript) []string {
	var env []string
	for _, k := range []string{"PATH", "HOME", "XDG_CONFIG_HOME", "GIT_CONFIG_NOSYSTEM", "GIT_CEILING_DIRECTORIES",
		"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "NO_COLOR", "TMPDIR"} {
		env = append(env, k+"="+ts.Getenv(k))
	}
	return env
}

// scriptLookPath finds a program on the script's PATH, where testscript
// puts cc.
func scriptLookPath(ts *testscript.TestScript, name string) string {
	for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	ts.Fatalf("%s not found on the script's PATH", name)
	return ""
}
