package review

import (
	"unsafe"

	"github.com/cc-content/cc/content"
)

// What DecodeSummaries allocates, from above, whatever the length of the
// fields in the file: a summary is a map slot of its key and Summary (a
// map grows to twice what it holds), a move a Move, an open thread or a
// problem a string header, and a time zone a *time.Location and its map
// slot (measured: 220 bytes). A move line can be 26 bytes and a thread 1,
// so a cache made of those would cost up to 16 times its size.
const (
	summarySlotCost = 2 * int64(unsafe.Sizeof("")+unsafe.Sizeof(Summary{}))
	moveCost        = int64(unsafe.Sizeof(Move{}))
	stringCost      = int64(unsafe.Sizeof(""))
	zoneCost        = 256
)

// summariesBudget is what decoding n bytes may allocate after the checks
// DecodeSummaries makes before it allocates: content.MemoryBudget(n), less
// one copy of the input and what the end line's totals cost. A cache over
// it is refused as damaged (cc rebuilds it): no cache cc writes for real
// drafts comes near, since each of its moves names an event, a person and
// a time in over a hundred bytes.
func summariesBudget(n, count, moves, threads int) int64 {
	return content.MemoryBudget(n) - int64(n) -
		int64(count)*summarySlotCost - int64(moves)*moveCost - int64(threads)*stringCost
}

// spend takes cost from what the decoder may still allocate, or says the
// cache is too large in structure for its size.
func (d *summaryDecoder) spend(cost int64) bool {
	d.spare -= cost
	return d.spare >= 0
}
