package cmd

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/serve"
)

type serveOptions struct {
	Addr         string
	Public       bool
	RemoteImages bool
}

func newServeCmd(f *Factory) *cobra.Command {
	opts := &serveOptions{}
	c := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:PORT]",
		Short: "Serve the board and every draft as live pages that update when the branch moves",
		Long: `Serve a live view of the repository: the board at /, each draft at /d/<id>
(its text with the open threads beside their words, as cc preview makes it),
and each draft's history with what every commit changed at /h/<id>.

When the branch moves (a cc command, a git commit, a git pull, a cc sync),
every open page takes its new version within a second, in place, keeping
the reader's scroll position; the server watches the git directory and tells
the pages with server-sent events.

The view is read-only, and every page carries the Content-Security-Policy of
cc preview. It listens on loopback only, unless --public is given for
another address; with --addr 127.0.0.1:0 it picks a free port. The address
is printed on stderr. Ctrl-C stops it.`,
		Example: `  cc serve
  cc serve --addr 127.0.0.1:8080
  cc serve --addr 0.0.0.0:8080 --public`,
		Args: exactArgs(),
		RunE: func(c *cobra.Command, args []string) error {
			if err := serve.CheckAddr(opts.Addr, opts.Public); err != nil {
				return &usageError{err: err}
			}
			return serveRun(c.Context(), f, opts)
		},
	}
	c.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:7070", "listen on `HOST:PORT`")
	c.Flags().BoolVar(&opts.Public, "public", false, "allow an address other machines can reach")
	c.Flags().BoolVar(&opts.RemoteImages, "remote-images", false, "let pages load http and https images")
	return c
}

func serveRun(ctx context.Context, f *Factory, opts *serveOptions) error {
	r, err := f.Repo()
	if err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("--addr: %w", err)
	}
	tuneGCForServer()
	s := serve.New(r, serve.Options{Public: opts.Public, RemoteImages: opts.RemoteImages, Now: f.Now})
	fmt.Fprintf(f.IO.ErrOut, "Serving http://%s/ (Ctrl-C stops)\n", ln.Addr())
	if err := s.Serve(ctx, ln); err != nil {
		return err
	}
	fmt.Fprintln(f.IO.ErrOut, "Stopped.")
	return nil
}
