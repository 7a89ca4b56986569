package sshsign

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cc-content/cc/review"
)

// These tests hold cc to OpenSSH's own tools: what cc signs, ssh-keygen
// verifies; what ssh-keygen signs, cc verifies; and both refuse the same
// things.

// needOpenSSH skips the test when an OpenSSH tool is missing, except in CI
// (CI=true), where a missing tool must not pass for a green run.
func needOpenSSH(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed (package openssh-client); CI=true, so this fails rather than skips", tool)
			}
			t.Skipf("%s is not installed (package openssh-client)", tool)
		}
	}
}

// openssh runs OpenSSH tools in an isolated environment: its own HOME and
// no agent unless sock is set.
type openssh struct {
	t    *testing.T
	home string
	sock string
}

func newOpenSSH(t *testing.T) *openssh {
	needOpenSSH(t, "ssh-keygen")
	return &openssh{t: t, home: t.TempDir()}
}

// with is o reporting to t, for a subtest.
func (o *openssh) with(t *testing.T) *openssh {
	c := *o
	c.t = t
	return &c
}

func (o *openssh) env() []string {
	env := []string{"HOME=" + o.home, "PATH=" + os.Getenv("PATH"), "LC_ALL=C"}
	if tz, ok := os.LookupEnv("TZ"); ok {
		env = append(env, "TZ="+tz)
	}
	if o.sock != "" {
		env = append(env, "SSH_AUTH_SOCK="+o.sock)
	}
	return env
}

func (o *openssh) getenv(k string) string {
	for _, kv := range o.env() {
		if v, ok := strings.CutPrefix(kv, k+"="); ok {
			return v
		}
	}
	return ""
}

// run runs a command and returns its combined output and error.
func (o *openssh) run(stdin []byte, extraEnv []string, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = o.home
	cmd.Env = append(o.env(), extraEnv...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func (o *openssh) must(stdin []byte, extraEnv []string, name string, args ...string) string {
	o.t.Helper()
	out, err := o.run(stdin, extraEnv, name, args...)
	if err != nil {
		o.t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}

// keygen makes a key pair of type typ with passphrase and returns the path
// of the private key; the public key is beside it with .pub.
func (o *openssh) keygen(typ, passphrase string) string {
	o.t.Helper()
	path := filepath.Join(o.home, "id_"+typ)
	if passphrase != "" {
		path += "_locked"
	}
	args := []string{"-q", "-t", typ, "-N", passphrase, "-C", "", "-f", path}
	if typ == "rsa" {
		args = append(args, "-b", "2048") // the default 3072 takes seconds to make
	}
	o.must(nil, nil, "ssh-keygen", args...)
	return path
}

func (o *openssh) pub(key string) string {
	o.t.Helper()
	data, err := os.ReadFile(key + ".pub")
	if err != nil {
		o.t.Fatal(err)
	}
	return strings.TrimSpace(string(data))
}

func (o *openssh) write(name, data string) string {
	o.t.Helper()
	path := filepath.Join(o.home, name)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		o.t.Fatal(err)
	}
	return path
}

// verify runs ssh-keygen -Y verify -n cc for identity over payload and
// reports whether it accepted the signature, and what it said.
func (o *openssh) verify(allowedSigners, identity string, payload []byte, sig string) (bool, string) {
	o.t.Helper()
	signers := o.write("allowed_signers", allowedSigners)
	sigFile := o.write("payload.sig", sig)
	out, err := o.run(payload, nil, "ssh-keygen", "-Y", "verify", "-n", "cc", "-f", signers, "-I", identity, "-s", sigFile)
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		o.t.Fatalf("ssh-keygen -Y verify: %v", err)
	}
	return err == nil, out
}

// sign runs ssh-keygen -Y sign -n namespace with key over payload.
func (o *openssh) sign(key, namespace string, payload []byte) string {
	o.t.Helper()
	msg := o.write("payload", string(payload))
	os.Remove(msg + ".sig")
	o.must(nil, nil, "ssh-keygen", "-Y", "sign", "-q", "-n", namespace, "-f", key, msg)
	sig, err := os.ReadFile(msg + ".sig")
	if err != nil {
		o.t.Fatal(err)
	}
	return string(sig)
}

// startAgent starts ssh-agent on a socket of its own; the agent is killed
// when the test ends.
func (o *openssh) startAgent() {
	t := o.t
	t.Helper()
	needOpenSSH(t, "ssh-agent", "ssh-add")
	// A short path: unix socket paths are limited to about 100 bytes.
	dir, err := os.MkdirTemp("", "cc-agent")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "agent.sock")
	cmd := exec.Command("ssh-agent", "-D", "-a", sock)
	cmd.Env = o.env()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("ssh-agent did not create its socket")
		}
	}
	o.sock = sock
}

// add adds key to the agent, answering its passphrase through SSH_ASKPASS.
func (o *openssh) add(key, passphrase string) {
	o.t.Helper()
	askpass := o.write("askpass", "#!/bin/sh\necho '"+passphrase+"'\n")
	if err := os.Chmod(askpass, 0o700); err != nil {
		o.t.Fatal(err)
	}
	o.must(nil, []string{"SSH_ASKPASS=" + askpass, "SSH_ASKPASS_REQUIRE=force", "DISPLAY=none"}, "ssh-add", "-q", key)
}

func allowed(principals, pub string) string { return principals + " " + pub + "\n" }

func mustParseSigners(t *testing.T, data string) review.AllowedSigners {
	t.Helper()
	s, err := review.ParseAllowedSigners("allowed_signers", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// ccVerify checks e's signature with cc after a round trip through its file.
func ccVerify(t *testing.T, e *review.Event, signers string) review.SignatureVerdict {
	t.Helper()
	back, err := review.ParseEvent(review.EventPath(e.Draft, e.ID), e.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	return review.Verify(back, mustParseSigners(t, signers), time.Now())
}

var keyTypes = []string{"ed25519", "ecdsa", "rsa"}

func TestOpenSSHVerifiesWhatCCSigns(t *testing.T) {
	o := newOpenSSH(t)
	for _, typ := range keyTypes {
		t.Run(typ, func(t *testing.T) {
			o := o.with(t)
			key := o.keygen(typ, "")
			s, err := Load(key, o.getenv)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			e := testEvent()
			sig, err := Sign(s, review.Payload(e))
			if err != nil {
				t.Fatal(err)
			}
			ok, out := o.verify(allowed("ada@example.com", o.pub(key)), "ada@example.com", review.Payload(e), sig)
			if !ok || !strings.Contains(out, s.Fingerprint()) {
				t.Fatalf("ssh-keygen refused cc's signature:\n%s", out)
			}
			e.Signature = sig
			if v := ccVerify(t, e, allowed("ada@example.com", o.pub(key))); v.State != review.SignatureValid {
				t.Fatalf("cc refused its own signature: %+v", v)
			}
		})
	}
}

func TestCCVerifiesWhatOpenSSHSigns(t *testing.T) {
	o := newOpenSSH(t)
	for _, typ := range keyTypes {
		t.Run(typ, func(t *testing.T) {
			o := o.with(t)
			key := o.keygen(typ, "")
			e := testEvent()
			e.Signature = o.sign(key, "cc", review.Payload(e))
			v := ccVerify(t, e, allowed("ada@example.com", o.pub(key)))
			fp := o.must(nil, nil, "ssh-keygen", "-l", "-f", key+".pub")
			if v.State != review.SignatureValid || !strings.Contains(fp, v.Fingerprint) {
				t.Fatalf("cc refused ssh-keygen's signature: %+v (ssh-keygen -l: %s)", v, fp)
			}
		})
	}
}

func TestSignThroughOpenSSHAgent(t *testing.T) {
	o := newOpenSSH(t)
	o.startAgent()
	for _, typ := range keyTypes {
		t.Run(typ, func(t *testing.T) {
			o := o.with(t)
			key := o.keygen(typ, "")
			o.add(key, "")
			for _, spec := range []string{key + ".pub", "key::" + o.pub(key), key} {
				s, err := Load(spec, o.getenv)
				if err != nil {
					t.Fatal(err)
				}
				if !s.ViaAgent() {
					t.Errorf("%s: not signing through the agent", spec)
				}
				e := testEvent()
				sig, err := Sign(s, review.Payload(e))
				s.Close()
				if err != nil {
					t.Fatal(err)
				}
				if ok, out := o.verify(allowed("ada@example.com", o.pub(key)), "ada@example.com", review.Payload(e), sig); !ok {
					t.Fatalf("%s: ssh-keygen refused the agent's signature:\n%s", spec, out)
				}
			}
		})
	}

	t.Run("passphrase", func(t *testing.T) {
		o := o.with(t)
		key := o.keygen("ed25519", "open sesame")
		_, err := Load(key, o.getenv)
		if err == nil || !strings.Contains(err.Error(), "ssh-add "+key) {
			t.Fatalf("a locked key not in the agent: %v", err)
		}
		o.add(key, "open sesame")
		s, err := Load(key, o.getenv)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		e := testEvent()
		sig, err := Sign(s, review.Payload(e))
		if err != nil {
			t.Fatal(err)
		}
		if ok, out := o.verify(allowed("ada@example.com", o.pub(key)), "ada@example.com", review.Payload(e), sig); !ok || !s.ViaAgent() {
			t.Fatalf("agent %v; ssh-keygen:\n%s", s.ViaAgent(), out)
		}
	})
}

// Every refusal is a refusal for ssh-keygen too, given the payload of the
// event as cc reads it.
func TestFailuresAgreeWithOpenSSH(t *testing.T) {
	o := newOpenSSH(t)
	key, other := o.keygen("ed25519", ""), o.keygen("ecdsa", "")
	signed := testEvent()
	signed.Signature = o.sign(key, "cc", review.Payload(signed))
	ada := allowed("ada@example.com", o.pub(key))
	tests := []struct {
		name    string
		signers string
		change  func(e *review.Event)
		problem review.SignatureProblem
	}{
		{"wrong namespace", ada, func(e *review.Event) { e.Signature = o.sign(key, "git", review.Payload(e)) }, review.ProblemNamespace},
		{"author changed", ada + allowed("eve@example.com", o.pub(key)), func(e *review.Event) { e.Author = review.Person{Name: "Eve", Email: "eve@example.com"} }, review.ProblemMismatch},
		{"blob changed", ada, func(e *review.Event) { e.Blob = strings.Repeat("0", 40) }, review.ProblemMismatch},
		{"draft changed", ada, func(e *review.Event) { e.Draft = "zzzzzz" }, review.ProblemMismatch},
		{"type changed", ada, func(e *review.Event) { e.Type, e.Body, e.Blob = review.TypeRequestChanges, "No.", "" }, review.ProblemMismatch},
		{"copied to another event", ada, func(e *review.Event) { e.ID, e.Clock = "01JDXY9A2W3E4R5T6Y7U8V9W0Y", 4 }, review.ProblemMismatch},
		{"unknown key", allowed("ada@example.com", o.pub(other)), nil, review.ProblemUnknownKey},
		{"author not a principal", allowed("bob@example.com", o.pub(key)), nil, review.ProblemNotPrincipal},
		{"principal of another key only", allowed("bob@example.com", o.pub(key)) + allowed("ada@example.com", o.pub(other)), nil, review.ProblemNotPrincipal},
		{"namespaces exclude cc", `ada@example.com namespaces="git" ` + o.pub(key) + "\n", nil, review.ProblemNamespaceNotAllowed},
		{"expired", `ada@example.com valid-before="20200101" ` + o.pub(key) + "\n", nil, review.ProblemExpired},
		{"not yet valid", `ada@example.com valid-after="20990101Z" ` + o.pub(key) + "\n", nil, review.ProblemNotYetValid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := o.with(t)
			e := *signed
			if tc.change != nil {
				tc.change(&e)
			}
			v := ccVerify(t, &e, tc.signers)
			if v.State != review.SignatureInvalid || v.Problem != tc.problem || v.Reason == "" {
				t.Errorf("cc: %+v, want %s", v, tc.problem)
			}
			if ok, out := o.verify(tc.signers, e.Author.Email, review.Payload(&e), e.Signature); ok {
				t.Errorf("ssh-keygen accepts what cc refuses:\n%s", out)
			}
		})
	}
	if ok, out := o.verify(ada, "ada@example.com", review.Payload(signed), signed.Signature); !ok {
		t.Fatalf("the untouched event does not verify:\n%s", out)
	}
}

// cc reads allowed_signers lines as ssh-keygen does: each line is judged by
// both for the same signature.
func TestAllowedSignersAgreeWithOpenSSH(t *testing.T) {
	o := newOpenSSH(t)
	key := o.keygen("ed25519", "")
	pub := o.pub(key)
	e := testEvent()
	e.Signature = o.sign(key, "cc", review.Payload(e))
	lines := []string{
		"ada@example.com " + pub,
		"ada@example.com " + pub + " a comment with words",
		"  ada@example.com\t" + pub,
		"*@example.com " + pub,
		"bob@example.com,ada@example.com " + pub,
		"*@example.com,!ada@example.com " + pub,
		"!ada@example.com,* " + pub,
		"bob@example.com " + pub,
		"a?a@example.com " + pub,
		"a?@example.com " + pub,
		"Ada@example.com " + pub,
		`"ada@example.com" ` + pub,
		`ada@example.com namespaces="cc" ` + pub,
		`ada@example.com NAMESPACES="git,cc" ` + pub,
		`ada@example.com namespaces="c*" ` + pub,
		`ada@example.com namespaces="git" ` + pub,
		`ada@example.com namespaces="!cc,*" ` + pub,
		`ada@example.com namespaces=cc ` + pub,
		`ada@example.com namespaces="cc",namespaces="cc" ` + pub,
		`ada@example.com ,namespaces="cc" ` + pub,
		`ada@example.com namespaces="cc", ` + pub,
		`ada@example.com valid-after="20200101" ` + pub,
		`ada@example.com valid-after="20200101Z" ` + pub,
		`ada@example.com valid-after="202001011230UTC" ` + pub,
		`ada@example.com valid-after="20990101" ` + pub,
		`ada@example.com valid-before="20990101123000" ` + pub,
		`ada@example.com valid-before="20200101" ` + pub,
		`ada@example.com valid-after="20200101",valid-before="20990101" ` + pub,
		`ada@example.com valid-after="20990101",valid-before="20200101" ` + pub,
		`ada@example.com valid-after="2020" ` + pub,
		`ada@example.com cert-authority ` + pub,
		`ada@example.com no-touch-required ` + pub,
		`ada@example.com`,
		`ada@example.com ssh-ed25519`,
	}
	for _, line := range lines {
		theirs, out := o.verify(line+"\n", "ada@example.com", review.Payload(e), e.Signature)
		signers, err := review.ParseAllowedSigners("allowed_signers", []byte(line+"\n"))
		ours := false
		if err == nil {
			back, perr := review.ParseEvent(review.EventPath(e.Draft, e.ID), e.Marshal())
			if perr != nil {
				t.Fatal(perr)
			}
			ours = review.Verify(back, signers, time.Now()).State == review.SignatureValid
		}
		if ours != theirs {
			t.Errorf("%q: cc says %v (%v), ssh-keygen says %v:\n%s", line, ours, err, theirs, out)
		}
	}
}
