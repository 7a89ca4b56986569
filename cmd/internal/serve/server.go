package serve

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/cc-content/cc/cmd/internal/preview"
	"github.com/cc-content/cc/cmd/internal/repo"
)

// Options are how a Server shows its pages.
type Options struct {
	// Public lets requests name any host; otherwise only loopback names
	// are answered, so a web page cannot reach the server by pointing a
	// name of its own at 127.0.0.1 (DNS rebinding).
	Public bool
	// RemoteImages lets pages load http and https images.
	RemoteImages bool
	// Now is the clock pages are judged by (overdue reviews); nil is
	// time.Now.
	Now func() time.Time
}

// Server serves one repository's live view.
type Server struct {
	repo *repo.Repo
	opts Options
	csp  string // the Content-Security-Policy header of every answer
	hub  hub
	done chan struct{} // closed when the server shuts down

	mu    sync.Mutex
	last  string // the tip last seen
	cache *pageCache
	index *draftIndex // of the tip last seen

	indexing sync.Mutex // held while the draft index is made
}

// New makes the server of r. r keeps the history of every draft file and
// the event files of every draft from then on: a draft's first page then
// places its anchors without walking the draft's history, and reads none
// of its event files from the packs.
func New(r *repo.Repo, o Options) *Server {
	if o.Now == nil {
		o.Now = time.Now
	}
	r.ShareFileHistories()
	r.ShareReviews()
	s := &Server{repo: r, opts: o, done: make(chan struct{}), cache: newPageCache()}
	s.csp = s.pageOptions("").CSP() + "; frame-ancestors 'none'"
	return s
}

// Handler is the server's HTTP handler: GET and HEAD only.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.page(atTip, s.boardPage))
	mux.HandleFunc("GET /d/{ref...}", s.page(s.draftKey, s.draftPage))
	mux.HandleFunc("GET /h/{ref...}", s.page(atTip, s.historyPage))
	mux.HandleFunc("GET /events", s.events)
	return s.guard(mux)
}

// guard refuses what the live view never does (writing, other hosts) and
// sets the headers every answer carries.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "cc serve is read-only", http.StatusMethodNotAllowed)
			return
		}
		if host, _, err := net.SplitHostPort(req.Host); !s.opts.Public && (err != nil || !isLoopbackHost(host)) {
			http.Error(w, "cc serve answers only to 127.0.0.1 and localhost without --public", http.StatusMisdirectedRequest)
			return
		}
		h := w.Header()
		h.Set("Content-Security-Policy", s.csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		next.ServeHTTP(w, req)
	})
}

func (s *Server) pageOptions(commit string) preview.Options {
	o := preview.Options{Live: true, Commit: commit}
	o.Render.RemoteImages = s.opts.RemoteImages
	return o
}

// view is the repository at the branch's tip now (reading where the
// branch is costs two small files, so a page asked for right after a
// commit shows it); when the tip moved since the last look, open pages are
// told.
func (s *Server) view() (*repo.View, error) {
	v, err := s.repo.View()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	moved := v.Commit() != s.last
	if moved {
		s.last = v.Commit()
		s.index = nil
	}
	s.mu.Unlock()
	if moved {
		s.hub.broadcast(v.Commit())
	}
	return v, nil
}

func (s *Server) tip() (string, error) {
	v, err := s.view()
	if err != nil {
		return "", err
	}
	return v.Commit(), nil
}

// Serve answers on ln, and watches the branch, until ctx is done; then it
// stops taking requests, ends the event streams and waits for the pages
// being made.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	v, err := s.view()
	if err != nil {
		return err
	}
	// What every draft's page needs is made before the first request is
	// taken, so that no page waits on it; requests made meanwhile wait in
	// the listener's queue. Only the first start on a repository makes
	// the file histories from the whole history; later starts read them
	// from the cache and the commits since.
	_, _ = s.draftIndex(v)       // a page that needs it reports what failed
	_ = v.PrepareFileHistories() // without them, each draft's history is walked on its own
	_ = v.PrepareReviews()       // without them, each page reads its draft's events
	w, err := s.watch()
	if err != nil {
		return err
	}
	defer w.Close()
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	srv.RegisterOnShutdown(func() { close(s.done) })
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Pages are made in milliseconds and the event streams end at once;
	// what may be left is a connection a browser opened ahead of need and
	// never used, which Shutdown would wait 5s for.
	shutdown, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err = srv.Shutdown(shutdown)
	if errors.Is(err, context.DeadlineExceeded) {
		err = srv.Close()
	}
	if err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
