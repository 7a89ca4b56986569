package main

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// readmeBlock is one fenced ```sh block of README.md.
type readmeBlock struct {
	line int    // of the opening fence
	skip string // why the block is not run, from a readme-test: skip marker
	code string
}

// readmeBlocks returns README's ```sh blocks in order. A block preceded by
// the line <!-- readme-test: skip REASON --> is returned with its reason.
func readmeBlocks(data []byte) []readmeBlock {
	var out []readmeBlock
	var cur *readmeBlock
	skip := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur != nil && strings.HasPrefix(line, "```"):
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.code += line + "\n"
		case line == "```sh":
			cur = &readmeBlock{line: n, skip: skip}
			skip = ""
		case strings.HasPrefix(line, "<!-- readme-test: skip "):
			skip = strings.TrimSuffix(strings.TrimPrefix(line, "<!-- readme-test: skip "), " -->")
		case strings.TrimSpace(line) != "":
			skip = ""
		}
	}
	return out
}

// TestREADME runs README.md's command blocks top to bottom, exactly as
// written, as one bash script from the root of a copy of the clone (so
// what the story makes beside it stays in the test's folder), in a fresh
// home with nothing of cc installed: the README is the story a newcomer
// follows, and it must not break. The first block (the demo and this
// test suite) and blocks marked with a reason are not run; the demo has
// its own script. The shell has a git identity, as a machine where git
// is set up does, and $EDITOR is a program that adds a line.
func TestREADME(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cc from the clone")
	}
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := readmeBlocks(data)
	if len(blocks) < 3 {
		t.Fatalf("README.md has %d sh blocks; the story has gone", len(blocks))
	}
	var script strings.Builder
	script.WriteString("set -euo pipefail\n")
	for i, b := range blocks {
		if i == 0 || b.skip != "" {
			t.Logf("README.md:%d not run: %s", b.line, map[bool]string{true: "the two commands", false: b.skip}[i == 0])
			continue
		}
		script.WriteString("echo '>>> README.md block at line " + strconv.Itoa(b.line) + "' >&2\n")
		script.WriteString(b.code)
	}
	root := filepath.Join(t.TempDir(), "cc")
	if err := copySource(root, "../.."); err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	editor := filepath.Join(home, "editor.sh")
	if err := os.WriteFile(editor, []byte("#!/bin/sh\nprintf '\\nAdded in the editor.\\n' >> \"$1\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	gocache, gomodcache := goEnv(t, "GOCACHE"), goEnv(t, "GOMODCACHE")
	c := exec.Command("bash", "-c", script.String())
	c.Dir = root
	c.Env = []string{
		"HOME=" + home,
		"PATH=" + pathWithout(os.Getenv("PATH"), filepath.Dir(mustLookPath(t, "cc"))),
		"TMPDIR=" + t.TempDir(),
		"GOCACHE=" + gocache, "GOMODCACHE=" + gomodcache,
		"GOPROXY=" + os.Getenv("GOPROXY"), "GOTOOLCHAIN=local",
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Ada Writer", "GIT_AUTHOR_EMAIL=ada@example.com",
		"GIT_COMMITTER_NAME=Ada Writer", "GIT_COMMITTER_EMAIL=ada@example.com",
		"EDITOR=" + editor,
		"NO_COLOR=1",
	}
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	if err := c.Run(); err != nil {
		t.Fatalf("the README's commands failed: %v\n%s", err, out.String())
	}
	t.Logf("%s", out.String())
}

// copySource copies the clone's files, without .git, from src to dst.
func copySource(dst, src string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		switch {
		case d.Name() == ".git":
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		case d.IsDir():
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		case !d.Type().IsRegular():
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
}

func goEnv(t *testing.T, key string) string {
	out, err := exec.Command("go", "env", key).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", key, err)
	}
	return strings.TrimSpace(string(out))
}

func mustLookPath(t *testing.T, name string) string {
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// pathWithout is PATH without dir: the test binary's own cc, which the
// README must not rely on.
func pathWithout(path, dir string) string {
	var keep []string
	for _, p := range filepath.SplitList(path) {
		if p != dir {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, string(filepath.ListSeparator))
}
