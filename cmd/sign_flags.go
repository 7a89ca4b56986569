package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/cmd/internal/sshsign"
)

// signFlags are --sign, --no-sign and --key, which every command that
// records a review event takes.
type signFlags struct {
	sign, noSign bool
	key          string
}

// signingHelp is the paragraph the commands that take signFlags add to
// their long help.
const signingHelp = `

With --sign, or with review.sign: always in .cc/config.yaml, the event is
signed with your SSH key: --key, else git config user.signingKey (a key
file, or key::ssh-ed25519 AAAA...), through the SSH agent whenever it holds
the key. An approval signed by a key that .cc/allowed_signers gives to your
email is one that workflow.require_signed counts. Without a usable key
nothing is recorded.`

func addSignFlags(c *cobra.Command, s *signFlags) {
	c.Flags().BoolVar(&s.sign, "sign", false, "sign the event with your SSH key (--key, or git config user.signingKey)")
	c.Flags().BoolVar(&s.noSign, "no-sign", false, "do not sign, even with review.sign: always in .cc/config.yaml")
	c.Flags().StringVar(&s.key, "key", "", "sign with the SSH key at `PATH` (private or public key; implies --sign)")
	c.Long += signingHelp
}

// signing is the signer an action uses, if any.
type signing struct {
	signer *sshsign.Signer
}

// acting opens the repository for an action and says who acts, as
// Factory.Acting does, with the actor signing when the flags or the
// configuration ask for it. Call done with the action's error: it lets go
// of the key (the agent's socket) and notes which key signed.
func (s *signFlags) acting(f *Factory) (*repo.Repo, repo.Actor, *signing, error) {
	if s.noSign && (s.sign || s.key != "") {
		return nil, repo.Actor{}, nil, usageErrorf("--no-sign cannot be combined with --sign or --key")
	}
	r, a, err := f.Acting()
	if err != nil {
		return nil, a, nil, err
	}
	want, why := s.sign || s.key != "", ""
	if !want && !s.noSign {
		v, err := r.View()
		if err != nil {
			return nil, a, nil, err
		}
		want, why = v.Config().SignsByDefault(), " (review.sign is always in .cc/config.yaml; --no-sign records unsigned)"
	}
	if !want {
		return r, a, &signing{}, nil
	}
	spec, from := s.key, "--key"
	if spec == "" {
		key, ok, err := r.SigningKey()
		if err != nil {
			return nil, a, nil, fmt.Errorf("%w, or name an SSH key with --key%s", err, why)
		}
		if !ok {
			return nil, a, nil, fmt.Errorf("no signing key: pass --key PATH, or set one with git config user.signingKey PATH%s", why)
		}
		spec, from = key, "git config user.signingKey"
	}
	signer, err := sshsign.Load(spec, f.Getenv)
	if err != nil {
		return nil, a, nil, fmt.Errorf("%s: %w%s", from, err, why)
	}
	a.Sign = func(payload []byte) (string, error) { return sshsign.Sign(signer, payload) }
	return r, a, &signing{signer: signer}, nil
}

// done closes the signer, and notes on stderr which key signed when the
// action succeeded.
func (g *signing) done(f *Factory, err error) error {
	if g == nil || g.signer == nil {
		return err
	}
	defer g.signer.Close()
	if err == nil {
		how := "key file"
		if g.signer.ViaAgent() {
			how = "ssh agent"
		}
		fmt.Fprintf(f.IO.ErrOut, "Signed with %s (%s, %s)\n", g.signer.Name(), g.signer.Fingerprint(), how)
	}
	return err
}

// recordNoted is how a command records one event whose note (-m) is
// optional: it reads the note, resolves who acts (signing as the flags
// say), records with act and prints the event.
func recordNoted(f *Factory, note *messageFlag, sign *signFlags, asJSON bool, act func(r *repo.Repo, a repo.Actor, text string) (repo.Recorded, error)) error {
	text, err := note.text(f, false, "")
	if err != nil {
		return err
	}
	r, a, sig, err := sign.acting(f)
	if err != nil {
		return err
	}
	rec, err := act(r, a, text)
	err = sig.done(f, err)
	return printEvent(f, rec, err, asJSON)
}
