package sshsign

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/cc-content/cc/review"
)

// Signer signs with one SSH key, through the SSH agent or with a private
// key read from a file. Close it when done: it may hold the agent's socket.
type Signer struct {
	key   ssh.Signer
	name  string    // the key as the user named it, for messages
	agent io.Closer // the agent connection, nil when signing with a file
}

// agentDialTimeout bounds connecting to SSH_AUTH_SOCK; an agent answers
// locally, so a slow one is a broken one.
const agentDialTimeout = 5 * time.Second

// Load finds the signing key that keySpec names, the way git reads
// user.signingKey with gpg.format=ssh: a path to a private key file, a path
// to a public key file, or a public key literal "key::ssh-ed25519 AAAA..."
// (git's older form without "key::", starting with "ssh-", is accepted
// too). A leading ~/ is the home directory (HOME from getenv).
//
// When the SSH agent (SSH_AUTH_SOCK from getenv) holds the key, Load signs
// through the agent, as ssh-keygen -Y sign does. A public key needs the
// agent; a private key file is used directly only when the agent does not
// hold it, and one protected by a passphrase must be added to the agent
// with ssh-add first, since cc never asks for passphrases. Errors name the
// key.
func Load(keySpec string, getenv func(string) string) (*Signer, error) {
	spec := strings.TrimSpace(keySpec)
	if spec == "" {
		return nil, errors.New("no signing key: set one with git config user.signingKey <path to an ssh key>, or pass --key")
	}
	if literal, ok := keyLiteral(spec); ok {
		pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(literal))
		if err != nil {
			return nil, fmt.Errorf("signing key %q is not an ssh public key: %w", shorten(spec), err)
		}
		return fromAgent(pub, "key "+ssh.FingerprintSHA256(pub), getenv)
	}
	path := expandHome(spec, getenv)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("signing key %s: no such file", spec)
	}
	if err != nil {
		return nil, fmt.Errorf("read signing key %s: %w", spec, err)
	}
	if pub, _, _, _, err := ssh.ParseAuthorizedKey(data); err == nil {
		return fromAgent(pub, spec, getenv)
	}
	key, err := ssh.ParsePrivateKey(data)
	var missing *ssh.PassphraseMissingError
	switch {
	case errors.As(err, &missing):
		pub := missing.PublicKey
		if pub == nil {
			pub = publicKeyBeside(path)
		}
		if pub != nil {
			if s, err := fromAgent(pub, spec, getenv); err == nil {
				return s, nil
			}
		}
		next := "add it with ssh-add " + spec
		if getenv("SSH_AUTH_SOCK") == "" {
			next = "start ssh-agent (eval \"$(ssh-agent)\") and " + next
		}
		return nil, fmt.Errorf("signing key %s is protected by a passphrase and is not in the ssh agent: %s (cc does not ask for passphrases)", spec, next)
	case err != nil:
		return nil, fmt.Errorf("signing key %s is neither an ssh public key nor a private key: %w", spec, err)
	}
	if s, err := fromAgent(key.PublicKey(), spec, getenv); err == nil {
		return s, nil
	}
	return &Signer{key: key, name: spec}, nil
}

// keyLiteral reports whether spec is a key rather than a path, as git's
// is_literal_ssh_key decides, and returns the key.
func keyLiteral(spec string) (string, bool) {
	if rest, ok := strings.CutPrefix(spec, "key::"); ok {
		return rest, true
	}
	return spec, strings.HasPrefix(spec, "ssh-")
}

// shorten keeps a key literal readable in messages.
func shorten(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

func expandHome(p string, getenv func(string) string) string {
	rest, ok := strings.CutPrefix(p, "~/")
	if !ok && p != "~" {
		return p
	}
	home := getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, rest)
}

// publicKeyBeside reads path.pub, where ssh-keygen writes the public half;
// older private key formats do not hold it unencrypted.
func publicKeyBeside(path string) ssh.PublicKey {
	data, err := os.ReadFile(path + ".pub")
	if err != nil {
		return nil
	}
	pub, _, _, _, err := ssh.ParseAuthorizedKey(data)
	if err != nil {
		return nil
	}
	return pub
}

// fromAgent is a Signer that signs with pub's private half in the agent.
func fromAgent(pub ssh.PublicKey, name string, getenv func(string) string) (*Signer, error) {
	sock := getenv("SSH_AUTH_SOCK")
	if sock == "" {
		return nil, fmt.Errorf("signing key %s: its private key must be in an ssh agent, and SSH_AUTH_SOCK is not set: start ssh-agent and add the key with ssh-add", name)
	}
	conn, err := net.DialTimeout("unix", sock, agentDialTimeout)
	if err != nil {
		return nil, fmt.Errorf("signing key %s: reach the ssh agent at %s: %w", name, sock, err)
	}
	signers, err := agent.NewClient(conn).Signers()
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("signing key %s: list the ssh agent's keys: %w", name, err)
	}
	want := pub.Marshal()
	for _, s := range signers {
		if bytes.Equal(s.PublicKey().Marshal(), want) {
			return &Signer{key: s, name: name, agent: conn}, nil
		}
	}
	conn.Close()
	return nil, fmt.Errorf("signing key %s (%s) is not in the ssh agent: add its private key with ssh-add", name, ssh.FingerprintSHA256(pub))
}

// PublicKey is the key the signatures can be checked with.
func (s *Signer) PublicKey() ssh.PublicKey { return s.key.PublicKey() }

// Fingerprint is the key's SHA256 fingerprint, as ssh-keygen -l shows it.
func (s *Signer) Fingerprint() string { return ssh.FingerprintSHA256(s.key.PublicKey()) }

// Name is the key as the user gave it: its path, or for a key literal its
// fingerprint.
func (s *Signer) Name() string { return s.name }

// ViaAgent reports whether the signer signs through the SSH agent.
func (s *Signer) ViaAgent() bool { return s.agent != nil }

// Close releases the agent connection, if any.
func (s *Signer) Close() error {
	if s.agent == nil {
		return nil
	}
	err := s.agent.Close()
	s.agent = nil
	return err
}

// Sign signs payload as ssh-keygen -Y sign -n cc does (SHA-512; RSA keys
// sign with rsa-sha2-512) and returns the armored signature, the text from
// -----BEGIN SSH SIGNATURE----- to the end line and its line break, as it
// is stored in an event's signature field. The signature is checked before
// it is returned, so a misbehaving agent cannot produce a bad one.
func Sign(s *Signer, payload []byte) (string, error) {
	sig, err := sshsig.Sign(bytes.NewReader(payload), s.key, sshsig.HashSHA512, review.SignatureNamespace)
	if err != nil {
		return "", fmt.Errorf("sign with %s: %w", s.name, err)
	}
	if err := sshsig.Verify(bytes.NewReader(payload), sig, s.key.PublicKey(), sig.HashAlgorithm, review.SignatureNamespace); err != nil {
		return "", fmt.Errorf("sign with %s: the signature made does not verify: %w", s.name, err)
	}
	return string(sshsig.Armor(sig)), nil
}
