// Package serve is cc's live view: an HTTP server that shows the board, a
// page per draft and a page per draft's history, from one long-lived
// repo.Repo, and tells open pages when the branch moves (server-sent
// events, from a watch of the git directory), so they take their new
// version in place. It only reads: nothing writes through it. Pages are
// made by package preview and kept per commit.
//
// serve must not import gitstore or the cmd package.
package serve
