package repo

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"

	"github.com/cc-content/cc/review"
)

// testKey is a fixed ed25519 key, different for each n.
func testKey(t *testing.T, n byte) ssh.Signer {
	t.Helper()
	s, err := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{n}, ed25519.SeedSize)))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// signWith is an Actor.Sign that signs as ssh-keygen -Y sign -n cc does.
func signWith(key ssh.Signer) func([]byte) (string, error) {
	return func(payload []byte) (string, error) {
		sig, err := sshsig.Sign(bytes.NewReader(payload), key, sshsig.HashSHA512, review.SignatureNamespace)
		if err != nil {
			return "", err
		}
		return string(sshsig.Armor(sig)), nil
	}
}

func signerLine(principals string, key ssh.Signer) string {
	return principals + " " + strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key.PublicKey()))) + "\n"
}

// commitFile commits one file with plain git.
func commitFile(t *testing.T, dir, name, text string) {
	t.Helper()
	writeFile(t, dir, name, text)
	git(t, dir, "add", name)
	git(t, dir, "commit", "-q", "-m", "add "+name)
}

// readEvent reads an event file from the tip.
func readEvent(t *testing.T, r *Repo, draft, id string) *review.Event {
	t.Helper()
	p := review.EventPath(draft, id)
	data, err := r.mustView(t).ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := review.ParseEvent(p, data)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestAllowedSignersAbsentIsEmpty(t *testing.T) {
	r, _ := newContentRepo(t)
	v := r.mustView(t)
	if v.HasAllowedSigners() {
		t.Fatal("a new repository has allowed_signers")
	}
	s, err := v.AllowedSigners()
	if err != nil || len(s.Skipped) != 0 {
		t.Fatalf("AllowedSigners() = %+v, %v", s, err)
	}
	// An unsigned event is judged without the file; so is a signed one,
	// which no key is allowed to make.
	verdict, err := v.VerifyEvent(&review.Event{ID: "x"}, "", t0)
	if err != nil || verdict.State != review.SignatureUnsigned {
		t.Fatalf("unsigned: %+v, %v", verdict, err)
	}
}

func TestAllowedSignersMalformedNamesFileAndLine(t *testing.T) {
	r, dir := newContentRepo(t)
	commitFile(t, dir, AllowedSignersPath, signerLine("ada@example.com", testKey(t, 1))+"# ok\ngrace@example.com ssh-ed25519 not-base64!\n")
	v := r.mustView(t)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = v.AllowedSigners()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		var fe *review.FileError
		if !errors.As(err, &fe) || fe.Path != AllowedSignersPath || fe.Line != 3 {
			t.Fatalf("error = %v, want one naming %s:3", err, AllowedSignersPath)
		}
	}
	if _, err := v.VerifyEvent(&review.Event{Signature: "x"}, "", t0); err == nil || !strings.Contains(err.Error(), AllowedSignersPath+":3") {
		t.Fatalf("a signed event was judged with a malformed allowed_signers: %v", err)
	}
}

func TestSignedApprovalVerifies(t *testing.T) {
	r, dir := newContentRepo(t)
	made, err := r.NewDraft(as(ada, t0), NewDraft{Title: "Launch plan", Body: []byte("We launch in March.\n")})
	if err != nil {
		t.Fatal(err)
	}
	id := made.Entry.ID
	if _, err := r.Submit(as(ada, t0), id, ReviewRequest{}, ""); err != nil {
		t.Fatal(err)
	}
	key := testKey(t, 1)
	signed := as(grace, t0.Add(time.Hour))
	signed.Sign = signWith(key)
	rec, err := r.Approve(signed, id, "Good.")
	if err != nil {
		t.Fatal(err)
	}
	ev := readEvent(t, r, id, rec.Event.ID)
	if ev.Signature == "" || ev.Signature != rec.Event.Signature {
		t.Fatalf("the committed approval is not signed as recorded: %q vs %q", ev.Signature, rec.Event.Signature)
	}

	// Without allowed_signers the key is unknown.
	now := t0.Add(2 * time.Hour)
	verdict, err := r.mustView(t).EventSignature(id, ev.ID, now)
	if err != nil || verdict.State != review.SignatureInvalid || verdict.Problem != review.ProblemUnknownKey {
		t.Fatalf("before allowed_signers: %+v, %v", verdict, err)
	}
	if n := signedOf(t, r, id, now); n != 0 {
		t.Fatalf("signed approvals before allowed_signers = %d", n)
	}

	commitFile(t, dir, AllowedSignersPath, signerLine("grace@example.com", key))
	v := r.mustView(t)
	verdict, err = v.EventSignature(id, ev.ID, now)
	if err != nil || verdict.State != review.SignatureValid || verdict.Fingerprint != ssh.FingerprintSHA256(key.PublicKey()) {
		t.Fatalf("after allowed_signers: %+v, %v", verdict, err)
	}
	if n := signedOf(t, r, id, now); n != 1 {
		t.Fatalf("signed approvals = %d; want 1", n)
	}
	verdict, ok, err := v.CommitSignature(rec.Commit, now)
	if err != nil || !ok || verdict.State != review.SignatureValid {
		t.Fatalf("CommitSignature(approve) = %+v, %v, %v", verdict, ok, err)
	}
	if _, ok, err := v.CommitSignature(made.Commit, now); err != nil || ok {
		t.Fatalf("CommitSignature(draft new) = %v, %v; want no event", ok, err)
	}
	submit := strings.TrimSpace(git(t, dir, "rev-parse", rec.Commit+"^"))
	if verdict, ok, err := v.CommitSignature(submit, now); err != nil || !ok || verdict.State != review.SignatureUnsigned {
		t.Fatalf("CommitSignature(submit) = %+v, %v, %v; want unsigned", verdict, ok, err)
	}
}

func signedOf(t *testing.T, r *Repo, id string, now time.Time) int {
	t.Helper()
	board, err := r.mustView(t).Board(now, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range board {
		if d.Entry.ID == id {
			return d.SignedApprovals
		}
	}
	t.Fatalf("draft %s is not on the board", id)
	return 0
}

func TestVerdictCacheFollowsNow(t *testing.T) {
	r, dir := newContentRepo(t)
	key := testKey(t, 2)
	commitFile(t, dir, AllowedSignersPath, `ada@example.com valid-before="20261201Z" `+signerLine("", key)[1:])
	ev := &review.Event{Version: 1, ID: "01JDXY8Q2W3E4R5T6Y7U8V9W0X", Type: review.TypeComment, Draft: "k3x9q2", Author: ada, Time: t0, Clock: 1, Body: "Hi"}
	sig, err := signWith(key)(review.Payload(ev))
	if err != nil {
		t.Fatal(err)
	}
	ev.Signature = sig
	v := r.mustView(t)
	blob := strings.Repeat("a", 40)
	for _, tc := range []struct {
		now  time.Time
		want review.SignatureState
	}{{t0, review.SignatureValid}, {t0, review.SignatureValid}, {t0.AddDate(1, 0, 0), review.SignatureInvalid}, {t0, review.SignatureValid}} {
		verdict, err := v.VerifyEvent(ev, blob, tc.now)
		if err != nil || verdict.State != tc.want {
			t.Fatalf("at %s: %+v, %v; want %s", tc.now, verdict, err, tc.want)
		}
	}
}

func TestSubmitSignsEveryEvent(t *testing.T) {
	r, dir := newContentRepo(t)
	made, err := r.NewDraft(as(ada, t0), NewDraft{Title: "Launch plan", Body: []byte("We launch in March.\n")})
	if err != nil {
		t.Fatal(err)
	}
	key := testKey(t, 3)
	commitFile(t, dir, AllowedSignersPath, signerLine("ada@example.com", key))
	a := as(ada, t0)
	a.Sign = signWith(key)
	if _, err := r.Submit(a, made.Entry.ID, ReviewRequest{Reviewers: []string{grace.Email, "bob@example.com"}}, "Please."); err != nil {
		t.Fatal(err)
	}
	v := r.mustView(t)
	rv, err := v.Review(made.Entry.ID)
	if err != nil || len(rv.Events) != 3 {
		t.Fatalf("events: %d, %v; want submit and two requests", len(rv.Events), err)
	}
	for _, e := range rv.Events {
		verdict, err := v.VerifyEvent(e, "", t0)
		if err != nil || verdict.State != review.SignatureValid {
			t.Errorf("%s %s: %+v, %v", e.Type, e.ID, verdict, err)
		}
	}
}

func TestSigningFailureCommitsNothing(t *testing.T) {
	r, dir := newContentRepo(t)
	made, err := r.NewDraft(as(ada, t0), NewDraft{Title: "Launch plan", Body: []byte("We launch in March.\n")})
	if err != nil {
		t.Fatal(err)
	}
	before := git(t, dir, "rev-parse", "HEAD")
	a := as(ada, t0)
	a.Sign = func([]byte) (string, error) { return "", errors.New("signing key k: the agent refused") }
	_, err = r.Comment(a, made.Entry.ID, Comment{Body: "Hi"})
	if err == nil || !strings.Contains(err.Error(), "the agent refused") {
		t.Fatalf("error = %v", err)
	}
	if after := git(t, dir, "rev-parse", "HEAD"); after != before {
		t.Fatal("a commit was made although signing failed")
	}
	if _, err := os.Stat(filepath.Join(dir, ".cc", "reviews")); !os.IsNotExist(err) {
		t.Fatalf("an event file was written: %v", err)
	}
}

func TestSigningKey(t *testing.T) {
	r, dir := newContentRepo(t)
	if key, ok, err := r.SigningKey(); err != nil || ok || key != "" {
		t.Fatalf("unset: %q, %v, %v", key, ok, err)
	}
	git(t, dir, "config", "user.signingKey", "~/.ssh/id_ed25519.pub")
	if key, ok, err := r.SigningKey(); err != nil || !ok || key != "~/.ssh/id_ed25519.pub" {
		t.Fatalf("set: %q, %v, %v", key, ok, err)
	}
	git(t, dir, "config", "gpg.format", "ssh")
	if _, ok, err := r.SigningKey(); err != nil || !ok {
		t.Fatalf("gpg.format ssh: %v, %v", ok, err)
	}
	git(t, dir, "config", "gpg.format", "openpgp")
	if _, _, err := r.SigningKey(); err == nil || !strings.Contains(err.Error(), "gpg.format") || !strings.Contains(err.Error(), "SSH keys only") {
		t.Fatalf("gpg.format openpgp: %v", err)
	}
}
