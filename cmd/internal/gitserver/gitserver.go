// Package gitserver starts real git servers on 127.0.0.1 for tests: git
// daemon for git:// and git http-backend behind net/http/cgi for smart
// HTTP, optionally behind basic authentication. It serves bare
// repositories under one folder, with pushes enabled.
//
// It is test support: only tests and the benchmark harness (ccbench)
// import it, and it imports nothing of cc.
package gitserver

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/cgi"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Server is a running server; URL + "/" + a repository's folder name
// under the base reaches it.
type Server struct {
	URL  string
	stop func()
}

// Close stops the server.
func (s *Server) Close() { s.stop() }

func execPath() (string, error) {
	out, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		return "", fmt.Errorf("git --exec-path: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// Daemon starts git daemon serving the repositories below base, with
// receive-pack enabled.
func Daemon(base string) (*Server, error) {
	dir, err := execPath()
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(dir, "git-daemon")
	for range 5 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		cmd := exec.Command(bin, "--export-all", "--enable=receive-pack", "--reuseaddr", "--informative-errors",
			"--base-path="+base, "--listen=127.0.0.1", fmt.Sprintf("--port=%d", port), base)
		if err := cmd.Start(); err != nil {
			return nil, fmt.Errorf("start %s: %w", bin, err)
		}
		exited := make(chan struct{})
		go func() { _ = cmd.Wait(); close(exited) }()
		stop := func() { _ = cmd.Process.Kill(); <-exited }
		addr := fmt.Sprintf("127.0.0.1:%d", port)
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
			select {
			case <-exited:
				deadline = time.Time{} // the port was taken meanwhile: try another
				continue
			default:
			}
			if c, err := net.Dial("tcp", addr); err == nil {
				c.Close()
				return &Server{URL: "git://" + addr, stop: stop}, nil
			}
			time.Sleep(10 * time.Millisecond)
		}
		stop()
	}
	return nil, errors.New("git daemon did not start listening")
}

// HTTP starts git http-backend serving the repositories below base over
// smart HTTP. With a user, every request must carry that user and
// password (basic authentication), as a forge asks.
func HTTP(base, user, password string) (*Server, error) {
	dir, err := execPath()
	if err != nil {
		return nil, err
	}
	backend := &cgi.Handler{
		Path: filepath.Join(dir, "git-http-backend"),
		Env: []string{"GIT_PROJECT_ROOT=" + base, "GIT_HTTP_EXPORT_ALL=1",
			"GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=http.receivepack", "GIT_CONFIG_VALUE_0=true"},
		InheritEnv: []string{"PATH", "HOME"},
	}
	h := http.Handler(backend)
	if user != "" {
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u, p, ok := r.BasicAuth()
			if !ok || u != user || p != password {
				w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
				http.Error(w, "authentication required", http.StatusUnauthorized)
				return
			}
			backend.ServeHTTP(w, r)
		})
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(l) }()
	return &Server{URL: "http://" + l.Addr().String(), stop: func() { _ = srv.Close() }}, nil
}
