package repo

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// ErrNotRepository is returned (wrapped) by Open when no git repository
// encloses the folder.
var ErrNotRepository = gitstore.ErrNotRepository

// DirtyError is returned by an action that would overwrite uncommitted
// work-tree edits of a file; nothing is written.
type DirtyError = gitstore.DirtyError

// UsageError marks a mistake in what the caller asked for (an empty
// reference, a folder outside the content folders, an unreadable due
// time), as opposed to a problem in the repository.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

func usagef(format string, args ...any) error {
	return &UsageError{fmt.Errorf(format, args...)}
}

// Options are what a Repo needs from its caller.
type Options struct {
	// Dir is where the search for the repository starts, and what paths
	// typed by a person are relative to.
	Dir string
	// Random is the source of new draft and event ids; nil means
	// crypto/rand.
	Random io.Reader
}

// Repo is an open content repository. It is long-lived and safe for
// concurrent use: every question is answered from the branch's tip at the
// time it is asked, whoever moved the branch (cc, git, a pull).
type Repo struct {
	store  *gitstore.Store
	dir    string
	random io.Reader

	mu  sync.Mutex
	cur *View // the view of the last tip seen

	hist    sharedHistories
	reviews sharedReviews
}

// Open opens the repository that contains opts.Dir.
func Open(opts Options) (*Repo, error) {
	s, err := gitstore.Open(opts.Dir)
	if err != nil {
		return nil, err
	}
	return newRepo(s, opts), nil
}

// Create makes dir a new git repository, as git init does, and opens it.
func Create(dir string, opts Options) (*Repo, error) {
	s, err := gitstore.Init(dir)
	if err != nil {
		return nil, err
	}
	if opts.Dir == "" {
		opts.Dir = dir
	}
	return newRepo(s, opts), nil
}

func newRepo(s *gitstore.Store, opts Options) *Repo {
	if opts.Random == nil {
		opts.Random = rand.Reader
	}
	return &Repo{store: s, dir: opts.Dir, random: opts.Random}
}

// Root is the top of the work tree, "" for a bare repository.
func (r *Repo) Root() string { return r.store.Root() }

// Bare reports whether the repository has no work tree.
func (r *Repo) Bare() bool { return r.store.Bare() }

// View returns the repository as it is at the tip of the current branch
// now. A view whose commit is still the tip is reused, with what it has
// read and cached; after the branch moved, a new one is made.
func (r *Repo) View() (*View, error) {
	head, err := r.store.Head()
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	cur := r.cur
	r.mu.Unlock()
	if cur != nil && cur.head == head {
		return cur, nil
	}
	snap, err := r.store.Snapshot(head.Commit)
	if err != nil {
		return nil, err
	}
	v, err := r.viewOf(snap)
	if err != nil {
		return nil, err
	}
	v.head = head
	r.mu.Lock()
	r.cur = v
	r.mu.Unlock()
	return v, nil
}

// viewOf makes the view of snap, with the configuration committed there.
func (r *Repo) viewOf(snap *gitstore.Snapshot) (*View, error) {
	cfg, err := loadConfig(snap)
	if err != nil {
		return nil, err
	}
	return &View{r: r, snap: snap, config: cfg}, nil
}

// loadConfig reads .cc/config.yaml from a commit; a repository without one
// uses the defaults.
func loadConfig(snap *gitstore.Snapshot) (review.Config, error) {
	data, err := readFileLimited(snap, review.ConfigPath)
	if isNotExist(err) {
		return review.DefaultConfig(), nil
	}
	if err != nil {
		return review.Config{}, err
	}
	return review.ParseConfig(review.ConfigPath, data)
}

// Actor is who performs an action, and when: the event's author and time,
// and the commit's author and committer.
type Actor struct {
	Author, Committer review.Person
	// Now is when the action happens: the event's time and id.
	Now time.Time
	// AuthorTime and CommitTime are the commit's dates; zero means Now.
	// GIT_AUTHOR_DATE and GIT_COMMITTER_DATE set them apart from Now.
	AuthorTime, CommitTime time.Time
	// Sign, when not nil, signs every event the action records: it gets
	// the event's payload (review.Payload) and returns the armored SSH
	// signature for its signature field. An error aborts the action with
	// nothing committed. nil records unsigned events.
	Sign func(payload []byte) (string, error)
}

// GitIdentity is the actor git would record for a commit made at now:
// GIT_AUTHOR_*/GIT_COMMITTER_* first, then the repository's, the global
// and the system config.
func (r *Repo) GitIdentity(now time.Time) (Actor, error) {
	author, committer, err := r.store.Identity(now)
	if err != nil {
		return Actor{}, err
	}
	return Actor{
		Author:     review.Person{Name: author.Name, Email: author.Email},
		Committer:  review.Person{Name: committer.Name, Email: committer.Email},
		Now:        now,
		AuthorTime: author.When, CommitTime: committer.When,
	}, nil
}

func (a Actor) commitOptions() gitstore.CommitOptions {
	at, ct := a.AuthorTime, a.CommitTime
	if at.IsZero() {
		at = a.Now
	}
	if ct.IsZero() {
		ct = a.Now
	}
	return gitstore.CommitOptions{
		Author:    gitstore.Signature{Name: a.Author.Name, Email: a.Author.Email, When: at},
		Committer: gitstore.Signature{Name: a.Committer.Name, Email: a.Committer.Email, When: ct},
	}
}

// GitConfig returns a value of the repository's git configuration (local,
// global, system and includes, as git reads them).
func (r *Repo) GitConfig(key string) (string, bool, error) { return r.store.ConfigValue(key) }

// GitDir is the repository's git directory (a linked worktree's own).
func (r *Repo) GitDir() string { return r.store.GitDir() }

// WorktreeFile reads a work-tree file by repository path.
func (r *Repo) WorktreeFile(p string) ([]byte, error) { return r.store.ReadWorktreeFile(p) }

// repoPath turns a path typed relative to the caller's folder into a
// repository path, when it lies inside the work tree.
func (r *Repo) repoPath(p string) (string, bool) {
	root := r.store.Root()
	if root == "" {
		return "", false
	}
	abs := p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(r.dir, p)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == "." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || rel == ".." {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
