// Package notifytest runs, for tests, the servers cc notify talks to: an
// incoming webhook and an SMTP server with STARTTLS, both real and on
// 127.0.0.1, as net/http/httptest does for HTTP. Only tests import it; it
// imports nothing of cc.
package notifytest
