package gitstore

// What a kill -9 after each step of Commit leaves (P: the parent, C: the
// new commit), what git's advice ("remove the file manually to continue",
// then git add -A && git commit, or git commit -a) makes of it, and what
// the next cc commit does from the journal in cc.lock. Every row is safe:
// whenever the branch names C, the index already holds C's entries, so no
// lock removed by hand lets git commit a tree without cc's files.
//
//	after step          branch index         locks       git's advice, then commit    next cc
//	2 index locked      P      P             index       commits the user's changes   drops the locks
//	4 objects written   P      P             index       same; C's objects dangle     drops the locks
//	5 ref locked        P      P             index, ref  same, after removing both    drops the locks
//	6 work tree written P      P             index, ref  commits cc's files too (-a:  puts the work-tree
//	                                                     edits and deletes only); cc  files back, where
//	                                                     had reported nothing         they hold C's
//	7 index.lock filled P      P             index, ref  as after 6                   as after 6
//	8 reflogs appended  P      P             index, ref  as after 6 (the reflog names as after 6
//	                                                     C, which keeps its objects)
//	9 index renamed     P      C's entries   ref         commits C's content (staged) moves the branch
//	                                                     with the user's changes      P to C
//	10 ref renamed      C      C's entries   none        nothing of C to lose         fixes nothing;
//	                                                                                  clears the journal
//
// After step 10 Commit only checks that a concurrent git gc --prune=now
// left the commit's objects in place (keepObjects); a kill there leaves
// the state of row 10.
//
// The ref is renamed right after the index, while nothing but the ref lock
// guards the index; a git commit in that instant builds a tree from an
// index that already has C's entries, and fails on the ref lock or its
// compare with P, so it loses nothing either. What no order of these steps
// prevents is git's own race: git commit reads the index before it takes
// index.lock and writes what it read back, so one that read the index
// before step 9 and locks it after can drop C's entries, then fails on
// HEAD, exactly as it does against another git (TestGitCommitStaleIndex).
// Before step 9 the index is untouched, so a person who removes index.lock
// finds the repository as it was before cc ran, plus work-tree files of a
// commit cc never reported.
