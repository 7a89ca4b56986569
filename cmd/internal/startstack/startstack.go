package startstack

func init() { reserve(0) }

// reserve has a frame of 256 KiB, so that calling it makes the runtime
// move the main goroutine to a stack of 512 KiB, the next power of two
// with room for it. The frame is two arrays because the compiler moves a
// single local of more than 128 KiB to the heap.
//
//go:noinline
func reserve(i int) byte {
	var a, b [128 << 10]byte
	a[i], b[i] = byte(i), byte(i+1)
	return a[i/2] + b[i/3] // both arrays read, so neither is optimised away
}
