package review

import (
	"bytes"
	"encoding/pem"
	"fmt"
	"strings"
	"time"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"
)

// SignatureNamespace is the SSHSIG namespace of cc's signatures, the -n of
// ssh-keygen -Y sign and -Y verify. A signature made for git commits or
// files (other namespaces) does not count as a cc signature.
const SignatureNamespace = "cc"

// SignatureState is what Verify found.
type SignatureState int

// The states of a signature. The zero state is none of them.
const (
	SignatureUnsigned SignatureState = iota + 1 // the event has no signature
	SignatureValid                              // signed by a key allowed for the author
	SignatureInvalid                            // signed, and the signature does not count
)

func (s SignatureState) String() string {
	switch s {
	case SignatureUnsigned:
		return "unsigned"
	case SignatureValid:
		return "valid"
	case SignatureInvalid:
		return "invalid"
	}
	return fmt.Sprintf("SignatureState(%d)", int(s))
}

// SignatureProblem says why a signature does not count, as a stable code
// for --json output and tests; SignatureVerdict.Reason says it in words.
type SignatureProblem string

// The reasons a signature does not count, in the order Verify checks them.
const (
	ProblemMalformed           SignatureProblem = "malformed"             // not one SSH SIGNATURE block that parses
	ProblemCertificate         SignatureProblem = "certificate"           // made with a certificate, which cc does not accept
	ProblemNamespace           SignatureProblem = "namespace"             // made for another namespace than "cc"
	ProblemMismatch            SignatureProblem = "mismatch"              // does not verify over the event's payload
	ProblemUnknownKey          SignatureProblem = "unknown-key"           // the key is not in allowed_signers
	ProblemNotPrincipal        SignatureProblem = "not-principal"         // the author's email is not a principal of the key
	ProblemNamespaceNotAllowed SignatureProblem = "namespace-not-allowed" // the key's namespaces option excludes "cc"
	ProblemNotYetValid         SignatureProblem = "not-yet-valid"         // before the key's valid-after time
	ProblemExpired             SignatureProblem = "expired"               // after the key's valid-before time
)

// SignatureVerdict is what Verify found about one event's signature.
type SignatureVerdict struct {
	State SignatureState
	// Fingerprint is the SHA256 fingerprint of the key in the signature
	// (as ssh-keygen -l shows it), whenever the signature could be read.
	Fingerprint string
	// Line is the allowed_signers line that allowed the key, when valid.
	Line int
	// Problem and Reason say why, when the state is SignatureInvalid.
	Problem SignatureProblem
	Reason  string
}

// Verify checks e's signature against signers, with the keys' valid-after
// and valid-before times judged at now (and times written without a zone
// read in now's location, as ssh-keygen reads them in the local zone). It
// decides as ssh-keygen -Y verify -n cc -I <author email> does over
// Payload(e): the signature must be one armored SSHSIG block made in the
// "cc" namespace, it must verify over the payload, and a line of signers
// must hold its key, list the author's email among its principals, allow
// the namespace and be valid at now. The event's own time is written by its
// author and proves nothing, so callers pass the time they check at.
func Verify(e *Event, signers AllowedSigners, now time.Time) SignatureVerdict {
	if e.Signature == "" {
		return SignatureVerdict{State: SignatureUnsigned}
	}
	invalid := func(v SignatureVerdict, p SignatureProblem, format string, args ...any) SignatureVerdict {
		v.State, v.Problem, v.Reason = SignatureInvalid, p, fmt.Sprintf(format, args...)
		return v
	}
	sig, err := unarmorSignature(e.Signature)
	if err != nil {
		return invalid(SignatureVerdict{}, ProblemMalformed, "%v", err)
	}
	v := SignatureVerdict{Fingerprint: ssh.FingerprintSHA256(sig.PublicKey)}
	if isCertificate(sig.PublicKey) {
		return invalid(v, ProblemCertificate, "signed with a certificate; cc accepts plain keys only")
	}
	if sig.Namespace != SignatureNamespace {
		return invalid(v, ProblemNamespace, "signature is for namespace %q, not %q", sig.Namespace, SignatureNamespace)
	}
	if err := sshsig.Verify(bytes.NewReader(Payload(e)), sig, sig.PublicKey, sig.HashAlgorithm, SignatureNamespace); err != nil {
		return invalid(v, ProblemMismatch, "signature does not match the event: %v", err)
	}
	email := e.Author.Email
	keyBytes := sig.PublicKey.Marshal()
	var found, principal *allowedSigner
	for i := range signers.entries {
		a := &signers.entries[i]
		if !bytes.Equal(a.keyBytes, keyBytes) {
			continue
		}
		found = a
		if email == "" || matchPatternList(email, a.principals) != 1 {
			continue
		}
		if principal == nil {
			principal = a
		}
		if a.problem(now) == "" {
			v.State, v.Line = SignatureValid, a.line
			return v
		}
	}
	switch {
	case found == nil:
		return invalid(v, ProblemUnknownKey, "key %s is not in allowed_signers", v.Fingerprint)
	case email == "":
		return invalid(v, ProblemNotPrincipal, "the author has no email to match the principals of key %s", v.Fingerprint)
	case principal == nil:
		return invalid(v, ProblemNotPrincipal, "%s is not a principal of key %s in allowed_signers", email, v.Fingerprint)
	}
	p := principal.problem(now)
	var msg string
	switch p {
	case ProblemNamespaceNotAllowed:
		msg = fmt.Sprintf("its namespaces option (%q) excludes %q", *principal.namespaces, SignatureNamespace)
	case ProblemNotYetValid:
		msg = "it is valid only after " + principal.after.in(now.Location()).Format(time.RFC3339)
	case ProblemExpired:
		msg = "it was valid only until " + principal.before.in(now.Location()).Format(time.RFC3339)
	}
	return invalid(v, p, "allowed_signers line %d does not allow key %s for %s: %s", principal.line, v.Fingerprint, email, msg)
}

// problem is why the line does not allow a cc signature at now, or "".
func (a *allowedSigner) problem(now time.Time) SignatureProblem {
	if a.namespaces != nil && matchPatternList(SignatureNamespace, *a.namespaces) != 1 {
		return ProblemNamespaceNotAllowed
	}
	// Whole seconds, as OpenSSH compares them.
	sec := now.Unix()
	if a.after != nil && sec < a.after.in(now.Location()).Unix() {
		return ProblemNotYetValid
	}
	if a.before != nil && sec > a.before.in(now.Location()).Unix() {
		return ProblemExpired
	}
	return ""
}

// unarmorSignature reads a signature field: exactly one SSH SIGNATURE PEM
// block without headers, surrounded by nothing but white space.
func unarmorSignature(s string) (*sshsig.Signature, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "-----BEGIN "+sshsig.PEMType+"-----") {
		return nil, fmt.Errorf("signature is not an armored SSH signature (-----BEGIN %s-----)", sshsig.PEMType)
	}
	block, rest := pem.Decode([]byte(s))
	if block == nil || block.Type != sshsig.PEMType {
		return nil, fmt.Errorf("signature is not a well-formed %s block", sshsig.PEMType)
	}
	if len(block.Headers) > 0 || len(bytes.TrimSpace(rest)) > 0 {
		return nil, fmt.Errorf("signature has text besides its %s block", sshsig.PEMType)
	}
	sig, err := sshsig.ParseSignature(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("read signature: %w", err)
	}
	return sig, nil
}

// CommitNamespace is the namespace git signs commits in (gpg.format ssh).
const CommitNamespace = "git"

// CommitSigners returns the people an SSH-signed git commit speaks for:
// when armored (the commit's gpgsig header) verifies over payload (the
// commit without that header) in git's namespace, the literal email
// principals (no wildcards) that signers give its key, whatever their
// namespaces and validity. It is used to attribute an edit, which only
// ever adds to a draft's authors; nil when the signature does not verify
// or its key is unknown.
func CommitSigners(payload []byte, armored string, signers AllowedSigners) []string {
	sig, err := unarmorSignature(armored)
	if err != nil || sig.Namespace != CommitNamespace || isCertificate(sig.PublicKey) {
		return nil
	}
	if sshsig.Verify(bytes.NewReader(payload), sig, sig.PublicKey, sig.HashAlgorithm, CommitNamespace) != nil {
		return nil
	}
	keyBytes := sig.PublicKey.Marshal()
	var out []string
	for _, a := range signers.entries {
		if !bytes.Equal(a.keyBytes, keyBytes) {
			continue
		}
		for _, p := range strings.Split(a.principals, ",") {
			if p != "" && !strings.ContainsAny(p, "*?!") {
				out = append(out, p)
			}
		}
	}
	return out
}
