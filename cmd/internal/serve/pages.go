package serve

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cc-content/cc/cmd/internal/preview"
	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/content"
)

// boardFresh is how long the board is served again for one tip: time
// alone changes it too (a review becomes overdue).
const boardFresh = time.Minute

// maxPages bounds the pages kept.
const maxPages = 20000

// pageCache keeps pages by what they show, each made once however many
// readers ask for it at the same time.
type pageCache struct {
	mu    sync.Mutex
	pages map[string]*cachedPage
}

type cachedPage struct {
	ready chan struct{}
	body  []byte
	err   error
	until time.Time // served again until then; zero: for good
}

func newPageCache() *pageCache { return &pageCache{pages: map[string]*cachedPage{}} }

// get returns the page under key, making it with build when it is not
// kept or has expired. build appends the page to the buffer it is given
// and returns it, with the time the page expires.
func (c *pageCache) get(key string, now time.Time, build func(dst []byte) ([]byte, time.Time, error)) ([]byte, error) {
	c.mu.Lock()
	p := c.pages[key]
	if p != nil {
		select {
		case <-p.ready:
			if p.err != nil || !p.until.IsZero() && !now.Before(p.until) {
				p = nil
			}
		default: // being made: wait for it
		}
	}
	if p == nil {
		if len(c.pages) >= maxPages {
			c.pages = map[string]*cachedPage{}
		}
		p = &cachedPage{ready: make(chan struct{})}
		c.pages[key] = p
		c.mu.Unlock()
		buf := buildBuffers.Get().(*[]byte)
		var page []byte
		page, p.until, p.err = build((*buf)[:0])
		// The page is made in a buffer used again for the next; the copy
		// kept holds its bytes only.
		if p.err == nil {
			p.body = bytes.Clone(page)
		}
		if cap(page) <= maxBuildBuffer {
			*buf = page
			buildBuffers.Put(buf)
		}
		close(p.ready)
		return p.body, p.err
	}
	c.mu.Unlock()
	<-p.ready
	return p.body, p.err
}

// buildBuffers are the buffers pages are made in: a page made in a
// buffer of its own would leave it, and the room it had to spare, for the
// collector, once for every first visit.
var buildBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxBuildBuffer is the largest buffer kept for the next page: the page
// of a long draft is made in a buffer of its own.
const maxBuildBuffer = 1 << 20

// errNotFound marks a page about a draft that is not there.
var errNotFound = errors.New("not found")

// page serves what makePage makes for the current tip. key names the page
// in the cache: what it shows, so that a page survives a tip that did not
// change it.
func (s *Server) page(key func(v *repo.View, req *http.Request) (string, error),
	makePage func(v *repo.View, req *http.Request, dst []byte) ([]byte, time.Time, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		v, err := s.view()
		var body []byte
		if err == nil {
			var k string
			if k, err = key(v, req); err == nil {
				body, err = s.cache.get(k, s.opts.Now(), func(dst []byte) ([]byte, time.Time, error) {
					return makePage(v, req, dst)
				})
			}
		}
		switch {
		case errors.Is(err, errNotFound):
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		case err != nil:
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		// One write of a known length, not chunks.
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}
}

// atTip is the cache key of a page that is made again for every tip.
func atTip(v *repo.View, req *http.Request) (string, error) {
	return v.Commit() + " " + req.URL.Path, nil
}

// draftKey is the cache key of a draft's page: what it shows.
func (s *Server) draftKey(v *repo.View, req *http.Request) (string, error) {
	ix, err := s.draftIndex(v)
	if err != nil {
		return "", err
	}
	e, err := ix.find(req.PathValue("ref"))
	if err != nil {
		return "", err
	}
	k, err := v.PageKey(e)
	return "draft " + ix.settings + " " + k, err
}

// draftIndex finds drafts by the reference in their page's address: id,
// path, or a slug only one draft has. It is made once per tip, with the
// view's settings key.
type draftIndex struct {
	byRef    map[string]content.CatalogEntry
	settings string
}

func (ix *draftIndex) find(ref string) (content.CatalogEntry, error) {
	e, ok := ix.byRef[ref]
	if !ok {
		return e, fmt.Errorf("no draft %q at this commit: %w", ref, errNotFound)
	}
	return e, nil
}

func (s *Server) draftIndex(v *repo.View) (*draftIndex, error) {
	s.mu.Lock()
	ix := s.index
	s.mu.Unlock()
	if ix != nil {
		return ix, nil
	}
	// One request makes it; the others, asking at the same time, wait
	// for it rather than each making their own.
	s.indexing.Lock()
	defer s.indexing.Unlock()
	s.mu.Lock()
	ix = s.index
	s.mu.Unlock()
	if ix != nil {
		return ix, nil
	}
	drafts, err := v.Drafts()
	if err != nil {
		return nil, err
	}
	ix = &draftIndex{byRef: make(map[string]content.CatalogEntry, 2*len(drafts)), settings: v.SettingsKey()}
	slugs := map[string]int{}
	for _, e := range drafts {
		ix.byRef[e.Path] = e
		if e.ID != "" {
			ix.byRef[e.ID] = e
		}
		slugs[e.Slug()]++
	}
	for _, e := range drafts { // a slug names a draft when only one has it
		if _, taken := ix.byRef[e.Slug()]; !taken && slugs[e.Slug()] == 1 {
			ix.byRef[e.Slug()] = e
		}
	}
	s.mu.Lock()
	if s.last == v.Commit() {
		s.index = ix
	}
	s.mu.Unlock()
	return ix, nil
}

func (s *Server) findDraft(v *repo.View, ref string) (content.CatalogEntry, error) {
	ix, err := s.draftIndex(v)
	if err != nil {
		return content.CatalogEntry{}, err
	}
	return ix.find(ref)
}

func (s *Server) boardPage(v *repo.View, _ *http.Request, dst []byte) ([]byte, time.Time, error) {
	now := s.opts.Now()
	board, err := v.Board(now, false)
	if err != nil {
		return nil, time.Time{}, err
	}
	drafts, err := v.Drafts()
	if err != nil {
		return nil, time.Time{}, err
	}
	page := preview.Board(dst, board, len(drafts)-len(board), s.pageOptions(v.Commit()))
	return page, now.Add(boardFresh), nil
}

// draftPage is a draft's page, good until the next due time of one of
// its review requests passes (the page then says overdue).
func (s *Server) draftPage(v *repo.View, req *http.Request, dst []byte) ([]byte, time.Time, error) {
	var until time.Time
	e, err := s.findDraft(v, req.PathValue("ref"))
	if err != nil {
		return nil, until, err
	}
	now := s.opts.Now()
	p, err := v.Page(e, nil, now)
	if err != nil {
		return nil, until, err
	}
	if p.Status != nil {
		for _, r := range p.Status.Requests {
			if !r.Answered && r.Due.After(now) && (until.IsZero() || r.Due.Before(until)) {
				until = r.Due
			}
		}
	}
	// No commit on the page: it is kept for every tip that leaves the
	// draft as it is, and the live script takes any new tip as news.
	o := s.pageOptions("")
	o.Render.RawHTML = v.Config().Preview.RawHTML
	page, err := preview.AppendDraft(dst, p, o)
	return page, until, err
}

// historyDepth is how many commits a history page goes back.
const historyDepth = 30

func (s *Server) historyPage(v *repo.View, req *http.Request, dst []byte) ([]byte, time.Time, error) {
	page, err := s.history(v, req, dst)
	return page, time.Time{}, err
}

func (s *Server) history(v *repo.View, req *http.Request, dst []byte) ([]byte, error) {
	e, err := s.findDraft(v, req.PathValue("ref"))
	if err != nil {
		return nil, err
	}
	h, err := v.Log(&e, historyDepth)
	if err != nil {
		return nil, err
	}
	versions := make([]preview.Version, len(h.Commits))
	for i, c := range h.Commits {
		after, err := s.repo.FileAt(c.Commit, e.Path)
		if err != nil {
			return nil, err
		}
		// The draft before a commit is the draft at the next older
		// commit that changed it, or at its parent for the oldest.
		older := c.Commit + "~1"
		if i+1 < len(h.Commits) {
			older = h.Commits[i+1].Commit
		}
		before, err := s.repo.FileAt(older, e.Path)
		if err != nil && i+1 < len(h.Commits) {
			return nil, err
		}
		author := c.Author.Name
		if author == "" {
			author = strings.TrimSpace(c.Author.Email)
		}
		versions[i] = preview.Version{Commit: c.Commit, Subject: c.Subject, Author: author,
			Time: c.Time.Format("2006-01-02 15:04"), Before: before, After: after}
	}
	return preview.History(dst, e, versions, h.Truncated, s.pageOptions(v.Commit())), nil
}
