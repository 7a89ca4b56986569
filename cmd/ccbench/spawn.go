package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// Peak RSS comes from the OS accounting of the child (wait4's ru_maxrss), but
// Linux starts a child's maxrss at the RSS of the process that forked it: on
// exec, the high-water mark of the old address space is carried over, and
// Go forks with CLONE_VM, so that old address space is ccbench's own. A child
// of ccbench would never report less than ccbench's RSS. So every measured
// command is started by a fresh, small copy of this binary (spawn mode),
// which runs the command, times it and reports its rusage on fd 3. What is
// left is a floor of the spawner's own RSS, which the report prints.

// spawnEnv switches this binary into spawn mode. It is an environment
// variable rather than a subcommand so that the test binary can serve too.
const spawnEnv = "CCBENCH_SPAWN"

// spawnMain runs os.Args[1:] with the inherited stdio, cwd and environment
// (minus spawnEnv) and writes "wall-ns maxrss-KiB exit-code" to fd 3.
func spawnMain() int {
	syscall.CloseOnExec(3) // the command must not hold the report pipe open
	report := os.NewFile(3, "report")
	if report == nil || len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "ccbench: spawn mode needs a command and fd 3")
		return exitUsage
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = withoutSpawnEnv(os.Environ())
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		fmt.Fprintf(report, "error %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
		return exitError
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss // KiB on Linux
	}
	fmt.Fprintf(report, "%d %d %d\n", wall.Nanoseconds(), rss, cmd.ProcessState.ExitCode())
	return exitOK
}

func withoutSpawnEnv(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, spawnEnv+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// sample is one measured run of one command.
type sample struct {
	wall   time.Duration
	rssKiB int64
}

// result is a finished command with its standard error.
type result struct {
	sample
	code   int
	stderr []byte
}

// spawner starts commands through spawn mode of the binary at self.
type spawner struct {
	self string
}

// run measures one command in dir with exactly env (plus spawnEnv). Its
// output goes to /dev/null, as in a timing from a shell: a pipe would make
// a command that prints much (git grep -c lists 100,000 files) pay for the
// reader too. Its standard error is kept, for the reason of a failure.
func (s spawner) run(dir string, env []string, name string, args ...string) (result, error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return result{}, err
	}
	defer pr.Close()
	var stderr bytes.Buffer
	cmd := exec.Command(s.self, append([]string{name}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(append([]string(nil), env...), spawnEnv+"=1")
	cmd.Stderr = &stderr // Stdout nil: /dev/null
	cmd.ExtraFiles = []*os.File{pw}
	if err := cmd.Start(); err != nil {
		pw.Close()
		return result{}, fmt.Errorf("start spawner: %w", err)
	}
	pw.Close()
	rep, rerr := io.ReadAll(pr)
	werr := cmd.Wait()
	res := result{stderr: stderr.Bytes()}
	if rerr != nil || len(rep) == 0 {
		return res, fmt.Errorf("spawner gave no report (%v): %s", werr, bytes.TrimSpace(stderr.Bytes()))
	}
	line := strings.TrimSpace(string(rep))
	if msg, ok := strings.CutPrefix(line, "error "); ok {
		return res, fmt.Errorf("run %s: %s", name, msg)
	}
	var ns int64
	if _, err := fmt.Sscanf(line, "%d %d %d", &ns, &res.rssKiB, &res.code); err != nil {
		return res, fmt.Errorf("spawner report %q: %w", line, err)
	}
	res.wall = time.Duration(ns)
	return res, nil
}
