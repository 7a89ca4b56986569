// Package content owns what a draft is made of: its front matter (YAML or
// TOML), its id, its slug and path rules, and its rendering to HTML. Text
// anchoring lives in this package too (anchor*.go).
//
// content does no I/O of its own: it takes bytes and values and returns
// values. Time and randomness are passed in. It must not import cmd, review,
// gitstore or go-git; review imports content, never the other way round.
//
// Rewrites go through the yaml.v3 node API or, for TOML, through a single
// line, and are checked by parsing the result again, so a rewrite either
// keeps every other key as it was or fails without changing the draft.
package content
