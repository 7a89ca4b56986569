package serve

import (
	"bytes"
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
	build := func() ([]byte, time.Time, error) {
		calls++
		b := bytes.NewBuffer(make([]byte, 0, 64<<10))
		b.WriteString("<p>page</p>")
		time.Sleep(10 * time.Millisecond) // the others ask meanwhile
		return b.Bytes(), time.Time{}, nil
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
