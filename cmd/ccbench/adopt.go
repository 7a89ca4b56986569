package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// writeHistory writes the init commit and then the actions. Without
// -adopt, the actions are cut into commits-1 batches, one commit each. With
// it, the first share of them (in time order) comes in one plain commit
// after the init commit, as when a site that already has drafts and reviews
// adopts cc, and the rest are cut into commits-2 batches on top of it.
func (g *generator) writeHistory(acts []action) error {
	initTime := baseTime.Add(-time.Hour)
	setup := g.setup()
	adopted := g.adopted(len(acts))
	var imported []change
	var importMS uint64
	err := g.fastImport(func() error {
		err := g.commit(initTime.Unix(), []record{{
			subject: "init: set up cc", action: "init", who: people[0],
		}}, setup, "")
		if err != nil || adopted == 0 {
			if err == nil {
				err = g.stream(acts, g.opts.commits-1, "")
			}
			return err
		}
		// git fast-import finds a path by a linear scan of its folder, and
		// .cc/reviews has a folder per draft: the one big commit is built
		// from an index instead, and fast-import only stores its files.
		_, imported, importMS, err = g.apply(acts[:adopted])
		for _, c := range imported {
			if err == nil {
				_, err = fmt.Fprintf(g.w, "blob\ndata %d\n%s\n", len(c.data), c.data)
			}
		}
		return err
	})
	if err != nil || adopted == 0 {
		return err
	}
	parent, err := g.importCommit(append(setup, imported...), int64(importMS/1000))
	if err != nil {
		return err
	}
	return g.fastImport(func() error {
		return g.stream(acts[adopted:], g.opts.commits-2, parent)
	})
}

// adopted is how many of n actions the import commit brings: the share
// -adopt asks for, leaving at least one action for each later commit.
func (g *generator) adopted(n int) int {
	if g.opts.adopt <= 0 {
		return 0
	}
	return max(0, min(int(g.opts.adopt*float64(n)), n-(g.opts.commits-2)))
}

// fastImport runs one git fast-import on the corpus with g.w as its input,
// which write fills.
func (g *generator) fastImport(write func() error) error {
	fi := exec.Command("git", "fast-import", "--quiet", "--done")
	fi.Dir = g.opts.dir
	fi.Env = gitEnv(nil)
	fi.Stderr = os.Stderr
	in, err := fi.StdinPipe()
	if err != nil {
		return err
	}
	if err := fi.Start(); err != nil {
		return fmt.Errorf("start git fast-import: %w", err)
	}
	g.w = bufio.NewWriterSize(in, 1<<20)
	werr := write()
	if werr == nil {
		_, werr = g.w.WriteString("done\n")
	}
	if werr == nil {
		werr = g.w.Flush()
	}
	in.Close()
	if err := fi.Wait(); err != nil {
		return fmt.Errorf("git fast-import: %w", err)
	}
	if werr != nil {
		return fmt.Errorf("write fast-import stream: %w", werr)
	}
	return nil
}

// importCommit commits files, whose blobs fast-import has stored, on top of
// refs/heads/main through a temporary index, and returns the commit.
func (g *generator) importCommit(files []change, when int64) (string, error) {
	dir := g.opts.dir
	parent, err := gitOutput(dir, nil, "rev-parse", "refs/heads/main")
	if err != nil {
		return "", err
	}
	gitDir, err := gitOutput(dir, nil, "rev-parse", "--absolute-git-dir")
	if err != nil {
		return "", err
	}
	index := filepath.Join(gitDir, "ccbench-import.index")
	defer os.Remove(index)
	files = slices.Clone(files)
	slices.SortFunc(files, func(a, b change) int { return strings.Compare(a.path, b.path) })
	var list strings.Builder
	drafts, events := 0, 0
	for _, f := range files {
		fmt.Fprintf(&list, "100644 %s\t%s\n", blobID(f.data), f.path)
		switch {
		case strings.HasPrefix(f.path, "content/"):
			drafts++
		case strings.HasPrefix(f.path, ".cc/reviews/"):
			events++
		}
	}
	env := gitEnv([]string{"GIT_INDEX_FILE=" + index})
	if _, err := gitInput(dir, env, []byte(list.String()), "update-index", "--add", "--index-info"); err != nil {
		return "", err
	}
	tree, err := gitOutput(dir, env, "write-tree")
	if err != nil {
		return "", err
	}
	who, date := people[0], fmt.Sprintf("@%d +0000", when)
	env = gitEnv([]string{
		"GIT_AUTHOR_NAME=" + who.Name, "GIT_AUTHOR_EMAIL=" + who.Email, "GIT_AUTHOR_DATE=" + date,
		"GIT_COMMITTER_NAME=" + who.Name, "GIT_COMMITTER_EMAIL=" + who.Email, "GIT_COMMITTER_DATE=" + date,
	})
	msg := fmt.Sprintf("import: %d drafts and %d review events\n\n"+
		"The drafts and their reviews so far, brought in with one commit.\n", drafts, events)
	commit, err := gitInput(dir, env, []byte(msg), "commit-tree", tree, "-p", parent)
	if err != nil {
		return "", err
	}
	// write-tree leaves a loose tree per folder; the corpus keeps its
	// objects in packs, as the smaller ones do, and repack packs what a
	// ref reaches.
	if err := git(dir, nil, "update-ref", "refs/heads/main", commit, parent); err != nil {
		return "", err
	}
	return commit, git(dir, nil, "repack", "-d", "-q")
}
