package sshsign

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/cc-content/cc/review"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// writeKey writes a new ed25519 key pair as ssh-keygen does (OpenSSH
// private key format, key.pub beside it) and returns the private key.
func writeKey(t *testing.T, path, passphrase string) ed25519.PrivateKey {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var block *pem.Block
	if passphrase == "" {
		block, err = ssh.MarshalPrivateKey(priv, "")
	} else {
		block, err = ssh.MarshalPrivateKeyWithPassphrase(priv, "", []byte(passphrase))
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	pub, err := ssh.NewPublicKey(priv.Public())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".pub", ssh.MarshalAuthorizedKey(pub), 0o644); err != nil {
		t.Fatal(err)
	}
	return priv
}

func testEvent() *review.Event {
	return &review.Event{Version: 1, ID: "01JDXY8Q2W3E4R5T6Y7U8V9W0X", Type: review.TypeApprove, Draft: "k3x9q2",
		Author: review.Person{Name: "Ada Lovelace", Email: "ada@example.com"},
		Time:   time.Date(2026, 11, 25, 10, 4, 5, 0, time.UTC), Clock: 3, Blob: "3b18e512dba79e4c8300dd08aeb37f8e728b8dad"}
}

// signAndVerify signs the test event with s and checks it with review.Verify
// after a round trip through the event file.
func signAndVerify(t *testing.T, s *Signer) {
	t.Helper()
	e := testEvent()
	sig, err := Sign(s, review.Payload(e))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sig, "-----BEGIN SSH SIGNATURE-----\n") || !strings.HasSuffix(sig, "-----END SSH SIGNATURE-----\n") {
		t.Fatalf("armor:\n%s", sig)
	}
	e.Signature = sig
	back, err := review.ParseEvent(review.EventPath(e.Draft, e.ID), e.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	signers, err := review.ParseAllowedSigners("allowed_signers", append([]byte("ada@example.com "), ssh.MarshalAuthorizedKey(s.PublicKey())...))
	if err != nil {
		t.Fatal(err)
	}
	if v := review.Verify(back, signers, time.Now()); v.State != review.SignatureValid || v.Fingerprint != s.Fingerprint() {
		t.Fatalf("verdict %+v", v)
	}
}

func TestLoadPrivateKeyFile(t *testing.T) {
	home := t.TempDir()
	writeKey(t, filepath.Join(home, "id"), "")
	s, err := Load("~/id", env(map[string]string{"HOME": home}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.ViaAgent() || s.Name() != "~/id" {
		t.Errorf("agent %v, name %q", s.ViaAgent(), s.Name())
	}
	signAndVerify(t, s)
}

// serveAgent runs an in-process agent holding keys on a unix socket and
// returns the socket's path.
func serveAgent(t *testing.T, keys ...ed25519.PrivateKey) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ccagent")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "agent.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	ring := agent.NewKeyring()
	for _, k := range keys {
		if err := ring.Add(agent.AddedKey{PrivateKey: k}); err != nil {
			t.Fatal(err)
		}
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_ = agent.ServeAgent(ring, c)
			}()
		}
	}()
	return sock
}

func TestLoadThroughAgent(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "id")
	priv := writeKey(t, key, "sesame")
	sock := serveAgent(t, priv)
	getenv := env(map[string]string{"SSH_AUTH_SOCK": sock})
	pubLine, err := os.ReadFile(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	for name, spec := range map[string]string{
		"public key file":       key + ".pub",
		"passphrase key file":   key,
		"key:: literal":         "key::" + strings.TrimSpace(string(pubLine)),
		"old literal":           strings.TrimSpace(string(pubLine)) + " comment",
		"literal with white sp": "  key::" + strings.TrimSpace(string(pubLine)) + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			s, err := Load(spec, getenv)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if !s.ViaAgent() {
				t.Error("not signing through the agent")
			}
			signAndVerify(t, s)
		})
	}

	// A key file without a passphrase is used through the agent too, when
	// the agent has it.
	plain := filepath.Join(dir, "plain")
	priv2 := writeKey(t, plain, "")
	s, err := Load(plain, env(map[string]string{"SSH_AUTH_SOCK": serveAgent(t, priv2)}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.ViaAgent() {
		t.Error("plain key in the agent: not signing through the agent")
	}
	// ... and directly when the agent does not have it or is gone.
	for _, sock := range []string{serveAgent(t), filepath.Join(dir, "no-such.sock")} {
		s, err := Load(plain, env(map[string]string{"SSH_AUTH_SOCK": sock}))
		if err != nil {
			t.Fatal(err)
		}
		if s.ViaAgent() {
			t.Error("signing through an agent that does not hold the key")
		}
		signAndVerify(t, s)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "id")
	writeKey(t, key, "sesame")
	garbage := filepath.Join(dir, "garbage")
	if err := os.WriteFile(garbage, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	emptyAgent := serveAgent(t)
	tests := []struct {
		name, spec string
		env        map[string]string
		want       []string
	}{
		{"no key", " ", nil, []string{"no signing key", "user.signingKey"}},
		{"missing file", filepath.Join(dir, "nope"), nil, []string{"signing key " + filepath.Join(dir, "nope") + ": no such file"}},
		{"missing under home", "~/nope", map[string]string{"HOME": dir}, []string{"signing key ~/nope: no such file"}},
		{"not a key", garbage, nil, []string{garbage, "neither an ssh public key nor a private key"}},
		{"passphrase, no agent", key, nil, []string{"signing key " + key + " is protected by a passphrase", "ssh-add " + key, "start ssh-agent"}},
		{"passphrase, not in agent", key, map[string]string{"SSH_AUTH_SOCK": emptyAgent}, []string{"protected by a passphrase", "ssh-add " + key}},
		{"public key, no agent", key + ".pub", nil, []string{key + ".pub", "SSH_AUTH_SOCK is not set"}},
		{"public key, agent gone", key + ".pub", map[string]string{"SSH_AUTH_SOCK": filepath.Join(dir, "gone.sock")}, []string{key + ".pub", "reach the ssh agent"}},
		{"public key, not in agent", key + ".pub", map[string]string{"SSH_AUTH_SOCK": emptyAgent}, []string{key + ".pub", "is not in the ssh agent", "ssh-add"}},
		{"bad literal", "key::ssh-ed25519 AAAA", nil, []string{`signing key "key::ssh-ed25519 AAAA" is not an ssh public key`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Load(tc.spec, env(tc.env))
			if err == nil {
				s.Close()
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}
