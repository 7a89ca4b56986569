package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// gitEnv is the inherited environment without the variables that would point
// git at another repository, plus extra.
func gitEnv(extra []string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
			"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE",
			"GIT_PREFIX", spawnEnv:
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}

// git runs a harness-side git command (not measured).
func git(dir string, env []string, args ...string) error {
	_, err := gitOutput(dir, env, args...)
	return err
}

// gitOutput runs a harness-side git command and returns its trimmed stdout.
func gitOutput(dir string, env []string, args ...string) (string, error) {
	return gitInput(dir, env, nil, args...)
}

func gitInput(dir string, env []string, stdin []byte, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = env
	if env == nil {
		cmd.Env = gitEnv(nil)
	}
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	return strings.TrimSpace(out.String()), nil
}
