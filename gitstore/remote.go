package gitstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp/capability"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp/sideband"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
)

// ErrRemoteMoved is returned by Push when the remote branch no longer
// holds the commit the push was built on: someone pushed first. Nothing
// was sent; fetch, merge and push again.
var ErrRemoteMoved = errors.New("the remote branch moved since it was fetched")

// capabilityNoThin is what a remote that takes no thin pack advertises:
// every delta's base must then be in the pack.
const capabilityNoThin capability.Capability = "no-thin"

// Remote is a repository a sync fetches from and pushes to.
type Remote struct {
	Name string // the configured remote's name; "" for a URL given as is
	URL  string
}

// RemoteError is a failure to reach or talk to a remote.
type RemoteError struct {
	URL string
	Op  string // "fetch from" or "push to"
	Err error
}

func (e *RemoteError) Error() string { return fmt.Sprintf("%s %s: %v", e.Op, e.URL, e.Err) }
func (e *RemoteError) Unwrap() error { return e.Err }

// Remote returns the remote called name (remote.<name>.url in the git
// config). A name that is not configured but looks like a URL or a path
// to a repository is used as one.
func (s *Store) Remote(name string) (Remote, error) {
	url, ok, err := s.ConfigValue("remote." + name + ".url")
	if err != nil {
		return Remote{}, err
	}
	if ok && url != "" {
		return Remote{Name: name, URL: s.absoluteURL(url)}, nil
	}
	if strings.Contains(name, "/") || strings.Contains(name, ":") || isGitDir(name) {
		return Remote{URL: s.absoluteURL(name)}, nil
	}
	return Remote{}, fmt.Errorf("no remote called %q (git remote add %s URL sets one up)", name, name)
}

// absoluteURL makes a relative path to a repository absolute, from the
// top of the work tree (or the git dir of a bare repository).
func (s *Store) absoluteURL(url string) string {
	if strings.Contains(url, "://") || filepath.IsAbs(url) {
		return url
	}
	if i := strings.IndexByte(url, ':'); i > 0 && !strings.ContainsRune(url[:i], '/') {
		return url // scp-like: host:path
	}
	base := s.root
	if base == "" {
		base = s.gitDir
	}
	return filepath.Join(base, url)
}

// Upstream returns the remote and the remote branch the local branch
// tracks (branch.<b>.remote and branch.<b>.merge); ok is false when none
// is set.
func (s *Store) Upstream(branch string) (remote, remoteBranch string, ok bool, err error) {
	remote, okR, err := s.ConfigValue("branch." + branch + ".remote")
	if err != nil || !okR || remote == "" || remote == "." {
		return "", "", false, err
	}
	merge, _, err := s.ConfigValue("branch." + branch + ".merge")
	if err != nil {
		return "", "", false, err
	}
	remoteBranch = strings.TrimPrefix(merge, "refs/heads/")
	if remoteBranch == "" {
		remoteBranch = branch
	}
	return remote, remoteBranch, true, nil
}

// TrackingRef is where the last known tip of the remote's branch is kept:
// refs/remotes/<remote>/<branch>, or "" for a remote without a name.
func (r Remote) TrackingRef(branch string) string {
	if r.Name == "" {
		return ""
	}
	return "refs/remotes/" + r.Name + "/" + branch
}

// session opens an upload-pack (fetch) or receive-pack (push) session,
// with the credentials the remote asks for.
func (s *Store) session(ctx context.Context, r Remote, push bool) (transport.Session, *packp.AdvRefs, error) {
	ep, err := transport.NewEndpoint(r.URL)
	if err != nil {
		return nil, nil, err
	}
	t, err := client.NewClient(ep)
	if err != nil {
		return nil, nil, err
	}
	creds := newCredentials(s, ep)
	for attempt := 0; ; attempt++ {
		auth, err := creds.auth(attempt)
		if err != nil {
			return nil, nil, fmt.Errorf("%w (set CC_GIT_TOKEN, or store a credential with git's credential helper)", err)
		}
		var sess transport.Session
		if push {
			sess, err = t.NewReceivePackSession(ep, auth)
		} else {
			sess, err = t.NewUploadPackSession(ep, auth)
		}
		if err != nil {
			return nil, nil, err
		}
		ar, err := sess.AdvertisedReferencesContext(ctx)
		if err == nil || errors.Is(err, transport.ErrEmptyRemoteRepository) {
			creds.approve()
			if ar == nil {
				ar = packp.NewAdvRefs()
			}
			return sess, ar, nil
		}
		sess.Close()
		if !errors.Is(err, transport.ErrAuthenticationRequired) && !errors.Is(err, transport.ErrAuthorizationFailed) {
			return nil, nil, err
		}
		creds.reject()
		if !creds.more(attempt) {
			return nil, nil, fmt.Errorf("%w (set CC_GIT_TOKEN, or store a credential with git's credential helper)", err)
		}
	}
}

// Fetch brings the remote's branch and the objects it needs into the
// repository and returns its tip (zero when the remote has no such branch
// or is empty). The remote-tracking ref is moved to it. A shallow clone
// stays shallow: the history below its boundary is not asked for.
func (s *Store) Fetch(ctx context.Context, r Remote, branch string) (Hash, error) {
	tip, err := s.fetch(ctx, r, branch)
	if err != nil {
		return Hash{}, &RemoteError{URL: r.URL, Op: "fetch from", Err: err}
	}
	return tip, nil
}

func (s *Store) fetch(ctx context.Context, r Remote, branch string) (Hash, error) {
	sess, ar, err := s.session(ctx, r, false)
	if err != nil {
		return Hash{}, err
	}
	defer sess.Close()
	tip := Hash(ar.References["refs/heads/"+branch])
	if !tip.IsZero() && !s.hasObject(tip) {
		if err := s.fetchPack(ctx, sess.(transport.UploadPackSession), ar, r, branch, tip); err != nil {
			return Hash{}, err
		}
		if !s.hasObject(tip) {
			return Hash{}, fmt.Errorf("the remote sent no commit %s", tip)
		}
	}
	if ref := r.TrackingRef(branch); ref != "" && !tip.IsZero() {
		if err := s.setRef(ref, tip); err != nil {
			return Hash{}, err
		}
	}
	return tip, nil
}

// maxHaves bounds the commits fetch says it has: the tips it knows and
// their first-parent history, enough for the remote to find what it may
// leave out in the common case of a clone that syncs often.
const maxHaves = 256

func (s *Store) fetchPack(ctx context.Context, sess transport.UploadPackSession, ar *packp.AdvRefs, r Remote, branch string, tip Hash) error {
	req := packp.NewUploadPackRequestFromCapabilities(ar.Capabilities)
	// A thin pack leaves out objects it deltas against; the pack must be
	// complete to be stored as it is.
	req.Capabilities.Delete(capability.ThinPack)
	if ar.Capabilities.Supports(capability.NoProgress) {
		_ = req.Capabilities.Set(capability.NoProgress)
	}
	req.Wants = []plumbing.Hash{plumbing.Hash(tip)}
	shallows, err := s.shallowEdges()
	if err != nil {
		return err
	}
	for h := range shallows {
		if sh, err := ParseHash(h); err == nil {
			req.Shallows = append(req.Shallows, plumbing.Hash(sh))
		}
	}
	if len(shallows) > 0 {
		_ = req.Capabilities.Set(capability.Shallow)
	}
	haves, err := s.haves(r, branch)
	if err != nil {
		return err
	}
	for _, h := range haves {
		req.Haves = append(req.Haves, plumbing.Hash(h))
	}
	resp, err := sess.UploadPack(ctx, req)
	if err != nil {
		return err
	}
	defer resp.Close()
	var pack io.Reader = resp
	switch {
	case req.Capabilities.Supports(capability.Sideband64k):
		pack = sideband.NewDemuxer(sideband.Sideband64k, resp)
	case req.Capabilities.Supports(capability.Sideband):
		pack = sideband.NewDemuxer(sideband.Sideband, resp)
	}
	return s.storePack(pack)
}

// haves lists commits this repository has that the remote likely has too.
func (s *Store) haves(r Remote, branch string) ([]Hash, error) {
	var tips []Hash
	if ref := r.TrackingRef(branch); ref != "" {
		if h, ok, err := s.readRef(ref); err != nil {
			return nil, err
		} else if ok {
			tips = append(tips, h)
		}
	}
	if head, err := s.Head(); err != nil {
		return nil, err
	} else if !head.Commit.IsZero() {
		tips = append(tips, head.Commit)
	}
	seen := map[Hash]bool{}
	var out []Hash
	for _, h := range tips {
		for n := 0; n < maxHaves/len(tips) && !h.IsZero() && !seen[h]; n++ {
			seen[h] = true
			out = append(out, h)
			c, err := s.ReadCommit(h)
			if err != nil {
				break // a shallow boundary's parent, or a missing object: stop here
			}
			if shallow, err := s.Shallow(h); err != nil || shallow || len(c.Parents) == 0 {
				break
			}
			h = c.Parents[0]
		}
	}
	return out, nil
}

// Push sends the commits of local that the remote lacks and moves the
// remote's branch from old (its tip when last fetched; zero for a new
// branch) to local. It returns ErrRemoteMoved, having sent nothing, when
// the remote branch is no longer at old. The remote-tracking ref follows.
func (s *Store) Push(ctx context.Context, r Remote, branch string, old, local Hash) error {
	if err := s.push(ctx, r, branch, old, local); err != nil {
		if errors.Is(err, ErrRemoteMoved) {
			return err
		}
		return &RemoteError{URL: r.URL, Op: "push to", Err: err}
	}
	if ref := r.TrackingRef(branch); ref != "" {
		return s.setRef(ref, local)
	}
	return nil
}

func (s *Store) push(ctx context.Context, r Remote, branch string, old, local Hash) error {
	sess, ar, err := s.session(ctx, r, true)
	if err != nil {
		return err
	}
	defer sess.Close()
	name := "refs/heads/" + branch
	cur := Hash(ar.References[name])
	if cur == local {
		return nil
	}
	if cur != old {
		return ErrRemoteMoved
	}
	pack, err := s.buildPushPack(local, old, !ar.Capabilities.Supports(capabilityNoThin))
	if err != nil {
		return err
	}
	defer pack.Close()
	req := packp.NewReferenceUpdateRequestFromCapabilities(ar.Capabilities)
	req.Commands = []*packp.Command{{Name: plumbing.ReferenceName(name), Old: plumbing.Hash(old), New: plumbing.Hash(local)}}
	rd, wr := io.Pipe()
	req.Packfile = rd
	done := make(chan error, 1)
	go func() { done <- wr.CloseWithError(pack.send(wr)) }()
	rs, err := sess.(transport.ReceivePackSession).ReceivePack(ctx, req)
	rd.Close()
	if perr := <-done; err == nil && perr != nil && !errors.Is(perr, io.ErrClosedPipe) {
		err = perr
	}
	if err != nil {
		return err
	}
	if rs != nil {
		if err := rs.Error(); err != nil {
			if strings.Contains(err.Error(), "fetch first") || strings.Contains(err.Error(), "non-fast-forward") ||
				strings.Contains(err.Error(), "stale info") || strings.Contains(err.Error(), "failed to lock") {
				return fmt.Errorf("%w (%v)", ErrRemoteMoved, err)
			}
			return err
		}
	}
	return nil
}
