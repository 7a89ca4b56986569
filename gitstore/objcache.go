package gitstore

import (
	"container/list"
	"sync"
)

// objCache is a least-recently-used cache of object bodies, bounded by
// bytes. It holds delta bases, keyed by pack and offset, so that reading
// several objects of one delta chain does not resolve the chain again, and
// trees, keyed by id, which every path lookup reads from the root down.
// Cached bodies are never handed out: readers get copies or only read them.
type objCache struct {
	mu       sync.Mutex
	max, len int
	ll       list.List // of *cacheItem, most recent first
	m        map[cacheKey]*list.Element
}

// cacheKey is (p, off) for a delta base, or (nil, 0, h) for an object by id.
type cacheKey struct {
	p   *pack
	off int64
	h   Hash
}

type cacheItem struct {
	key  cacheKey
	t    objType
	data []byte
}

func newObjCache(max int) *objCache {
	return &objCache{max: max, m: map[cacheKey]*list.Element{}}
}

func (c *objCache) get(k cacheKey) (objType, []byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.m[k]
	if !ok {
		return "", nil, false
	}
	c.ll.MoveToFront(el)
	it := el.Value.(*cacheItem)
	return it.t, it.data, true
}

// add caches data, which the caller must not modify afterwards. Bodies
// larger than a quarter of the cache are not kept.
func (c *objCache) add(k cacheKey, t objType, data []byte) {
	if len(data) > c.max/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[k]; ok {
		return
	}
	c.m[k] = c.ll.PushFront(&cacheItem{key: k, t: t, data: data})
	c.len += len(data)
	for c.len > c.max {
		el := c.ll.Back()
		it := el.Value.(*cacheItem)
		c.ll.Remove(el)
		delete(c.m, it.key)
		c.len -= len(it.data)
	}
}
