package serve

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// hub hands the branch's tip to every open page.
type hub struct {
	mu      sync.Mutex
	clients map[chan string]bool
}

func (h *hub) add() chan string {
	c := make(chan string, 1)
	h.mu.Lock()
	if h.clients == nil {
		h.clients = map[chan string]bool{}
	}
	h.clients[c] = true
	h.mu.Unlock()
	return c
}

func (h *hub) remove(c chan string) {
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
}

// broadcast tells every client the new tip. A client that has not taken
// the last one yet gets this one instead: only the latest tip matters.
func (h *hub) broadcast(tip string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case <-c:
		default:
		}
		c <- tip
	}
}

// keepAlive is how often an idle event stream gets a comment line, so
// proxies and browsers do not close it.
const keepAlive = 20 * time.Second

// events is the server-sent event stream: "tip" with the commit, first
// the current one, then each new one.
func (s *Server) events(w http.ResponseWriter, req *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming not supported", http.StatusInternalServerError)
		return
	}
	c := s.hub.add()
	defer s.hub.remove(c)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	tip, err := s.tip()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	fmt.Fprintf(w, "retry: 1000\nevent: tip\ndata: %s\n\n", tip)
	flusher.Flush()
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	sent := tip
	for {
		select {
		case tip := <-c:
			if tip == sent {
				continue // the tip this stream started with
			}
			sent = tip
			fmt.Fprintf(w, "event: tip\ndata: %s\n\n", tip)
		case <-tick.C:
			fmt.Fprint(w, ": ping\n\n")
		case <-req.Context().Done():
			return
		case <-s.done:
			return
		}
		flusher.Flush()
	}
}
