package gitstore

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CommitInfo is what a commit object says: its tree, parents, author and
// message.
type CommitInfo struct {
	ID      Hash
	Tree    Hash
	Parents []Hash
	Author  Signature
	Message string
}

// ReadCommit reads a commit object.
func (s *Store) ReadCommit(h Hash) (CommitInfo, error) {
	body, err := s.readTyped(h, objCommit)
	if err != nil {
		return CommitInfo{}, err
	}
	c := CommitInfo{ID: h}
	header, msg, _ := bytes.Cut(body, []byte("\n\n"))
	c.Message = string(msg)
	for _, line := range bytes.Split(header, []byte("\n")) {
		key, val, _ := bytes.Cut(line, []byte(" "))
		switch string(key) {
		case "tree":
			if c.Tree, err = ParseHash(string(val)); err != nil {
				return c, fmt.Errorf("commit %s: %w", h, err)
			}
		case "parent":
			p, err := ParseHash(string(val))
			if err != nil {
				return c, fmt.Errorf("commit %s: %w", h, err)
			}
			c.Parents = append(c.Parents, p)
		case "author":
			c.Author = parseIdentLine(string(val))
		}
	}
	return c, nil
}

// parseIdentLine reads "Name <email> unix +zzzz"; what does not parse is
// left zero, since history is shown, not trusted.
func parseIdentLine(s string) Signature {
	var sig Signature
	lt := strings.IndexByte(s, '<')
	gt := -1
	if lt >= 0 {
		if i := strings.IndexByte(s[lt:], '>'); i >= 0 {
			gt = lt + i
		}
	}
	if gt < 0 {
		sig.Name = strings.TrimSpace(s)
		return sig
	}
	sig.Name, sig.Email = strings.TrimSpace(s[:lt]), s[lt+1:gt]
	f := strings.Fields(s[gt+1:])
	if len(f) == 2 {
		if sec, err := strconv.ParseInt(f[0], 10, 64); err == nil {
			if len(f[1]) == 5 {
				if loc, ok := parseTZ(f[1]); ok {
					sig.When = time.Unix(sec, 0).In(loc)
				}
			}
		}
	}
	return sig
}

// Shallow reports whether h is a boundary of a shallow clone: its parents
// were not fetched, so history stops there.
func (s *Store) Shallow(h Hash) (bool, error) {
	bounds, err := s.shallowCommits()
	return slices.Contains(bounds, h), err
}

// shallowCommits lists the boundaries of a shallow clone.
func (s *Store) shallowCommits() ([]Hash, error) {
	f, err := os.Open(filepath.Join(s.commonDir, "shallow"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Hash
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if h, err := ParseHash(strings.TrimSpace(sc.Text())); err == nil {
			out = append(out, h)
		}
	}
	return out, sc.Err()
}

// CommitSignature returns commit h's signature (its gpgsig header, as git
// writes it for a signed commit) and the bytes it signs: the commit object
// without that header. armored is "" for an unsigned commit.
func (s *Store) CommitSignature(h Hash) (armored string, payload []byte, err error) {
	body, err := s.readTyped(h, objCommit)
	if err != nil {
		return "", nil, err
	}
	header, msg, found := bytes.Cut(body, []byte("\n\n"))
	var sig []string
	var kept [][]byte
	inSig := false
	for _, line := range bytes.Split(header, []byte("\n")) {
		switch {
		case bytes.HasPrefix(line, []byte("gpgsig ")):
			inSig = true
			sig = append(sig, string(line[len("gpgsig "):]))
		case inSig && bytes.HasPrefix(line, []byte(" ")):
			sig = append(sig, string(line[1:]))
		default:
			inSig = false
			kept = append(kept, line)
		}
	}
	if len(sig) == 0 {
		return "", nil, nil
	}
	payload = bytes.Join(kept, []byte("\n"))
	if found {
		payload = append(append(payload, "\n\n"...), msg...)
	}
	return strings.Join(sig, "\n"), payload, nil
}
