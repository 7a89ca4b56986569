package repo

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"github.com/cc-content/cc/review"
)

// DigestText is a digest as people read it, in a webhook message or a
// mail: a line per item, oldest first, with the command to look at it.
func DigestText(d Digest, now time.Time) string {
	var b strings.Builder
	noun := "thing waits"
	if len(d.Items) != 1 {
		noun = "things wait"
	}
	fmt.Fprintf(&b, "%d %s on %s:\n", len(d.Items), noun, d.To)
	for _, it := range d.Items {
		when := ""
		if !it.Since.IsZero() {
			when = " since " + it.Since.UTC().Format("2006-01-02 15:04")
		}
		if it.Late {
			when += ", OVERDUE (due " + it.Due.UTC().Format("2006-01-02 15:04") + ")"
		} else if !it.Due.IsZero() {
			when += ", due " + it.Due.UTC().Format("2006-01-02 15:04")
		}
		ref := it.Draft.Entry.ID
		if ref == "" {
			ref = it.Draft.Entry.Path
		}
		fmt.Fprintf(&b, "- %s: %s%s (cc review show %s)\n", OneLine(it.Draft.Entry.Title), it.What, when, ref)
	}
	return b.String()
}

// Webhook posts digests to an incoming webhook in Slack's message format
// ({"text": ...}), which Mattermost, Rocket.Chat and Discord's
// Slack-compatible endpoint take too.
type Webhook struct {
	URL    string
	Client *http.Client // nil: a client with a 30 s timeout
}

// Name is how notify reports the channel.
func (w Webhook) Name() string { return "webhook" }

// Send posts one digest.
func (w Webhook) Send(d Digest, now time.Time) error {
	body, err := json.Marshal(map[string]string{"text": DigestText(d, now)})
	if err != nil {
		return err
	}
	c := w.Client
	if c == nil {
		c = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := c.Post(w.URL, "application/json", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook: %w", redactURL(err, w.URL))
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook: %s: %s", resp.Status, bytes.TrimSpace(msg))
	}
	return nil
}

// redactURL keeps a webhook's secret path out of error messages.
func redactURL(err error, raw string) error {
	u, perr := url.Parse(raw)
	if perr != nil || u.Path == "" {
		return err
	}
	return fmt.Errorf("%s", strings.ReplaceAll(err.Error(), raw, u.Scheme+"://"+u.Host+"/…"))
}

// Mailer sends digests over SMTP, always through STARTTLS with the
// server's certificate verified (against RootCAs, or the system's roots
// when nil, which honour SSL_CERT_FILE). User and Password, when set,
// authenticate with PLAIN after STARTTLS; they come from the environment.
type Mailer struct {
	Addr           string // host:port
	From           string
	User, Password string
	RootCAs        *x509.CertPool
	Timeout        time.Duration // 0: 30 s
}

// MailerFor is the mailer of an smtp://host:port URL.
func MailerFor(raw, from, user, password string) (Mailer, error) {
	if err := review.CheckChannelURL("smtp", raw); err != nil {
		return Mailer{}, err
	}
	u, _ := url.Parse(raw)
	return Mailer{Addr: u.Host, From: from, User: user, Password: password}, nil
}

// Name is how notify reports the channel.
func (m Mailer) Name() string { return "mail" }

// Send mails one digest to its person.
func (m Mailer) Send(d Digest, now time.Time) error {
	if d.To.Email == "" {
		return fmt.Errorf("mail to %s: no email address known", d.To)
	}
	timeout := m.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	conn, err := net.DialTimeout("tcp", m.Addr, timeout)
	if err != nil {
		return fmt.Errorf("smtp %s: %w", m.Addr, err)
	}
	_ = conn.SetDeadline(time.Now().Add(timeout))
	host, _, _ := net.SplitHostPort(m.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp %s: %w", m.Addr, err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); !ok {
		return fmt.Errorf("smtp %s: the server does not offer STARTTLS; cc does not send mail in the clear", m.Addr)
	}
	if err := c.StartTLS(&tls.Config{ServerName: host, RootCAs: m.RootCAs, MinVersion: tls.VersionTLS12}); err != nil {
		return fmt.Errorf("smtp %s: starttls: %w", m.Addr, err)
	}
	if m.User != "" {
		if err := c.Auth(smtp.PlainAuth("", m.User, m.Password, host)); err != nil {
			return fmt.Errorf("smtp %s: auth as %s: %w", m.Addr, m.User, err)
		}
	}
	if err := c.Mail(m.From); err != nil {
		return fmt.Errorf("smtp %s: from %s: %w", m.Addr, m.From, err)
	}
	if err := c.Rcpt(d.To.Email); err != nil {
		return fmt.Errorf("smtp %s: to %s: %w", m.Addr, d.To.Email, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp %s: %w", m.Addr, err)
	}
	if _, err := w.Write(mailMessage(m.From, d, now)); err != nil {
		return fmt.Errorf("smtp %s: %w", m.Addr, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp %s: %w", m.Addr, err)
	}
	return c.Quit()
}

// mailMessage is the RFC 5322 message of a digest. The SMTP data writer
// turns its line ends into CRLF and escapes lines that start with a dot.
func mailMessage(from string, d Digest, now time.Time) []byte {
	var b strings.Builder
	to := (&mail.Address{Name: d.To.Name, Address: d.To.Email}).String()
	fmt.Fprintf(&b, "From: %s\nTo: %s\n", from, to)
	fmt.Fprintf(&b, "Subject: %s\n", mime.QEncoding.Encode("utf-8", fmt.Sprintf("cc: %d waiting on you", len(d.Items))))
	fmt.Fprintf(&b, "Date: %s\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n", now.UTC().Format(time.RFC1123Z))
	b.WriteString(DigestText(d, now))
	return []byte(b.String())
}
