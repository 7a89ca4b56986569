package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"
	"gopkg.in/yaml.v3"
)

// The signed corpus of the tests: small, with a few hundred approvals.
var smallSigned = corpusOptions{drafts: 80, events: 800, commits: 120, heavy: 100, seed: 1, signed: true}

var sharedSigned testCorpus

// signedCorpus generates the small signed corpus once for the tests that
// only read it.
func signedCorpus(t *testing.T) (string, *manifest) {
	t.Helper()
	return sharedSigned.get(t, smallSigned)
}

// signedEvent is an event file with every field the payload covers.
type signedEvent struct {
	CC     int    `yaml:"cc"`
	ID     string `yaml:"id"`
	Type   string `yaml:"type"`
	Draft  string `yaml:"draft"`
	Thread string `yaml:"thread"`
	Author struct {
		Name  string `yaml:"name"`
		Email string `yaml:"email"`
	} `yaml:"author"`
	Time    string   `yaml:"time"`
	Clock   int      `yaml:"clock"`
	Answers []string `yaml:"answers"`
	Body    string   `yaml:"body"`
	Anchor  *struct {
		Quote    string `yaml:"quote"`
		Prefix   string `yaml:"prefix"`
		Suffix   string `yaml:"suffix"`
		Position int    `yaml:"position"`
		Blob     string `yaml:"blob"`
	} `yaml:"anchor"`
	Replacement string `yaml:"replacement"`
	Reviewer    string `yaml:"reviewer"`
	Assignee    string `yaml:"assignee"`
	Due         string `yaml:"due"`
	Blob        string `yaml:"blob"`
	Decision    string `yaml:"decision"`
	Followups   []struct {
		Assignee string `yaml:"assignee"`
		Due      string `yaml:"due"`
		Text     string `yaml:"text"`
	} `yaml:"followups"`
	Signature string `yaml:"signature"`
}

// payloadOf rebuilds the payload from what an event file reads back as.
func payloadOf(t *testing.T, data []byte) (signedEvent, []byte) {
	t.Helper()
	var e signedEvent
	if err := yaml.Unmarshal(data, &e); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	tm, err := time.Parse(time.RFC3339Nano, e.Time)
	if err != nil {
		t.Fatal(err)
	}
	p := payloadFields{
		version: e.CC, id: e.ID, typ: e.Type, draft: e.Draft, thread: e.Thread,
		authorName: e.Author.Name, authorEmail: e.Author.Email, time: tm.Format(time.RFC3339Nano),
		clock: e.Clock, answers: e.Answers, body: e.Body, replacement: e.Replacement,
		reviewer: e.Reviewer, assignee: e.Assignee, due: e.Due, blob: e.Blob, decision: e.Decision,
	}
	if a := e.Anchor; a != nil {
		p.anchor = &anchor{quote: a.Quote, prefix: a.Prefix, suffix: a.Suffix, position: a.Position, blob: a.Blob}
	}
	for _, f := range e.Followups {
		p.followups = append(p.followups, followup{f.Assignee, f.Due, f.Text})
	}
	return e, p.encode()
}

// approvals lists the approval files of a corpus, in path order.
func approvals(t *testing.T, dir string) []string {
	t.Helper()
	out := mustGit(t, dir, "grep", "-l", "^type: approve$", "HEAD", "--", ".cc/reviews")
	var files []string
	for _, l := range strings.Split(out, "\n") {
		files = append(files, strings.TrimPrefix(l, "HEAD:"))
	}
	return files
}

// docs/format.md's worked example of an approval's payload.
func TestPayloadOfTheFormatExample(t *testing.T) {
	e := &event{id: "01JDXY8Q2W3E4R5T6Y7U8V9W0X", typ: "approve", draft: "k3x9q2",
		author: person{"Ada Lovelace", "ada@example.com"}, time: "2026-11-25T10:04:05Z", clock: 3,
		blob: "3b18e512dba79e4c8300dd08aeb37f8e728b8dad"}
	want := "cc-event-payload 1\ncc 1:1\nid 26:01JDXY8Q2W3E4R5T6Y7U8V9W0X\ntype 7:approve\ndraft 6:k3x9q2\n" +
		"thread 0:\nauthor.name 12:Ada Lovelace\nauthor.email 15:ada@example.com\ntime 20:2026-11-25T10:04:05Z\n" +
		"clock 1:3\nanswers 1:0\nbody 0:\nanchor 1:0\nreplacement 0:\nreviewer 0:\nassignee 0:\ndue 0:\n" +
		"blob 40:3b18e512dba79e4c8300dd08aeb37f8e728b8dad\ndecision 0:\nfollowups 1:0\n"
	if got := string(e.payload()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Lists, an anchor and a body: counts, then one record per item.
	p := payloadFields{version: 1, id: "A", typ: "decide", draft: "d", answers: []string{"X", "Y"},
		body: "two\nlines\n", anchor: &anchor{quote: "q", position: 12},
		followups: []followup{{"bob", "2026-12-02", "Audience line"}, {text: "Tell sales"}}}
	want = "cc-event-payload 1\ncc 1:1\nid 1:A\ntype 6:decide\ndraft 1:d\nthread 0:\nauthor.name 0:\n" +
		"author.email 0:\ntime 0:\nclock 1:0\nanswers 1:2\nanswer 1:X\nanswer 1:Y\nbody 10:two\nlines\n\n" +
		"anchor 1:1\nanchor.quote 1:q\nanchor.prefix 0:\nanchor.suffix 0:\nanchor.position 2:12\nanchor.blob 0:\n" +
		"replacement 0:\nreviewer 0:\nassignee 0:\ndue 0:\nblob 0:\ndecision 0:\nfollowups 1:2\n" +
		"followup.assignee 3:bob\nfollowup.due 10:2026-12-02\nfollowup.text 13:Audience line\n" +
		"followup.assignee 0:\nfollowup.due 0:\nfollowup.text 10:Tell sales\n"
	if got := string(p.encode()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// Every approval of a signed corpus carries a signature by its author's key
// over the payload rebuilt from the file, and nothing else is signed.
func TestSignedCorpus(t *testing.T) {
	dir, m := signedCorpus(t)
	if !m.Signed {
		t.Error("manifest does not say the corpus is signed")
	}
	if out, err := exec.Command("git", "-C", dir, "fsck", "--strict").CombinedOutput(); err != nil {
		t.Fatalf("git fsck --strict: %v\n%s", err, out)
	}
	if st := mustGit(t, dir, "status", "--porcelain"); st != "" {
		t.Errorf("git status --porcelain is not empty:\n%s", st)
	}
	config, err := os.ReadFile(filepath.Join(dir, ".cc/config.yaml"))
	if err != nil || !strings.Contains(string(config), "\nworkflow:\n  require_signed: true\n") {
		t.Errorf("config does not require signed approvals: %v\n%s", err, config)
	}
	keys := map[string]ssh.PublicKey{}
	signersFile, err := os.ReadFile(filepath.Join(dir, allowedSignersPath))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(signersFile)), "\n") {
		if strings.HasPrefix(l, "#") {
			continue
		}
		email, rest, _ := strings.Cut(l, " ")
		opt, key, _ := strings.Cut(rest, " ")
		pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(key))
		if err != nil || opt != `namespaces="cc"` || pub.Type() != ssh.KeyAlgoED25519 {
			t.Fatalf("allowed_signers line %q: %v", l, err)
		}
		keys[email] = pub
	}
	if len(keys) != len(people) {
		t.Errorf("allowed_signers has %d keys, want one per person (%d)", len(keys), len(people))
	}
	files := approvals(t, dir)
	if len(files) < smallSigned.events/20 {
		t.Fatalf("only %d approvals", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		e, payload := payloadOf(t, data)
		if !strings.Contains(string(data), "\nsignature: |\n  -----BEGIN SSH SIGNATURE-----\n") ||
			!strings.HasSuffix(string(data), "\n  -----END SSH SIGNATURE-----\n") {
			t.Fatalf("%s: the signature is not a literal block at the end:\n%s", f, data)
		}
		sig, err := sshsig.Unarmor([]byte(e.Signature))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if sig.Namespace != "cc" || sig.HashAlgorithm != sshsig.HashSHA512 {
			t.Errorf("%s: namespace %q, hash %s", f, sig.Namespace, sig.HashAlgorithm)
		}
		pub := keys[e.Author.Email]
		if pub == nil || !bytes.Equal(pub.Marshal(), sig.PublicKey.Marshal()) {
			t.Fatalf("%s: not signed by the key of %s", f, e.Author.Email)
		}
		if err := sshsig.Verify(bytes.NewReader(payload), sig, pub, sig.HashAlgorithm, "cc"); err != nil {
			t.Fatalf("%s: %v\n%s", f, err, payload)
		}
	}
	signed := mustGit(t, dir, "grep", "-l", "^signature:", "HEAD", "--", ".cc/reviews")
	if n := len(strings.Split(signed, "\n")); n != len(files) {
		t.Errorf("%d signed events, %d approvals", n, len(files))
	}
}

// OpenSSH itself accepts the signatures, with the corpus's allowed_signers.
func TestSignedCorpusVerifiesWithSSHKeygen(t *testing.T) {
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("ssh-keygen is not on PATH; CI must have it")
		}
		t.Skip("ssh-keygen is not on PATH")
	}
	dir, _ := signedCorpus(t)
	files := approvals(t, dir)
	tmp := t.TempDir()
	step := max(1, len(files)/10)
	for i := 0; i < len(files); i += step {
		f := files[i]
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		e, payload := payloadOf(t, data)
		sigFile := filepath.Join(tmp, e.ID+".sig")
		if err := os.WriteFile(sigFile, []byte(e.Signature), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("ssh-keygen", "-Y", "verify", "-n", "cc",
			"-f", filepath.Join(dir, allowedSignersPath), "-I", e.Author.Email, "-s", sigFile)
		cmd.Stdin = bytes.NewReader(payload)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: ssh-keygen -Y verify: %v\n%s", f, err, out)
		}
		// And not for someone else.
		other := people[0].Email
		if other == e.Author.Email {
			other = people[1].Email
		}
		cmd = exec.Command("ssh-keygen", "-Y", "verify", "-n", "cc",
			"-f", filepath.Join(dir, allowedSignersPath), "-I", other, "-s", sigFile)
		cmd.Stdin = bytes.NewReader(payload)
		if err := cmd.Run(); err == nil {
			t.Errorf("%s: verifies as %s too", f, other)
		}
	}
}

// cc's own payload of an event is the one ccbench signed.
func TestSignedCorpusPayloadMatchesCC(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cc")
	}
	dir, m := signedCorpus(t)
	work := t.TempDir()
	home := filepath.Join(work, "home")
	r := &runner{work: work, log: io.Discard, env: benchEnv(home, m.Me)}
	r.findCC()
	if r.cc == "" {
		t.Skip("cc " + r.ccWhy)
	}
	if ok, why := r.ccHas([]string{"review", "payload"}); !ok {
		t.Skip(why)
	}
	files := approvals(t, dir)
	step := max(1, len(files)/5)
	for i := 0; i < len(files); i += step {
		data, err := os.ReadFile(filepath.Join(dir, files[i]))
		if err != nil {
			t.Fatal(err)
		}
		e, payload := payloadOf(t, data)
		cmd := exec.Command(r.cc, "review", "payload", e.ID)
		cmd.Dir, cmd.Env = dir, r.env
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("cc review payload %s: %v\n%s", e.ID, err, stderr.Bytes())
		}
		if !bytes.Equal(out, payload) {
			t.Errorf("cc review payload %s:\n%s\nccbench:\n%s", e.ID, out, payload)
		}
	}
}

// Signing changes only the approvals and the init commit: the same seed
// gives the same drafts and events, and the same signed repository.
func TestSignedCorpusIsDeterministic(t *testing.T) {
	_, m := signedCorpus(t)
	again := smallSigned
	again.dir = filepath.Join(t.TempDir(), "again")
	m2, err := generateCorpus(again, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if m2.Head != m.Head {
		t.Errorf("same seed, different signed corpus: %s vs %s", m2.Head, m.Head)
	}
	plain := smallSigned
	plain.dir, plain.signed = filepath.Join(t.TempDir(), "plain"), false
	m3, err := generateCorpus(plain, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if m3.Head == m.Head || m3.Heavy != m.Heavy || m3.Typical != m.Typical || m3.Signed {
		t.Errorf("signing changed more than the signatures: %+v vs %+v", m3, m)
	}
}
