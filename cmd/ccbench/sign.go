package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"strings"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"
)

// signatureNamespace is the SSHSIG namespace of cc's signatures.
const signatureNamespace = "cc"

// allowedSignersPath is where a repository lists the keys it trusts.
const allowedSignersPath = ".cc/allowed_signers"

// signers holds one ed25519 key per person of the corpus, derived from the
// seed, so that a signed corpus is the same repository for the same seed:
// ed25519 signatures are deterministic, and so is SSHSIG over them.
type signers struct {
	byEmail map[string]ssh.Signer
}

// newSigners derives every person's key from the seed and their email.
func newSigners(seed uint64) (*signers, error) {
	s := &signers{byEmail: map[string]ssh.Signer{}}
	for _, p := range people {
		h := sha256.Sum256(fmt.Appendf(nil, "ccbench signing key\x00%d\x00%s", seed, p.Email))
		signer, err := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(h[:]))
		if err != nil {
			return nil, err
		}
		s.byEmail[p.Email] = signer
	}
	return s, nil
}

// allowedSigners is the .cc/allowed_signers file: each person's email as the
// principal of their key, for namespace cc only.
func (s *signers) allowedSigners() []byte {
	var b strings.Builder
	b.WriteString("# Keys of the benchmark corpus, derived from its seed.\n")
	for _, p := range people {
		key := ssh.MarshalAuthorizedKey(s.byEmail[p.Email].PublicKey())
		fmt.Fprintf(&b, "%s namespaces=%q %s", p.Email, signatureNamespace, key)
	}
	return []byte(b.String())
}

// sign sets e.signature: an armored SSHSIG (namespace cc, SHA-512) by the
// key of e's author over e's payload.
func (s *signers) sign(e *event) error {
	signer, ok := s.byEmail[e.author.Email]
	if !ok {
		return fmt.Errorf("no key for %s", e.author.Email)
	}
	sig, err := sshsig.Sign(bytes.NewReader(e.payload()), signer, sshsig.HashSHA512, signatureNamespace)
	if err != nil {
		return fmt.Errorf("sign event %s: %w", e.id, err)
	}
	e.signature = string(sshsig.Armor(sig))
	return nil
}
