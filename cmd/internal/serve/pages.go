package serve

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/cc-content/cc/cmd/internal/preview"
	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/content"
)

// pageFresh is how long a page made for the current tip is served again:
// the tip alone does not decide a page, time does too (a review becomes
// overdue).
const pageFresh = time.Minute

// maxPages bounds the pages kept for one tip.
const maxPages = 20000

// pageCache keeps the pages made for one tip, each made once however many
// readers ask for it at the same time.
type pageCache struct {
	mu    sync.Mutex
	pages map[string]*cachedPage
}

type cachedPage struct {
	ready chan struct{}
	body  []byte
	err   error
	made  time.Time
}

func newPageCache() *pageCache { return &pageCache{pages: map[string]*cachedPage{}} }

// get returns the page under key, making it with build when it is not
// kept or is older than pageFresh.
func (c *pageCache) get(key string, now time.Time, build func() ([]byte, error)) ([]byte, error) {
	c.mu.Lock()
	p := c.pages[key]
	if p != nil {
		select {
		case <-p.ready:
			if now.Sub(p.made) > pageFresh || p.err != nil {
				p = nil
			}
		default: // being made: wait for it
		}
	}
	if p == nil {
		if len(c.pages) >= maxPages {
			c.pages = map[string]*cachedPage{}
		}
		p = &cachedPage{ready: make(chan struct{}), made: now}
		c.pages[key] = p
		c.mu.Unlock()
		p.body, p.err = build()
		close(p.ready)
		return p.body, p.err
	}
	c.mu.Unlock()
	<-p.ready
	return p.body, p.err
}

// errNotFound marks a page about a draft that is not there.
var errNotFound = errors.New("not found")

// page serves what makePage makes for the current tip, from the cache when
// it can.
func (s *Server) page(makePage func(v *repo.View, req *http.Request) ([]byte, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		v, err := s.view()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		s.mu.Lock()
		cache := s.cache
		s.mu.Unlock()
		body, err := cache.get(v.Commit()+" "+req.URL.Path, s.opts.Now(), func() ([]byte, error) { return makePage(v, req) })
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
		_, _ = w.Write(body)
	}
}

// draftIndex finds drafts by the reference in their page's address: id,
// path, or a slug only one draft has.
type draftIndex struct {
	byRef map[string]content.CatalogEntry
}

func (s *Server) findDraft(v *repo.View, ref string) (content.CatalogEntry, error) {
	s.mu.Lock()
	ix := s.index
	s.mu.Unlock()
	if ix == nil {
		drafts, err := v.Drafts()
		if err != nil {
			return content.CatalogEntry{}, err
		}
		ix = &draftIndex{byRef: make(map[string]content.CatalogEntry, 2*len(drafts))}
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
	}
	e, ok := ix.byRef[ref]
	if !ok {
		return e, fmt.Errorf("no draft %q at this commit: %w", ref, errNotFound)
	}
	return e, nil
}

func (s *Server) boardPage(v *repo.View, _ *http.Request) ([]byte, error) {
	board, err := v.Board(s.opts.Now(), false)
	if err != nil {
		return nil, err
	}
	drafts, err := v.Drafts()
	if err != nil {
		return nil, err
	}
	return preview.Board(board, len(drafts)-len(board), s.pageOptions(v.Commit()))
}

func (s *Server) draftPage(v *repo.View, req *http.Request) ([]byte, error) {
	e, err := s.findDraft(v, req.PathValue("ref"))
	if err != nil {
		return nil, err
	}
	p, err := v.Page(e, nil, s.opts.Now())
	if err != nil {
		return nil, err
	}
	o := s.pageOptions(v.Commit())
	o.Render.RawHTML = v.Config().Preview.RawHTML
	return preview.Draft(p, o)
}

// historyDepth is how many commits a history page goes back.
const historyDepth = 30

func (s *Server) historyPage(v *repo.View, req *http.Request) ([]byte, error) {
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
	return preview.History(e, versions, h.Truncated, s.pageOptions(v.Commit()))
}
