// Package cmd is cc's command line: the cobra commands, their flags, how
// results are printed (text for people, --json for programs), and how
// errors become exit codes.
//
// Commands are thin. Each parses its flags, calls the application layer in
// cmd/internal/repo (which opens the repository, finds drafts, reads
// reviews, records actions as commits, and answers the board, the inbox and
// the gate), and prints what it returns. A command file does not call
// another command file's helpers: what commands share is in repo, or in
// the printing helpers of output*.go, the input helpers of body.go, and
// the signing flags of sign_flags.go.
//
// It is the only package that imports cobra, and it does not import
// gitstore or go-git: the repository is repo's business. Nothing imports
// cmd but cmd/cc.
package cmd
