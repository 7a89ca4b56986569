// Package gitstore is cc's only door to Git. It owns the repository on disk:
// finding and opening it (normal, linked worktree or bare), reading commits,
// trees and blobs, resolving revisions and the user's identity the way git
// does, and recording a change set as exactly one commit while keeping the
// index and work tree consistent, safely next to a running git.
//
// It knows repository-relative slash paths and bytes, nothing about drafts,
// reviews or commands. It is the only package that imports go-git, and it
// must not import any other cc package (content, review, cmd).
//
// Commits are written straight into the object store and the branch is moved
// with git's own lock-file protocol, because go-git's worktree commit runs a
// full status and its reference and index writers are not safe next to a
// concurrent git (see DESIGN.md §5).
//
// Fetch and Push talk to remotes through go-git's transport clients (file,
// git://, ssh, smart HTTP); the pack a fetch brings is indexed here, as
// git index-pack does, and the pack a push sends is written here from the
// new commits' objects. Merging is not done here: a merge is a Commit with two
// parents (CommitPlan.Parents), planned by the caller.
//
// Commit calls its build function while it holds cc.lock and the index's
// index.lock, so build must be quick (git commands that need the index fail
// meanwhile) and must not call Commit itself.
package gitstore
