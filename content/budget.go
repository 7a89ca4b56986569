package content

import (
	"bytes"
	"fmt"
)

// MemoryAllowance is the fixed part of the memory bound that every parser
// of repository files in cc keeps (drafts here; event files, the config and
// allowed_signers in review): reading n bytes allocates at most
// MemoryBudget(n) = 4n + MemoryAllowance bytes, counting garbage too, or
// the input is refused as too large in structure.
//
// The fixed part is what parsing costs whatever the size of the input:
// yaml.v3's decoder and parser state, an SSH key, the TOML lexer, a few
// dozen error strings: 8 to 30 KiB. The rest of 256 KiB is room for the
// node tree of a small file, which costs a hundred times its size: a
// 2 KiB front matter block of 200 short keys and list items, or an event
// answering a hundred others. Real files of every kind fit with room to
// spare, and 256 KiB is a few percent of what the cc process itself needs.
const MemoryAllowance = 256 << 10

// MemoryBudget is how many bytes a parser may allocate to read n bytes.
func MemoryBudget(n int) int64 { return 4*int64(n) + MemoryAllowance }

// What yaml.v3 allocates, from above, measured on gopkg.in/yaml.v3 v3.0.1
// (see budget_test.go): every byte is copied into its read buffer, a token
// and a node value, and appends grow by doubling; each run of white space
// in a scalar starts a new 32-byte buffer; each node is a yaml.Node, its
// token and event, and the Go value it decodes into.
const (
	yamlByteCost = 8
	yamlRunCost  = 32
	yamlNodeCost = 320
)

// YAMLCost is an estimate, from above, of the bytes yaml.v3 allocates to
// parse data into a node tree and decode that into Go values, for callers
// that must refuse a file before yaml.v3 reads it. It counts the places a
// node may start (",", "[", "{", ": ", "- ", "? ") wherever they are, in
// scalars too: cheap and never short, at the price of refusing long prose
// sooner than yaml.v3 would need to. The rest of a line after a "#" that
// starts a comment counts as bytes only, when the line holds no quote
// character: such a "#" starts a comment, or is text inside a block or
// multi-line quoted scalar, and in neither case does a node start after
// it on that line. It stops early and returns the 1-based line where the
// estimate passed limit, or 0 when it did not.
func YAMLCost(data []byte, limit int64) (cost int64, overLine int) {
	line := 1
	blank := true    // the previous byte was white space or the start
	quoted := false  // the current line holds a quote character
	comment := false // the rest of the current line is a comment
	for i, c := range data {
		if i == 0 || data[i-1] == '\n' {
			end := bytes.IndexByte(data[i:], '\n')
			if end < 0 {
				end = len(data) - i
			}
			quoted, comment = bytes.ContainsAny(data[i:i+end], `"'`), false
		}
		cost += yamlByteCost
		switch c {
		case ' ', '\t', '\r', '\n':
			if !blank {
				cost += yamlRunCost
			}
			blank = true
			if c == '\n' {
				line++
			}
			continue
		case '#':
			comment = comment || (blank && !quoted)
		}
		if !comment {
			switch c {
			case ',':
				cost += yamlNodeCost
			case '[', '{':
				cost += 3 * yamlNodeCost // the collection, its first item and the end
			case ':', '-', '?':
				if i+1 == len(data) || isYAMLSpace(data[i+1]) || c == ':' {
					cost += 2 * yamlNodeCost // a key and its value, or an entry
				}
			}
		}
		blank = false
		if cost > limit {
			return cost, line
		}
	}
	if cost > limit {
		return cost, line
	}
	return cost, 0
}

func isYAMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// frontMatterBudget is what reading a front matter block of n bytes may
// allocate. Parse copies the whole draft and may copy it again to turn
// CRLF into LF, two times its size, which leaves the block two times its
// own.
func frontMatterBudget(n int) int64 { return MemoryBudget(n) - 2*int64(n) }

// frontMatterTooLarge is the error for a block whose structure would take
// more memory to read than frontMatterBudget allows.
func frontMatterTooLarge(line int) *frontMatterBlockError {
	return &frontMatterBlockError{line: line, err: ErrTooLarge, msg: fmt.Sprintf(
		"front matter is too large in structure to read within 2 times its size plus %d KiB "+
			"(a real page has at most a few hundred keys and list items)", MemoryAllowance>>10)}
}
