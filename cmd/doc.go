// Package cmd holds cc's command line: the cobra commands, their flags, how
// results are printed (text for people, --json for programs), and how errors
// become exit codes.
//
// It is the only package that imports cobra. It wires the others together:
// gitstore for the repository, content for drafts, review for events and
// policy. Domain logic does not live here, and nothing imports cmd.
package cmd
