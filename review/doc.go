// Package review owns what a review is: the event files under
// .cc/reviews/<draft-id>/ (their format, parsing and canonical encoding, ids
// and Lamport clocks), and folding a draft's events into threads, messages
// and their state. Workflow, approvals and policy are decided here too, from
// the same events and from .cc/config.yaml.
//
// review is pure logic. It does no I/O: callers pass file contents in as
// bytes and get values back; time and randomness are passed in. It may
// import content (anchors, draft ids) and never imports cmd, gitstore,
// go-git or anything else that touches a repository.
package review
