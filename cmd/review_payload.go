package cmd

import (
	"github.com/spf13/cobra"

	"github.com/cc-content/cc/review"
)

type reviewPayloadOptions struct {
	Event string
	JSON  bool
}

type reviewPayloadOutput struct {
	Version   int    `json:"version"`
	Event     string `json:"event"`
	Draft     string `json:"draft"`
	Payload   string `json:"payload"`
	Signature string `json:"signature"`
}

func newReviewPayloadCmd(f *Factory) *cobra.Command {
	opts := &reviewPayloadOptions{}
	c := &cobra.Command{
		Use:   "payload <event>",
		Short: "Print the bytes an event's signature covers",
		Long: `Print the canonical payload of a review event (any type: comment, approval,
submit, ...) exactly, with nothing added, so OpenSSH's own tools can sign an
event or check its signature by hand, namespace cc. <event> is an event id
or a unique prefix of one, as 'cc log' and 'cc review show' print them.

--json prints the payload with the event's id, draft and signature ("" when
unsigned). The encoding is in docs/format.md, under Signatures.`,
		Example: `  cc review payload 01JDXY8Q2W3E > payload
  ssh-keygen -Y sign -n cc -f ~/.ssh/id_ed25519 payload          # writes payload.sig
  cc review payload 01JDXY8Q2W3E --json | jq -r .signature > event.sig
  cc review payload 01JDXY8Q2W3E | ssh-keygen -Y verify -n cc -f .cc/allowed_signers -I ada@example.com -s event.sig`,
		Args: exactArgs("<event>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Event = args[0]
			return reviewPayloadRun(f, opts)
		},
	}
	addJSONFlag(c, &opts.JSON)
	return c
}

func reviewPayloadRun(f *Factory, opts *reviewPayloadOptions) error {
	v, err := f.View()
	if err != nil {
		return err
	}
	ev, err := v.FindEvent(opts.Event)
	if err != nil {
		return err
	}
	payload := review.Payload(ev)
	if opts.JSON {
		return writeJSON(f.IO.Out, reviewPayloadOutput{Version: jsonFormatVersion, Event: ev.ID, Draft: ev.Draft, Payload: string(payload), Signature: ev.Signature})
	}
	_, err = f.IO.Out.Write(payload)
	return err
}
