// Package repo is cc's application layer: a content repository opened once
// and asked many times. It owns what every front end of cc shares (the
// command line today; a server, sync and a notifier after it):
//
//   - opening a repository with its configuration and caches ([Open],
//     [Create]), and answering from the branch's current tip even after the
//     branch moved under a long-lived handle ([Repo.View]);
//   - finding drafts by id, id prefix, slug or path ([View.FindDraft]);
//   - reading a draft's review: events, threads and their anchors, state and
//     the policy's verdict ([View.Review], [View.Threads], [View.Board]);
//   - recording every action as exactly one commit: draft new, save, mv and
//     rm, and every review event ([Repo.NewDraft], [Repo.Comment],
//     [Repo.Approve], ...);
//   - the board, the inbox, the overdue list, the audit log and the CI gate
//     ([Repo.Check]).
//
// Time and identity are values the caller passes ([Actor], and a now
// argument on queries), so a test or a server acting for many people passes
// its own; [Repo.GitIdentity] resolves them the way git does.
//
// It does I/O only through gitstore, and composes content (drafts) and
// review (events, policy). It must not import cobra, go-git, or the cmd
// package, and it neither prints nor prompts: results are values, and
// presenting them (text, --json, HTML) is its callers' business.
package repo
