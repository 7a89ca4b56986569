package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	gitssh "github.com/go-git/go-git/v5/plumbing/transport/ssh"
)

// credentials finds what a remote asks for, without storing anything:
//   - HTTP(S): the user and password in the URL; else CC_GIT_TOKEN (with
//     CC_GIT_USERNAME, default "x-access-token", the name forges accept
//     for tokens); else, once the server asks, git's credential helpers
//     through `git credential fill`, telling them afterwards whether it
//     worked (approve or reject), as git does.
//   - ssh: the ssh agent, else the usual key files in ~/.ssh, checked
//     against known_hosts by go-git's ssh transport.
type credentials struct {
	s      *Store
	ep     *transport.Endpoint
	filled map[string]string // what git credential fill answered
}

func newCredentials(s *Store, ep *transport.Endpoint) *credentials {
	return &credentials{s: s, ep: ep}
}

func (c *credentials) isHTTP() bool { return c.ep.Protocol == "http" || c.ep.Protocol == "https" }

// auth returns the credential for the given attempt: 0 is what is known
// without asking, 1 what git's credential helpers give.
func (c *credentials) auth(attempt int) (transport.AuthMethod, error) {
	switch {
	case c.isHTTP() && attempt == 0:
		if c.ep.User != "" || c.ep.Password != "" {
			return &githttp.BasicAuth{Username: c.ep.User, Password: c.ep.Password}, nil
		}
		if tok := os.Getenv("CC_GIT_TOKEN"); tok != "" {
			user := os.Getenv("CC_GIT_USERNAME")
			if user == "" {
				user = "x-access-token"
			}
			return &githttp.BasicAuth{Username: user, Password: tok}, nil
		}
		return nil, nil
	case c.isHTTP():
		vals, err := c.credentialHelper("fill", nil)
		if err != nil {
			return nil, err
		}
		c.filled = vals
		return &githttp.BasicAuth{Username: vals["username"], Password: vals["password"]}, nil
	case c.ep.Protocol == "ssh":
		return sshAuth(c.ep.User)
	}
	return nil, nil
}

// more reports whether another attempt can be made after attempt failed.
func (c *credentials) more(attempt int) bool { return c.isHTTP() && attempt == 0 }

func (c *credentials) approve() {
	if c.filled != nil {
		_, _ = c.credentialHelper("approve", c.filled)
	}
}

func (c *credentials) reject() {
	if c.filled != nil {
		_, _ = c.credentialHelper("reject", c.filled)
		c.filled = nil
	}
}

// credentialHelper runs git credential ACTION with the remote's
// description (and, to approve or reject, what fill gave).
func (c *credentials) credentialHelper(action string, vals map[string]string) (map[string]string, error) {
	var in bytes.Buffer
	host := c.ep.Host
	if c.ep.Port != 0 {
		host += ":" + strconv.Itoa(c.ep.Port)
	}
	fmt.Fprintf(&in, "protocol=%s\nhost=%s\npath=%s\n", c.ep.Protocol, host, strings.TrimPrefix(c.ep.Path, "/"))
	for _, k := range []string{"username", "password"} {
		if v, ok := vals[k]; ok {
			fmt.Fprintf(&in, "%s=%s\n", k, v)
		}
	}
	in.WriteString("\n")
	cmd := exec.Command("git", "credential", action)
	cmd.Dir = c.s.root
	if cmd.Dir == "" {
		cmd.Dir = c.s.gitDir
	}
	cmd.Stdin = &in
	cmd.Stderr = os.Stderr // a helper may prompt on the terminal
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git credential %s: %w", action, err)
	}
	got := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			got[k] = v
		}
	}
	if action == "fill" && got["password"] == "" {
		return nil, errors.New("git credential fill gave no password")
	}
	return got, nil
}

// sshAuth is the ssh agent when one runs, else the first usable key file
// of ~/.ssh.
func sshAuth(user string) (transport.AuthMethod, error) {
	if user == "" {
		user = "git"
	}
	if os.Getenv("SSH_AUTH_SOCK") != "" {
		if a, err := gitssh.NewSSHAgentAuth(user); err == nil {
			return a, nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"id_ed25519", "id_ecdsa", "id_rsa"} {
		file := filepath.Join(home, ".ssh", name)
		if _, err := os.Stat(file); err != nil {
			continue
		}
		a, err := gitssh.NewPublicKeysFromFile(user, file, os.Getenv("CC_SSH_KEY_PASSPHRASE"))
		if err != nil {
			return nil, fmt.Errorf("ssh key %s: %w", file, err)
		}
		return a, nil
	}
	return nil, errors.New("no ssh agent (SSH_AUTH_SOCK) and no key in ~/.ssh (id_ed25519, id_ecdsa, id_rsa)")
}
