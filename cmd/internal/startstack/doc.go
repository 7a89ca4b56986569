// Package startstack gives the main goroutine, at start-up, the stack that
// the package initialisers of cc's libraries grow it to anyway, in one step
// instead of eight.
//
// goldmark's GFM extension compiles patterns with {1,256} repetitions when
// its package is initialised, and regexp's compiler recurses once per
// repetition: the main goroutine's stack goes from 2 KiB to 512 KiB by
// doubling, and every doubling copies the stack and rewrites the pointers
// of each of its frames, hundreds of them, before any command runs. Growing
// it first to 512 KiB, while it holds a handful of frames, leaves one cheap
// copy: about 70 fewer page faults for every cc command, and a few tenths
// of a millisecond of CPU time (docs/BENCHMARKS.md).
//
// Go initialises packages in the order of their import paths, each once
// the packages it imports are done (the language specification, since Go
// 1.21): a package that imports nothing is initialised before every
// package whose path sorts after its own, as github.com/yuin/goldmark's
// do. So this package must import nothing, and keep a path that sorts
// before goldmark's.
package startstack
