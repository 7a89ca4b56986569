package gitserver

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"time"
)

// SSHServer is an sshd on 127.0.0.1 that lets one key in as the current
// user; git runs its upload-pack and receive-pack through it, as on a
// forge.
type SSHServer struct {
	Server
	// Key is the private key file the server accepts, and KnownHosts the
	// known_hosts line for the server's host key.
	Key, KnownHosts string
}

// SSH starts sshd (from openssh-server) with its own configuration, host
// key and client key in dir. URL + a repository's absolute path reaches it.
func SSH(dir string) (*SSHServer, error) {
	sshd, err := exec.LookPath("sshd")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/sshd"); serr != nil {
			return nil, errors.New("sshd not found: install openssh-server")
		}
		sshd = "/usr/sbin/sshd"
	}
	u, err := user.Current()
	if err != nil {
		return nil, err
	}
	if u.Uid == "0" {
		// sshd run by root separates privileges into this folder.
		if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
			return nil, err
		}
	}
	for _, k := range []string{"host", "client"} {
		out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", k, "-f", filepath.Join(dir, k)).CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("ssh-keygen: %v: %s", err, out)
		}
	}
	client, err := os.ReadFile(filepath.Join(dir, "client.pub"))
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "authorized_keys"), client, 0o600); err != nil {
		return nil, err
	}
	hostPub, err := os.ReadFile(filepath.Join(dir, "host.pub"))
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cfg := fmt.Sprintf("Port %d\nListenAddress 127.0.0.1\nHostKey %s\nAuthorizedKeysFile %s\nPidFile %s\n"+
		"PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n",
		port, filepath.Join(dir, "host"), filepath.Join(dir, "authorized_keys"), filepath.Join(dir, "sshd.pid"))
	if err := os.WriteFile(filepath.Join(dir, "sshd_config"), []byte(cfg), 0o600); err != nil {
		return nil, err
	}
	cmd := exec.Command(sshd, "-D", "-e", "-f", filepath.Join(dir, "sshd_config"))
	var logs strings.Builder
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	stop := func() { _ = cmd.Process.Kill(); <-exited }
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		select {
		case <-exited:
			return nil, fmt.Errorf("sshd exited: %s", logs.String())
		default:
		}
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return &SSHServer{
				Server:     Server{URL: fmt.Sprintf("ssh://%s@%s", u.Username, addr), stop: stop},
				Key:        filepath.Join(dir, "client"),
				KnownHosts: fmt.Sprintf("[127.0.0.1]:%d %s", port, strings.TrimSpace(string(hostPub))),
			}, nil
		}
	}
	stop()
	return nil, errors.New("sshd did not start listening")
}
