package review

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"
)

// testSigner is a fixed ed25519 key, different for each n.
func testSigner(n byte) ssh.Signer {
	s, err := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{n}, ed25519.SeedSize)))
	if err != nil {
		panic(err)
	}
	return s
}

func authorizedKey(s ssh.Signer) string {
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(s.PublicKey())))
}

func signPayload(tb testing.TB, s ssh.Signer, payload []byte, namespace string) string {
	tb.Helper()
	sig, err := sshsig.Sign(bytes.NewReader(payload), s, sshsig.HashSHA512, namespace)
	if err != nil {
		tb.Fatal(err)
	}
	return string(sshsig.Armor(sig))
}

func approval() *Event {
	return &Event{Version: 1, ID: idA, Type: TypeApprove, Draft: "k3x9q2",
		Author: Person{"Ada Lovelace", "ada@example.com"}, Time: time.Date(2026, 11, 25, 10, 4, 5, 0, time.UTC),
		Clock: 3, Blob: "3b18e512dba79e4c8300dd08aeb37f8e728b8dad"}
}

// signedEvent is an approval by ada, signed with testSigner(1), read back
// from its file.
func signedEvent(tb testing.TB) *Event {
	e := approval()
	e.Signature = signPayload(tb, testSigner(1), Payload(e), SignatureNamespace)
	got, err := ParseEvent(EventPath(e.Draft, e.ID), e.Marshal())
	if err != nil {
		tb.Fatal(err)
	}
	return got
}

func TestVerify(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	keyA, keyB := testKeyA, testKeyB
	fp := ssh.FingerprintSHA256(testSigner(1).PublicKey())
	tests := []struct {
		name    string
		signers string
		event   func(e *Event) // changes the signed event
		now     time.Time
		want    SignatureState
		problem SignatureProblem
		reason  string
	}{
		{name: "valid", signers: "ada@example.com " + keyA, want: SignatureValid},
		{name: "valid on a later line", signers: "bob@example.com " + keyA + "\n*@example.com " + keyA, want: SignatureValid},
		{name: "valid with options", signers: `*@example.com namespaces="git,cc",valid-after="20260101Z",valid-before="20270101Z" ` + keyA, want: SignatureValid},
		{name: "later line has the time", signers: "ada@example.com valid-before=\"20260101Z\" " + keyA + "\nada@example.com " + keyA, want: SignatureValid},
		{name: "unsigned", signers: "ada@example.com " + keyA, event: func(e *Event) { e.Signature = "" }, want: SignatureUnsigned},
		{name: "unknown key", signers: "ada@example.com " + keyB, problem: ProblemUnknownKey, reason: "is not in allowed_signers"},
		{name: "no signers", problem: ProblemUnknownKey},
		{name: "not a principal", signers: "bob@example.com " + keyA + "\nada@example.com " + keyB, problem: ProblemNotPrincipal, reason: "ada@example.com is not a principal of key " + fp},
		{name: "negated", signers: "*@example.com,!ada@example.com " + keyA, problem: ProblemNotPrincipal},
		{name: "principal case", signers: "Ada@example.com " + keyA, problem: ProblemNotPrincipal},
		{name: "namespaces exclude cc", signers: `ada@example.com namespaces="git,file" ` + keyA, problem: ProblemNamespaceNotAllowed, reason: `namespaces option ("git,file") excludes "cc"`},
		{name: "not yet valid", signers: `ada@example.com valid-after="20261126Z" ` + keyA, problem: ProblemNotYetValid, reason: "valid only after 2026-11-26T00:00:00Z"},
		{name: "expired", signers: `ada@example.com valid-before="202611251159Z" ` + keyA, problem: ProblemExpired, reason: "line 1 does not allow key"},
		{name: "valid-before is inclusive", signers: `ada@example.com valid-before="20261125120000Z" ` + keyA, want: SignatureValid},
		{name: "local time in now's zone", signers: `ada@example.com valid-before="202611251130" ` + keyA,
			now: time.Date(2026, 11, 25, 12, 0, 0, 0, time.FixedZone("", 3600)), problem: ProblemExpired},
		{name: "cert-authority is not used", signers: "*@example.com cert-authority " + keyA, problem: ProblemUnknownKey},
		{name: "author changed", signers: "*@example.com " + keyA, event: func(e *Event) { e.Author.Email = "eve@example.com" }, problem: ProblemMismatch, reason: "does not match the event"},
		{name: "blob changed", signers: "ada@example.com " + keyA, event: func(e *Event) { e.Blob = strings.Repeat("a", 40) }, problem: ProblemMismatch},
		{name: "draft changed", signers: "ada@example.com " + keyA, event: func(e *Event) { e.Draft = "k3x9q3" }, problem: ProblemMismatch},
		{name: "id changed", signers: "ada@example.com " + keyA, event: func(e *Event) { e.ID = idB }, problem: ProblemMismatch},
		{name: "type changed", signers: "ada@example.com " + keyA, event: func(e *Event) { e.Type = TypeRequestChanges; e.Body = "no" }, problem: ProblemMismatch},
		{name: "time changed", signers: "ada@example.com " + keyA, event: func(e *Event) { e.Time = e.Time.Add(time.Hour) }, problem: ProblemMismatch},
		{name: "wrong namespace", signers: "ada@example.com " + keyA,
			event: func(e *Event) { e.Signature = signPayload(t, testSigner(1), Payload(e), "git") }, problem: ProblemNamespace, reason: `namespace "git", not "cc"`},
		{name: "signed by another key", signers: "ada@example.com " + keyA + "\nbob@example.com " + keyB,
			event: func(e *Event) { e.Signature = signPayload(t, testSigner(2), Payload(e), "cc") }, problem: ProblemNotPrincipal},
		{name: "no author email", signers: "* " + keyA, event: func(e *Event) {
			e.Author.Email = ""
			e.Signature = signPayload(t, testSigner(1), Payload(e), "cc")
		}, problem: ProblemNotPrincipal, reason: "no email"},
		{name: "text around the block", signers: "ada@example.com " + keyA, event: func(e *Event) { e.Signature = "x\n" + e.Signature }, problem: ProblemMalformed},
		{name: "text after the block", signers: "ada@example.com " + keyA, event: func(e *Event) { e.Signature += "x\n" }, problem: ProblemMalformed, reason: "besides"},
		{name: "two blocks", signers: "ada@example.com " + keyA, event: func(e *Event) { e.Signature += e.Signature }, problem: ProblemMalformed},
		{name: "not armor", signers: "ada@example.com " + keyA, event: func(e *Event) { e.Signature = "U1NIU0lH" }, problem: ProblemMalformed},
		{name: "PGP armor", signers: "ada@example.com " + keyA, event: func(e *Event) {
			e.Signature = strings.ReplaceAll(e.Signature, "SSH SIGNATURE", "PGP SIGNATURE")
		}, problem: ProblemMalformed},
		{name: "bad base64", signers: "ada@example.com " + keyA, event: func(e *Event) {
			e.Signature = "-----BEGIN SSH SIGNATURE-----\n!!!!\n-----END SSH SIGNATURE-----\n"
		}, problem: ProblemMalformed},
		{name: "truncated", signers: "ada@example.com " + keyA, event: func(e *Event) {
			e.Signature = "-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n-----END SSH SIGNATURE-----\n"
		}, problem: ProblemMalformed},
		{name: "sha1 hash", signers: "ada@example.com " + keyA, event: func(e *Event) {
			e.Signature = rewrapSignature(t, e.Signature, func(s *sshsig.Signature) { s.HashAlgorithm = "sha1" })
		}, problem: ProblemMalformed, reason: "unsupported hash algorithm"},
		{name: "sha256 hash", signers: "ada@example.com " + keyA, event: func(e *Event) {
			sig, err := sshsig.Sign(bytes.NewReader(Payload(e)), testSigner(1), sshsig.HashSHA256, "cc")
			if err != nil {
				t.Fatal(err)
			}
			e.Signature = string(sshsig.Armor(sig))
		}, want: SignatureValid},
		{name: "key swapped in", signers: "ada@example.com " + keyA + "\nada@example.com " + keyB, event: func(e *Event) {
			e.Signature = rewrapSignature(t, e.Signature, func(s *sshsig.Signature) { s.PublicKey = testSigner(2).PublicKey() })
		}, problem: ProblemMismatch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			signers, err := ParseAllowedSigners("allowed_signers", []byte(tc.signers))
			if err != nil {
				t.Fatal(err)
			}
			e := signedEvent(t)
			if tc.event != nil {
				tc.event(e)
			}
			at := now
			if !tc.now.IsZero() {
				at = tc.now
			}
			v := Verify(e, signers, at)
			want := tc.want
			if want == 0 {
				want = SignatureInvalid
			}
			if v.State != want || v.Problem != tc.problem || !strings.Contains(v.Reason, tc.reason) {
				t.Errorf("got %v %q %q, want %v %q ...%s...", v.State, v.Problem, v.Reason, want, tc.problem, tc.reason)
			}
			if want == SignatureValid && (v.Fingerprint == "" || v.Line == 0 || v.Reason != "") {
				t.Errorf("valid verdict %+v", v)
			}
		})
	}
}

// A signature copied onto another event of the same author and draft does
// not verify there.
func TestVerifyCopiedSignature(t *testing.T) {
	signers, err := ParseAllowedSigners("allowed_signers", []byte("ada@example.com "+testKeyA))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	signed := signedEvent(t)
	other := approval()
	other.ID, other.Clock = idB, 4
	other.Signature = signed.Signature
	if v := Verify(other, signers, now); v.State != SignatureInvalid || v.Problem != ProblemMismatch {
		t.Errorf("copied signature: %+v", v)
	}
	other = approval()
	other.Signature = signed.Signature
	if v := Verify(other, signers, now); v.State != SignatureValid {
		t.Errorf("the same fields: %+v", v)
	}
}

// rewrapSignature changes a field of an armored signature and armors it
// again, keeping the signature bytes.
func rewrapSignature(t *testing.T, armored string, change func(*sshsig.Signature)) string {
	t.Helper()
	sig, err := sshsig.Unarmor([]byte(armored))
	if err != nil {
		t.Fatal(err)
	}
	change(sig)
	return string(sshsig.Armor(sig))
}

func FuzzVerifySignature(f *testing.F) {
	signed := signedEvent(f)
	f.Add(signed.Signature)
	f.Add("-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n-----END SSH SIGNATURE-----\n")
	f.Add("")
	f.Add("-----BEGIN SSH SIGNATURE-----")
	sig, err := sshsig.Unarmor([]byte(signed.Signature))
	if err != nil {
		f.Fatal(err)
	}
	raw := sig.Marshal()
	f.Add(base64.StdEncoding.EncodeToString(raw))
	signers, err := ParseAllowedSigners("allowed_signers", []byte(`ada@example.com namespaces="cc",valid-after="20260101" `+testKeyA+"\n*@example.com "+testKeyB))
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string) {
		e := *signed
		// As written, and as the body of an armor block, so that the fuzzer
		// reaches the signature decoder and not only the armor reader.
		for _, s := range []string{text, "-----BEGIN SSH SIGNATURE-----\n" + text + "\n-----END SSH SIGNATURE-----\n"} {
			e.Signature = s
			var v SignatureVerdict
			checkBudget(t, []byte(s), func([]byte) { v = Verify(&e, signers, now) })
			switch {
			case s == "" && v.State != SignatureUnsigned:
				t.Fatalf("empty signature: %+v", v)
			case s != "" && v.State == SignatureUnsigned:
				t.Fatalf("%q: unsigned", s)
			case v.State == SignatureInvalid && (v.Problem == "" || v.Reason == ""):
				t.Fatalf("%q: invalid without a reason: %+v", s, v)
			}
		}
	})
}

// Certificates are refused both as signers and as allowed_signers keys.
func TestVerifyCertificate(t *testing.T) {
	ca, user := testSigner(3), testSigner(1)
	cert := &ssh.Certificate{Key: user.PublicKey(), CertType: ssh.UserCert, ValidPrincipals: []string{"ada@example.com"},
		ValidBefore: ssh.CertTimeInfinity}
	if err := cert.SignCert(rand.Reader, ca); err != nil {
		t.Fatal(err)
	}
	certSigner, err := ssh.NewCertSigner(cert, user)
	if err != nil {
		t.Fatal(err)
	}
	signers, err := ParseAllowedSigners("allowed_signers", []byte("ada@example.com "+testKeyA+"\n"+
		"ada@example.com "+authorizedKey(certSigner)+"\n*@example.com cert-authority "+authorizedKey(ca)))
	if err != nil {
		t.Fatal(err)
	}
	if len(signers.entries) != 1 || len(signers.Skipped) != 2 || !strings.Contains(signers.Skipped[0].Msg, "certificate") {
		t.Fatalf("entries %d, skipped %+v", len(signers.entries), signers.Skipped)
	}
	e := approval()
	e.Signature = signPayload(t, certSigner, Payload(e), SignatureNamespace)
	if v := Verify(e, signers, time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)); v.State != SignatureInvalid || v.Problem != ProblemCertificate {
		t.Errorf("certificate signature: %+v", v)
	}
}
