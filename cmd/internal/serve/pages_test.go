package serve

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

// A page is made once for readers asking at the same time, and what is
// kept holds the page's bytes, not the room its buffer had to spare.
func TestPageCacheMakesOnceAndKeepsOnlyThePage(t *testing.T) {
	c := newPageCache()
	var made sync.WaitGroup
	calls := 0
	build := func(dst []byte) ([]byte, time.Time, error) {
		calls++
		dst = append(slices.Grow(dst, 64<<10), "<p>page</p>"...)
		time.Sleep(10 * time.Millisecond) // the others ask meanwhile
		return dst, time.Time{}, nil
	}
	for range 8 {
		made.Add(1)
		go func() {
			defer made.Done()
			body, err := c.get("k", time.Now(), build)
			if err != nil || string(body) != "<p>page</p>" {
				t.Errorf("got %q, %v", body, err)
			}
		}()
	}
	made.Wait()
	if calls != 1 {
		t.Errorf("page made %d times", calls)
	}
	body, _ := c.get("k", time.Now(), build)
	if cap(body) > 1<<10 {
		t.Errorf("kept page of %d bytes holds %d", len(body), cap(body))
	}
}

// Pages are made in buffers used again for the next page: a page kept
// must not change when others are made after it.
func TestPageCacheKeepsPagesApart(t *testing.T) {
	c := newPageCache()
	page := func(i int) string { return fmt.Sprintf("<p>page %d</p>", i) }
	kept := make([][]byte, 20)
	for i := range kept {
		body, err := c.get(fmt.Sprint(i), time.Now(), func(dst []byte) ([]byte, time.Time, error) {
			return append(dst, page(i)...), time.Time{}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		kept[i] = body
	}
	for i, body := range kept {
		if string(body) != page(i) {
			t.Errorf("page %d is %q after the others were made", i, body)
		}
	}
}
