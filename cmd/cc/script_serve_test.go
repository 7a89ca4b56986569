package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"syscall"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	scriptCmds["freeport"] = freePort
	scriptCmds["httpget"] = httpGet
	scriptCmds["sigterm"] = sigterm
}

// sigterm: sends SIGTERM, as a service manager stops a service, to every
// command the script runs in the background (testscript's kill knows only
// INT and KILL).
func sigterm(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: sigterm")
	}
	for _, c := range ts.BackgroundCmds() {
		if c.Process != nil {
			ts.Check(c.Process.Signal(syscall.SIGTERM))
		}
	}
}

// freeport VAR: sets VAR to a TCP port on 127.0.0.1 that is free now, for
// a server the script starts in the background.
func freePort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: freeport VAR")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	port := ln.Addr().(*net.TCPAddr).Port
	ts.Check(ln.Close())
	ts.Setenv(args[0], strconv.Itoa(port))
}

// httpget [-X METHOD] URL FILE: requests URL, waiting up to 10s for a
// server that is still starting, and writes the body to FILE. It fails on
// a status other than 200; with !, it fails on 200.
func httpGet(ts *testscript.TestScript, neg bool, args []string) {
	method := http.MethodGet
	if len(args) == 4 && args[0] == "-X" {
		method, args = args[1], args[2:]
	}
	if len(args) != 2 {
		ts.Fatalf("usage: httpget [-X METHOD] URL FILE")
	}
	req, err := http.NewRequest(method, args[0], nil)
	ts.Check(err)
	var resp *http.Response
	for deadline := time.Now().Add(10 * time.Second); ; {
		resp, err = http.DefaultClient.Do(req)
		if err == nil || !errors.Is(err, syscall.ECONNREFUSED) || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	ts.Check(err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), body, 0o644))
	ts.Logf("%s %s: %s", method, args[0], resp.Status)
	if ok := resp.StatusCode == http.StatusOK; ok == neg {
		ts.Fatalf("%s %s: %s", method, args[0], fmt.Sprint(resp.Status))
	}
}
