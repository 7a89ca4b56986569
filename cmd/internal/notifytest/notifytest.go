package notifytest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// TB is what the servers need of a test: testing.TB has it, and so can a
// testscript command.
type TB interface {
	Helper()
	Fatal(args ...any)
	Cleanup(func())
}

// Webhook is an incoming webhook on 127.0.0.1 that keeps the text of
// every Slack-format message posted to it; it refuses anything else.
type Webhook struct {
	*httptest.Server
	mu   sync.Mutex
	text []string
}

// NewWebhook starts a webhook server, closed when the test ends.
func NewWebhook(t TB) *Webhook {
	w := &Webhook{}
	w.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		var msg struct {
			Text string `json:"text"`
		}
		if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" || json.NewDecoder(req.Body).Decode(&msg) != nil || msg.Text == "" {
			http.Error(rw, "invalid_payload", http.StatusBadRequest)
			return
		}
		w.mu.Lock()
		w.text = append(w.text, msg.Text)
		w.mu.Unlock()
		io.WriteString(rw, "ok")
	}))
	t.Cleanup(w.Close)
	return w
}

// Messages are the texts posted so far, in order.
func (w *Webhook) Messages() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.text...)
}

// Mail is one message the SMTP server accepted.
type Mail struct {
	From, To string
	User     string // who authenticated
	TLS      bool   // whether it came after STARTTLS
	Data     string
}

// SMTP is a small real SMTP server on 127.0.0.1: EHLO, STARTTLS with a
// self-signed certificate, AUTH PLAIN (offered and accepted only over
// TLS), MAIL, RCPT, DATA, RSET, NOOP, QUIT. It takes mail only from a
// client that authenticated as user with pass.
type SMTP struct {
	Addr  string
	Roots *x509.CertPool // trusts the server's certificate
	PEM   []byte         // the certificate, for SSL_CERT_FILE
	user  string
	pass  string
	mu    sync.Mutex
	mails []Mail
}

// NewSMTP starts an SMTP server, closed when the test ends.
func NewSMTP(t TB, user, pass string) *SMTP {
	t.Helper()
	cert, roots, pemBytes := selfSigned(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s := &SMTP{Addr: ln.Addr().String(), Roots: roots, PEM: pemBytes, user: user, pass: pass}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c, cfg)
		}
	}()
	return s
}

// Received are the mails accepted so far, in order.
func (s *SMTP) Received() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mails...)
}

func (s *SMTP) serve(c net.Conn, cfg *tls.Config) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	r, w := bufio.NewReader(c), bufio.NewWriter(c)
	say := func(lines ...string) {
		for _, l := range lines {
			w.WriteString(l + "\r\n")
		}
		w.Flush()
	}
	var m Mail
	authed := false
	say("220 127.0.0.1 ESMTP test")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(cmd, " ", 2)[0])
		switch {
		case verb == "EHLO":
			if m.TLS {
				say("250-127.0.0.1", "250 AUTH PLAIN")
			} else {
				say("250-127.0.0.1", "250 STARTTLS")
			}
		case verb == "STARTTLS" && !m.TLS:
			say("220 go ahead")
			tc := tls.Server(c, cfg)
			if tc.Handshake() != nil {
				return
			}
			c = tc
			r, w = bufio.NewReader(tc), bufio.NewWriter(tc)
			m.TLS = true
		case verb == "AUTH" && m.TLS:
			f := strings.Fields(cmd)
			raw, err := base64.StdEncoding.DecodeString(f[len(f)-1])
			parts := strings.Split(string(raw), "\x00")
			if len(f) != 3 || !strings.EqualFold(f[1], "PLAIN") || err != nil || len(parts) != 3 || parts[1] != s.user || parts[2] != s.pass {
				say("535 authentication failed")
				continue
			}
			authed, m.User = true, parts[1]
			say("235 ok")
		case verb == "MAIL" && (authed || s.user == ""):
			m.From = strings.Trim(strings.TrimPrefix(cmd[len("MAIL"):], " FROM:"), "<>")
			say("250 ok")
		case verb == "RCPT" && m.From != "":
			m.To = strings.Trim(strings.TrimPrefix(cmd[len("RCPT"):], " TO:"), "<>")
			say("250 ok")
		case verb == "DATA" && m.To != "":
			say("354 end with .")
			var data strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				data.WriteString(strings.TrimPrefix(l, "."))
			}
			m.Data = data.String()
			s.mu.Lock()
			s.mails = append(s.mails, m)
			s.mu.Unlock()
			m = Mail{TLS: m.TLS, User: m.User}
			say("250 queued")
		case verb == "RSET" || verb == "NOOP":
			say("250 ok")
		case verb == "QUIT":
			say("221 bye")
			return
		default:
			say("503 bad sequence of commands")
		}
	}
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t TB) (tls.Certificate, *x509.CertPool, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "cc test smtp"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, pemBytes
}
