package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/cc-content/cc/cmd/internal/notifytest"
)

// notifyServersKey holds a script's notifyServers in its Values.
type notifyServersKeyType struct{}

var notifyServersKey = notifyServersKeyType{}

// notifyServers are the servers a script's cc notify sends to.
type notifyServers struct {
	hook *notifytest.Webhook
	smtp *notifytest.SMTP
}

// scriptTB lets the notifytest servers live for one script.
type scriptTB struct{ ts *testscript.TestScript }

func (s scriptTB) Helper()           {}
func (s scriptTB) Fatal(args ...any) { s.ts.Fatalf("%s", fmt.Sprint(args...)) }
func (s scriptTB) Cleanup(fn func()) { s.ts.Defer(fn) }
func servers(ts *testscript.TestScript) *notifyServers {
	return ts.Value(notifyServersKey).(*notifyServers)
}

func init() {
	// serve-notify: starts a webhook and an SMTP server (STARTTLS, user
	// cc-bot, password s3cret) on 127.0.0.1 for this script, and sets
	// WEBHOOK_URL, SMTP_URL, and SSL_CERT_FILE to a file trusting the SMTP
	// server's certificate.
	scriptCmds["serve-notify"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 0 {
			ts.Fatalf("usage: serve-notify")
		}
		s := servers(ts)
		s.hook = notifytest.NewWebhook(scriptTB{ts})
		s.smtp = notifytest.NewSMTP(scriptTB{ts}, "cc-bot", "s3cret")
		ca := filepath.Join(ts.Getenv("WORK"), "smtp-ca.pem")
		ts.Check(os.WriteFile(ca, s.smtp.PEM, 0o644))
		ts.Setenv("WEBHOOK_URL", s.hook.URL+"/services/T0/B0/x")
		ts.Setenv("SMTP_URL", "smtp://"+s.smtp.Addr)
		ts.Setenv("SSL_CERT_FILE", ca)
	}
	// received webhook|mail N [REGEXP...]: the server got N messages, and
	// each REGEXP matches one of them (a mail as "To: <rcpt>\n" + data).
	scriptCmds["received"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 2 {
			ts.Fatalf("usage: received webhook|mail N [REGEXP...]")
		}
		s := servers(ts)
		var got []string
		switch args[0] {
		case "webhook":
			got = s.hook.Messages()
		case "mail":
			for _, m := range s.smtp.Received() {
				if !m.TLS || m.User != "cc-bot" {
					ts.Fatalf("a mail came without STARTTLS and auth: %+v", m)
				}
				got = append(got, "To: <"+m.To+">\n"+m.Data)
			}
		default:
			ts.Fatalf("usage: received webhook|mail N [REGEXP...]")
		}
		if fmt.Sprint(len(got)) != args[1] {
			ts.Fatalf("%s got %d messages, want %s:\n%q", args[0], len(got), args[1], got)
		}
		for _, re := range args[2:] {
			rx, err := regexp.Compile(re)
			ts.Check(err)
			found := false
			for _, m := range got {
				found = found || rx.MatchString(m)
			}
			if !found {
				ts.Fatalf("no %s message matches %q:\n%q", args[0], re, got)
			}
		}
	}
}
